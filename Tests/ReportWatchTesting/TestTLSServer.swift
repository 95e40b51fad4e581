import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `openssl s_server -www` on 127.0.0.1 with a fresh self-signed certificate for 127.0.0.1, to test TLS
/// verification. Its `-www` mode answers any GET with a status page.
public final class TestTLSServer: Sendable {
    public let port: Int
    /// The PEM certificate, usable as a CA file.
    public let certificateFile: String
    private let directory: URL
    private let process: Process

    /// Nil when the `openssl` tool is not installed.
    public static var opensslPath: String? {
        ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public init() throws {
        guard let openssl = Self.opensslPath else { throw TLSServerError("openssl not found") }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificateFile = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try Self.run(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificateFile,
        ])
        // The port is picked free, then bound by s_server: another socket may take it in between, so s_server's
        // "ACCEPT" line (printed once it listens; on a failed bind it exits without it) decides, with a few tries.
        for _ in 0..<5 {
            let port = try Self.freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = [
                "s_server", "-www", "-accept", "127.0.0.1:\(port)", "-cert", certificateFile, "-key", key,
            ]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            var printed = Data()
            while !String(decoding: printed, as: UTF8.self).contains("ACCEPT") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                printed += chunk
            }
            guard String(decoding: printed, as: UTF8.self).contains("ACCEPT") else {
                process.waitUntilExit()
                continue
            }
            // Keep draining what it prints per connection, so it never blocks on a full pipe.
            output.fileHandleForReading.readabilityHandler = { handle in
                if handle.availableData.isEmpty { handle.readabilityHandler = nil }
            }
            self.port = port
            self.process = process
            return
        }
        throw TLSServerError("openssl s_server could not listen on a free port")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public var baseURL: String { "https://127.0.0.1:\(port)" }

    public func stop() {
        // s_server does not always stop on SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TLSServerError("\(tool) \(arguments[0]) failed") }
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TLSServerError("no free port") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

public struct TLSServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
