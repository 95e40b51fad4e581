import ArgumentParser
import Delivery
import Foundation
import ReportModel
import ReportWatch

/// A local webhook receiver for trying a set-up: a small blocking HTTP/1.1 server, one connection at a time
/// (deliveries to one endpoint come one after another anyway), answering `Connection: close`.
struct ListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Receive webhooks locally, verify their signatures and print each event.",
        discussion: """
            Point a webhook at http://127.0.0.1:PORT/ with the same secret. Each request is checked against the \
            Standard Webhooks rules (signature over id.timestamp.body, timestamp within ±5 minutes) and answered \
            200 when valid, 401 for a bad signature, 400 otherwise. Without --secret nothing is verified. --json \
            prints one JSON object per line: {"verified", "webhook_id", "event"}.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "The port to listen on (0: any free port, printed on standard error).")
    var port: Int = 8787

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "A signing secret (whsec_…); repeat for rotation.")
    var secret: [String] = []

    @Option(help: "Read a signing secret from this environment variable instead of the command line.")
    var secretEnv: String?

    @Option(help: "Exit after N requests.")
    var count: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        for value in secret where (try? WebhookSignature.key(of: value)) == nil {
            throw ValidationError("--secret takes whsec_ followed by base64")
        }
    }

    func run() throws {
        var secrets = secret
        if let secretEnv {
            guard let value = ProcessInfo.processInfo.environment[secretEnv], !value.isEmpty else {
                throw ValidationError("environment variable \(secretEnv) is not set")
            }
            secrets.append(value.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var keys: [[UInt8]] = []
        for value in secrets {
            guard let key = try? WebhookSignature.key(of: value) else {
                throw ValidationError("the secret in \(secretEnv ?? "--secret") is not whsec_ followed by base64")
            }
            keys.append(key)
        }
        let listener = try Self.bind(host: host, port: port)
        defer { close(listener.descriptor) }
        printError("listening on http://\(host):\(listener.port)/" + (keys.isEmpty ? " (not verifying: no --secret)" : ""))
        var handled = 0
        while count.map({ handled < $0 }) ?? true {
            let connection = accept(listener.descriptor, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                throw ValidationError("accept failed: \(String(cString: strerror(errno)))")
            }
            handle(connection, keys: keys)
            close(connection)
            handled += 1
        }
    }

    private func handle(_ connection: Int32, keys: [[UInt8]]) {
        guard let request = Self.readRequest(connection) else {
            Self.respond(connection, status: 400, reason: "Bad Request")
            return
        }
        let id = request.headers["webhook-id"]
        let timestampText = request.headers["webhook-timestamp"]
        var verified = false
        if !keys.isEmpty {
            guard let id, let timestampText, let timestamp = Int64(timestampText),
                  let signature = request.headers["webhook-signature"]
            else {
                printError("rejected: webhook-id, webhook-timestamp or webhook-signature missing")
                Self.respond(connection, status: 400, reason: "Bad Request")
                return
            }
            let skew = abs(Date().timeIntervalSince1970 - Double(timestamp))
            guard skew <= 300 else {
                printError("rejected \(id): timestamp \(timestamp) is \(Int(skew)) s away from now (more than 5 minutes)")
                Self.respond(connection, status: 400, reason: "Bad Request")
                return
            }
            guard WebhookSignature.verify(keys: keys, id: id, timestamp: timestamp, body: request.body,
                                          header: signature)
            else {
                printError("rejected \(id): no signature matches")
                Self.respond(connection, status: 401, reason: "Unauthorized")
                return
            }
            verified = true
        }
        Self.respond(connection, status: 200, reason: "OK")
        let body = Data(request.body)
        if options.json {
            var line: [String: Any] = ["verified": verified, "webhook_id": id ?? NSNull()]
            line["event"] = (try? JSONSerialization.jsonObject(with: body)) ?? String(decoding: body, as: UTF8.self)
            if let data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes]) {
                print(String(decoding: data, as: UTF8.self))
            }
        } else if let event = try? Event.decoder.decode(Event.self, from: body) {
            print("\(TextTable.localTime(event.timestamp))  \(event.type.rawValue)  \(event.id)  "
                + (verified ? "verified" : "NOT verified"))
            print("  source: \(event.data.source.name)")
            if event.data.report != nil { print("  report: \(EventsCommand.subject(event))") }
            print("  changes: \(EventsCommand.summary(event))")
        } else {
            print("\(request.method) \(request.target) \(verified ? "verified" : "NOT verified")")
            print("  " + String(decoding: body.prefix(2000), as: UTF8.self))
        }
        fflush(nil)  // all streams: stdout may be a pipe or file, and each event should show at once
    }

    // MARK: - A minimal HTTP/1.1 server

    struct Request {
        var method: String
        var target: String
        var headers: [String: String]
        var body: [UInt8]
    }

    static func bind(host: String, port: Int) throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ValidationError("cannot create a socket") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(descriptor)
            throw ValidationError("--host takes an IPv4 address such as 127.0.0.1, not '\(host)'")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw ValidationError("cannot listen on \(host):\(port): \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Reads one request; nil when malformed, too large (1 MB) or too slow (10 s per read).
    static func readRequest(_ connection: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        var contentLength = 0
        var head: [Substring] = []
        while true {
            if headerEnd == nil, let range = find(separator, in: buffer) {
                headerEnd = range
                let text = String(decoding: buffer[..<range], as: UTF8.self)
                head = text.split(separator: "\r\n", omittingEmptySubsequences: false)
                for line in head.dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        contentLength = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? -1
                    }
                }
                if contentLength < 0 || contentLength > 1024 * 1024 { return nil }
            }
            if let headerEnd, buffer.count >= headerEnd + 4 + contentLength { break }
            if buffer.count > 1024 * 1024 + 65536 { return nil }
            var ready = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 10_000) == 1 else { return nil }
            let received = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if received <= 0 { return nil }
            buffer += chunk[..<received]
        }
        guard let headerEnd, let requestLine = head.first else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            headers[pair[0].lowercased()] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        let body = Array(buffer[(headerEnd + 4)..<(headerEnd + 4 + contentLength)])
        return Request(method: String(parts[0]), target: String(parts[1]), headers: headers, body: body)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }

    static func respond(_ connection: Int32, status: Int, reason: String) {
        let text = "HTTP/1.1 \(status) \(reason)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}
