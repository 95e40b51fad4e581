import ReportModel

/// Why an exchange produced no response. Names the URL and libcurl's explanation; never a body or a header value.
public struct HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The connect or total timeout expired.
        case timeout
        /// The body went past `HTTPRequest.maxBodySize`.
        case tooLarge
        /// Name resolution, connection, TLS or a broken exchange.
        case connection
        /// A URL or a redirect to a scheme other than http and https.
        case protocolNotAllowed
        /// More redirects than `HTTPRequest.maxRedirects`.
        case redirectLoop
        /// A URL libcurl cannot read.
        case invalidURL
        /// The caller's task was cancelled.
        case cancelled
        case other
    }

    public var kind: Kind
    public var url: String
    /// libcurl's error text, or ours.
    public var message: String

    /// Credentials in the URL (`user:password@`) are removed.
    public init(kind: Kind, url: String, message: String) {
        self.kind = kind
        self.url = URLRedaction.redacted(url)
        self.message = message
    }

    public var description: String { "\(url): \(message)" }

    /// Whether trying again later may succeed.
    public var isTransient: Bool {
        switch kind {
        case .timeout, .connection, .other: return true
        case .tooLarge, .protocolNotAllowed, .redirectLoop, .invalidURL, .cancelled: return false
        }
    }
}
