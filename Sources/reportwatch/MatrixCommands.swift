import ArgumentParser
import Diffing
import Foundation
import ReportModel
import Store

/// The analyses of a series in order, for the theme and speaker matrices.
private func seriesAnalyses(
    _ options: GlobalOptions, source: String
) throws -> [(summary: ReportSummary, analysis: Analysis?)] {
    let store = try options.openStore()
    let record = try options.source(source, in: store)
    return try options.query { () throws(StoreError) in
        try store.series(sourceID: record.id).map { summary throws(StoreError) in
            (summary, try summary.report.latestDocumentID.flatMap { id throws(StoreError) in
                try store.analysis(documentID: id)
            })
        }
    }
}

struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "A theme × period matrix of ranks, to see what rose and fell across a series.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "A source name.")
    var source: String

    @Option(help: "Themes from each report's top N.")
    var top = 10

    @Flag(help: "Show scores instead of ranks.")
    var scores = false

    struct Cell: Encodable {
        var rank: Int
        var score: Double
    }

    struct Row: Encodable {
        var key: String
        var label: String
        var cells: [Cell?]
    }

    struct Output: Encodable {
        var periods: [String]
        var reports: [Int64]
        var themes: [Row]
    }

    func run() async throws {
        let series = try seriesAnalyses(options, source: source)
        var order: [String] = []
        var labels: [String: String] = [:]
        for item in series {
            for theme in item.analysis?.themes.prefix(top) ?? [] where labels[theme.key] == nil {
                order.append(theme.key)
                labels[theme.key] = theme.label
            }
        }
        let rows = order.map { key in
            Row(key: key, label: labels[key] ?? key, cells: series.map { item in
                guard let themes = item.analysis?.themes, let index = themes.firstIndex(where: { $0.key == key })
                else { return nil }
                return Cell(rank: index + 1, score: themes[index].score)
            })
        }
        let periods = series.map(\.summary.columnLabel)
        if options.json {
            return try printJSON(Output(periods: periods, reports: series.map(\.summary.report.id), themes: rows))
        }
        guard !series.isEmpty else { return print("No reports yet for \(source).") }
        print(TextTable(headers: ["THEME"] + periods, rows: rows.map { row in
            [row.label] + row.cells.map { cell in
                guard let cell else { return "·" }
                return scores ? String(format: "%.2f", cell.score) : "\(cell.rank)"
            }
        }).render())
    }
}

struct SpeakersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speakers",
        abstract: "A speaker × period matrix with titles: arrivals, departures and title changes.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "A source name.")
    var source: String

    struct Row: Encodable {
        var name: String
        var cells: [SpeakerChange.Role?]
    }

    struct Output: Encodable {
        var periods: [String]
        var reports: [Int64]
        var speakers: [Row]
    }

    func run() async throws {
        let series = try seriesAnalyses(options, source: source)
        var order: [String] = []
        for item in series {
            for speaker in item.analysis?.speakers ?? [] where !order.contains(speaker.name) {
                order.append(speaker.name)
            }
        }
        let rows = order.map { name in
            Row(name: name, cells: series.map { item in
                item.analysis?.speakers.first { $0.name == name }.map {
                    SpeakerChange.Role(title: $0.title, organization: $0.organization)
                }
            })
        }
        let periods = series.map(\.summary.columnLabel)
        if options.json {
            return try printJSON(Output(periods: periods, reports: series.map(\.summary.report.id), speakers: rows))
        }
        guard !series.isEmpty else { return print("No reports yet for \(source).") }
        print(TextTable(headers: ["SPEAKER"] + periods, rows: rows.map { row in
            var previous: String?
            return [row.name] + row.cells.map { role in
                guard let role else {
                    previous = nil
                    return "·"
                }
                let title = role.title ?? role.organization ?? "speaker"
                defer { previous = title }
                // A title that differs from the previous period's (in substance, as diffs judge it) is marked.
                return previous.map { ChangeSetBuilder.sameRole($0, title) } == false ? "* " + title : title
            }
        }).render())
    }
}
