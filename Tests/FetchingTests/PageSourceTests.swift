import Fetching
import Foundation
import HTTPTransport
import ReportModel
import ReportWatchTesting
import Testing

@Suite struct PageSourceTests {
    /// RFC 9110's example instant in its three date forms (IMF-fixdate, obsolete RFC 850, asctime).
    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov 6 08:49:37 1994"])
    func lastModifiedIsReadInEachHTTPDateForm(_ text: String) async throws {
        let harness = try FetchHarness()
        harness.server.script("/old.html", [TestHTTPServer.Response.ok("<p>1994</p>").adding("Last-Modified", text)])
        let result = try await harness.fetcher.poll(harness.page("/old.html"), state: SourceState())
        #expect(result.documents.first?.modifiedAt == Date(timeIntervalSince1970: 784_111_777))
    }

    @Test func conditionalGetWithETagAndLastModified() async throws {
        let harness = try FetchHarness()
        let server = harness.server
        let modified = Date(timeIntervalSince1970: 1_700_000_000)
        server.serveDocument("/q3.html", text: "<h1>Q3</h1>", etag: "\"v1\"", lastModified: modified)
        let source = harness.page("/q3.html")

        let first = try await harness.fetcher.poll(source, state: SourceState())
        #expect(first.wasFirstPoll)
        #expect(first.documents.map(text) == ["<h1>Q3</h1>"])
        #expect(first.documents.first?.url == source.url)
        #expect(first.documents.first?.contentType == "text/html; charset=utf-8")
        #expect(first.documents.first?.modifiedAt == modified)
        let stored = try #require(first.state.validators[source.url!])
        #expect(stored.etag == "\"v1\"")
        #expect(stored.lastModified == TestHTTPServer.httpDate(modified))

        let second = try await harness.fetcher.poll(source, state: first.state)
        #expect(!second.wasFirstPoll)
        #expect(second.notModified)
        #expect(second.documents.isEmpty)
        #expect(second.state == first.state)

        server.serveDocument("/q3.html", text: "<h1>Q3 revised</h1>", etag: "\"v2\"", lastModified: modified + 86_400)
        let third = try await harness.fetcher.poll(source, state: second.state)
        #expect(third.documents.map(text) == ["<h1>Q3 revised</h1>"])
        #expect(third.state.validators[source.url!]?.etag == "\"v2\"")

        let requests = server.requests
        #expect(requests.count == 3)
        #expect(requests[0].header("If-None-Match") == nil)
        #expect(requests[0].header("If-Modified-Since") == nil)
        for request in requests[1...] {
            #expect(request.header("If-None-Match") == "\"v1\"")
            #expect(request.header("If-Modified-Since") == TestHTTPServer.httpDate(modified))
        }
        #expect(requests.allSatisfy { $0.header("User-Agent") == ReportWatchVersion.userAgent })
    }

    @Test func aPageWithoutValidatorsIsFetchedInFullEachTime() async throws {
        let harness = try FetchHarness()
        harness.server.script("/plain", [.ok("same text", contentType: "text/plain")])
        let source = harness.page("/plain")
        let first = try await harness.fetcher.poll(source, state: SourceState())
        let second = try await harness.fetcher.poll(source, state: first.state)
        #expect(first.state.validators.isEmpty)
        #expect(second.documents.map(text) == ["same text"])
        #expect(!second.notModified)
        #expect(harness.server.requests.allSatisfy {
            $0.header("If-None-Match") == nil && $0.header("If-Modified-Since") == nil
        })
    }

    @Test func gzipBodiesArriveDecoded() async throws {
        let harness = try FetchHarness()
        let body = String(repeating: "Net profit rose 8%. ", count: 300)
        harness.server.serveDocument("/z", body: Array(body.utf8), contentType: "text/plain", etag: "\"z\"", gzip: true)
        let result = try await harness.fetcher.poll(harness.page("/z"), state: SourceState())
        #expect(result.documents.map(text) == [body])
    }

    @Test func redirectsAreFollowedAndTheDocumentKeepsTheConfiguredURL() async throws {
        let harness = try FetchHarness()
        harness.server.script("/ir", [.redirect(to: "/ir/2024/q3.html", status: 301)])
        harness.server.script("/ir/2024/q3.html", [.ok("<p>results</p>")])
        let source = harness.page("/ir")
        let result = try await harness.fetcher.poll(source, state: SourceState())
        #expect(result.documents.map(text) == ["<p>results</p>"])
        #expect(result.documents.first?.url == source.url)
        #expect(harness.server.requests.map(\.path) == ["/ir", "/ir/2024/q3.html"])
    }

    @Test func aRedirectLoopFailsWithoutRetrying() async throws {
        let harness = try FetchHarness()
        harness.server.script("/loop", [.redirect(to: "/loop")])
        let error = await #expect(throws: FetchError.self) {
            try await harness.fetcher.poll(harness.page("/loop"), state: SourceState())
        }
        #expect(error?.source == "acme-results")
        #expect(error?.location.contains("/loop") == true)
        #expect(error?.reason.lowercased().contains("redirect") == true)
        #expect(harness.server.requests.count == 6)
        #expect(harness.clock.sleeps.isEmpty)
    }

    @Test func aRedirectToAFileURLIsRefused() async throws {
        let harness = try FetchHarness()
        harness.server.script("/evil", [.redirect(to: "file:///etc/passwd")])
        let error = await #expect(throws: FetchError.self) {
            try await harness.fetcher.poll(harness.page("/evil"), state: SourceState())
        }
        #expect(error?.reason.contains("file") == true)
        #expect(harness.server.requests.count == 1)
    }

    @Test func aBodyOverTheCapFailsWithoutRetrying() async throws {
        var settings = FetchHarness.quickSettings
        settings.maxBodySize = 1_000
        let harness = try FetchHarness(settings: settings)
        harness.server.script("/huge", [.ok(String(repeating: "x", count: 5_000), contentType: "text/plain")])
        let error = await #expect(throws: FetchError.self) {
            try await harness.fetcher.poll(harness.page("/huge"), state: SourceState())
        }
        #expect(error?.reason.contains("larger than 1000 bytes") == true)
        #expect(harness.server.requests.count == 1)
    }

    @Test func aSlowServerTimesOutAndIsRetriedWithinThePass() async throws {
        var settings = FetchHarness.quickSettings
        settings.timeout = .milliseconds(200)
        settings.retries = 1
        let harness = try FetchHarness(settings: settings)
        harness.server.script("/slow", [TestHTTPServer.Response.ok("late").delayed(by: .seconds(1))])
        let error = await #expect(throws: FetchError.self) {
            try await harness.fetcher.poll(harness.page("/slow"), state: SourceState())
        }
        #expect(error?.reason.contains("timed out") == true)
        #expect(error?.reason.contains("after 2 attempts") == true)
        #expect(harness.server.requests.count == 2)
        #expect(harness.clock.sleeps == [.milliseconds(100)])
    }

    @Test func a500IsRetriedWithBackOffAndCanRecover() async throws {
        let harness = try FetchHarness()
        harness.server.script("/flaky", [.status(500), .status(502), .ok("finally")])
        let result = try await harness.fetcher.poll(harness.page("/flaky"), state: SourceState())
        #expect(result.documents.map(text) == ["finally"])
        #expect(harness.server.requests.count == 3)
        #expect(harness.clock.sleeps == [.milliseconds(100), .milliseconds(200)])
    }

    @Test func persistent500sFailThePassNamingSourceURLAndStatusButNotTheBody() async throws {
        let harness = try FetchHarness()
        harness.server.script("/down", [.status(500, "stack trace with password=hunter2")])
        let source = harness.page("/down", name: "broken-bank")
        let error = await #expect(throws: FetchError.self) {
            try await harness.fetcher.poll(source, state: SourceState())
        }
        #expect(error?.status == 500)
        #expect(error?.description == "source 'broken-bank': \(source.url!): HTTP 500 (after 3 attempts)")
        #expect(harness.server.requests.count == 3)
    }

    @Test func retryAfterIsHonoured() async throws {
        let harness = try FetchHarness()
        harness.server.script("/busy", [.retryAfter(7), .ok("served")])
        let result = try await harness.fetcher.poll(harness.page("/busy"), state: SourceState())
        #expect(result.documents.map(text) == ["served"])
        #expect(harness.clock.sleeps == [.seconds(7)])
        #expect(harness.server.requests.count == 2)
    }

    @Test func a429WithALongRetryAfterEndsThePassAtOnce() async throws {
        let harness = try FetchHarness()
        harness.server.script("/limited", [.retryAfter(3600, status: 429)])
        let error = await #expect(throws: FetchError.self) {
            try await harness.fetcher.poll(harness.page("/limited"), state: SourceState())
        }
        #expect(error?.status == 429)
        #expect(error?.retryAfter == .seconds(3600))
        #expect(harness.server.requests.count == 1)
        #expect(harness.clock.sleeps.isEmpty)
    }

    @Test func a404IsNotRetried() async throws {
        let harness = try FetchHarness()
        let error = await #expect(throws: FetchError.self) {
            try await harness.fetcher.poll(harness.page("/missing"), state: SourceState())
        }
        #expect(error?.reason == "HTTP 404")
        #expect(harness.server.requests.count == 1)
    }

    @Test func aDroppedConnectionIsRetried() async throws {
        let harness = try FetchHarness()
        harness.server.script("/drop", [.closeWithoutAnswer(), .ok("back")])
        let result = try await harness.fetcher.poll(harness.page("/drop"), state: SourceState())
        #expect(result.documents.map(text) == ["back"])
        #expect(harness.server.requests.count == 2)
    }

    @Test func cancellingAPollEndsItPromptly() async throws {
        let harness = try FetchHarness()
        harness.server.script("/slow", [TestHTTPServer.Response.ok("late").delayed(by: .seconds(3))])
        let fetcher = harness.fetcher
        let source = harness.page("/slow")
        let poll = Task { () -> String? in
            do {
                _ = try await fetcher.poll(source, state: SourceState())
                return nil
            } catch let error as FetchError {
                return error.reason
            } catch {
                return nil
            }
        }
        _ = await harness.server.waitForRequests(1, timeout: .seconds(2))
        let started = ContinuousClock.now
        poll.cancel()
        #expect(await poll.value == "cancelled")
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(harness.server.requests.count == 1)
    }

    @Test func localSourcesAreReadThroughTheFetcher() async throws {
        let harness = try FetchHarness()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("second".utf8).write(to: directory.appendingPathComponent("2024-q2.txt"))
        try Data("first".utf8).write(to: directory.appendingPathComponent("2024-q1.txt"))
        let source = SourceConfig(name: "folder", kind: .directory, path: directory.path, interval: .seconds(60))
        let result = try await harness.fetcher.poll(source, state: SourceState())
        #expect(result.documents.map(text) == ["first", "second"])
        #expect(harness.server.requests.isEmpty)
    }
}
