import Config
import Foundation
import Logging
import Prometheus
import ServiceLifecycle

/// Serves the Prometheus text format at `GET /metrics` on a loopback address, one short request at a time on its
/// own thread (scrapes are rare and tiny; the daemon's work never waits on them).
public final class MetricsService: Service, Sendable {
    let registry: PrometheusCollectorRegistry
    let descriptor: Int32
    let logger: Logger
    public let port: Int

    public struct BindError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Binds now, so a taken port fails start-up with a clear message rather than later.
    public init(settings: MetricsSettings, registry: PrometheusCollectorRegistry, logger: Logger) throws(BindError) {
        self.registry = registry
        self.logger = logger
        let ipv6 = settings.host.contains(":")
        let socketDescriptor = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketDescriptor >= 0 else { throw BindError(description: "metrics: cannot create a socket") }
        var yes: Int32 = 1
        setsockopt(socketDescriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var bound: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(settings.port).bigEndian)
            inet_pton(AF_INET6, settings.host, &address.sin6_addr)
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(settings.port).bigEndian)
            inet_pton(AF_INET, settings.host, &address.sin_addr)
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard bound == 0, listen(socketDescriptor, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(socketDescriptor)
            throw BindError(description: "metrics: cannot listen on \(settings.host):\(settings.port) (\(reason))")
        }
        descriptor = socketDescriptor
        var actual = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        port = withUnsafeBytes(of: &actual) { raw in
            // Both sockaddr_in and sockaddr_in6 keep the port right after the family.
            Int(UInt16(bigEndian: raw.load(fromByteOffset: 2, as: UInt16.self)))
        }
    }

    public func run() async throws {
        logger.info("metrics listening", metadata: ["metrics.port": "\(port)"])
        // Scrapes stay answered until every other service has stopped: this service is the last to shut down.
        await cancelWhenGracefulShutdown { [self] in
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let thread = Thread { [self] in
                        serve()
                        continuation.resume()
                    }
                    thread.name = "reportwatch-metrics"
                    thread.start()
                }
            } onCancel: { [self] in
                shutdown(descriptor, Int32(SHUT_RDWR))
            }
        }
        close(descriptor)
    }

    /// Accepts until the socket is shut down.
    private func serve() {
        while true {
            let client = accept(descriptor, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            answer(client)
            close(client)
        }
    }

    private func answer(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while request.count < 8192, !request.containsHeaderEnd {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            request += buffer.prefix(count)
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = line.split(separator: " ")
        let response: [UInt8]
        if parts.count >= 2, parts[0] == "GET", parts[1] == "/metrics" || parts[1].hasPrefix("/metrics?") {
            let body = registry.emitToBuffer()
            response = Array(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n").utf8) + body
        } else {
            response = Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        }
        var sent = 0
        while sent < response.count {
            let count = response[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }
}

extension [UInt8] {
    fileprivate var containsHeaderEnd: Bool {
        count >= 4 && (0...(count - 4)).contains { self[$0] == 13 && self[$0 + 1] == 10 && self[$0 + 2] == 13 && self[$0 + 3] == 10 }
    }
}
