import Foundation
import Parsing
import ReportModel
import ReportWatchTesting
import Testing

@testable import Store

/// The store writes a document's text once, keeping its blocks as offsets into it, when the blocks are slices of
/// the text: every parser builds its text that way, checked here on documents of every format and script.
@Suite struct StoredBlocksTests {
    static let documents = [
        "Tests/ParsingTests/Fixtures/html/messy.html",
        "Tests/ParsingTests/Fixtures/html/chinese-news-gb2312.html",
        "Tests/ParsingTests/Fixtures/html/big5-no-charset.html",
        "Tests/ParsingTests/Fixtures/transcripts/acme-q2-2024.txt",
        "Tests/ParsingTests/Fixtures/transcripts/initech-q1-2025.html",
        "Tests/ParsingTests/Fixtures/feeds/rss2.xml",
        "seeds/tencent-ssv-2022-08-24.txt",
    ]

    @Test(arguments: documents)
    func parsedBlocksAreStoredAsSpansAndComeBackWhole(_ path: String) throws {
        let file = Fixtures.repositoryRoot.appendingPathComponent(path)
        let document = try DocumentParser().parse(FetchedDocument(
            url: "https://example.org/" + file.lastPathComponent, body: try Fixtures.bytes(file), fetchedAt: Date()))
        #expect(!document.blocks.isEmpty)
        let spans = try #require(BlockSpans.encode(document.blocks, text: document.text))
        #expect(try BlockSpans.decode(spans, text: document.text) == document.blocks)
    }

    /// Offsets count Unicode scalars, which the store finds eight bytes at a time: checked on texts mixing scalars of
    /// one to four bytes, cut at every kind of place.
    @Test func spansOfMixedWidthTextsComeBackWhole() throws {
        let pieces = ["a", "Zz ", "é", "—", "营收", "😀", "\n", "ab😀cd", "ünïcödé ", "12345678"]
        var random = SplitMix64(seed: 20_261_129)
        for _ in 0..<300 {
            let parts = (0..<Int.random(in: 1...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let text = parts.joined()
            let scalars = Array(text.unicodeScalars)
            var cuts = Set((0..<Int.random(in: 0...6, using: &random)).map { _ in Int.random(in: 0...scalars.count) })
            cuts.formUnion([0, scalars.count])
            let bounds = cuts.sorted()
            let blocks = zip(bounds, bounds.dropFirst()).map { start, end in
                var slice = String.UnicodeScalarView()
                slice.append(contentsOf: scalars[start..<end])
                return TextBlock(kind: .paragraph, text: String(slice), start: start, end: end)
            }
            let spans = try #require(BlockSpans.encode(blocks, text: text), "\(text.debugDescription)")
            #expect(try BlockSpans.decode(spans, text: text) == blocks, "\(text.debugDescription)")
            if let last = blocks.last, !last.text.isEmpty {
                var changed = blocks
                changed[changed.count - 1].text = String(last.text.dropLast()) + "#"
                #expect(BlockSpans.encode(changed, text: text) == nil)
            }
        }
    }
}
