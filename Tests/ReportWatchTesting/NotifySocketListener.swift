import Foundation

/// A datagram socket standing in for systemd's `$NOTIFY_SOCKET`, collecting what the daemon sends.
public final class NotifySocketListener: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32

    public init(directory: URL) throws {
        path = directory.appendingPathComponent("notify.sock").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// The next message (its `KEY=value` lines), or nil when none arrives within `timeout` seconds.
    public func receive(timeout: TimeInterval) async -> [String]? {
        await offPool { self.receiveBlocking(timeout: timeout) }
    }

    /// Discards messages already waiting, so a measurement starts clean.
    public func drain() {
        while receiveBlocking(timeout: 0) != nil {}
    }

    func receiveBlocking(timeout: TimeInterval) -> [String]? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Messages until one satisfies `predicate` (returned last) or `timeout` seconds pass.
    public func receive(until predicate: @escaping @Sendable ([String]) -> Bool, timeout: TimeInterval) async -> [[String]] {
        await offPool { self.receiveBlocking(until: predicate, timeout: timeout) }
    }

    func receiveBlocking(until predicate: ([String]) -> Bool, timeout: TimeInterval) -> [[String]] {
        let deadline = Date().addingTimeInterval(timeout)
        var messages: [[String]] = []
        while Date() < deadline, let message = receiveBlocking(timeout: deadline.timeIntervalSinceNow) {
            messages.append(message)
            if predicate(message) { break }
        }
        return messages
    }
}

/// A product started in the background, its stderr going to a file, for tests that signal it.
public final class RunningProcess: @unchecked Sendable {
    public let process: Process
    public let logFile: URL

    public convenience init(_ name: String, _ arguments: [String], environment: [String: String], logFile: URL) throws {
        try self.init(executable: ProcessRunner.executable(name), arguments, environment: environment, logFile: logFile)
    }

    /// Any program, e.g. a peer that holds a database lock.
    public init(executable: URL, _ arguments: [String], environment: [String: String], logFile: URL) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.standardError = handle
        process.standardOutput = handle
        process.standardInput = FileHandle.nullDevice
        self.logFile = logFile
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    public func signal(_ number: Int32) { Glibc.kill(process.processIdentifier, number) }

    /// Waits up to `timeout` seconds for exit; kills the process if it is still running then.
    @discardableResult
    public func wait(timeout: TimeInterval) async -> Int32? {
        await offPool { self.waitBlocking(timeout: timeout) }
    }

    /// For `defer`, where nothing can be awaited.
    public func kill() {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    func waitBlocking(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    /// Polls `condition` every 20 ms for up to `timeout` seconds.
    public static func eventually(timeout: TimeInterval, _ condition: @escaping @Sendable () -> Bool) async -> Bool {
        await offPool { eventuallyBlocking(timeout: timeout, condition) }
    }

    static func eventuallyBlocking(timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if try condition() { return true }
            usleep(20_000)
        } while Date() < deadline
        return try condition()
    }

    deinit {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }
}
