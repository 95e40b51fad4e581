import Foundation
import HTTPTransport
import ReportModel
import ReportWatchTesting
import Testing

@Suite struct CurlHTTPClientTests {
    let server: TestHTTPServer
    let client: CurlHTTPClient

    init() throws {
        server = try TestHTTPServer()
        client = CurlHTTPClient(maxConcurrent: 8, proxy: .direct)
    }

    @Test func getReturnsStatusHeadersBodyAndSendsUserAgent() async throws {
        server.script("/report", [TestHTTPServer.Response.ok("<p>Q3 results</p>").adding("X-Report", "q3")])
        let response = try await client.send(HTTPRequest(url: server.url("/report"), headers: ["Accept": "text/html"]))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "<p>Q3 results</p>")
        #expect(response.headers["content-type"] == "text/html; charset=utf-8")
        #expect(response.headers["X-REPORT"] == "q3")
        #expect(response.effectiveURL == server.url("/report"))
        #expect(response.timing.total > .zero)
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.header("User-Agent") == ReportWatchVersion.userAgent)
        #expect(request.header("Accept") == "text/html")
        #expect(request.header("Accept-Encoding")?.contains("gzip") == true)
    }

    @Test func postSendsTheBodyAtOnceWithoutWaitingForContinue() async throws {
        server.script("/hook", [.status(204)])
        let payload = Array(String(repeating: "{\"event\":\"report.published\"}", count: 200).utf8)
        let response = try await client.send(HTTPRequest(
            method: "POST", url: server.url("/hook"), headers: ["Content-Type": "application/json"], body: payload,
            followRedirects: false))
        #expect(response.status == 204)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.body == payload)
        #expect(request.header("Expect") == nil)
        #expect(request.header("Content-Type") == "application/json")
    }

    @Test func otherMethodsAndEmptyBodies() async throws {
        server.script("/thing", [.status(200, "ok")])
        _ = try await client.send(HTTPRequest(method: "PUT", url: server.url("/thing"), body: []))
        let head = try await client.send(HTTPRequest(method: "HEAD", url: server.url("/thing")))
        _ = try await client.send(HTTPRequest(method: "DELETE", url: server.url("/thing")))
        #expect(head.body.isEmpty)
        #expect(server.requests.map(\.method) == ["PUT", "HEAD", "DELETE"])
        #expect(server.requests[0].header("Content-Length") == "0")
    }

    @Test func followsRedirectsAndKeepsOnlyTheFinalHeaders() async throws {
        server.script("/old", [TestHTTPServer.Response.redirect(to: "/middle", status: 301).adding("X-Hop", "1")])
        server.script("/middle", [.redirect(to: server.url("/new"), status: 307)])
        server.script("/new", [.ok("moved here")])
        let response = try await client.send(HTTPRequest(url: server.url("/old")))
        #expect(response.status == 200)
        #expect(response.effectiveURL == server.url("/new"))
        #expect(response.timing.redirects == 2)
        #expect(response.headers["X-Hop"] == nil)
        #expect(server.requests.map(\.path) == ["/old", "/middle", "/new"])
    }

    @Test func doesNotFollowRedirectsWhenAskedNotTo() async throws {
        server.script("/hook", [.redirect(to: "/elsewhere")])
        let response = try await client.send(
            HTTPRequest(method: "POST", url: server.url("/hook"), body: [1, 2], followRedirects: false))
        #expect(response.status == 302)
        #expect(response.headers["Location"] == "/elsewhere")
        #expect(server.requests.map(\.path) == ["/hook"])
    }

    @Test func aRedirectLoopStopsAfterMaxRedirects() async throws {
        server.script("/a", [.redirect(to: "/b")])
        server.script("/b", [.redirect(to: "/a")])
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/a"), maxRedirects: 5))
        }
        #expect(error?.kind == .redirectLoop)
        #expect(server.requests.count == 6)
        #expect(error?.description.contains("127.0.0.1") == true)
    }

    @Test func aRedirectToFileIsRefused() async throws {
        server.script("/sneaky", [.redirect(to: "file:///etc/passwd")])
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/sneaky")))
        }
        #expect(error?.kind == .protocolNotAllowed)
        #expect(server.requests.count == 1)
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/report.pdf", "gopher://127.0.0.1/"])
    func onlyHTTPAndHTTPSAreAllowed(url: String) async throws {
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: url)) }
        #expect(error?.kind == .protocolNotAllowed)
        #expect(error?.url == url)
    }

    @Test func gzipBodiesAreDecoded() async throws {
        let text = String(repeating: "Revenue grew 12% year on year. ", count: 400)
        server.script("/report", [.gzipped(Array(text.utf8), contentType: "text/plain")])
        let response = try await client.send(HTTPRequest(url: server.url("/report")))
        #expect(String(decoding: response.body, as: UTF8.self) == text)
        #expect(response.headers["Content-Encoding"] == "gzip")
    }

    @Test func aBodyOverTheCapIsRefusedByContentLength() async throws {
        server.script("/big", [.ok(Array(repeating: 65, count: 10_000), contentType: "text/plain")])
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/big"), maxBodySize: 4_000))
        }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message.contains("4000") == true)
    }

    @Test func aBodyOverTheCapWithoutLengthIsAbortedMidway() async throws {
        server.script("/stream", [
            TestHTTPServer.Response.ok(Array(repeating: 66, count: 200_000), contentType: "text/plain")
                .chunkedEncoding()
        ])
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/stream"), maxBodySize: 50_000))
        }
        #expect(error?.kind == .tooLarge)
        // A body at the cap exactly is fine.
        server.script("/exact", [
            TestHTTPServer.Response.ok(Array(repeating: 66, count: 50_000), contentType: "text/plain").chunkedEncoding()
        ])
        let response = try await client.send(HTTPRequest(url: server.url("/exact"), maxBodySize: 50_000))
        #expect(response.body.count == 50_000)
    }

    @Test func aSlowServerTimesOut() async throws {
        server.script("/slow", [TestHTTPServer.Response.ok("late").delayed(by: .seconds(3))])
        let started = ContinuousClock.now
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/slow"), timeout: .milliseconds(300)))
        }
        #expect(error?.kind == .timeout)
        #expect(ContinuousClock.now - started < .milliseconds(2500))
    }

    @Test func aTricklingBodyTimesOutOnTheTotalTimeout() async throws {
        server.script("/trickle", [
            TestHTTPServer.Response.ok(Array(repeating: 67, count: 100), contentType: "text/plain")
                .trickled(bytes: 5, every: .milliseconds(100))
        ])
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/trickle"), timeout: .milliseconds(400)))
        }
        #expect(error?.kind == .timeout)
    }

    @Test func aClosedConnectionIsAConnectionError() async throws {
        server.script("/hangup", [.closeWithoutAnswer()])
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.url("/hangup")))
        }
        #expect(error?.kind == .connection)
        #expect(error?.message.isEmpty == false)
    }

    @Test func aRefusedConnectionIsAConnectionError() async throws {
        let closed = try TestHTTPServer()
        let url = closed.url("/x")
        closed.stop()
        try await Task.sleep(for: .milliseconds(50))
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: url)) }
        #expect(error?.kind == .connection)
    }

    @Test func keepAliveConnectionsAreReused() async throws {
        server.script("/ping", [.status(200, "pong")])
        for _ in 0..<10 { _ = try await client.send(HTTPRequest(url: server.url("/ping"))) }
        #expect(server.requests.count == 10)
        #expect(Set(server.requests.map(\.connection)).count == 1)
    }

    @Test func transfersRunConcurrentlyUpToTheLimit() async throws {
        server.script("/slow", [TestHTTPServer.Response.status(200, "ok").delayed(by: .milliseconds(200))])
        let limited = CurlHTTPClient(maxConcurrent: 4, proxy: .direct)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask { try await limited.send(HTTPRequest(url: self.server.url("/slow"))).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        let elapsed = ContinuousClock.now - started
        #expect(server.requests.count == 16)
        #expect(server.peakConcurrentRequests == 4)
        // 16 requests, 4 at a time, 200 ms each: at least 800 ms.
        #expect(elapsed >= .milliseconds(750))
    }

    @Test func cancellingTheCallerCancelsTheTransfer() async throws {
        server.script("/slow", [TestHTTPServer.Response.ok("late").delayed(by: .seconds(3))])
        let client = self.client
        let url = server.url("/slow")
        let task = Task { () -> HTTPError.Kind? in
            do {
                _ = try await client.send(HTTPRequest(url: url))
                return nil
            } catch let error as HTTPError {
                return error.kind
            } catch {
                return nil
            }
        }
        for _ in 0..<200 where server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        let started = ContinuousClock.now
        task.cancel()
        #expect(await task.value == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func aConfiguredProxyReceivesTheRequest() async throws {
        server.script("/never", [.status(200)])
        let proxied = CurlHTTPClient(maxConcurrent: 2, proxy: .url(server.baseURL))
        let response = try await proxied.send(HTTPRequest(url: "http://reports.example.invalid/q3.html"))
        // The test server is no proxy: it answers 404 to the absolute-form target, which proves the detour.
        #expect(response.status == 404)
        #expect(server.requests.first?.target == "http://reports.example.invalid/q3.html")
    }

    @Test func aRequestProxyOfEmptyStringGoesDirect() async throws {
        server.script("/direct", [.status(200, "direct")])
        let proxied = CurlHTTPClient(maxConcurrent: 2, proxy: .url("http://127.0.0.1:9"))
        let response = try await proxied.send(HTTPRequest(url: server.url("/direct"), proxy: ""))
        #expect(response.status == 200)
        #expect(server.requests.first?.target == "/direct")
    }

    @Test func aMissingCAFileFailsTheTLSHandshakeInsteadOfSkippingVerification() async throws {
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(
                url: "https://127.0.0.1:\(server.port)/secure", caFile: "/nonexistent/ca.pem"))
        }
        #expect(error?.kind == .connection)
    }

    @Test func manyConcurrentCallersDoNotBlockTheCooperativePool() async throws {
        server.script("/slow", [TestHTTPServer.Response.status(200).delayed(by: .milliseconds(300))])
        let wide = CurlHTTPClient(maxConcurrent: 64, proxy: .direct)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<48 { group.addTask { _ = try await wide.send(HTTPRequest(url: self.server.url("/slow"))) } }
            try await group.waitForAll()
        }
        // Blocking the pool's 2 threads would take 48 / 2 × 300 ms = 7.2 s; waiting on continuations takes ~0.3 s.
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(server.peakConcurrentRequests > 8)
    }
}

@Suite struct URLRedactionTests {
    @Test(arguments: [
        ("https://user:secret@reports.example.com/q3?x=1", "https://[redacted]@reports.example.com/q3?x=1"),
        ("http://token@127.0.0.1:8080", "http://[redacted]@127.0.0.1:8080"),
        ("https://example.com/path/with@sign", "https://example.com/path/with@sign"),
        ("https://example.com/?q=a@b", "https://example.com/?q=a@b"),
        ("/local/path", "/local/path"),
    ])
    func credentialsAreRemoved(url: String, expected: String) {
        #expect(URLRedaction.redacted(url) == expected)
    }

    @Test func errorsNeverShowCredentials() async throws {
        let server = try TestHTTPServer()
        server.script("/x", [.redirect(to: "/x")])
        let client = CurlHTTPClient(maxConcurrent: 1, proxy: .direct)
        let url = "http://reader:hunter2@127.0.0.1:\(server.port)/x"
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: url, maxRedirects: 1))
        }
        #expect(error?.kind == .redirectLoop)
        #expect(error?.description.contains("hunter2") == false)
        #expect(server.requests.first?.header("Authorization") != nil)
    }
}

@Suite struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndKeepsOrder() {
        var headers: HTTPHeaders = ["Set-Cookie": "a=1", "ETag": "\"v1\""]
        headers.add("set-cookie", "b=2")
        #expect(headers["etag"] == "\"v1\"")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        headers.set("ETag", "\"v2\"")
        #expect(headers.values(for: "etag") == ["\"v2\""])
        headers.remove("set-cookie")
        #expect(headers.count == 1)
        #expect(headers["Missing"] == nil)
    }

    @Test func onlyLettersMatchAcrossCase() {
        let headers: HTTPHeaders = ["X-A@B": "at", "X-Übersicht": "umlaut"]
        // "@" and "`" differ only in the bit that distinguishes a letter's case.
        #expect(headers["x-a`b"] == nil)
        #expect(headers["x-a@b"] == "at")
        #expect(headers["x-übersicht"] == "umlaut")
        #expect(headers["X-UBERSICHT"] == nil)
    }
}
