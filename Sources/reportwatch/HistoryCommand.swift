import ArgumentParser
import Foundation
import ReportModel
import Store

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "The timeline of a series: per report, its events and their changes.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "A source name.")
    var source: String

    struct Entry: Encodable {
        var report: ReportJSON
        var events: [Event]
    }

    func run() async throws {
        let store = try options.openStore()
        let record = try options.source(source, in: store)
        let entries = try options.query { () throws(StoreError) -> [Entry] in
            try store.series(sourceID: record.id).map { summary throws(StoreError) in
                Entry(report: ReportJSON(summary), events: try store.events(reportID: summary.report.id).map(\.event))
            }
        }
        if options.json { return try printJSON(entries) }
        guard !entries.isEmpty else { return print("No reports yet for \(source).") }
        for entry in entries {
            let report = entry.report
            print(Terminal.bold("\(report.period ?? "—")  \(report.title ?? report.url)") + Terminal.dim("  report \(report.id)"))
            if entry.events.isEmpty { print(Terminal.dim("  stored, not announced")) }
            for event in entry.events {
                print("  \(TextTable.when(event.timestamp))  \(event.type.rawValue)  \(EventsCommand.summary(event))")
                let changes = ChangeSet(themes: event.data.themes, speakers: event.data.speakers)
                let themes = changes.themes.map { "\(Self.sign($0.change))\($0.label)" }
                if !themes.isEmpty { print(Terminal.wrap("themes: " + themes.joined(separator: ", "), indent: 4)) }
                let speakers = changes.speakers.map { "\(Self.sign($0))\($0.name)" }
                if !speakers.isEmpty { print(Terminal.wrap("speakers: " + speakers.joined(separator: ", "), indent: 4)) }
            }
        }
    }

    static func sign(_ kind: ThemeChange.Kind) -> String {
        switch kind {
        case .added: return "+"
        case .removed: return "−"
        case .rising: return "↑"
        case .falling: return "↓"
        }
    }

    static func sign(_ change: SpeakerChange) -> String {
        switch change.change {
        case .added: return "+"
        case .removed: return "−"
        case .changed: return "~"
        }
    }
}
