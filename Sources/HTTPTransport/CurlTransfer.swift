import ReportModel
import CCurl
import Foundation

/// One exchange in flight. Created by the caller, then touched only by the driver thread (from the submission on),
/// which resumes the continuation exactly once.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    /// Unchecked: `finish` resumes it at most once (`isFinished`), and a checked one costs an allocation per request.
    var continuation: UnsafeContinuation<Result<HTTPResponse, HTTPError>, Never>?
    private(set) var isFinished = false
    private(set) var easy: UnsafeMutableRawPointer?

    private var body: [UInt8] = []
    private var headers: [HTTPHeaders.Field] = []
    private var bodyTooLarge = false
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init(request: HTTPRequest) {
        self.request = request
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// Set by the driver as it takes the transfer from its inbox; from then on `continuation` (set by the caller
    /// before it submits) is the driver's to read.
    var isSubmitted = false
    /// Kept until the caller can be resumed: a cancellation can overtake the submission and finish the transfer first.
    private var answer: Result<HTTPResponse, HTTPError>?

    func finish(_ outcome: Result<HTTPResponse, HTTPError>) {
        if !isFinished {
            isFinished = true
            body = []
            answer = outcome
        }
        resumeCaller()
    }

    /// Hands the outcome to the caller once both are there.
    func resumeCaller() {
        guard isSubmitted, let continuation, let answer else { return }
        self.continuation = nil
        self.answer = nil
        continuation.resume(returning: answer)
    }

    /// Forgets the easy handle once it has left the multi handle.
    func detach() {
        easy = nil
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
    }

    /// Sets every option of the exchange; returns the error of an option libcurl refused.
    func configure(_ easy: UnsafeMutableRawPointer, defaults: TransferDefaults) -> HTTPError? {
        self.easy = easy
        var failure: (String, CURLcode)?
        func check(_ code: CURLcode, _ what: String) {
            if code != CURLE_OK, failure == nil { failure = (what, code) }
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        check(rw_easy_setopt_private(easy, context), "private")
        check(rw_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer), "error buffer")
        check(rw_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1), "nosignal")
        check(rw_easy_setopt_string(easy, CURLOPT_URL, request.url), "url")
        check(rw_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"), "protocols")
        check(rw_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"), "redirect protocols")
        check(rw_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0), "follow")
        check(rw_easy_setopt_long(easy, CURLOPT_MAXREDIRS, max(0, request.maxRedirects)), "max redirects")
        // "" offers every encoding this libcurl decodes (gzip, deflate, br, zstd) and decodes the body.
        check(rw_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""), "accept encoding")
        check(rw_easy_setopt_string(easy, CURLOPT_USERAGENT, defaults.userAgent), "user agent")
        check(rw_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)),
              "connect timeout")
        check(rw_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout)), "timeout")
        check(rw_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1), "verify peer")
        check(rw_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2), "verify host")
        if let caFile = request.caFile {
            check(rw_easy_setopt_string(easy, CURLOPT_CAINFO, caFile), "CA file")
        }
        // A Content-Length over the cap is refused before any byte of body; the write callback catches the rest.
        check(rw_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, request.maxBodySize), "max file size")
        check(rw_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteBody), "write function")
        check(rw_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context), "write data")
        check(rw_easy_setopt_header_callback(easy, curlWriteHeader), "header function")
        check(rw_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context), "header data")
        configureProxy(easy, defaults: defaults, check: check)
        configureMethod(easy, check: check)
        configureHeaders(easy, check: check)
        if let (what, code) = failure {
            let kind: HTTPError.Kind = code == CURLE_UNSUPPORTED_PROTOCOL ? .protocolNotAllowed : .other
            let text = String(cString: curl_easy_strerror(code))
            return HTTPError(kind: kind, url: request.url, message: "\(what): \(text)")
        }
        return nil
    }

    private func configureProxy(
        _ easy: UnsafeMutableRawPointer, defaults: TransferDefaults, check: (CURLcode, String) -> Void
    ) {
        if let proxy = request.proxy {
            check(rw_easy_setopt_string(easy, CURLOPT_PROXY, proxy), "proxy")
            return
        }
        switch defaults.proxy {
        case .environment:
            break
        case .direct:
            check(rw_easy_setopt_string(easy, CURLOPT_PROXY, ""), "proxy")
        case .url(let url, let noProxy):
            check(rw_easy_setopt_string(easy, CURLOPT_PROXY, url), "proxy")
            if let noProxy { check(rw_easy_setopt_string(easy, CURLOPT_NOPROXY, noProxy), "no proxy") }
        }
    }

    private func configureMethod(_ easy: UnsafeMutableRawPointer, check: (CURLcode, String) -> Void) {
        let method = request.method.uppercased()
        if let body = request.body {
            check(rw_easy_setopt_long(easy, CURLOPT_POST, 1), "post")
            check(rw_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, body.count), "body size")
            // COPYPOSTFIELDS copies the bytes now, so the array need not outlive this call.
            // An empty array may have no storage; one dummy byte gives a valid pointer, and the size stays 0.
            var bytes = body.isEmpty ? [0] : body
            let code = bytes.withUnsafeMutableBytes { buffer in
                rw_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, buffer.baseAddress)
            }
            check(code, "body")
            if method != "POST" { check(rw_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method), "method") }
        } else if method == "HEAD" {
            check(rw_easy_setopt_long(easy, CURLOPT_NOBODY, 1), "head")
        } else if method == "GET" {
            check(rw_easy_setopt_long(easy, CURLOPT_HTTPGET, 1), "get")
        } else {
            check(rw_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method), "method")
        }
    }

    private func configureHeaders(_ easy: UnsafeMutableRawPointer, check: (CURLcode, String) -> Void) {
        var list: UnsafeMutablePointer<curl_slist>?
        for field in request.headers {
            // "Name;" is curl's way to send a header with an empty value; "Name:" would remove it.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            list = curl_slist_append(list, line)
        }
        // libcurl would otherwise wait up to a second for "100 Continue" before sending a larger body.
        if request.body != nil, !request.headers.contains("Expect") {
            list = curl_slist_append(list, "Expect:")
        }
        headerList = list
        if let list { check(rw_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list), "headers") }
    }

    // MARK: Callbacks (driver thread)

    fileprivate func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= request.maxBodySize else {
            bodyTooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    fileprivate func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: "HTTP/".utf8) {
            // A new response (after a redirect or a 100 Continue): keep the last one's headers only.
            headers.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.trimmed(bytes[..<colon])
        let value = Self.trimmed(bytes[(colon + 1)...])
        guard !name.isEmpty else { return }
        headers.append(HTTPHeaders.Field(
            name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0d || $0 == 0x0a }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return bytes[bytes.startIndex..<bytes.startIndex] }
        return bytes[first...last]
    }

    // MARK: Completion (driver thread)

    func outcome(easy: UnsafeMutableRawPointer, result: CURLcode) -> Result<HTTPResponse, HTTPError> {
        var effective: UnsafeMutablePointer<CChar>?
        rw_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &effective)
        let effectiveURL = effective.map { String(cString: $0) } ?? request.url
        guard result == CURLE_OK else {
            // Name the URL the source asked for; a redirect's target only explains the failure.
            var failure = error(for: result, url: request.url)
            var followed = 0
            rw_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &followed)
            if followed > 0 || result == CURLE_TOO_MANY_REDIRECTS {
                failure.message = "redirected to \(URLRedaction.redacted(effectiveURL)): \(failure.message)"
            }
            return .failure(failure)
        }
        var status = 0
        rw_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var redirects = 0
        rw_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &redirects)
        var total = 0, connect = 0, firstByte = 0
        rw_easy_getinfo_off(easy, CURLINFO_TOTAL_TIME_T, &total)
        rw_easy_getinfo_off(easy, CURLINFO_CONNECT_TIME_T, &connect)
        rw_easy_getinfo_off(easy, CURLINFO_STARTTRANSFER_TIME_T, &firstByte)
        let timing = HTTPTiming(
            connect: .microseconds(connect), firstByte: .microseconds(firstByte), total: .microseconds(total),
            redirects: redirects)
        let response = HTTPResponse(
            status: status, headers: HTTPHeaders(fields: headers), body: body,
            effectiveURL: effectiveURL, timing: timing)
        return .success(response)
    }

    private func error(for code: CURLcode, url: String) -> HTTPError {
        let buffered = String(cString: errorBuffer)
        let text = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        let kind: HTTPError.Kind
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_FILESIZE_EXCEEDED:
            kind = .tooLarge
        case CURLE_WRITE_ERROR where bodyTooLarge:
            kind = .tooLarge
        case CURLE_UNSUPPORTED_PROTOCOL:
            kind = .protocolNotAllowed
        case CURLE_TOO_MANY_REDIRECTS:
            kind = .redirectLoop
        case CURLE_URL_MALFORMAT:
            kind = .invalidURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_GOT_NOTHING,
            CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR,
            CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_HTTP3, CURLE_PROXY, CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING:
            kind = .connection
        default:
            kind = .other
        }
        if kind == .tooLarge {
            return HTTPError(kind: kind, url: url, message: "body larger than \(request.maxBodySize) bytes (\(text))")
        }
        return HTTPError(kind: kind, url: url, message: text)
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

private typealias CurlDataCallback = @convention(c) (
    UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
) -> Int

private let curlWriteBody: CurlDataCallback = {
    data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    // Returning fewer bytes than given makes libcurl abort the transfer with CURLE_WRITE_ERROR.
    return transfer.appendBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private let curlWriteHeader: CurlDataCallback = {
    data, size, count, context in
    let length = size * count
    guard let context, let data, length > 0 else { return length }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}
