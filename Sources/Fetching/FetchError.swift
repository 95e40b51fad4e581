import ReportModel
import HTTPTransport

/// Why a source (or one of its items) could not be polled; names the source and the URL or path.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var location: String
    /// The HTTP status, or libcurl's or the file system's explanation. Never a body or a secret.
    public var reason: String
    /// The last HTTP status, when the server answered.
    public var status: Int?
    /// How long the server asked us to stay away (`Retry-After`), when it said so.
    public var retryAfter: Duration?

    /// Credentials in a URL location (`user:password@`) are removed.
    public init(source: String, location: String, reason: String, status: Int? = nil, retryAfter: Duration? = nil) {
        self.source = source
        self.location = URLRedaction.redacted(location)
        self.reason = reason
        self.status = status
        self.retryAfter = retryAfter
    }

    public var description: String { "source '\(source)': \(location): \(reason)" }
}
