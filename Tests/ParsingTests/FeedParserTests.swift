import Foundation
import ReportModel
import Testing

@testable import Parsing

@Suite struct FeedParserTests {
    @Test func rss2EntriesWithResolvedLinksAndDates() throws {
        let feed = try FeedParser().parse(
            try ParsingFixtures.bytes("feeds/rss2.xml"), contentType: "application/rss+xml",
            url: "https://ir.example.com/feeds/news.xml")
        #expect(feed.title == "Investor News & Results")
        #expect(feed.entries.count == 3)
        let first = feed.entries[0]
        #expect(first.id == "result-2024-q2")
        #expect(first.link == "https://ir.example.com/news/q2-2024.html")
        #expect(first.title == "Q2 2024 results")
        #expect(first.published == ParsingFixtures.iso("2024-08-14T00:30:00Z"))
        #expect(first.summary == "<p>Revenue grew <b>8%</b>.</p>")
        #expect(first.content == "<p>Full text of the release.</p>")
        let second = feed.entries[1]
        #expect(second.title == "Annual general meeting notice", "a no-break space is folded like any white space")
        #expect(second.id == "https://ir.example.com/news/agm-2024")
        #expect(second.link == "https://ir.example.com/news/agm-2024", "a permalink GUID stands in for the link")
        #expect(second.published == ParsingFixtures.iso("2024-05-01T09:00:00Z"))
        #expect(feed.entries[2].link == "https://ir.example.com/feeds/q1-2024.html")
        #expect(feed.entries[2].id == nil)
        #expect(feed.entries[2].identity == "https://ir.example.com/feeds/q1-2024.html")
    }

    @Test func rss1ItemsBesideTheChannel() throws {
        let feed = try FeedParser().parse(
            try ParsingFixtures.bytes("feeds/rss1.rdf"), contentType: nil, url: "http://example.org/index.rdf")
        #expect(feed.title == "RDF Site")
        #expect(feed.entries.count == 1)
        #expect(feed.entries[0].id == "http://example.org/one")
        #expect(feed.entries[0].link == "http://example.org/one")
        #expect(feed.entries[0].published == ParsingFixtures.iso("2023-11-02T09:15:00Z"))
        #expect(feed.entries[0].summary == "One.")
    }

    @Test func atomEntriesHonourXMLBase() throws {
        let feed = try FeedParser().parse(
            try ParsingFixtures.bytes("feeds/atom.xml"), contentType: "application/atom+xml; charset=utf-8",
            url: "https://feeds.example.org/atom")
        #expect(feed.title == "Example Blog")
        #expect(feed.entries.count == 2)
        let first = feed.entries[0]
        #expect(first.id == "tag:example.org,2024:one")
        #expect(first.link == "https://blog.example.org/en/posts/one")
        #expect(first.published == ParsingFixtures.iso("2024-02-28T14:30:00Z"))
        #expect(first.summary == "Short summary.")
        #expect(first.content?.contains("<em>world</em>") == true)
        let second = feed.entries[1]
        #expect(second.link == "https://blog.example.org/archive/2023/two.html")
        #expect(second.published == ParsingFixtures.iso("2023-12-31T15:59:59Z"), "updated stands in for published")
        #expect(second.content == "<p>Two</p>")
    }

    @Test func jsonFeed() throws {
        let feed = try FeedParser().parse(
            try ParsingFixtures.bytes("feeds/feed.json"), contentType: "application/feed+json",
            url: "https://json.example.net/feed.json")
        #expect(feed.title == "JSON Example")
        #expect(feed.entries.map(\.id) == ["1", "2"])
        #expect(feed.entries.map(\.link) == ["https://json.example.net/posts/1", "https://json.example.net/posts/2"])
        #expect(feed.entries[0].content == "<p>Hi</p>")
        #expect(feed.entries[0].published == ParsingFixtures.iso("2024-01-02T03:04:05Z"))
        #expect(feed.entries[1].content == "Plain")
        #expect(feed.entries[1].summary == "S")
        #expect(feed.entries[1].published == ParsingFixtures.iso("2024-01-03T00:00:00Z"))
    }

    @Test func externalEntitiesAreNeverExpanded() throws {
        let feed = try FeedParser().parse(
            try ParsingFixtures.bytes("feeds/xxe.xml"), contentType: "application/rss+xml",
            url: "https://example.com/feed")
        #expect(feed.entries.count == 1)
        let entry = try #require(feed.entries.first)
        #expect(entry.title?.contains("root:") == false)
        #expect(entry.title?.hasPrefix("Secret:") == true)
        #expect(entry.summary == "before  after")
        #expect(entry.link == "https://example.com/a")
    }

    @Test func billionLaughsIsNotExpanded() throws {
        let start = ContinuousClock.now
        let feed = try FeedParser().parse(
            try ParsingFixtures.bytes("feeds/billion-laughs.xml"), contentType: nil, url: "https://example.com/feed")
        #expect(ContinuousClock.now - start < .seconds(20))
        let entry = try #require(feed.entries.first)
        #expect((entry.title ?? "").count < 100)
        #expect((entry.summary ?? "").count < 100)
        #expect(entry.link == "https://example.com/laughs")
    }

    @Test(arguments: ["", "   ", "<html><body>not a feed</body></html>", "{\"no\": \"items\"}", "{broken json"])
    func nonFeedsAreClearErrors(body: String) {
        #expect(throws: ParseError.self) {
            try FeedParser().parse(Array(body.utf8), contentType: nil, url: "https://example.com/x")
        }
    }

    @Test func legacyEncodedFeedIsDecoded() throws {
        // "新闻" in GBK, declared by the XML declaration.
        var bytes = Array("<?xml version=\"1.0\" encoding=\"gb2312\"?><rss><channel><item><title>".utf8)
        bytes += [0xD0, 0xC2, 0xCE, 0xC5]
        bytes += Array("</title><link>http://example.cn/1</link></item></channel></rss>".utf8)
        let feed = try FeedParser().parse(bytes, contentType: "text/xml", url: "http://example.cn/rss")
        #expect(feed.entries.first?.title == "新闻")
    }

    @Test func invalidUTF8InAFeedIsReplacedNotFatal() throws {
        var bytes = Array("<rss><channel><item><title>caf".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array(" ok</title><link>https://e.com/1</link></item></channel></rss>".utf8)
        let feed = try FeedParser().parse(
            bytes, contentType: "application/rss+xml; charset=utf-8", url: "https://e.com/")
        #expect(feed.entries.first?.link == "https://e.com/1")
        #expect(feed.entries.first?.title?.hasSuffix("ok") == true)
    }
}

@Suite struct DateParsingTests {
    @Test(arguments: [
        ("Wed, 14 Aug 2024 08:30:00 +0800", "2024-08-14T00:30:00Z"),
        ("Tue, 14 May 2024 16:00:00 GMT", "2024-05-14T16:00:00Z"),
        ("14 May 2024 16:00 EST", "2024-05-14T21:00:00Z"),
        ("2024-02-28T09:30:00-05:00", "2024-02-28T14:30:00Z"),
        ("2024-02-28T09:30:00.123Z", "2024-02-28T09:30:00Z"),
        ("2022-08-24", "2022-08-24T00:00:00Z"),
        ("2022/8/24 10:05", "2022-08-24T10:05:00Z"),
        ("2022年8月24日 10:05", "2022-08-24T10:05:00Z"),
        ("2022.08.24", "2022-08-24T00:00:00Z"),
        ("August 24, 2022", "2022-08-24T00:00:00Z"),
        ("Published on 24 August 2022, 3:15 PM", "2022-08-24T15:15:00Z"),
    ])
    func parses(input: String, expected: String) {
        #expect(DateParsing.parse(input) == ParsingFixtures.iso(expected))
    }

    @Test(arguments: ["", "yesterday", "2022-13-40", "Q2 2024"])
    func rejects(input: String) {
        #expect(DateParsing.parse(input) == nil)
    }
}
