import ArgumentParser
import Foundation
import ReportModel

@main
struct ReportWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reportwatch",
        abstract: "Inspect what reportwatchd saw: sources, reports, themes, speakers, events and deliveries.",
        discussion: """
            Global options (--config, --database, --json) may stand before or after the command: \
            `reportwatch --database db.sqlite events --json`. Exit codes: 0 ok, 1 not found, 64 usage, 74 I/O, \
            78 configuration.
            """,
        version: ReportWatchVersion.current,
        subcommands: [
            SourcesCommand.self, ReportsCommand.self, ShowCommand.self, DiffCommand.self, HistoryCommand.self,
            ThemesCommand.self, SpeakersCommand.self, EventsCommand.self, DeliveriesCommand.self,
            RedeliverCommand.self, ListenCommand.self, AnalyzeCommand.self, CheckCommand.self, StatusCommand.self,
            GCCommand.self, ConfigCommand.self,
        ])

    static func main() async {
        await main(GlobalOptions.movingGlobalOptionsAfterCommand(Array(CommandLine.arguments.dropFirst())))
    }
}

extension GlobalOptions {
    static let valueOptions: Set<String> = ["--config", "--database"]
    static let flagOptions: Set<String> = ["--json"]

    /// `reportwatch --database X events` → `reportwatch events --database X`: the global options are declared on
    /// each command, so ones given before the command name move behind it.
    static func movingGlobalOptionsAfterCommand(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            if valueOptions.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else if valueOptions.contains(name) || flagOptions.contains(argument) {
                leading.append(argument)
                index += 1
            } else {
                break
            }
        }
        let rest = Array(arguments[index...])
        guard !leading.isEmpty, !rest.isEmpty, !rest[0].hasPrefix("-") else { return arguments }
        if let terminator = rest.firstIndex(of: "--") {
            return Array(rest[..<terminator]) + leading + Array(rest[terminator...])
        }
        return rest + leading
    }
}
