import Config
import Foundation
import ReportModel
import ReportWatchTesting
import Store
import Testing

@testable import ReportWatch

/// The whole pipeline against a real HTTP server on 127.0.0.1: a feed and a page of one report series.
@Suite struct HTTPSeriesTests {
    static func article(_ fixture: String) throws -> String {
        Fixtures.articleHTML(fromPlainText: try Fixtures.seriesText(fixture))
    }

    static func rss(_ items: [(id: String, path: String, title: String)], base: String) -> String {
        let entries = items.map { item in
            "<item><guid>\(item.id)</guid><link>\(base)\(item.path)</link><title>\(item.title)</title></item>"
        }
        return """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Acme IR</title>
            \(entries.joined(separator: "\n"))</channel></rss>
            """
    }

    @Test func aFeedThatGainsAnItemAnnouncesTheNewQuarterWithItsChanges() async throws {
        let server = try TestHTTPServer()
        let directory = try Fixtures.temporaryDirectory("http-series")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: directory.appendingPathComponent("rw.sqlite").path)
        server.serveDocument("/q1.html", text: try Self.article("acme-q1.txt"), etag: "\"q1\"")
        server.serveDocument("/q2.html", text: try Self.article("acme-q2.txt"), etag: "\"q2\"")
        let q1 = (id: "acme-2024-q1", path: "/q1.html", title: "Q1 2024 results")
        server.serveDocument("/feed.xml", text: Self.rss([q1], base: server.baseURL),
                             contentType: "application/rss+xml", etag: "\"feed-1\"")
        let source = SourceConfig(name: "acme-ir", kind: .feed, url: server.url("/feed.xml"), interval: .seconds(3600))
        let pipeline = makePipeline(store: store, sources: [source])
        try store.syncSources([source], now: Date())

        func pass() async throws -> PassSummary {
            await pipeline.run(source, record: try #require(try store.source(named: "acme-ir")))
        }
        let first = try await pass()
        #expect(first.errors.isEmpty, "\(first.errors)")
        #expect(first.events.map(\.type) == [.reportPublished])
        #expect(first.events.first?.data.report?.period == "2024Q1")

        // Nothing new: the feed answers 304 to the conditional request.
        let quiet = try await pass()
        #expect(quiet.events.isEmpty && quiet.stored.isEmpty)
        #expect(server.requests(to: "/feed.xml").last?.header("If-None-Match") == "\"feed-1\"")

        let q2 = (id: "acme-2024-q2", path: "/q2.html", title: "Q2 2024 results")
        server.serveDocument("/feed.xml", text: Self.rss([q2, q1], base: server.baseURL),
                             contentType: "application/rss+xml", etag: "\"feed-2\"")
        let second = try await pass()
        #expect(second.errors.isEmpty, "\(second.errors)")
        let event = try #require(second.events.first)
        #expect(second.events.count == 1)
        #expect(event.type == .reportPublished)
        #expect(event.data.report?.period == "2024Q2")
        #expect(event.data.previous?.period == "2024Q1")
        #expect(event.data.source.kind == .feed)
        let speakers = event.data.speakers.map { "\($0.change.rawValue):\($0.name)" }
        #expect(speakers == ["added:Sofia Rossi", "removed:Daniel Kim"])
        #expect(event.data.themes.contains { $0.change == .added && $0.key == "hospital-logistics" })
        // Each item page was fetched once: seen items are not fetched again.
        #expect(server.requests(to: "/q1.html").count == 1)
        #expect(server.requests(to: "/q2.html").count == 1)
        let stored = try store.events()
        #expect(stored.count == 2)
        let problems = try PythonPeer.validateEvents(
            stored.map { String(decoding: try Event.encoder.encode($0.event), as: UTF8.self) })
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func aPageThatChangesInPlaceIsARevision() async throws {
        let server = try TestHTTPServer()
        let directory = try Fixtures.temporaryDirectory("http-page")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: directory.appendingPathComponent("rw.sqlite").path)
        server.serveDocument("/report.html", text: try Self.article("acme-q1.txt"), etag: "\"v1\"")
        let source = SourceConfig(name: "acme-page", kind: .page, url: server.url("/report.html"),
                                  interval: .seconds(3600))
        let pipeline = makePipeline(store: store, sources: [source])
        try store.syncSources([source], now: Date())
        func pass() async throws -> PassSummary {
            await pipeline.run(source, record: try #require(try store.source(named: "acme-page")))
        }
        #expect(try await pass().events.map(\.type) == [.reportPublished])
        #expect(try await pass().events.isEmpty)
        #expect(server.requests(to: "/report.html").last?.header("If-None-Match") == "\"v1\"")

        server.serveDocument("/report.html", text: try Self.article("acme-q1-title-change.txt"), etag: "\"v2\"")
        let revised = try await pass()
        let event = try #require(revised.events.first)
        #expect(event.type == .reportRevised)
        #expect(event.data.report?.revision == 2)
        #expect(event.data.speakers.map(\.name) == ["Daniel Kim"])
        #expect(event.data.revision?.paragraphsAdded.count == 1)

        // A server failure is recorded against the source; the stored history stays.
        server.handle("/report.html") { _ in .status(500, "boom") }
        let failed = try await pass()
        #expect(failed.errors.first?.contains("500") == true, "\(failed.errors)")
        #expect(try store.source(named: "acme-page")?.consecutiveFailures == 1)
        #expect(try store.counts().documents == 2)
    }
}

@Suite struct URLCredentialTests {
    @Test func credentialsInASourceURLAreUsedForFetchingButNeverStoredOrAnnounced() async throws {
        let server = try TestHTTPServer()
        let directory = try Fixtures.temporaryDirectory("credentials")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: directory.appendingPathComponent("rw.sqlite").path)
        server.serveDocument("/report.html", text: try HTTPSeriesTests.article("acme-q1.txt"), etag: "\"v1\"")
        let url = "http://reader:hunter2secret@127.0.0.1:\(server.port)/report.html"
        let source = SourceConfig(name: "private", kind: .page, url: url, interval: .seconds(3600))
        let pipeline = makePipeline(store: store, sources: [source])
        try store.syncSources([source], now: Date())
        let summary = await pipeline.run(source, record: try #require(try store.source(named: "private")))
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        // The server saw the credentials (basic auth), so fetching used them.
        #expect(server.requests(to: "/report.html").first?.header("Authorization")?.hasPrefix("Basic ") == true)
        let event = try #require(summary.events.first)
        let payload = String(decoding: try Event.encoder.encode(event), as: UTF8.self)
        #expect(!payload.contains("hunter2secret"))
        #expect(event.data.report?.url.contains("[redacted]@") == true)
        #expect(try store.documents().allSatisfy { !$0.url.contains("hunter2secret") })
        #expect(try store.sources().allSatisfy { !$0.location.contains("hunter2secret") })
        #expect(try store.events().allSatisfy {
            !String(decoding: try Event.encoder.encode($0.event), as: UTF8.self).contains("hunter2secret")
        })
    }
}
