import ArgumentParser
import Foundation
import ReportModel
import ReportWatch
import Store

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List stored events, newest first, as webhooks carry them.",
        discussion: "--json prints a JSON array of events in the published schema (schemas/event.schema.json).")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only events of this source.")
    var source: String?

    @Option(help: "Only events of this type (report.published, report.revised, source.failing, source.recovered, source.overdue).")
    var type: String?

    @Option(help: "Only events of the last DURATION (7d, 12h, 30m).")
    var since: String?

    @Option(help: "At most N events.")
    var limit: Int?

    @Flag(help: "Exit 1 when there is nothing to list.")
    var failIfEmpty = false

    func validate() throws {
        if let type, EventType(rawValue: type) == nil {
            throw ValidationError("unknown event type '\(type)' (expected one of "
                + EventType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        if let since, Duration(text: since) == nil {
            throw ValidationError("--since takes a duration such as 7d, 12h or 30m, not '\(since)'")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let store = try options.openStore()
        let cutoff = since.flatMap { Duration(text: $0) }.map { Date().addingTimeInterval(-$0.timeInterval) }
        let events: [StoredEvent]
        do {
            events = try store.events(source: source, type: type, since: cutoff, limit: limit)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
        if events.isEmpty, failIfEmpty { throw notFound }
        if options.json {
            let encoder = Event.encoder
            encoder.outputFormatting.insert(.prettyPrinted)
            let data = try encoder.encode(events.map(\.event))
            print(String(decoding: data, as: UTF8.self))
            return
        }
        if events.isEmpty {
            print("No events.")
            return
        }
        let rows = events.map { stored -> [String] in
            let event = stored.event
            return [TextTable.localTime(event.timestamp), event.type.rawValue, event.data.source.name,
                    Self.subject(event), Self.summary(event)]
        }
        print(TextTable(headers: ["TIME", "TYPE", "SOURCE", "REPORT", "CHANGES"], rows: rows).render())
    }

    static func subject(_ event: Event) -> String {
        guard let report = event.data.report else { return "-" }
        let title = report.title ?? report.url
        let short = title.count > 50 ? String(title.prefix(49)) + "…" : title
        return [report.period, short].compactMap { $0 }.joined(separator: " ")
    }

    static func summary(_ event: Event) -> String {
        let data = event.data
        if let failure = data.failure { return "\(failure.consecutiveFailures) failed polls" }
        var parts: [String] = []
        for kind in ThemeChange.Kind.allCases {
            let count = data.themes.filter { $0.change == kind }.count
            if count > 0 { parts.append("\(count) \(count == 1 ? "theme" : "themes") \(kind.rawValue)") }
        }
        for kind in SpeakerChange.Kind.allCases {
            let count = data.speakers.filter { $0.change == kind }.count
            if count > 0 { parts.append("\(count) \(count == 1 ? "speaker" : "speakers") \(kind.rawValue)") }
        }
        if let revision = data.revision {
            parts.append("+\(revision.paragraphsAdded.count)/-\(revision.paragraphsRemoved.count) paragraphs")
        }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }
}
