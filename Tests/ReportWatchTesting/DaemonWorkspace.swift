import Foundation

/// A folder with a config file and a database for end-to-end tests of the real daemon and CLI: writes the config,
/// starts `reportwatchd` in the background, queries the database with the sqlite3 shell and reads
/// `reportwatch sources --json`.
public struct DaemonWorkspace: Sendable {
    public let directory: URL

    public init(_ prefix: String) throws {
        directory = try Fixtures.temporaryDirectory(prefix)
    }

    public var configFile: URL { directory.appendingPathComponent("reportwatch.yaml") }
    public var database: String { directory.appendingPathComponent("rw.sqlite").path }

    public func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    public func writeConfig(_ text: String) throws {
        try text.write(to: configFile, atomically: true, encoding: .utf8)
    }

    /// Starts the daemon on this workspace's config; its output goes to a new log file in the folder.
    public func startDaemon(
        _ extraArguments: [String] = [], environment: [String: String] = [:], logName: String? = nil
    ) throws -> RunningProcess {
        try RunningProcess(
            "reportwatchd", ["--config", configFile.path] + extraArguments, environment: environment,
            logFile: file(logName ?? "daemon-\(UUID().uuidString.prefix(6)).log"))
    }

    /// Runs the CLI against this workspace's config.
    public func cli(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessRunner.Result {
        try await ProcessRunner.run("reportwatch", arguments + ["--config", configFile.path], environment: environment)
    }

    /// One row of `reportwatch sources --json`.
    public struct SourceRow: Decodable, Sendable {
        public var name: String
        public var location: String
        public var lastResult: String?
        public var consecutiveFailures: Int
        public var lastError: String?
        public var reports: Int

        enum CodingKeys: String, CodingKey {
            case name, location, reports
            case lastResult = "last_result", consecutiveFailures = "consecutive_failures", lastError = "last_error"
        }
    }

    /// The sources as the CLI lists them, by name.
    public func sources() async throws -> [String: SourceRow] {
        let result = try await cli(["sources", "--json"])
        guard result.status == 0 else {
            throw HarnessError("reportwatch sources failed: \(result.stderr)")
        }
        let rows = try JSONDecoder().decode([SourceRow].self, from: Data(result.stdout.utf8))
        return Dictionary(rows.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Runs one SQL statement with the sqlite3 shell; its output, trimmed.
    public func sql(_ statement: String) async throws -> String {
        try await offPool { try sqlBlocking(statement) }
    }

    public func sqlBlocking(_ statement: String) throws -> String {
        try SQLiteShell.run(database, statement)
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// The sqlite3 command-line shell, as a user checking the database would run it.
public enum SQLiteShell {
    public static func run(_ database: String, _ statement: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-cmd", ".timeout 20000", database, statement]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Bodies that attack a fetcher or a parser.
public enum HostileBodies {
    /// A gzip stream that inflates to `size` zero bytes (about a thousandth of that compressed), made with gzip(1).
    public static func gzipBomb(inflatedSize: Int) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c \(inflatedSize) /dev/zero | gzip -9 -c"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    /// HTML whose elements nest `depth` deep around one sentence.
    public static func deeplyNestedHTML(depth: Int) -> String {
        "<!DOCTYPE html><html><head><title>Deep</title></head><body>"
            + String(repeating: "<div>", count: depth) + "<p>The deepest paragraph of the report.</p>"
            + String(repeating: "</div>", count: depth) + "</body></html>"
    }

    /// An RSS feed whose item refers to an external entity (a local file).
    public static func feedWithExternalEntity(file: String, link: String) -> String {
        """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY secret SYSTEM "file://\(file)">]>
        <rss version="2.0"><channel><title>XXE</title><link>\(link)</link>
        <item><title>Leak &secret;</title><link>\(link)</link><guid>xxe-1</guid>
        <description>Quarterly results &secret; of the group.</description></item></channel></rss>
        """
    }

    /// An RSS feed with the "billion laughs" entity expansion.
    public static func feedWithBillionLaughs(link: String) -> String {
        var entities = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        return """
            <?xml version="1.0"?>
            <!DOCTYPE rss [\(entities)]>
            <rss version="2.0"><channel><title>Laughs</title><link>\(link)</link>
            <item><title>Laugh &lol9;</title><link>\(link)</link><guid>lol-1</guid>
            <description>&lol9;</description></item></channel></rss>
            """
    }
}

/// Another writer on a database: holds an exclusive SQLite transaction (from Python's sqlite3 module) for a while.
public final class SQLiteLockHolder: @unchecked Sendable {
    public let process: Process

    /// Returns once the lock is held; it is released after `seconds`.
    public init(database: String, seconds: Double) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = """
            import sqlite3, sys, time
            connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            connection.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            time.sleep(float(sys.argv[2]))
            connection.execute("COMMIT")
            """
        process.arguments = ["python3", "-c", script, database, String(seconds)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { throw HarnessError("the lock holder exited before locking") }
            line += chunk
        }
    }

    public var isHolding: Bool { process.isRunning }

    public func waitUntilReleased() async {
        await offPool { self.process.waitUntilExit() }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// Sets a running process's file-size limit (RLIMIT_FSIZE) with prlimit(1): a write past it fails as on a full disk.
public enum FileSizeLimit {
    /// `bytes` nil lifts the limit.
    public static func set(pid: Int32, bytes: Int?) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        let value = bytes.map(String.init) ?? "unlimited"
        // The soft limit only, so that it can be lifted again without privileges.
        process.arguments = ["--pid", String(pid), "--fsize=\(value):"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HarnessError("prlimit failed for pid \(pid)")
        }
    }
}

/// A test harness step that could not be done (a tool failed, a process exited early).
public struct HarnessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
