import Config
import Extraction
import Foundation
import Parsing
import ReportModel
import ReportWatchTesting
import Testing

/// Replays the fuzz corpus and every crasher kept in `Fuzz/` through the same entry points and checks as the
/// libFuzzer targets, so a fixed crash stays fixed in `make test` without the fuzzer build.
struct FuzzRegressionTests {
    static let fuzzDirectory = Fixtures.repositoryRoot.appendingPathComponent("Fuzz")

    /// Inputs of one target: its seed corpus and its crashers (`Fuzz/crashers/<target>-…`).
    static func inputs(_ target: String) -> [URL] {
        let manager = FileManager.default
        let corpus = fuzzDirectory.appendingPathComponent("corpus/\(target)")
        let crashers = fuzzDirectory.appendingPathComponent("crashers")
        let seeds = (try? manager.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)) ?? []
        let crashes = ((try? manager.contentsOfDirectory(at: crashers, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.lastPathComponent.hasPrefix("fuzz-\(target)-") }
        return (seeds + crashes).sorted { $0.path < $1.path }
    }

    @Test func everyTargetHasInputs() {
        for target in ["html", "feed", "config", "extract"] {
            #expect(!Self.inputs(target).isEmpty, "no corpus for fuzz-\(target)")
        }
    }

    @Test(arguments: FuzzRegressionTests.inputs("html")) func html(_ input: URL) throws {
        let bytes = try Fixtures.bytes(input)
        for contentType in ["text/html; charset=utf-8", "text/html", "application/xhtml+xml; charset=gbk"] {
            let fetched = FetchedDocument(
                url: "https://example.org/report.html", body: bytes, contentType: contentType, formatHint: .html,
                fetchedAt: Date(timeIntervalSince1970: 0))
            guard let document = try? DocumentParser().parse(fetched) else { continue }
            let length = document.text.unicodeScalars.count
            for block in document.blocks {
                #expect(block.start >= 0 && block.start <= block.end && block.end <= length, "\(input.lastPathComponent)")
            }
        }
    }

    @Test(arguments: FuzzRegressionTests.inputs("feed")) func feed(_ input: URL) throws {
        let bytes = try Fixtures.bytes(input)
        for contentType in [nil, "application/rss+xml", "application/feed+json"] {
            if let feed = try? FeedParser().parse(bytes, contentType: contentType, url: "https://example.org/feed.xml") {
                // Entities are never expanded from outside the document.
                #expect(!feed.entries.contains { "\($0)".contains("root:x:0") })
            }
        }
    }

    @Test(arguments: FuzzRegressionTests.inputs("config")) func config(_ input: URL) throws {
        let loader = ConfigLoader(
            environment: ["REPORTWATCH_WEBHOOK_SECRET": "whsec_ZnV6emluZ3NlY3JldA=="], workingDirectory: "/nonexistent")
        let text = try Fixtures.text(input)
        do {
            _ = try loader.parse(yaml: text, file: "fuzz.yaml", directory: "/nonexistent")
        } catch {
            #expect(!error.description.isEmpty)
        }
    }

    @Test(arguments: FuzzRegressionTests.inputs("extract")) func extract(_ input: URL) throws {
        let fetched = FetchedDocument(
            url: "https://example.org/call.txt", body: try Fixtures.bytes(input),
            contentType: "text/plain; charset=utf-8", formatHint: .text, fetchedAt: Date(timeIntervalSince1970: 0))
        guard let document = try? DocumentParser().parse(fetched) else { return }
        let analysis = Analyzer().analyze(document)
        let length = document.text.unicodeScalars.count
        for evidence in analysis.themes.flatMap(\.evidence) {
            #expect(evidence.start >= 0 && evidence.start <= evidence.end && evidence.end <= length)
        }
    }
}
