import ArgumentParser
import Foundation
import ReportModel
import Store

struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "List the watched sources with their schedule and health.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Exit 1 when there is nothing to list.")
    var failIfEmpty = false

    struct Row: Encodable {
        var name: String
        var kind: String
        var location: String
        var interval: String
        var lastCheck: Date?
        var nextCheck: Date?
        var lastResult: String?
        var consecutiveFailures: Int
        var lastError: String?
        var reports: Int
        var lastPeriod: String?

        enum CodingKeys: String, CodingKey {
            case name, kind, location, interval, reports
            case lastCheck = "last_check", nextCheck = "next_check", lastResult = "last_result"
            case consecutiveFailures = "consecutive_failures", lastError = "last_error", lastPeriod = "last_period"
        }
    }

    func run() async throws {
        let store = try options.openStore()
        let overviews = try options.query { () throws(StoreError) in try store.sourceOverviews() }
        if overviews.isEmpty, failIfEmpty { throw notFound }
        let rows = overviews.map { overview in
            let record = overview.record
            return Row(
                name: record.name, kind: record.kind, location: record.location,
                interval: record.interval.compactText, lastCheck: record.lastCheckedAt, nextCheck: record.nextCheckAt,
                lastResult: record.lastResult?.rawValue, consecutiveFailures: record.consecutiveFailures,
                lastError: record.lastError, reports: overview.reportCount, lastPeriod: overview.lastPeriod)
        }
        if options.json { return try printJSON(rows) }
        guard !rows.isEmpty else { return print("No sources.") }
        print(TextTable(
            headers: ["NAME", "KIND", "INTERVAL", "LAST CHECK", "NEXT CHECK", "RESULT", "FAILURES", "REPORTS",
                      "LAST PERIOD", "LOCATION"],
            rows: rows.map { row in
                let result = row.lastResult ?? "-"
                return [row.name, row.kind, row.interval, TextTable.when(row.lastCheck), TextTable.when(row.nextCheck),
                        result == "failed" ? Terminal.red(result) : result, String(row.consecutiveFailures),
                        String(row.reports), row.lastPeriod ?? "-", row.location]
            }).render())
        for row in rows where row.lastError != nil {
            print(Terminal.red("\(row.name): \(row.lastError ?? "")"))
        }
    }
}
