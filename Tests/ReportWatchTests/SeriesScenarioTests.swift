import Config
import Foundation
import Logging
import ReportModel
import ReportWatchTesting
import Store
import Testing

@testable import ReportWatch

/// Table-driven: each case writes fixture documents into a directory source step by step and checks exactly which
/// events each pass emits (types, speaker changes, selected theme changes), and that every event fits the schema.
@Suite struct SeriesScenarioTests {
    struct Step: Decodable, Sendable {
        var write: [String: String]
        var events: [Expected]
    }

    struct Expected: Decodable, Sendable {
        var type: String
        var previous: Bool?
        var period: String?
        var speakers: [String]?
        var themes: [String]?
        var themesInclude: [String]?
        var speakerRoles: [String: [String]]?
        var paragraphsAdded: Int?
        var paragraphsRemoved: Int?

        enum CodingKeys: String, CodingKey {
            case type, previous, period, speakers, themes
            case themesInclude = "themes_include"
            case speakerRoles = "speaker_roles"
            case paragraphsAdded = "paragraphs_added"
            case paragraphsRemoved = "paragraphs_removed"
        }
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var steps: [Step]
        var testDescription: String { name }
    }

    static let fixtures = Fixtures.repositoryRoot.appendingPathComponent("Tests/ReportWatchTests/Fixtures/series")
    static let cases: [Case] = {
        let data = (try? Data(contentsOf: fixtures.appendingPathComponent("series-cases.json"))) ?? Data()
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    @Test func casesAreLoaded() {
        #expect(Self.cases.count >= 6)
    }

    @Test(arguments: cases)
    func scenario(_ scenario: Case) async throws {
        let directory = try Fixtures.temporaryDirectory("series")
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try Store.open(path: directory.appendingPathComponent("rw.sqlite").path)
        let source = SourceConfig(name: "acme", kind: .directory, path: folder.path, interval: .seconds(3600),
                                  notifyOnFirst: .all)
        let pipeline = makePipeline(store: store, sources: [source])
        try store.syncSources([source], now: Date())
        var emitted: [String] = []

        for (number, step) in scenario.steps.enumerated() {
            for (name, fixture) in step.write {
                let target = folder.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(fixture), to: target)
                // Distinct modification times, so a rewrite within one second is still seen as changed.
                try FileManager.default.setAttributes(
                    [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000 + Double(number))],
                    ofItemAtPath: target.path)
            }
            let record = try #require(try store.source(named: "acme"))
            let summary = await pipeline.run(source, record: record)
            #expect(summary.errors.isEmpty, "step \(number + 1): \(summary.errors)")
            let events = summary.events
            #expect(events.map(\.type.rawValue) == step.events.map(\.type), "step \(number + 1)")
            for (event, expected) in zip(events, step.events) {
                check(event, expected, step: number + 1)
                emitted.append(String(decoding: try Event.encoder.encode(event), as: UTF8.self))
            }
        }
        // What was emitted is what was stored.
        #expect(try store.events().count == emitted.count)
        if !emitted.isEmpty {
            let problems = try PythonPeer.validateEvents(emitted)
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    func check(_ event: Event, _ expected: Expected, step: Int) {
        let context = Comment(rawValue: "step \(step), \(event.type.rawValue)")
        let data = event.data
        if let previous = expected.previous { #expect((data.previous != nil) == previous, context) }
        if let period = expected.period { #expect(data.report?.period == period, context) }
        let speakers = data.speakers.map { "\($0.change.rawValue):\($0.name)" }
        if let expectedSpeakers = expected.speakers { #expect(speakers == expectedSpeakers, context) }
        let themes = data.themes.map { "\($0.change.rawValue):\($0.key)" }
        if let expectedThemes = expected.themes { #expect(themes == expectedThemes, context) }
        for theme in expected.themesInclude ?? [] { #expect(themes.contains(theme), "\(context): \(themes)") }
        for (name, roles) in expected.speakerRoles ?? [:] {
            let change = data.speakers.first { $0.name == name }
            #expect(change?.previous?.title?.contains(roles[0]) == true, context)
            #expect(change?.current?.title?.contains(roles[1]) == true, context)
        }
        if let added = expected.paragraphsAdded { #expect(data.revision?.paragraphsAdded.count == added, context) }
        if let removed = expected.paragraphsRemoved { #expect(data.revision?.paragraphsRemoved.count == removed, context) }
        for change in data.themes { #expect(change.evidence.count <= 3 && change.evidence.allSatisfy { $0.text.count <= 280 }) }
    }
}
