import Foundation
import ReportWatchTesting
import Testing

/// Hostile and broken answers from sources, served to the real daemon next to a healthy source. Each source first
/// serves a good report (stored), then the bad answer. Whatever the answer, the daemon keeps running, keeps polling
/// the others, keeps what it stored, and a refused answer is a clear error naming the source, the URL and the reason
/// in the log and in `reportwatch sources`.
@Suite(.serialized) struct BadInputTests {
    struct Case: Sendable {
        var name: String
        var bad: TestHTTPServer.Response
        /// The reason the error must give (lower-cased); nil when the answer may also be stored in a safe form.
        var reason: String?
        var kind = "page"
    }

    static let maxBody = 6 * 1024 * 1024

    static func goodReport(_ name: String) -> String {
        "<html><head><title>Results \(name)</title></head><body><article><h1>Results of \(name)</h1>"
            + "<p>Revenue of the \(name) group rose eight percent in the quarter, the board said on Monday.</p>"
            + "<p>Margins for \(name) held steady as costs fell.</p></article></body></html>"
    }

    static func goodFeed(_ name: String, server: String) -> String {
        """
        <?xml version="1.0"?><rss version="2.0"><channel><title>\(name)</title><link>\(server)/</link>
        <item><title>Results of \(name)</title><link>\(server)/item-\(name)</link><guid>\(name)-1</guid>
        <description>Revenue of the \(name) group rose eight percent in the quarter.</description></item>
        </channel></rss>
        """
    }

    func cases(server: TestHTTPServer) throws -> [Case] {
        var latin1 = Array("<html><head><title>Caf".utf8) + [0xe9] + Array("</title></head><body><p>".utf8)
        latin1 += Array("R".utf8) + [0xe9] + Array("sultats du trimestre: le chiffre d'affaires progresse.</p></body></html>".utf8)
        var brokenUTF8 = Array("<html><body><p>Revenue ".utf8) + [0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]
        brokenUTF8 += Array(" rose in the quarter.</p></body></html>".utf8)
        // 5 MB in `make soak`; 1 MB in `make test`, as a debug build analyses one megabyte in seconds.
        let longLine = String(repeating: "Revenue rose in the quarter and the margin held firm. ",
                              count: Soak.pick(1, soak: 5) * 1024 * 1024 / 55)
        var trickle = TestHTTPServer.Response.ok(String(repeating: "<p>slow</p>", count: 200))
        trickle = trickle.trickled(bytes: 1, every: .milliseconds(200))
        var bomb = TestHTTPServer.Response(status: 200, body: try HostileBodies.gzipBomb(inflatedSize: 200 * 1024 * 1024))
        bomb.headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
        return [
            Case(name: "oversized", bad: .ok(String(repeating: "<p>big</p>", count: Self.maxBody / 10 + 1000)),
                 reason: "larger than"),
            Case(name: "trickle", bad: trickle, reason: "timed out"),
            Case(name: "gzip-bomb", bad: bomb, reason: "larger than"),
            Case(name: "invalid-utf8", bad: .ok(brokenUTF8, contentType: "text/html; charset=utf-8"), reason: nil),
            Case(name: "mislabelled", bad: .ok(latin1, contentType: "text/html; charset=utf-8"), reason: nil),
            Case(name: "unknown-charset", bad: .ok(latin1, contentType: "text/html; charset=x-no-such-charset"),
                 reason: nil),
            // Elements deeper than the tree builder's cap join the deepest open one: the paragraph is read.
            Case(name: "deep-html", bad: .ok(HostileBodies.deeplyNestedHTML(depth: 10_000)), reason: nil),
            Case(name: "blank-text", bad: .ok(Array(" \n\n \t\n".utf8), contentType: "text/plain; charset=utf-8"),
                 reason: "no readable text"),
            Case(name: "xxe-feed", bad: .ok(HostileBodies.feedWithExternalEntity(
                file: "/etc/passwd", link: server.url("/item-xxe")), contentType: "application/rss+xml"),
                 reason: nil, kind: "feed"),
            Case(name: "laughs-feed", bad: .ok(HostileBodies.feedWithBillionLaughs(link: server.url("/item-lol")),
                                               contentType: "application/rss+xml"), reason: nil, kind: "feed"),
            Case(name: "redirect-loop", bad: .redirect(to: "/redirect-loop"), reason: "redirect"),
            Case(name: "redirect-file", bad: .redirect(to: "file:///etc/passwd"), reason: "protocol"),
            Case(name: "redirect-ftp", bad: .redirect(to: "ftp://127.0.0.1:21/report.txt"), reason: "protocol"),
            Case(name: "fake-pdf", bad: .ok(Array("this is not a PDF at all\n".utf8), contentType: "application/pdf"),
                 reason: "pdf"),
            Case(name: "empty", bad: .ok(Array(), contentType: "text/html; charset=utf-8"), reason: "empty"),
            Case(name: "long-line", bad: .ok(Array(longLine.utf8), contentType: "text/plain; charset=utf-8"), reason: nil),
        ]
    }

    @Test func everyBadAnswerIsAClearErrorAndHarmsNothingElse() async throws {
        let workspace = try DaemonWorkspace("bad-input")
        defer { workspace.remove() }
        let server = try TestHTTPServer()
        defer { server.stop() }
        let cases = try cases(server: server)
        server.serveDocument("/good", text: Self.goodReport("good"), etag: "\"good-1\"")
        for item in ["xxe", "lol"] { server.serveDocument("/item-\(item)", text: Self.goodReport(item)) }
        var config = """
            store: {path: rw.sqlite}
            daemon: {interval: 1s, timeout: 2s, connect_timeout: 2s, retries: 0, max_body_size: \(Self.maxBody),
                     concurrency: 16, per_host_concurrency: 16, failure_threshold: 100}
            sources:
              - {name: good, kind: page, url: "\(server.url("/good"))", interval: 1s}

            """
        for item in cases {
            let first: TestHTTPServer.Response = item.kind == "feed"
                ? .ok(Self.goodFeed(item.name, server: server.baseURL), contentType: "application/rss+xml")
                : .ok(Self.goodReport(item.name))
            server.script("/\(item.name)", [first, item.bad])
            server.serveDocument("/item-\(item.name)", text: Self.goodReport(item.name))
            config += "  - {name: \(item.name), kind: \(item.kind), url: \"\(server.url("/\(item.name)"))\", interval: 1s}\n"
        }
        try workspace.writeConfig(config)
        let daemon = try workspace.startDaemon()
        defer { daemon.kill() }

        // Every source has been polled at least twice: once good, once bad.
        let polledTwice = await RunningProcess.eventually(timeout: 60) {
            cases.allSatisfy { server.requests(to: "/\($0.name)").count >= 2 }
        }
        #expect(polledTwice, "log:\n\(daemon.log.suffix(3000))")
        let refused = cases.filter { $0.reason != nil }
        let recorded = await RunningProcess.eventually(timeout: 30) {
            let failing = (try? workspace.sqlBlocking(
                "SELECT name FROM sources WHERE consecutive_failures > 0"))?.split(separator: "\n") ?? []
            return refused.allSatisfy { failing.contains(Substring($0.name)) }
        }
        #expect(recorded, "log:\n\(daemon.log.suffix(3000))")
        #expect(daemon.process.isRunning, "log:\n\(daemon.log.suffix(3000))")

        // The healthy source is still being polled (after the round with the long line: see
        // aSlowSourceDoesNotHoldUpTheOthers; analysing 5 MB in a debug build takes a while).
        let goodSoFar = server.requests(to: "/good").count
        #expect(await RunningProcess.eventually(timeout: Soak.pick(15, soak: 180)) {
            server.requests(to: "/good").count > goodSoFar
        })

        let rows = try await workspace.sources()
        let listing = try await workspace.cli(["sources"])
        let log = daemon.log
        for item in refused {
            let url = server.url("/\(item.name)")
            let row = try #require(rows[item.name])
            let error = row.lastError ?? ""
            #expect(error.contains(url), "\(item.name): \(error)")
            #expect(error.lowercased().contains(item.reason ?? ""), "\(item.name): \(error)")
            #expect(listing.stdout.contains("\(item.name): \(error)"), "\(listing.stdout)")
            let logLine = log.split(separator: "\n").first {
                $0.contains("source.name=\(item.name)") && $0.contains(url) && $0.lowercased().contains(item.reason ?? "")
            }
            #expect(logLine != nil, "\(item.name): no log line with the source, URL and reason")
        }
        // Nothing stored before was lost: each source kept its first report.
        for item in cases {
            #expect((rows[item.name]?.reports ?? 0) >= 1, "\(item.name) lost its report")
        }
        let perSource = try await workspace.sql(
            "SELECT s.name FROM sources s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.source_id = s.id)")
        #expect(perSource == "", "sources without documents: \(perSource)")
        // Nothing from the external entity reached the database, and the laughs did not expand.
        #expect(try await workspace.sql("SELECT COUNT(*) FROM documents WHERE text LIKE '%root:x:0%' "
                                        + "OR title LIKE '%root:x:0%'") == "0")
        // No document was stored without text.
        #expect(try await workspace.sql("SELECT COUNT(*) FROM documents WHERE TRIM(COALESCE(text, '')) = ''") == "0")
        #expect(try await workspace.sql("SELECT COUNT(*) FROM documents WHERE text LIKE '%lollollollollol%'") == "0")
        #expect(try await workspace.sql("PRAGMA integrity_check") == "ok")

        // A config with a misspelt key on reload is refused with file, line and key; the daemon keeps going.
        try workspace.writeConfig(config.replacingOccurrences(of: "retries: 0", with: "retrys: 0"))
        daemon.signal(SIGHUP)
        #expect(await RunningProcess.eventually(timeout: 10) { daemon.log.contains("reload rejected") })
        let rejection = daemon.log.split(separator: "\n").first { $0.contains("reload rejected") } ?? ""
        #expect(rejection.contains(workspace.configFile.path) && rejection.contains("retrys"), "\(rejection)")
        let goodBeforeReload = server.requests(to: "/good").count
        #expect(await RunningProcess.eventually(timeout: 15) { server.requests(to: "/good").count > goodBeforeReload })
        #expect(daemon.process.isRunning)

        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0, "log:\n\(daemon.log.suffix(3000))")
    }

    /// A source that answers slowly (within the timeout) must not hold up the others: each source runs on its own
    /// schedule.
    @Test func aSlowSourceDoesNotHoldUpTheOthers() async throws {
        let workspace = try DaemonWorkspace("slow-source")
        defer { workspace.remove() }
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.serveDocument("/good", text: Self.goodReport("good"), etag: "\"good-1\"")
        server.script("/slow", [.ok(Self.goodReport("slow")), TestHTTPServer.Response.ok(Self.goodReport("slower"))
            .delayed(by: .seconds(5))])
        try workspace.writeConfig("""
            store: {path: rw.sqlite}
            daemon: {interval: 1s, timeout: 20s, retries: 0}
            sources:
              - {name: good, kind: page, url: "\(server.url("/good"))", interval: 1s}
              - {name: slow, kind: page, url: "\(server.url("/slow"))", interval: 1s}

            """)
        let daemon = try workspace.startDaemon()
        defer { daemon.kill() }
        // The slow answer has begun: the second request to /slow.
        #expect(await RunningProcess.eventually(timeout: 20) { server.requests(to: "/slow").count >= 2 })
        let goodBefore = server.requests(to: "/good").count
        let slowBefore = server.requests(to: "/slow").count
        // While the slow answer is pending (5 s), the 1 s source comes due about four times.
        _ = await RunningProcess.eventually(timeout: 4) { false }
        let stillPending = server.requests(to: "/slow").count == slowBefore
        let goodDuring = server.requests(to: "/good").count - goodBefore
        #expect(stillPending)
        #expect(goodDuring >= 2, "the healthy source was polled \(goodDuring) times during a 4 s wait")
        #expect(daemon.process.isRunning)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }
}
