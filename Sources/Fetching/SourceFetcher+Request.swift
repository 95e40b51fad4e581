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

    /// Politeness is per host and port, taken from the URL as written. Parsed by hand on the UTF-8 bytes: this runs
    /// for every request, and URLComponents (or Character-wise string slicing) costs microseconds per call.
    public static func hostKey(_ url: String) -> String {
        var url = url
        return url.withUTF8 { hostKey(utf8: $0) } ?? url
    }

    /// nil when there is no "://".
    private static func hostKey(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let colon = UInt8(ascii: ":"), slash = UInt8(ascii: "/")
        var schemeEnd = 0
        while true {
            guard schemeEnd + 2 < bytes.count else { return nil }
            if bytes[schemeEnd] == colon, bytes[schemeEnd + 1] == slash, bytes[schemeEnd + 2] == slash { break }
            schemeEnd += 1
        }
        let isHTTPS = schemeEnd == 5 && zip(bytes[0..<5], "https".utf8).allSatisfy { $0 | 0x20 == $1 }
        var start = schemeEnd + 3
        var end = start
        while end < bytes.count, bytes[end] != slash, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") {
            if bytes[end] == UInt8(ascii: "@") { start = end + 1 }
            end += 1
        }
        var hostEnd = end
        var portStart = end
        if start < end, bytes[start] == UInt8(ascii: "["),
           let close = bytes[start..<end].firstIndex(of: UInt8(ascii: "]"))
        {
            hostEnd = close + 1
            if hostEnd < end, bytes[hostEnd] == colon { portStart = hostEnd + 1 }
        } else if let lastColon = bytes[start..<end].lastIndex(of: colon) {
            hostEnd = lastColon
            portStart = lastColon + 1
        }
        let host = UnsafeBufferPointer(rebasing: bytes[start..<hostEnd])
        let port = UnsafeBufferPointer(rebasing: bytes[portStart..<end])
        let lowered = host.contains { $0 >= 0x80 }
            ? String(decoding: host, as: UTF8.self).lowercased()
            : String(unsafeUninitializedCapacity: host.count) { out in
                for (index, byte) in host.enumerated() {
                    out[index] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                }
                return host.count
            }
        let portText = port.isEmpty ? (isHTTPS ? "443" : "80") : String(decoding: port, as: UTF8.self)
        return lowered + ":" + portText
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

