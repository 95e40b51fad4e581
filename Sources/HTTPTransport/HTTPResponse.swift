/// The final response of an exchange (after any redirects that were followed).
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// The final response's headers only.
    public var headers: HTTPHeaders
    /// Decoded (gzip, deflate, br and zstd are undone).
    public var body: [UInt8]
    /// The URL that answered, after redirects.
    public var effectiveURL: String
    public var timing: HTTPTiming

    public init(
        status: Int, headers: HTTPHeaders, body: [UInt8], effectiveURL: String, timing: HTTPTiming = HTTPTiming()
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
        self.timing = timing
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Where the time of one exchange went, as libcurl measured it.
public struct HTTPTiming: Sendable, Hashable {
    /// Until the connection was made (zero when a pooled connection was reused).
    public var connect: Duration
    /// Until the first byte of the response.
    public var firstByte: Duration
    public var total: Duration
    public var redirects: Int

    public init(connect: Duration = .zero, firstByte: Duration = .zero, total: Duration = .zero, redirects: Int = 0) {
        self.connect = connect
        self.firstByte = firstByte
        self.total = total
        self.redirects = redirects
    }
}
