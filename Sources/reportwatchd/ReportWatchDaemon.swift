import ArgumentParser

@main
struct ReportWatchDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reportwatchd")
    func run() async throws {}
}
