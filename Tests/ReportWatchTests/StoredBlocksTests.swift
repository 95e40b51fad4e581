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
}
