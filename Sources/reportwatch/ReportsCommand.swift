import ArgumentParser
import Foundation
import ReportModel
import Store

struct ReportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports", abstract: "List reports, newest first.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only reports of this source.")
    var source: String?

    @Option(help: "At most N reports.")
    var limit: Int = 50

    @Flag(help: "Exit 1 when there is nothing to list.")
    var failIfEmpty = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let store = try options.openStore()
        if let source { _ = try options.source(source, in: store) }
        let reports = try options.query { () throws(StoreError) in
            try store.reportSummaries(source: source, limit: limit)
        }
        if reports.isEmpty, failIfEmpty { throw notFound }
        if options.json { return try printJSON(reports.map(ReportJSON.init)) }
        guard !reports.isEmpty else { return print("No reports.") }
        print(TextTable(
            headers: ["ID", "SOURCE", "PERIOD", "PUBLISHED", "THEMES", "SPEAKERS", "REVISIONS", "TITLE"],
            rows: reports.map { summary in
                let report = summary.report
                return [String(report.id), summary.sourceName, report.period ?? "-",
                        report.publishedAt.map { String(TextTable.localTime($0).prefix(10)) } ?? "-",
                        String(summary.themeCount), String(summary.speakerCount), String(report.revisions),
                        report.title ?? report.url]
            }).render())
    }
}
