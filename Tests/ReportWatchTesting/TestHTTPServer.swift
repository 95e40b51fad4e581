import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for tests: scripted responses per path, and a record of every request.
///
/// Blocking POSIX sockets with one thread per connection: simple to reason about, and enough for the few hundred
/// connections a test opens (clients keep connections alive). Each response can be delayed, trickled, gzip-encoded or
/// replaced by closing the connection without an answer.
public final class TestHTTPServer: Sendable {
    public typealias Handler = @Sendable (Request) -> Response

    /// A request as the server read it.
    public struct Request: Sendable {
        public var method: String
        /// Path and query, as sent (`/feed.xml?page=2`).
        public var target: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        public var receivedAt: Date
        /// When the request was fully read, on the continuous clock (for spacing and ordering).
        public var arrival: ContinuousClock.Instant
        /// Requests on the same connection share this number.
        public var connection: Int

        /// The path without the query.
        public var path: String { String(target.prefix { $0 != "?" }) }

        /// The first value of the named header, compared case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// What to answer, and how.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        /// Waited before anything is sent.
        public var delay: Duration = .zero
        /// Sends the body in pieces of `bytes`, waiting `interval` before each.
        public var trickle: (bytes: Int, interval: Duration)?
        /// Closes the connection instead of answering.
        public var closeWithoutAnswer = false
        /// Sends the body with `Transfer-Encoding: chunked` (no length known in advance).
        public var chunked = false

        public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        public static func ok(_ body: String, contentType: String = "text/html; charset=utf-8") -> Response {
            ok(Array(body.utf8), contentType: contentType)
        }

        public static func ok(_ body: [UInt8], contentType: String) -> Response {
            Response(status: 200, headers: [("Content-Type", contentType)], body: body)
        }

        public static func status(_ status: Int, _ body: String = "") -> Response {
            Response(status: status, headers: [("Content-Type", "text/plain")], body: Array(body.utf8))
        }

        public static func redirect(to location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [("Location", location)])
        }

        /// A 503 (or another status) asking the client to come back after `seconds`.
        public static func retryAfter(_ seconds: Int, status: Int = 503) -> Response {
            Response(status: status, headers: [("Retry-After", String(seconds))])
        }

        public static func closeWithoutAnswer() -> Response {
            var response = Response()
            response.closeWithoutAnswer = true
            return response
        }

        /// The body gzip-encoded, with `Content-Encoding: gzip`.
        public static func gzipped(_ body: [UInt8], contentType: String) -> Response {
            Response(
                status: 200, headers: [("Content-Type", contentType), ("Content-Encoding", "gzip")],
                body: Gzip.encode(body))
        }

        public func delayed(by delay: Duration) -> Response {
            var copy = self
            copy.delay = delay
            return copy
        }

        public func trickled(bytes: Int, every interval: Duration) -> Response {
            var copy = self
            copy.trickle = (max(1, bytes), interval)
            return copy
        }

        public func chunkedEncoding() -> Response {
            var copy = self
            copy.chunked = true
            return copy
        }

        public func adding(_ name: String, _ value: String) -> Response {
            var copy = self
            copy.headers.append((name, value))
            return copy
        }
    }

    private struct State {
        var handlers: [String: Handler] = [:]
        var requests: [Request] = []
        var openConnections: [Int: Int32] = [:]
        var inFlight = 0
        var peakInFlight = 0
        var stopped = false
    }

    private let state = Mutex(State())
    private let listener: Int32
    private let nextConnection = Atomic<Int>(0)
    private let recordsRequests: Bool
    public let port: Int

    /// Starts listening on 127.0.0.1 on a free port. A load test may turn off `recordRequests` to keep memory flat.
    public init(recordRequests: Bool = true) throws {
        recordsRequests = recordRequests
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw TestHTTPServerError("socket", errno) }
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketFD, 512) == 0 else {
            let code = errno
            close(socketFD)
            throw TestHTTPServerError("bind/listen", code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        listener = socketFD
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in self.acceptLoop() }
        thread.name = "test-http-accept"
        thread.start()
    }

    deinit {
        stop()
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `baseURL` + `path` (which starts with "/").
    public func url(_ path: String) -> String { baseURL + path }

    // MARK: Scripting

    /// Answers requests for `path` (query ignored) with the handler. Unknown paths get 404.
    public func handle(_ path: String, _ handler: @escaping Handler) {
        state.withLock { $0.handlers[path] = handler }
    }

    /// Answers successive requests with these responses in order; the last one repeats.
    public func script(_ path: String, _ responses: [Response]) {
        precondition(!responses.isEmpty, "script needs at least one response")
        let counter = Atomic<Int>(0)
        let responses = ResponseList(responses)
        handle(path) { _ in
            let index = counter.add(1, ordering: .relaxed).oldValue
            return responses.items[min(index, responses.items.count - 1)]
        }
    }

    /// Serves a document with validators, answering 304 to a request whose If-None-Match names the ETag or whose
    /// If-Modified-Since is not older than Last-Modified.
    public func serveDocument(
        _ path: String, body: [UInt8], contentType: String = "text/html; charset=utf-8", etag: String? = nil,
        lastModified: Date? = nil, gzip: Bool = false
    ) {
        let lastModifiedText = lastModified.map(Self.httpDate)
        handle(path) { request in
            var validators: [(name: String, value: String)] = []
            if let etag { validators.append(("ETag", etag)) }
            if let lastModifiedText { validators.append(("Last-Modified", lastModifiedText)) }
            if let etag, let match = request.header("If-None-Match") {
                let tags = match.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if tags.contains(etag) || tags.contains("*") { return Response(status: 304, headers: validators) }
            } else if let lastModified, let since = request.header("If-Modified-Since").flatMap(Self.parseHTTPDate),
                      Int(lastModified.timeIntervalSince1970) <= Int(since.timeIntervalSince1970) {
                return Response(status: 304, headers: validators)
            }
            var response = gzip ? Response.gzipped(body, contentType: contentType) : .ok(body, contentType: contentType)
            response.headers += validators
            return response
        }
    }

    public func serveDocument(
        _ path: String, text: String, contentType: String = "text/html; charset=utf-8", etag: String? = nil,
        lastModified: Date? = nil
    ) {
        serveDocument(path, body: Array(text.utf8), contentType: contentType, etag: etag, lastModified: lastModified)
    }

    // MARK: Records

    /// Every request so far, in arrival order.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// The requests for one path (query ignored).
    public func requests(to path: String) -> [Request] { requests.filter { $0.path == path } }

    /// Waits (polling, bounded by `timeout`) until at least `count` requests, to `path` if given, have arrived;
    /// returns them, possibly fewer when the time ran out.
    public func waitForRequests(
        _ count: Int, to path: String? = nil, timeout: Duration = .seconds(5)
    ) async -> [Request] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let seen = path.map(requests(to:)) ?? requests
            if seen.count >= count || ContinuousClock.now >= deadline { return seen }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The most requests that were between "fully read" and "answer started" at one moment.
    public var peakConcurrentRequests: Int { state.withLock { $0.peakInFlight } }

    /// Forgets the recorded requests and the peak.
    public func clearRecords() {
        state.withLock {
            $0.requests.removeAll()
            $0.peakInFlight = $0.inFlight
        }
    }

    /// Stops accepting and closes every connection. Idempotent.
    public func stop() {
        let connections: [Int32]? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return Array(state.openConnections.values)
        }
        guard let connections else { return }
        // shutdown() wakes the threads blocked in accept() and recv(); each closes its own descriptor.
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        for connection in connections { Glibc.shutdown(connection, Int32(SHUT_RDWR)) }
    }

    // MARK: Serving

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                break
            }
            var yes: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let id = nextConnection.add(1, ordering: .relaxed).newValue
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.openConnections[id] = connection
                return true
            }
            guard accepted else {
                close(connection)
                break
            }
            let thread = Thread { [self] in self.serve(connection, id: id) }
            thread.name = "test-http-\(id)"
            thread.start()
        }
        close(listener)
    }

    private func serve(_ connection: Int32, id: Int) {
        var reader = ConnectionReader(fd: connection)
        defer {
            reader.release()
            state.withLock { _ = $0.openConnections.removeValue(forKey: id) }
            close(connection)
        }
        while let parsed = reader.readRequest() {
            let request = Request(
                method: parsed.method, target: parsed.target, headers: parsed.headers, body: parsed.body,
                receivedAt: Date(), arrival: .now, connection: id)
            let handler = state.withLock { state -> Handler? in
                if recordsRequests { state.requests.append(request) }
                state.inFlight += 1
                state.peakInFlight = max(state.peakInFlight, state.inFlight)
                return state.handlers[request.path]
            }
            let response = handler?(request) ?? .status(404, "not found")
            if response.delay > .zero { Self.sleep(response.delay) }
            // Counted as in flight until the answer starts, so that a client's next request, sent once it has read
            // this answer, can never be seen overlapping with it.
            state.withLock { $0.inFlight -= 1 }
            if response.closeWithoutAnswer { return }
            let keepAlive = parsed.keepAlive && !response.headers.contains { $0.name.lowercased() == "connection" }
            guard write(response, for: request, keepAlive: keepAlive, to: connection), keepAlive else { return }
        }
    }

    private func write(_ response: Response, for request: Request, keepAlive: Bool, to fd: Int32) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        let hasBody = !(request.method == "HEAD" || response.status == 304 || response.status == 204
            || (100..<200).contains(response.status))
        if hasBody {
            head += response.chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: \(response.body.count)\r\n"
        }
        if !keepAlive, !response.headers.contains(where: { $0.name.lowercased() == "connection" }) {
            head += "Connection: close\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        guard hasBody else { return Self.send(fd, bytes) }
        let pieceSize = response.trickle?.bytes ?? max(1, response.body.count)
        var offset = 0
        repeat {
            if let trickle = response.trickle {
                guard Self.send(fd, bytes) else { return false }
                bytes = []
                Self.sleep(trickle.interval)
            }
            let end = min(offset + pieceSize, response.body.count)
            let piece = response.body[offset..<end]
            if response.chunked {
                if !piece.isEmpty { bytes += Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + [13, 10] }
            } else {
                bytes += piece
            }
            offset = end
        } while offset < response.body.count
        if response.chunked { bytes += Array("0\r\n\r\n".utf8) }
        return Self.send(fd, bytes)
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return false }
            sent += result
        }
        return true
    }

    private static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}

public struct TestHTTPServerError: Error, CustomStringConvertible {
    public var description: String

    init(_ call: String, _ code: Int32) {
        description = "test server: \(call) failed: \(String(cString: strerror(code)))"
    }
}

/// Lets a `@Sendable` closure hold responses (their tuples make them non-Hashable, but they are values).
private final class ResponseList: Sendable {
    let items: [TestHTTPServer.Response]
    init(_ items: [TestHTTPServer.Response]) { self.items = items }
}

/// Reads HTTP/1.1 requests from a blocking socket.
private struct ConnectionReader {
    struct Parsed {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var keepAlive: Bool
    }

    let fd: Int32
    var buffer: [UInt8] = []
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 1)

    init(fd: Int32) { self.fd = fd }

    func release() { scratch.deallocate() }

    mutating func readRequest() -> Parsed? {
        var headEnd = Self.find([13, 10, 13, 10], in: buffer)
        while headEnd == nil {
            guard fill() else { return nil }
            headEnd = Self.find([13, 10, 13, 10], in: buffer)
        }
        guard let headEnd else { return nil }
        // Parsed as bytes: this server also serves load measurements.
        var lines = buffer[..<headEnd].split(separator: 13, omittingEmptySubsequences: false).map { line in
            line.first == 10 ? line.dropFirst() : line
        }
        buffer.removeFirst(headEnd + 4)
        let requestLine = lines.removeFirst().split(separator: 0x20)
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            headers.append((Self.text(line[..<colon]), Self.text(line[(colon + 1)...])))
        }
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        if header("expect")?.lowercased() == "100-continue" {
            guard TestHTTPServer.send(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
        }
        var body: [UInt8] = []
        if header("transfer-encoding")?.lowercased().contains("chunked") == true {
            guard let chunked = readChunked() else { return nil }
            body = chunked
        } else if let length = header("content-length").flatMap(Int.init), length > 0 {
            while buffer.count < length { guard fill() else { return nil } }
            body = Array(buffer[..<length])
            buffer.removeFirst(length)
        }
        let version = Self.text(requestLine[2])
        let connection = header("connection")?.lowercased()
        let keepAlive = version == "HTTP/1.1" ? connection != "close" : connection == "keep-alive"
        return Parsed(
            method: Self.text(requestLine[0]), target: Self.text(requestLine[1]), headers: headers, body: body,
            keepAlive: keepAlive)
    }

    /// The bytes as text, without surrounding spaces and tabs.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    private mutating func readChunked() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            var lineEnd = Self.find([13, 10], in: buffer)
            while lineEnd == nil {
                guard fill() else { return nil }
                lineEnd = Self.find([13, 10], in: buffer)
            }
            let sizeText = String(decoding: buffer[..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            buffer.removeFirst(lineEnd! + 2)
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            while buffer.count < size + 2 { guard fill() else { return nil } }
            body += buffer[..<size]
            buffer.removeFirst(size + 2)
            if size == 0 { return body }
        }
    }

    private mutating func fill() -> Bool {
        while true {
            let count = recv(fd, scratch.baseAddress, scratch.count, 0)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            return true
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay -> Int? in
            var start = 0
            while start <= hay.count - needle.count {
                if hay[start] == needle[0] {
                    var matched = 1
                    while matched < needle.count, hay[start + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return start }
                }
                start += 1
            }
            return nil
        }
    }
}

extension TestHTTPServer {
    /// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form HTTP dates take.
    public static func httpDate(_ date: Date) -> String {
        dateFormatter().string(from: date)
    }

    public static func parseHTTPDate(_ text: String) -> Date? {
        dateFormatter().date(from: text)
    }

    private static func dateFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
