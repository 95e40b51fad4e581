/// One HTTP exchange to perform.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    /// An absolute `http` or `https` URL.
    public var url: String
    public var headers: HTTPHeaders
    /// Sent as is (libcurl copies it); nil sends none.
    public var body: [UInt8]?
    public var connectTimeout: Duration
    /// For the whole exchange, redirects included.
    public var timeout: Duration
    public var followRedirects: Bool
    public var maxRedirects: Int
    /// Bytes of decoded body past which the transfer is aborted with `HTTPError.Kind.tooLarge`.
    public var maxBodySize: Int
    /// A CA bundle to verify the peer with, instead of the system's.
    public var caFile: String?
    /// Overrides the client's proxy: a proxy URL, or "" for a direct connection.
    public var proxy: String?

    public static let defaultMaxBodySize = 20 * 1024 * 1024

    public init(
        method: String = "GET", url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30), followRedirects: Bool = true,
        maxRedirects: Int = 5, maxBodySize: Int = HTTPRequest.defaultMaxBodySize, caFile: String? = nil,
        proxy: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.maxBodySize = maxBodySize
        self.caFile = caFile
        self.proxy = proxy
    }
}
