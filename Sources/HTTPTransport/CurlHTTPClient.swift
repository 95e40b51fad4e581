import CCurl
import Foundation
import ReportModel

/// An `HTTPClient` over libcurl's multi interface.
///
/// One dedicated thread drives every transfer with `curl_multi_poll`; callers wait on continuations, so Swift's
/// cooperative pool never blocks. One thread suffices: the work per transfer is a few system calls, and a single multi
/// handle shares one connection cache and one DNS cache, so keep-alive connections are reused across all requests.
/// `maxConcurrent` bounds the transfers in progress; the rest wait in a queue, in order.
public final class CurlHTTPClient: HTTPClient {
    private let driver: CurlMultiDriver

    public init(
        maxConcurrent: Int = 64, userAgent: String = ReportWatchVersion.userAgent,
        proxy: ProxyConfiguration = .environment
    ) {
        driver = CurlMultiDriver(
            maxConcurrent: max(1, maxConcurrent), defaults: TransferDefaults(userAgent: userAgent, proxy: proxy))
    }

    deinit {
        driver.shutdown()
    }

    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        if Task.isCancelled {
            throw HTTPError(kind: .cancelled, url: request.url, message: "cancelled before it started")
        }
        let transfer = CurlTransfer(request: request)
        let driver = self.driver
        let result = await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                transfer.continuation = continuation
                driver.submit(transfer)
            }
        } onCancel: {
            driver.cancel(transfer)
        }
        return try result.get()
    }
}

struct TransferDefaults: Sendable {
    var userAgent: String
    var proxy: ProxyConfiguration
}
