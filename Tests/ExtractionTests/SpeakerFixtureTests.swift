import Foundation
import ReportModel
import ReportWatchTesting
import Testing

@testable import Extraction
@testable import Parsing

/// One document and one expected JSON per case under Fixtures/speakers.
@Suite struct SpeakerFixtureTests {
    struct Expected: Decodable {
        struct Person: Decodable {
            var name: String
            var title: String?
            var organization: String?
            var aliases: [String]?
            var mentions: Int?
            /// Substrings that must each lie inside one of the speaker's evidence sentences.
            var evidence: [String]
            var evidenceCount: Int?
        }
        var speakers: [Person]
    }

    /// A document given as blocks, with an earnings-call roster and turns that cover whole blocks.
    struct DocumentSpec: Decodable {
        struct Block: Decodable {
            var kind: TextBlock.Kind
            var text: String
        }
        struct Turn: Decodable {
            var speaker: String
            var blocks: [Int]
        }
        var title: String?
        var language: String?
        var blocks: [Block]
        var participants: [Transcript.Participant]?
        var turns: [Turn]?
    }

    static let directory = Fixtures.repositoryRoot.appendingPathComponent("Tests/ExtractionTests/Fixtures/speakers")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasSuffix(".expected.json") }.sorted()
    }()

    static func document(_ name: String) throws -> Document {
        let url = directory.appendingPathComponent(name)
        if name.hasSuffix(".document.json") {
            let spec = try JSONDecoder().decode(DocumentSpec.self, from: try Fixtures.data(url))
            var document = Document(
                title: spec.title, language: spec.language, format: .text,
                blocks: spec.blocks.map { (kind: $0.kind, text: $0.text) })
            if let participants = spec.participants {
                let turns = (spec.turns ?? []).map { turn in
                    Transcript.Turn(
                        speaker: turn.speaker, start: document.blocks[turn.blocks[0]].start,
                        end: document.blocks[turn.blocks[1]].end)
                }
                document.transcript = Transcript(participants: participants, turns: turns)
            }
            return document
        }
        let fetched = FetchedDocument(url: url.absoluteString, body: try Fixtures.bytes(url), fetchedAt: Date())
        return try DocumentParser().parse(fetched)
    }

    static func expected(_ name: String) throws -> Expected {
        let base = name.replacingOccurrences(of: ".document.json", with: "").replacingOccurrences(of: ".txt", with: "")
        let url = directory.appendingPathComponent(base + ".expected.json")
        return try JSONDecoder().decode(Expected.self, from: try Fixtures.data(url))
    }

    @Test func everyCaseHasAnExpectation() throws {
        #expect(Self.cases.count >= 5)
        for name in Self.cases { _ = try Self.expected(name) }
    }

    @Test(arguments: cases)
    func speakersMatchExpectation(_ name: String) throws {
        let document = try Self.document(name)
        let expected = try Self.expected(name)
        let speakers = SpeakerExtractor().extract(from: document)
        #expect(speakers.map(\.name) == expected.speakers.map(\.name), "\(name)")
        let text = Array(document.text.unicodeScalars)
        for person in expected.speakers {
            guard let found = speakers.first(where: { $0.name == person.name }) else { continue }
            #expect(found.title == person.title, "\(name): \(person.name) title")
            #expect(found.organization == person.organization, "\(name): \(person.name) organization")
            if let aliases = person.aliases { #expect(found.aliases == aliases, "\(name): \(person.name) aliases") }
            if let mentions = person.mentions { #expect(found.mentions == mentions, "\(name): \(person.name) mentions") }
            if let count = person.evidenceCount {
                #expect(found.evidence.count == count, "\(name): \(person.name) evidence count")
            }
            for snippet in person.evidence {
                #expect(found.evidence.contains { $0.text.contains(snippet) }, "\(name): \(person.name) lacks \(snippet)")
            }
            for evidence in found.evidence {
                #expect(String(String.UnicodeScalarView(text[evidence.start..<evidence.end])) == evidence.text)
            }
        }
    }
}
