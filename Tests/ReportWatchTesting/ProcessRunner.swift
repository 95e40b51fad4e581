import Foundation

/// Runs the built executables (`reportwatchd`, `reportwatch`) for end-to-end tests.
public enum ProcessRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The folder holding the built products: the test bundle's own folder.
    public static var productsDirectory: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent()
    }

    public static func executable(_ name: String) -> URL {
        productsDirectory.appendingPathComponent(name)
    }

    /// Runs a product to completion; kills it after `timeout` seconds (and then reports status -9).
    public static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:],
        currentDirectory: URL? = nil, timeout: TimeInterval = 60
    ) async throws -> Result {
        try await offPool {
            try runBlocking(name, arguments, environment: environment, currentDirectory: currentDirectory,
                            timeout: timeout)
        }
    }

    static func runBlocking(
        _ name: String, _ arguments: [String], environment: [String: String],
        currentDirectory: URL?, timeout: TimeInterval
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable(name)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged["NO_COLOR"] = "1"
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain both pipes while the process runs so it never blocks on a full pipe.
        let output = OutputCollector()
        let group = DispatchGroup()
        for (pipe, keyPath) in [(stdout, \OutputCollector.stdout), (stderr, \OutputCollector.stderr)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                output.set(keyPath, data)
                group.leave()
            }
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            _ = group.wait(timeout: .now() + 5)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: output.text(\.stdout), stderr: output.text(\.stderr))
    }
}

private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    var stdout = Data()
    var stderr = Data()

    func set(_ keyPath: ReferenceWritableKeyPath<OutputCollector, Data>, _ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        self[keyPath: keyPath] = data
    }

    func text(_ keyPath: KeyPath<OutputCollector, Data>) -> String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: self[keyPath: keyPath], as: UTF8.self)
    }
}
