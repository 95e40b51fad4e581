import ArgumentParser

@main
struct ReportWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reportwatch")
    func run() async throws {}
}
