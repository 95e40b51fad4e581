import ArgumentParser
import Foundation
import ReportModel
import ReportWatch
import Store

/// Exit 1: the thing asked for does not exist.
let notFound = ExitCode(1)

extension GlobalOptions {
    func report(_ reference: String, in store: Store) throws -> ReportRecord {
        do {
            if let report = try store.resolveReport(reference) { return report }
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
        printError("no report '\(reference)' (give a report id or SOURCE@PERIOD, e.g. tencent-ssv@2022Q3)")
        throw notFound
    }

    func source(_ name: String, in store: Store) throws -> SourceRecord {
        do {
            if let source = try store.source(named: name) { return source }
            let names = try store.sources().map(\.name)
            printError("no source '\(name)'" + (names.isEmpty ? "" : " (known: \(names.joined(separator: ", ")))"))
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
        throw notFound
    }

    /// Runs a store query, turning its error into a one-line message and exit 74.
    func query<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
    }
}

/// JSON for `--json`: sorted keys, ISO 8601 dates.
func printJSON(_ value: some Encodable) throws {
    let encoder = Event.encoder
    encoder.outputFormatting.insert(.prettyPrinted)
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

struct ReportJSON: Encodable {
    var id: Int64
    var source: String
    var period: String?
    var title: String?
    var url: String
    var published: Date?
    var firstSeen: Date
    var revisions: Int
    var themes: Int
    var speakers: Int

    init(_ summary: ReportSummary) {
        id = summary.report.id
        source = summary.sourceName
        period = summary.report.period
        title = summary.report.title
        url = summary.report.url
        published = summary.report.publishedAt
        firstSeen = summary.report.firstSeenAt
        revisions = summary.report.revisions
        themes = summary.themeCount
        speakers = summary.speakerCount
    }

    enum CodingKeys: String, CodingKey {
        case id, source, period, title, url, published, revisions, themes, speakers
        case firstSeen = "first_seen"
    }
}

extension ReportSummary {
    /// The column a series is shown under: its period, else its publish date, else its id.
    var columnLabel: String {
        report.period ?? report.publishedAt.map { String(TextTable.localTime($0).prefix(10)) } ?? "#\(report.id)"
    }
}
