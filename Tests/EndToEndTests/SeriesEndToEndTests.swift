import Foundation
import ReportWatchTesting
import Testing

/// The whole product with real processes: a local server publishes a report series as a feed, an index page and a
/// page; the real `reportwatchd` polls them and delivers to a receiver; the official `standardwebhooks` library
/// verifies every request. Then the server publishes Q2 and a revision of Q1, and the exact events arrive, once each.
@Suite struct SeriesEndToEndTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    struct Received: Equatable, CustomStringConvertible {
        var type: String
        var source: String
        var period: String?
        var speakers: [String]
        var description: String { "\(type) \(source) \(period ?? "-") \(speakers)" }
    }

    static func rss(_ items: [(id: String, path: String)], base: String) -> String {
        let entries = items.map { "<item><guid>\($0.id)</guid><link>\(base)\($0.path)</link><title>\($0.id)</title></item>" }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Acme IR</title>"
            + entries.joined() + "</channel></rss>"
    }

    static func index(_ paths: [String]) -> String {
        "<html><body><h1>Quarterly reports</h1><ul>"
            + paths.map { "<li><a href=\"\($0)\">Report \($0)</a></li>" }.joined()
            + "</ul><a href=\"/about\">About us</a></body></html>"
    }

    func received(_ server: TestHTTPServer) throws -> [Received] {
        try server.requests(to: "/hooks").map { request in
            let event = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
            let data = try #require(event["data"] as? [String: Any])
            let source = (data["source"] as? [String: Any])?["name"] as? String ?? "?"
            let report = data["report"] as? [String: Any]
            let speakers = (data["speakers"] as? [[String: Any]] ?? []).map {
                "\($0["change"] as? String ?? ""):\($0["name"] as? String ?? "")"
            }
            return Received(type: event["type"] as? String ?? "?", source: source, period: report?["period"] as? String,
                            speakers: speakers)
        }
    }

    @Test func aSeriesPublishedAsFeedIndexAndPageArrivesVerifiedAndOnce() async throws {
        let directory = try Fixtures.temporaryDirectory("series-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer()
        server.handle("/hooks") { _ in .status(204) }
        let q1 = Fixtures.articleHTML(fromPlainText: try Fixtures.seriesText("acme-q1.txt"))
        let q2 = Fixtures.articleHTML(fromPlainText: try Fixtures.seriesText("acme-q2.txt"))
        let q1Revised = Fixtures.articleHTML(fromPlainText: try Fixtures.seriesText("acme-q1-title-change.txt"))
        server.serveDocument("/news/q1.html", text: q1, etag: "\"n1\"")
        server.serveDocument("/reports/q1.html", text: q1, etag: "\"r1\"")
        server.serveDocument("/current-report.html", text: q1, etag: "\"c1\"")
        server.serveDocument("/feed.xml", text: Self.rss([("q1", "/news/q1.html")], base: server.baseURL),
                             contentType: "application/rss+xml", etag: "\"f1\"")
        server.serveDocument("/ir", text: Self.index(["/reports/q1.html"]), etag: "\"i1\"")
        let config = directory.appendingPathComponent("reportwatch.yaml")
        try """
            store:
              path: rw.sqlite
            sources:
              - {name: acme-feed, kind: feed, url: "\(server.url("/feed.xml"))", notify_on_first: all}
              - {name: acme-index, kind: index, url: "\(server.url("/ir"))", link_pattern: "/reports/", notify_on_first: all}
              - {name: acme-page, kind: page, url: "\(server.url("/current-report.html"))"}
            webhooks:
              - url: "\(server.url("/hooks"))"
                secret: \(Self.secret)
                timeout: 5s
            """.write(to: config, atomically: true, encoding: .utf8)

        let first = try await ProcessRunner.run("reportwatchd", ["--config", config.path, "--once"])
        #expect(first.status == 0, "\(first.stderr)")
        let q1Events = try received(server)
        #expect(q1Events.count == 3, "\(q1Events)")
        #expect(Set(q1Events.map(\.source)) == ["acme-feed", "acme-index", "acme-page"])
        #expect(q1Events.allSatisfy { $0.type == "report.published" && $0.period == "2024Q1" })
        #expect(q1Events.allSatisfy { Set($0.speakers) == ["added:Maria Lopez", "added:Daniel Kim"] })

        // Q2 appears in the feed and on the index; the page is revised in place (a speaker's new title).
        server.serveDocument("/news/q2.html", text: q2, etag: "\"n2\"")
        server.serveDocument("/reports/q2.html", text: q2, etag: "\"r2\"")
        server.serveDocument("/feed.xml", text: Self.rss([("q2", "/news/q2.html"), ("q1", "/news/q1.html")],
                                                          base: server.baseURL),
                             contentType: "application/rss+xml", etag: "\"f2\"")
        server.serveDocument("/ir", text: Self.index(["/reports/q2.html", "/reports/q1.html"]), etag: "\"i2\"")
        server.serveDocument("/current-report.html", text: q1Revised, etag: "\"c2\"")
        let second = try await ProcessRunner.run("reportwatchd", ["--config", config.path, "--once"])
        #expect(second.status == 0, "\(second.stderr)")
        let all = try received(server)
        let later = Array(all.dropFirst(q1Events.count)).sorted { $0.source < $1.source }
        #expect(later == [
            Received(type: "report.published", source: "acme-feed", period: "2024Q2",
                     speakers: ["added:Sofia Rossi", "removed:Daniel Kim"]),
            Received(type: "report.published", source: "acme-index", period: "2024Q2",
                     speakers: ["added:Sofia Rossi", "removed:Daniel Kim"]),
            Received(type: "report.revised", source: "acme-page", period: "2024Q1", speakers: ["changed:Daniel Kim"]),
        ], "\(later)")

        // A third pass finds nothing new: no more requests.
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config.path, "--once"]).status == 0)
        let hooks = server.requests(to: "/hooks")
        #expect(hooks.count == 6)
        #expect(Set(hooks.compactMap { $0.header("webhook-id") }).count == 6, "each event once")
        let verification = try await PythonPeer.verifyWebhooks(hooks, secret: Self.secret)
        #expect(verification.verified == 6, "\(verification.output)")
    }
}
