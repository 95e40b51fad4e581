import Foundation
import HTTPTransport

#if canImport(Glibc)
import Glibc
#endif

/// A single-threaded HTTP/1.1 origin for the poll, pipeline and delivery rows, run as its own process
/// (`suite-bench serve`) so its CPU and memory never count towards the side being measured.
///
/// - `GET /p/<i>`: page i of a deterministic set, with `ETag` and `Last-Modified`; answers 304 to a matching
///   `If-None-Match` (or, without one, a matching `If-Modified-Since`).
/// - `GET /_phase/<k>`: moves to phase k. In phase k, exactly the pages with (7·i + k) mod 10 = 0 have a new version
///   compared with phase k − 1, so each bump changes 10% of the pages.
/// - `POST <anything else>`: reads the body and answers 204 (the webhook receiver of the delivery row).
final class LoopbackServer {
    let pageBytes: Int
    private(set) var phase = 0
    private var listeners: [Int32] = []
    private var connections: [Int32] = []
    private var buffers: [Int32: [UInt8]] = [:]
    private var pending: [Int32: [UInt8]] = [:]

    init(pageBytes: Int) {
        self.pageBytes = pageBytes
    }

    /// Binds `count` listening sockets on 127.0.0.1 (ports chosen by the kernel) and returns their ports.
    func listen(count: Int) throws -> [Int] {
        var ports: [Int] = []
        for _ in 0..<count {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw BenchError("socket() failed: errno \(errno)") }
            var one: Int32 = 1
            setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            Self.makeNonBlocking(socket)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, Glibc.listen(socket, 4096) == 0 else { throw BenchError("bind/listen failed: errno \(errno)") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
            }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
            listeners.append(socket)
        }
        return ports
    }

    static func makeNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    /// poll(2) rather than epoll (not exported by Swift's Glibc module): the clients keep at most a few hundred
    /// connections open, so scanning them per wake-up is cheap next to the requests themselves.
    func run() -> Never {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let readable = Int16(POLLIN)
        let writable = Int16(POLLOUT)
        while true {
            var fds = listeners.map { pollfd(fd: $0, events: readable, revents: 0) }
            fds += connections.map { pollfd(fd: $0, events: readable | (pending[$0]?.isEmpty == false ? writable : 0), revents: 0) }
            if poll(&fds, nfds_t(fds.count), -1) <= 0 { continue }
            var closing: Set<Int32> = []
            for entry in fds where entry.revents != 0 {
                let fd = entry.fd
                if entry.events & writable != 0 && entry.revents & writable != 0 { flush(fd) }
                if listeners.contains(fd) {
                    while true {
                        let client = accept(fd, nil, nil)
                        if client < 0 { break }
                        Self.makeNonBlocking(client)
                        var one: Int32 = 1
                        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                        buffers[client] = []
                        connections.append(client)
                    }
                    continue
                }
                guard entry.revents & (readable | Int16(POLLHUP) | Int16(POLLERR)) != 0 else { continue }
                var closed = false
                while true {
                    let count = Glibc.read(fd, &chunk, chunk.count)
                    if count > 0 {
                        buffers[fd, default: []].append(contentsOf: chunk[0..<count])
                        if count < chunk.count { break }
                    } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                        closed = true
                        break
                    } else {
                        break
                    }
                }
                if !closed { closed = !handleRequests(fd) }
                if closed { closing.insert(fd) }
            }
            if !closing.isEmpty {
                for fd in closing { close(fd) }
                connections.removeAll { closing.contains($0) }
            }
        }
    }

    private func close(_ fd: Int32) {
        buffers[fd] = nil
        pending[fd] = nil
        Glibc.close(fd)
    }

    /// Answers every complete request in the connection's buffer; false when the connection should close.
    private func handleRequests(_ fd: Int32) -> Bool {
        var keepAlive = true
        while var buffer = buffers[fd], let headerEnd = Self.find(Self.headerTerminator, in: buffer) {
            let head = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
            var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return false }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let bodyLength = Int(headers["content-length"] ?? "0") ?? 0
            let total = headerEnd + 4 + bodyLength
            guard buffer.count >= total else { break }
            buffer.removeFirst(total)
            buffers[fd] = buffer
            if headers["connection"]?.lowercased() == "close" { keepAlive = false }
            let response = respond(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                                   keepAlive: keepAlive)
            pending[fd, default: []].append(contentsOf: response)
        }
        flush(fd)
        return keepAlive || pending[fd]?.isEmpty == false
    }

    private func flush(_ fd: Int32) {
        guard var out = pending[fd], !out.isEmpty else { return }
        let written = out.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if written > 0 { out.removeFirst(written) }
        pending[fd] = out
    }

    static let headerTerminator: [UInt8] = Array("\r\n\r\n".utf8)

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { bytes in
            var index = 0
            while index <= bytes.count - needle.count {
                if bytes[index] == needle[0] && bytes[index + 1] == needle[1] && bytes[index + 2] == needle[2]
                    && bytes[index + 3] == needle[3]
                {
                    return index
                }
                index += 1
            }
            return nil
        }
    }

    /// The version of page `index` in the current phase: the last phase that changed it.
    func version(of index: Int) -> Int {
        var version = 0
        if phase > 0 {
            for k in 1...phase where (7 * index + k) % 10 == 0 { version = k }
        }
        return version
    }

    private func respond(method: String, target: String, headers: [String: String], keepAlive: Bool) -> [UInt8] {
        let connection = keepAlive ? "keep-alive" : "close"
        if method == "POST" {
            return Array("HTTP/1.1 204 No Content\r\nConnection: \(connection)\r\n\r\n".utf8)
        }
        if target.hasPrefix("/_phase/"), let next = Int(target.dropFirst(8)) {
            phase = next
            return Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: \(connection)\r\n\r\nok".utf8)
        }
        guard target.hasPrefix("/p/"), let index = Int(target.dropFirst(3)) else {
            return Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: \(connection)\r\n\r\n".utf8)
        }
        let version = version(of: index)
        let etag = "\"\(index)-\(version)\""
        let lastModified = Self.httpDate(daysAfterEpoch2024: version)
        let notModified: Bool
        if let tags = headers["if-none-match"] {
            notModified = tags.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag }
        } else if let since = headers["if-modified-since"] {
            notModified = since == lastModified
        } else {
            notModified = false
        }
        let validators = "ETag: \(etag)\r\nLast-Modified: \(lastModified)\r\n"
        if notModified {
            return Array("HTTP/1.1 304 Not Modified\r\n\(validators)Connection: \(connection)\r\n\r\n".utf8)
        }
        let body = PageGenerator.page(index: index, version: version, bytes: pageBytes)
        return Array(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.count)\r\n"
                + "\(validators)Connection: \(connection)\r\n\r\n").utf8) + body
    }

    static func httpDate(daysAfterEpoch2024 days: Int) -> String {
        // 2024-01-01 was a Monday; every version is one day later. Only equality matters to the clients. Not a
        // DateFormatter: one per response was half of this origin's CPU, which capped what any client could measure.
        HTTPDate.format(Date(timeIntervalSince1970: 1_704_067_200 + Double(days) * 86_400))
    }
}

/// Deterministic report-like HTML pages: a seeded generator picks sentences from a fixed vocabulary, so every run
/// and every client sees byte-identical pages.
enum PageGenerator {
    static let subjects = [
        "Revenue", "Operating margin", "The cloud segment", "Free cash flow", "Research spending", "The board",
        "Customer retention", "Net income", "The payments business", "Capital expenditure", "Gross profit",
        "The advertising unit",
    ]
    static let verbs = [
        "rose", "fell", "held steady", "improved", "declined", "recovered", "accelerated", "slowed",
    ]
    static let tails = [
        "compared with the same quarter last year.", "as demand for enterprise services grew.",
        "despite pressure on consumer spending.", "driven by new partnerships in rural education.",
        "while the company invested in sustainable social value programmes.",
        "after the restructuring announced in the previous report.", "in line with the outlook given in March.",
        "because of currency effects in overseas markets.",
    ]

    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    static func page(index: Int, version: Int, bytes: Int) -> [UInt8] {
        var random = SplitMix(state: UInt64(index) &* 1_000_003 &+ UInt64(version) &* 7_919 &+ 42)
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Quarterly report \(index) (v\(version))"
            + "</title></head><body><nav><a href=\"/\">Home</a> | <a href=\"/investors\">Investors</a></nav>"
            + "<article><h1>Company \(index) reports results for the quarter, revision \(version)</h1>"
        let closing = "</article><footer>© Example Holdings. All rights reserved.</footer></body></html>"
        while html.utf8.count + closing.utf8.count < bytes {
            html += "<p>"
            for _ in 0..<4 {
                html += "\(random.pick(subjects)) \(random.pick(verbs)) \(random.next() % 40 + 1)% "
                    + "\(random.pick(tails)) "
            }
            html += "</p>"
        }
        return Array((html + closing).utf8)
    }
}
