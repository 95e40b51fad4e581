import ArgumentParser
import ReportModel

@main
struct ReportWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reportwatch",
        abstract: "Inspect what reportwatchd saw: sources, reports, themes, speakers, events and deliveries.",
        version: ReportWatchVersion.current,
        subcommands: [ConfigCommand.self])
}
