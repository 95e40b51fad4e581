/// Performs HTTP exchanges. `CurlHTTPClient` is the real one.
public protocol HTTPClient: Sendable {
    /// Any HTTP status is a response; only a failure to get one throws.
    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse
}

/// Where requests go through.
public enum ProxyConfiguration: Sendable, Hashable {
    /// libcurl's reading of `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` (and their upper-case forms,
    /// except `HTTP_PROXY`, which CGI servers can be made to set).
    case environment
    /// Always direct, whatever the environment says.
    case direct
    /// This proxy (`http://host:port`, `socks5h://host:port`), except for hosts in the comma-separated `noProxy`.
    case url(String, noProxy: String? = nil)
}
