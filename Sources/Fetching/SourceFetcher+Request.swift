import Foundation
import HTTPTransport
import Logging
import ReportModel

extension SourceFetcher {
    /// One URL, politely, with the retries of this pass. Returns a 2xx or a 304; anything else throws.
    func fetch(
        _ url: String, for source: SourceConfig, accept: String, validators: Validators?
    ) async throws(FetchError) -> HTTPResponse {
        var headers: HTTPHeaders = ["User-Agent": settings.userAgent, "Accept": accept]
        if let etag = validators?.etag { headers.add("If-None-Match", etag) }
        if let lastModified = validators?.lastModified { headers.add("If-Modified-Since", lastModified) }
        let request = HTTPRequest(
            url: url, headers: headers, connectTimeout: settings.connectTimeout, timeout: settings.timeout,
            maxBodySize: settings.maxBodySize, caFile: source.caFile)
        let host = Self.hostKey(url)
        var attempt = 0
        while true {
            attempt += 1
            await limiter.acquire(host)
            let outcome: Result<HTTPResponse, HTTPError>
            do {
                outcome = .success(try await client.send(request))
            } catch {
                outcome = .failure(error)
            }
            limiter.release(host)

            var failure: FetchError
            var wait = settings.retryBackoffBase * (1 << min(attempt - 1, 20))
            switch outcome {
            case .success(let response) where response.isSuccess || response.status == 304:
                return response
            case .success(let response) where response.status == 429 || response.status >= 500:
                let retryAfter = response.headers["Retry-After"].flatMap { HTTPDate.retryAfter($0, now: Date()) }
                failure = FetchError(
                    source: source.name, location: url, reason: "HTTP \(response.status)", status: response.status,
                    retryAfter: retryAfter)
                if let retryAfter {
                    guard retryAfter <= settings.maxRetryWait else {
                        failure.reasonSuffix("Retry-After \(retryAfter.compactText) is longer than this pass waits")
                        throw failure
                    }
                    wait = max(wait, retryAfter)
                }
            case .success(let response):
                throw FetchError(
                    source: source.name, location: url, reason: "HTTP \(response.status)", status: response.status)
            case .failure(let error):
                failure = FetchError(source: source.name, location: error.url, reason: error.message)
                guard error.isTransient else { throw failure }
            }
            guard attempt <= settings.retries, !Task.isCancelled else {
                throw attempt > 1 ? failure.afterAttempts(attempt) : failure
            }
            logger.debug("retrying", metadata: [
                "source.name": "\(source.name)", "fetch.url": "\(URLRedaction.redacted(url))",
                "fetch.reason": "\(failure.reason)",
                "fetch.attempt": "\(attempt)", "fetch.wait": "\(wait.compactText)",
            ])
            do {
                try await clock.sleep(for: wait)
            } catch {
                throw failure.afterAttempts(attempt)
            }
        }
    }

    /// Politeness is per host and port, taken from the URL as written (parsed by hand: this runs for every request,
    /// and URLComponents is slow here).
    public static func hostKey(_ url: String) -> String {
        guard let schemeEnd = schemeSeparator(in: url) else { return url }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let rest = url[schemeEnd.upperBound...]
        var authority = rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex)]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let hostPart: Substring
        var port: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
        }
        let portText = port.flatMap { $0.isEmpty ? nil : String($0) } ?? (scheme == "https" ? "443" : "80")
        return "\(hostPart.lowercased()):\(portText)"
    }

    /// Where "://" is, found on the UTF-8 view (Foundation's `range(of:)` costs microseconds per call).
    private static func schemeSeparator(in url: String) -> Range<String.Index>? {
        let bytes = url.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: ":") {
                let slash1 = bytes.index(after: index)
                if slash1 != bytes.endIndex, bytes[slash1] == UInt8(ascii: "/") {
                    let slash2 = bytes.index(after: slash1)
                    if slash2 != bytes.endIndex, bytes[slash2] == UInt8(ascii: "/") {
                        return index..<bytes.index(after: slash2)
                    }
                }
            }
            index = bytes.index(after: index)
        }
        return nil
    }

}

extension FetchError {
    fileprivate func afterAttempts(_ attempts: Int) -> FetchError {
        var copy = self
        copy.reason += " (after \(attempts) attempts)"
        return copy
    }

    fileprivate mutating func reasonSuffix(_ text: String) {
        reason += "; \(text)"
    }
}

