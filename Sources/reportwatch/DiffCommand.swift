import ArgumentParser
import Diffing
import Foundation
import ReportModel
import Store

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "The change set between two reports (default: a report against the previous one of its series).",
        discussion: "--json prints the event data a webhook would carry: report, previous, themes, speakers.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "REPORT_A REPORT_B, or only REPORT_B (ids or SOURCE@PERIOD).")
    var reports: [String]

    func validate() throws {
        if reports.isEmpty || reports.count > 2 { throw ValidationError("give one or two reports") }
    }

    func run() async throws {
        let store = try options.openStore()
        let current = try options.report(reports[reports.count - 1], in: store)
        let previous: ReportRecord
        if reports.count == 2 {
            previous = try options.report(reports[0], in: store)
        } else {
            let series = try options.query { () throws(StoreError) in try store.series(sourceID: current.sourceID) }
            guard let index = series.firstIndex(where: { $0.report.id == current.id }), index > 0 else {
                printError("report \(current.id) is the first of its series; give two reports to compare")
                throw notFound
            }
            previous = series[index - 1].report
        }
        let analyses = try options.query { () throws(StoreError) in
            (try previous.latestDocumentID.flatMap { id throws(StoreError) in try store.analysis(documentID: id) },
             try current.latestDocumentID.flatMap { id throws(StoreError) in try store.analysis(documentID: id) })
        }
        guard let before = analyses.0, let after = analyses.1 else {
            printError("no analysis stored for report \(analyses.0 == nil ? previous.id : current.id)")
            throw notFound
        }
        let changes = ChangeSetBuilder().changes(from: before, to: after)
        let source = try options.query { () throws(StoreError) in try store.sourceName(id: current.sourceID) } ?? "?"
        if options.json {
            var data = EventData(
                source: SourceReference(name: source, kind: .page, location: ""), report: current.reference,
                previous: previous.reference, changes: changes)
            if let record = try options.query({ () throws(StoreError) in try store.source(named: source) }) {
                data.source = SourceReference(
                    name: source, kind: SourceKind(rawValue: record.kind) ?? .page, location: record.location)
            }
            return try printJSON(data)
        }
        print("\(Terminal.bold(label(previous))) → \(Terminal.bold(label(current)))")
        print(Self.render(changes))
    }

    func label(_ report: ReportRecord) -> String {
        "\(report.id)" + (report.period.map { " (\($0))" } ?? "")
    }

    static func render(_ changes: ChangeSet) -> String {
        guard !changes.isEmpty else { return "No changes in substance." }
        var lines: [String] = []
        if !changes.themes.isEmpty { lines.append("\nTHEMES") }
        for change in changes.themes {
            let marker: String
            switch change.change {
            case .added: marker = Terminal.green("+ added  ")
            case .removed: marker = Terminal.red("- removed")
            case .rising: marker = Terminal.green("↑ rising ")
            case .falling: marker = Terminal.yellow("↓ falling")
            }
            let standing = [change.previous, change.current].map { $0.map { "#\($0.rank) \(String(format: "%.2f", $0.score))" } ?? "—" }
            lines.append("  \(marker)  \(change.label)  (\(standing[0]) → \(standing[1]))")
            if let evidence = change.evidence.first { lines.append(Terminal.dim(Terminal.wrap("“\(evidence.text)”", indent: 6))) }
        }
        if !changes.speakers.isEmpty { lines.append("\nSPEAKERS") }
        for change in changes.speakers {
            func role(_ role: SpeakerChange.Role?) -> String {
                [role?.title, role?.organization].compactMap { $0 }.joined(separator: " — ")
            }
            switch change.change {
            case .added: lines.append("  \(Terminal.green("+ joined "))  \(change.name)  \(role(change.current))")
            case .removed: lines.append("  \(Terminal.red("- left   "))  \(change.name)  \(role(change.previous))")
            case .changed:
                lines.append("  \(Terminal.yellow("~ changed"))  \(change.name)  \(role(change.previous)) → \(role(change.current))")
            }
            if let evidence = change.evidence.first { lines.append(Terminal.dim(Terminal.wrap("“\(evidence.text)”", indent: 6))) }
        }
        if let revision = changes.revision, !revision.isEmpty {
            lines.append("\nEDIT")
            for paragraph in revision.paragraphsRemoved { lines.append(Terminal.red(Terminal.wrap("- \(paragraph)", indent: 2))) }
            for paragraph in revision.paragraphsAdded { lines.append(Terminal.green(Terminal.wrap("+ \(paragraph)", indent: 2))) }
        }
        return lines.joined(separator: "\n")
    }
}
