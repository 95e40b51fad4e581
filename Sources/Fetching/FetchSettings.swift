import HTTPTransport
import ReportModel

/// How politely and how patiently sources are fetched.
public struct FetchSettings: Sendable, Hashable {
    public var userAgent: String
    /// Transfers in progress to one host (host and port) at once, across all sources.
    public var perHostConcurrency: Int
    /// Least time between the starts of two requests to one host.
    public var perHostMinimumDelay: Duration
    /// For one request, redirects included.
    public var timeout: Duration
    public var connectTimeout: Duration
    public var maxBodySize: Int
    /// Further attempts within one pass after a network error, a 5xx or a 429.
    public var retries: Int
    /// The wait before the first retry; it doubles for each further one.
    public var retryBackoffBase: Duration
    /// A longer wait (from Retry-After, say) ends the pass instead; the source's own back-off takes over.
    public var maxRetryWait: Duration

    public init(
        userAgent: String = ReportWatchVersion.userAgent, perHostConcurrency: Int = 2,
        perHostMinimumDelay: Duration = .zero, timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        maxBodySize: Int = HTTPRequest.defaultMaxBodySize, retries: Int = 2, retryBackoffBase: Duration = .seconds(1),
        maxRetryWait: Duration = .seconds(60)
    ) {
        self.userAgent = userAgent
        self.perHostConcurrency = max(1, perHostConcurrency)
        self.perHostMinimumDelay = perHostMinimumDelay
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxBodySize = maxBodySize
        self.retries = max(0, retries)
        self.retryBackoffBase = retryBackoffBase
        self.maxRetryWait = maxRetryWait
    }
}
