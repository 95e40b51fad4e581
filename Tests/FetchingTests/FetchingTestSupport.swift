import Fetching
import Foundation
import HTTPTransport
import ReportModel
import ReportWatchTesting

/// A fetcher against loopback servers, with a clock that never really sleeps.
struct FetchHarness {
    let server: TestHTTPServer
    let client: CurlHTTPClient
    let clock: FastForwardClock
    let fetcher: SourceFetcher

    init(settings: FetchSettings = FetchHarness.quickSettings) throws {
        server = try TestHTTPServer()
        client = CurlHTTPClient(maxConcurrent: 16, proxy: .direct)
        clock = FastForwardClock()
        fetcher = SourceFetcher(client: client, settings: settings, clock: clock)
    }

    static let quickSettings = FetchSettings(
        timeout: .seconds(5), connectTimeout: .seconds(2), retries: 2, retryBackoffBase: .milliseconds(100))

    func page(_ path: String, name: String = "acme-results") -> SourceConfig {
        SourceConfig(name: name, kind: .page, url: server.url(path), interval: .seconds(3600))
    }
}

func text(_ document: FetchedDocument) -> String { String(decoding: document.body, as: UTF8.self) }

/// SplitMix64: a seeded generator, so a jitter test sees the same numbers every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
