import Fetching
import Foundation
import HTTPTransport
import ReportModel
import ReportWatchTesting
import Testing

@Suite struct FeedSourceTests {
    static func rss(base: String, items: [(guid: String, title: String, date: String)]) -> String {
        let entries = items.map { item in
            """
            <item><title>\(item.title)</title><link>\(base)/news/\(item.guid).html</link>
            <guid isPermaLink="false">\(item.guid)</guid><pubDate>\(item.date)</pubDate>
            <description>Short summary of \(item.title).</description></item>
            """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Acme investor news</title><link>\(base)/</link>
            \(entries.joined(separator: "\n"))
            </channel></rss>
            """
    }

    @Test func anRSSFeedThatGainsAnItem() async throws {
        let harness = try FetchHarness()
        let server = harness.server
        let base = server.baseURL
        // Newest first, as feeds list them.
        server.serveDocument("/feed.xml", text: Self.rss(base: base, items: [
            ("q2-2024", "Q2 2024 results", "Wed, 14 Aug 2024 08:00:00 GMT"),
            ("q1-2024", "Q1 2024 results", "Wed, 15 May 2024 08:00:00 GMT"),
        ]), contentType: "application/rss+xml", etag: "\"f1\"")
        for quarter in ["q1-2024", "q2-2024", "q3-2024"] {
            server.script("/news/\(quarter).html", [.ok("<article>Full text of \(quarter)</article>")])
        }
        let source = SourceConfig(
            name: "acme-news", kind: .feed, url: server.url("/feed.xml"), interval: .seconds(3600))

        let first = try await harness.fetcher.poll(source, state: SourceState())
        #expect(first.wasFirstPoll)
        #expect(first.documents.map(text) == [
            "<article>Full text of q1-2024</article>", "<article>Full text of q2-2024</article>",
        ])
        #expect(first.documents.map(\.itemID) == ["q1-2024", "q2-2024"])
        #expect(first.documents.map(\.titleHint) == ["Q1 2024 results", "Q2 2024 results"])
        #expect(first.documents.first?.url == server.url("/news/q1-2024.html"))
        #expect(first.documents.first?.publishedHint == Date(timeIntervalSince1970: 1_715_760_000))
        #expect(first.state.seenItems == ["q1-2024", "q2-2024"])
        #expect(first.failures.isEmpty)

        let unchanged = try await harness.fetcher.poll(source, state: first.state)
        #expect(unchanged.notModified)
        #expect(unchanged.documents.isEmpty)

        server.serveDocument("/feed.xml", text: Self.rss(base: base, items: [
            ("q3-2024", "Q3 2024 results", "Thu, 14 Nov 2024 08:00:00 GMT"),
            ("q2-2024", "Q2 2024 results", "Wed, 14 Aug 2024 08:00:00 GMT"),
            ("q1-2024", "Q1 2024 results", "Wed, 15 May 2024 08:00:00 GMT"),
        ]), contentType: "application/rss+xml", etag: "\"f2\"")
        let gained = try await harness.fetcher.poll(source, state: unchanged.state)
        #expect(!gained.wasFirstPoll)
        #expect(gained.documents.map(\.itemID) == ["q3-2024"])
        #expect(gained.documents.map(text) == ["<article>Full text of q3-2024</article>"])
        #expect(gained.state.seenItems == ["q1-2024", "q2-2024", "q3-2024"])

        #expect(server.requests.map(\.path) == [
            "/feed.xml", "/news/q1-2024.html", "/news/q2-2024.html",
            "/feed.xml",
            "/feed.xml", "/news/q3-2024.html",
        ])
        let feedRequests = server.requests(to: "/feed.xml")
        #expect(feedRequests.map { $0.header("If-None-Match") } == [nil, "\"f1\"", "\"f1\""])
        #expect(server.requests(to: "/news/q3-2024.html").first?.header("If-None-Match") == nil)
    }

    @Test func anAtomFeedThatGainsAnEntryCarryingFullContent() async throws {
        let harness = try FetchHarness()
        let server = harness.server
        func atom(_ entries: [(id: String, title: String, updated: String)]) -> String {
            let body = entries.map { entry in
                let slug = entry.title.lowercased().replacingOccurrences(of: " ", with: "-")
                return """
                <entry><id>\(entry.id)</id><title>\(entry.title)</title>
                <link rel="alternate" href="/reports/\(slug)"/>
                <updated>\(entry.updated)</updated>
                <content type="html">&lt;p&gt;\(entry.title) in full.&lt;/p&gt;</content></entry>
                """
            }
            return """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry statistics</title>
                <id>urn:example:stats</id><updated>2024-11-01T00:00:00Z</updated>
                \(body.joined(separator: "\n"))
                </feed>
                """
        }
        server.script("/atom", [
            .ok(atom([("urn:stats:2", "Bulletin Two", "2024-08-01T00:00:00Z"),
                      ("urn:stats:1", "Bulletin One", "2024-05-01T00:00:00Z")]), contentType: "application/atom+xml"),
            .ok(atom([("urn:stats:3", "Bulletin Three", "2024-11-01T00:00:00Z"),
                      ("urn:stats:2", "Bulletin Two", "2024-08-01T00:00:00Z"),
                      ("urn:stats:1", "Bulletin One", "2024-05-01T00:00:00Z")]), contentType: "application/atom+xml"),
        ])
        let source = SourceConfig(name: "stats", kind: .feed, url: server.url("/atom"), interval: .seconds(600))
        let first = try await harness.fetcher.poll(source, state: SourceState())
        #expect(first.documents.map(\.itemID) == ["urn:stats:1", "urn:stats:2"])
        let second = try await harness.fetcher.poll(source, state: first.state)
        #expect(second.documents.map(\.itemID) == ["urn:stats:3"])
        let document = try #require(second.documents.first)
        #expect(text(document).contains("Bulletin Three in full."))
        #expect(document.url == server.url("/reports/bulletin-three"))
        #expect(document.titleHint == "Bulletin Three")
        // The content came with the feed: no page was fetched.
        #expect(server.requests.map(\.path) == ["/atom", "/atom"])
    }

    @Test func aJSONFeedItemWithoutDatesKeepsReverseFeedOrder() async throws {
        let harness = try FetchHarness()
        let json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Releases", "items": [
              {"id": "r-3", "url": "\(harness.server.url("/r/3"))", "content_text": "Third release"},
              {"id": "r-2", "url": "\(harness.server.url("/r/2"))", "content_text": "Second release"}
            ]}
            """
        harness.server.script("/feed.json", [.ok(json, contentType: "application/feed+json")])
        let source = SourceConfig(
            name: "releases", kind: .feed, url: harness.server.url("/feed.json"), interval: .seconds(60))
        let result = try await harness.fetcher.poll(source, state: SourceState())
        #expect(result.documents.map(text) == ["Second release", "Third release"])
    }

    @Test func anItemWhoseLinkFailsIsReportedAndRetriedNextPoll() async throws {
        var settings = FetchHarness.quickSettings
        settings.retries = 0
        let harness = try FetchHarness(settings: settings)
        let server = harness.server
        server.serveDocument("/feed.xml", text: FeedSourceTests.rss(base: server.baseURL, items: [
            ("b", "B", "Wed, 14 Aug 2024 08:00:00 GMT"),
            ("a", "A", "Wed, 15 May 2024 08:00:00 GMT"),
        ]), contentType: "application/rss+xml", etag: "\"same\"")
        server.script("/news/a.html", [.ok("A text")])
        server.script("/news/b.html", [.status(503), .ok("B text")])
        let source = SourceConfig(name: "news", kind: .feed, url: server.url("/feed.xml"), interval: .seconds(60))

        let first = try await harness.fetcher.poll(source, state: SourceState())
        #expect(first.documents.map(text) == ["A text"])
        #expect(first.failures.count == 1)
        #expect(first.failures.first?.status == 503)
        #expect(first.failures.first?.location == server.url("/news/b.html"))
        #expect(first.state.seenItems == ["a"])
        #expect(first.state.validators.isEmpty)

        let second = try await harness.fetcher.poll(source, state: first.state)
        #expect(second.documents.map(text) == ["B text"])
        #expect(second.failures.isEmpty)
        #expect(second.state.seenItems == ["a", "b"])
        // The feed was read in full again (no validators kept), so the missing item was found again.
        #expect(server.requests(to: "/feed.xml").map { $0.header("If-None-Match") } == [nil, nil])
    }

    @Test func anItemWithOnlyASummaryAndNoLinkBecomesADocumentOfItsSummary() async throws {
        let harness = try FetchHarness()
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><guid isPermaLink="false">note-1</guid><title>Dividend notice</title>
            <description>The board declared a dividend of 0.50 per share.</description></item>
            </channel></rss>
            """
        harness.server.script("/notes.xml", [.ok(rss, contentType: "application/rss+xml")])
        let source = SourceConfig(
            name: "notes", kind: .feed, url: harness.server.url("/notes.xml"), interval: .seconds(60))
        let result = try await harness.fetcher.poll(source, state: SourceState())
        #expect(result.documents.map(text) == ["The board declared a dividend of 0.50 per share."])
        #expect(result.documents.first?.itemID == "note-1")
        #expect(result.documents.first?.titleHint == "Dividend notice")
        #expect(harness.server.requests.map(\.path) == ["/notes.xml"])
    }

    @Test func somethingThatIsNotAFeedFailsThePass() async throws {
        let harness = try FetchHarness()
        harness.server.script("/feed.xml", [.ok("<html><body>Maintenance</body></html>", contentType: "text/html")])
        let source = SourceConfig(
            name: "news", kind: .feed, url: harness.server.url("/feed.xml"), interval: .seconds(60))
        let error = await #expect(throws: FetchError.self) {
            try await harness.fetcher.poll(source, state: SourceState())
        }
        #expect(error?.source == "news")
        #expect(error?.reason.contains("feed") == true)
    }
}
