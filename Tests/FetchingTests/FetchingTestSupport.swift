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
