import Foundation
import ReportModel
import ReportWatchTesting
import Testing

@testable import Extraction
@testable import Parsing

/// The seed article against its hand-made truth (seeds/…truth.json, "speakers").
@Suite struct SpeakerSeedTests {
    struct Truth: Decodable {
        struct Person: Decodable {
            var name: String
            var surface_forms: [String]
            var titles: [String]
            var organisation: String
            var sentences: [String]
        }
        var speakers: [Person]
    }

    static func seed() throws -> (Document, [Speaker], Truth) {
        let fetched = FetchedDocument(
            url: Fixtures.seedArticle.absoluteString, body: try Fixtures.bytes(Fixtures.seedArticle), fetchedAt: Date())
        let document = try DocumentParser().parse(fetched)
        let truth = try JSONDecoder().decode(Truth.self, from: try Fixtures.data(Fixtures.seedTruth))
        return (document, SpeakerExtractor().extract(from: document), truth)
    }

    /// Lower case, spaced hyphens joined, notes in parentheses dropped.
    static func normalized(_ text: String) -> String {
        var out = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 } else if character == ")" { depth = max(0, depth - 1) } else if depth == 0 {
                out.append(character)
            }
        }
        return out.speakerNormalizedSpacing.lowercased()
    }

    @Test func findsExactlyTheEightSpeakersByFullName() throws {
        let (_, speakers, truth) = try Self.seed()
        #expect(Set(speakers.map(\.name)) == Set(truth.speakers.map(\.name)))
        #expect(speakers.count == truth.speakers.count)
    }

    @Test func titlesCoverTheTruthAndOrganisationsMatch() throws {
        let (_, speakers, truth) = try Self.seed()
        for person in truth.speakers {
            let found = try #require(speakers.first { $0.name == person.name }, "\(person.name) not found")
            let title = Self.normalized(found.title ?? "")
            for expected in person.titles {
                #expect(title.contains(Self.normalized(expected)), "\(person.name): \(found.title ?? "nil") lacks \(expected)")
            }
            #expect(found.organization == person.organisation, "\(person.name): \(found.organization ?? "nil")")
        }
    }

    @Test func truncatedCaptionFormIsAnAlias() throws {
        let (_, speakers, truth) = try Self.seed()
        for person in truth.speakers {
            let found = try #require(speakers.first { $0.name == person.name })
            for form in person.surface_forms where form != person.name {
                #expect(found.aliases.contains(form), "\(person.name) lacks alias \(form)")
            }
        }
    }

    @Test func evidenceCoversTheTruthSentences() throws {
        let (document, speakers, truth) = try Self.seed()
        let text = Array(document.text.unicodeScalars)
        for person in truth.speakers {
            let found = try #require(speakers.first { $0.name == person.name })
            for sentence in person.sentences {
                let start = try #require(Self.offset(of: sentence, in: text), "sentence not in text: \(sentence)")
                let end = start + sentence.unicodeScalars.count
                let covered = found.evidence.contains { $0.start < end && $0.end > start }
                #expect(covered, "\(person.name) misses: \(sentence.prefix(80))")
            }
            for evidence in found.evidence {
                #expect(String(String.UnicodeScalarView(text[evidence.start..<evidence.end])) == evidence.text)
            }
        }
    }

    @Test func outputIsInOrderOfFirstAppearanceAndDeterministic() throws {
        let (document, speakers, _) = try Self.seed()
        let again = SpeakerExtractor().extract(from: document)
        #expect(again == speakers)
        let text = document.text
        let firsts = speakers.map { text.range(of: $0.name).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0 }
        #expect(firsts == firsts.sorted())
    }

    static func offset(of needle: String, in haystack: [Unicode.Scalar]) -> Int? {
        let pattern = Array(needle.unicodeScalars)
        guard !pattern.isEmpty, pattern.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
            if Array(haystack[start..<(start + pattern.count)]) == pattern { return start }
        }
        return nil
    }
}
