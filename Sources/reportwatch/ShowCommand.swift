import ArgumentParser
import Foundation
import ReportModel
import Store

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one report: metadata, top themes with evidence, speakers.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "A report id or SOURCE@PERIOD.")
    var report: String

    @Option(help: "Themes to show.")
    var top = 10

    struct Output: Encodable {
        var report: ReportReference
        var source: String
        var firstSeen: Date
        var analysis: Analysis?

        enum CodingKeys: String, CodingKey {
            case report, source, analysis
            case firstSeen = "first_seen"
        }
    }

    func run() async throws {
        let store = try options.openStore()
        let record = try options.report(report, in: store)
        let source = try options.query { () throws(StoreError) in try store.sourceName(id: record.sourceID) } ?? "?"
        let analysis = try options.query { () throws(StoreError) in
            try record.latestDocumentID.flatMap { id throws(StoreError) in try store.analysis(documentID: id) }
        }
        if options.json {
            return try printJSON(Output(report: record.reference, source: source, firstSeen: record.firstSeenAt,
                                        analysis: analysis))
        }
        print(Terminal.bold(record.title ?? record.url))
        var facts = ["report \(record.id)", "source \(source)"]
        if let period = record.period { facts.append("period \(period)") }
        if let published = record.publishedAt { facts.append("published \(TextTable.localTime(published))") }
        facts.append("first seen \(TextTable.when(record.firstSeenAt))")
        facts.append("\(record.revisions) revision\(record.revisions == 1 ? "" : "s")")
        print(facts.joined(separator: " · "))
        print(Terminal.dim(record.url))
        guard let analysis else { return print("\nNo analysis stored.") }
        print("\n" + Terminal.bold("THEMES") + " (top \(min(top, analysis.themes.count)) of \(analysis.themes.count))")
        for (index, theme) in analysis.themes.prefix(top).enumerated() {
            print(String(format: "%3d. %@  %.2f  ×%d", index + 1, theme.label, theme.score, theme.occurrences))
            if let evidence = theme.evidence.first { print(Terminal.dim(Terminal.wrap("“\(evidence.text)”", indent: 6))) }
        }
        print("\n" + Terminal.bold("SPEAKERS") + " (\(analysis.speakers.count))")
        for speaker in analysis.speakers {
            let role = [speaker.title, speaker.organization].compactMap { $0 }.joined(separator: " — ")
            print("  \(speaker.name)" + (role.isEmpty ? "" : "  \(role)"))
            if let evidence = speaker.evidence.first { print(Terminal.dim(Terminal.wrap("“\(evidence.text)”", indent: 6))) }
        }
    }
}
