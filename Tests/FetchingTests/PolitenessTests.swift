import Fetching
import Foundation
import HTTPTransport
import ReportModel
import ReportWatchTesting
import Testing

@Suite struct PolitenessTests {
    @Test func concurrentPollsOfOneHostStayWithinThePerHostLimit() async throws {
        let settings = FetchSettings(perHostConcurrency: 2, timeout: .seconds(5), retries: 0)
        let busy = try TestHTTPServer()
        let other = try TestHTTPServer()
        let client = CurlHTTPClient(maxConcurrent: 32, proxy: .direct)
        let fetcher = SourceFetcher(client: client, settings: settings, clock: FastForwardClock())
        for index in 0..<8 {
            busy.script("/p\(index)", [TestHTTPServer.Response.ok("page \(index)").delayed(by: .milliseconds(100))])
            other.script("/p\(index)", [TestHTTPServer.Response.ok("other \(index)").delayed(by: .milliseconds(100))])
        }
        let sources = (0..<8).flatMap { index in
            [SourceConfig(name: "busy-\(index)", kind: .page, url: busy.url("/p\(index)"), interval: .seconds(60)),
             SourceConfig(name: "other-\(index)", kind: .page, url: other.url("/p\(index)"), interval: .seconds(60))]
        }
        let started = ContinuousClock.now
        let bodies = try await withThrowingTaskGroup(of: String.self) { group in
            for source in sources {
                group.addTask { try await fetcher.poll(source, state: SourceState()).documents.map(text).joined() }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - started
        #expect(bodies.count == 16)
        #expect(busy.requests.count == 8)
        #expect(busy.peakConcurrentRequests == 2)
        #expect(other.peakConcurrentRequests == 2)
        // 8 requests, 2 at a time, 100 ms each, per host.
        #expect(elapsed >= .milliseconds(390))
        // The two hosts proceed side by side: each request is held 100 ms after arrival, and more than two were
        // held at one moment across both servers.
        let arrivals = (busy.requests + other.requests).map(\.arrival)
        let mostHeldAtOnce = arrivals.map { start in
            arrivals.filter { $0 >= start && $0 < start + .milliseconds(100) }.count
        }.max() ?? 0
        #expect(mostHeldAtOnce > 2)
    }

    @Test func startsToOneHostAreSpacedByTheMinimumDelay() async throws {
        let settings = FetchSettings(perHostConcurrency: 4, perHostMinimumDelay: .milliseconds(150), retries: 0)
        let server = try TestHTTPServer()
        let other = try TestHTTPServer()
        let clock = FastForwardClock()
        let fetcher = SourceFetcher(
            client: CurlHTTPClient(maxConcurrent: 8, proxy: .direct), settings: settings, clock: clock)
        for index in 0..<4 { server.script("/s\(index)", [.ok("s\(index)")]) }
        other.script("/o", [.ok("o")])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                let source = SourceConfig(
                    name: "s\(index)", kind: .page, url: server.url("/s\(index)"), interval: .seconds(60))
                group.addTask { _ = try await fetcher.poll(source, state: SourceState()) }
            }
            try await group.waitForAll()
        }
        #expect(server.requests.count == 4)
        // Starts at 0, 150, 300 and 450 ms on the fetcher's clock, however the four polls interleaved.
        #expect(clock.now.offset == .milliseconds(450))
        #expect(clock.sleeps.reduce(.zero, +) == .milliseconds(450))
        // Another host owes nothing to the first one's spacing.
        let before = clock.now
        _ = try await fetcher.poll(
            SourceConfig(name: "o", kind: .page, url: other.url("/o"), interval: .seconds(60)), state: SourceState())
        #expect(clock.now == before)
    }

    @Test func minimumDelaySpacesRealRequests() async throws {
        let settings = FetchSettings(perHostConcurrency: 4, perHostMinimumDelay: .milliseconds(150), retries: 0)
        let server = try TestHTTPServer()
        let fetcher = SourceFetcher(client: CurlHTTPClient(maxConcurrent: 8, proxy: .direct), settings: settings)
        for index in 0..<4 { server.script("/s\(index)", [.ok("s\(index)")]) }
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                let source = SourceConfig(
                    name: "s\(index)", kind: .page, url: server.url("/s\(index)"), interval: .seconds(60))
                group.addTask { _ = try await fetcher.poll(source, state: SourceState()) }
            }
            try await group.waitForAll()
        }
        let arrivals = server.requests.map(\.arrival).sorted()
        #expect(arrivals.count == 4)
        // Starts are due at 0, 150, 300 and 450 ms, and a request reaches the server only after its start, so each
        // arrival is at least that late (scheduling noise can only add to it).
        for (index, arrival) in arrivals.enumerated() {
            #expect(started.duration(to: arrival) >= .milliseconds(150 * index))
        }
    }

    @Test func oneBrokenSourceDoesNotStopTheOthers() async throws {
        let harness = try FetchHarness()
        harness.server.script("/good", [.ok("fine")])
        harness.server.script("/bad", [.status(500)])
        async let good = harness.fetcher.poll(harness.page("/good", name: "good"), state: SourceState())
        async let bad = harness.fetcher.poll(harness.page("/bad", name: "bad"), state: SourceState())
        let badResult: Result<PollResult, any Error>
        do { badResult = .success(try await bad) } catch { badResult = .failure(error) }
        #expect(try await good.documents.map(text) == ["fine"])
        guard case .failure(let error as FetchError) = badResult else {
            Issue.record("the failing source succeeded")
            return
        }
        #expect(error.source == "bad")
    }
}

@Suite struct SourceBackoffTests {
    @Test func backOffDoublesPerFailedPassAndIsCappedAtEightIntervals() {
        let hour = Duration.seconds(3600)
        let delays = (0...6).map { SourceBackoff.delay(afterFailures: $0, interval: hour) }
        #expect(delays == [hour, hour * 2, hour * 4, hour * 8, hour * 8, hour * 8, hour * 8])
        #expect(SourceBackoff.delay(afterFailures: 1_000, interval: hour) == hour * 8)
        let fromBase = (1...6).map { SourceBackoff.delay(afterFailures: $0, interval: hour, base: .seconds(300)) }
        #expect(fromBase == [600, 1200, 2400, 4800, 9600, 19200].map { Duration.seconds($0) })
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(SourceBackoff.nextCheck(after: start, failures: 2, interval: hour) == start + 4 * 3600)
    }

    @Test func failingIsReportedOnceWhenTheThresholdIsReached() {
        #expect((1...6).filter { SourceBackoff.becameFailing(consecutiveFailures: $0) } == [3])
        #expect((1...6).filter { SourceBackoff.becameFailing(consecutiveFailures: $0, threshold: 5) } == [5])
    }

    @Test func jitterStaysWithinItsFractionAndVaries() {
        var generator = SplitMix64(seed: 42)
        let interval = Duration.seconds(600)
        let samples = (0..<200).map { _ in SourceBackoff.jittered(interval, fraction: 0.1, using: &generator) }
        #expect(samples.allSatisfy { $0 >= .seconds(540) && $0 <= .seconds(660) })
        #expect(Set(samples).count > 150)
        #expect(samples.contains { $0 < .seconds(580) } && samples.contains { $0 > .seconds(620) })
        #expect(SourceBackoff.jittered(interval, fraction: 0) == interval)
    }

    @Test func theSchedulersJitterStaysWithinTenPercentAndVaries() {
        let interval = Duration.seconds(600)
        let samples = (0..<200).map { _ in SourceBackoff.jittered(interval) }
        #expect(samples.allSatisfy { $0 >= .seconds(540) && $0 <= .seconds(660) })
        #expect(Set(samples).count > 150)
        #expect(samples.contains { $0 < .seconds(580) } && samples.contains { $0 > .seconds(620) })
    }
}

@Suite struct HostKeyTests {
    @Test(arguments: [
        ("https://Reports.Example.COM/q3.pdf", "reports.example.com:443"),
        ("http://user:pw@example.com:8080/a?b#c", "example.com:8080"),
        ("http://example.com", "example.com:80"),
        ("http://[::1]:9000/x", "[::1]:9000"),
        ("HTTPS://[2001:db8::1]/", "[2001:db8::1]:443"),
        ("http://127.0.0.1:5000?x=1", "127.0.0.1:5000"),
        ("http://Bücher.Example/katalog", "bücher.example:80"),
        ("http://example.com:/a", "example.com:80"),
        ("http://a@b@Host.example:81#x", "host.example:81"),
        ("https://[::1/broken", "[::1"),
        ("not a url", "not a url"),
    ])
    func hostAndPort(url: String, expected: String) {
        #expect(SourceFetcher.hostKey(url) == expected)
    }
}
