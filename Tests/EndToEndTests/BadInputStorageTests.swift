import Foundation
import ReportWatchTesting
import Testing

/// The database misbehaving under a running daemon: locked by another writer, or the disk full. The daemon logs a
/// clear error naming the source, keeps running, loses nothing, and stores the new report once the fault is gone.
@Suite(.serialized) struct BadInputStorageTests {
    let workspace: DaemonWorkspace

    init() throws {
        workspace = try DaemonWorkspace("storage-faults")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try report("q1", paragraphs: 3).write(to: reports.appendingPathComponent("2024-q1.txt"), atomically: true,
                                              encoding: .utf8)
        try workspace.writeConfig("""
            store: {path: rw.sqlite}
            daemon: {interval: 1s}
            sources:
              - {name: filings, kind: directory, path: reports, interval: 1s}

            """)
    }

    var reports: URL { workspace.file("reports") }

    func report(_ name: String, paragraphs: Int) -> String {
        var text = "Quarterly report \(name)\n\n"
        for number in 0..<paragraphs {
            text += "Paragraph \(number) of report \(name): revenue from freight rose \(number % 13) percent "
            text += "while costs for unit \(number) of \(name) fell.\n\n"
        }
        return text
    }

    func documentsBlocking() -> Int { Int((try? workspace.sqlBlocking("SELECT COUNT(*) FROM documents")) ?? "") ?? -1 }

    @Test func aDatabaseLockedByAnotherWriterDelaysButLosesNothing() async throws {
        defer { workspace.remove() }
        let daemon = try workspace.startDaemon()
        defer { daemon.kill() }
        #expect(await RunningProcess.eventually(timeout: 20) { documentsBlocking() == 1 }, "\(daemon.log)")

        // Longer than the store's busy timeout (10 s), so writes fail while it lasts.
        let seconds = Soak.pick(12.0, soak: 30.0)
        let holder = try SQLiteLockHolder(database: workspace.database, seconds: seconds)
        try report("q2", paragraphs: 5).write(
            to: reports.appendingPathComponent("2024-q2.txt"), atomically: true, encoding: .utf8)
        // Readers are not blocked: the CLI still answers while the writer holds its lock.
        let listing = try await workspace.cli(["sources"])
        #expect(listing.status == 0, "\(listing.stderr)")
        // Writes queue behind each other, each waiting up to the busy timeout: the first to give up logs the database
        // and the reason; a lock longer than two busy timeouts (the soak's 30 s) also fails the source's pass.
        let database = workspace.database
        #expect(await RunningProcess.eventually(timeout: seconds + 10) {
            daemon.log.split(separator: "\n").contains { $0.contains(database) && $0.contains("database is locked") }
        }, "\(daemon.log.suffix(2000))")
        if seconds > 20 {
            #expect(await RunningProcess.eventually(timeout: seconds + 10) {
                daemon.log.split(separator: "\n").contains {
                    $0.contains("source.name=filings") && $0.contains("database is locked")
                }
            }, "\(daemon.log.suffix(2000))")
        }
        #expect(daemon.process.isRunning)
        await holder.waitUntilReleased()

        #expect(await RunningProcess.eventually(timeout: 30) { documentsBlocking() == 2 }, "\(daemon.log.suffix(2000))")
        #expect(try await workspace.sql("PRAGMA integrity_check") == "ok")
        #expect(try await workspace.sql("SELECT COUNT(DISTINCT url) FROM documents") == "2")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0, "\(daemon.log.suffix(2000))")
    }

    @Test func aFullDiskFailsThePassAndTheNextPassStoresTheReport() async throws {
        defer { workspace.remove() }
        let daemon = try workspace.startDaemon()
        defer { daemon.kill() }
        #expect(await RunningProcess.eventually(timeout: 20) { documentsBlocking() == 1 }, "\(daemon.log)")

        // No file of the daemon may grow more than 64 KiB past the largest one now: a 1 MB report cannot be written.
        let files = [workspace.database, workspace.database + "-wal", daemon.logFile.path]
        let largest = files.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.max() ?? 0
        try FileSizeLimit.set(pid: daemon.pid, bytes: largest + 64 * 1024)
        try report("q2", paragraphs: 9_000).write(
            to: reports.appendingPathComponent("2024-q2.txt"), atomically: true, encoding: .utf8)
        let failed = await RunningProcess.eventually(timeout: 30) {
            daemon.log.split(separator: "\n").contains { line in
                line.contains("source.name=filings") && (line.contains("full") || line.contains("I/O"))
            } || !daemon.process.isRunning
        }
        #expect(failed)
        #expect(daemon.process.isRunning, "the daemon died on a full disk; log:\n\(daemon.log.suffix(2000))")
        // The failure is logged before the poll that saw it is recorded.
        let database = workspace.database
        let recorded = await RunningProcess.eventually(timeout: 10) {
            let error = (try? workspace.sqlBlocking("SELECT last_error FROM sources WHERE name = 'filings'")) ?? ""
            return error.contains(database) || error.contains("full")
        }
        #expect(recorded, "\((try? workspace.sqlBlocking("SELECT last_error FROM sources")) ?? "")")
        #expect(documentsBlocking() == 1)

        try FileSizeLimit.set(pid: daemon.pid, bytes: nil)
        #expect(await RunningProcess.eventually(timeout: 30) { documentsBlocking() == 2 }, "\(daemon.log.suffix(2000))")
        #expect(try await workspace.sql("PRAGMA integrity_check") == "ok")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0, "\(daemon.log.suffix(2000))")
    }

    /// A limit below the files' present sizes: the next write starts past it, which the kernel answers with SIGXFSZ
    /// unless the process ignores that signal (a write that only crosses the limit is merely cut short).
    @Test func writesPastTheFileSizeLimitDoNotKillTheDaemon() async throws {
        defer { workspace.remove() }
        let daemon = try workspace.startDaemon()
        defer { daemon.kill() }
        #expect(await RunningProcess.eventually(timeout: 20) { documentsBlocking() == 1 }, "\(daemon.log)")
        // The write-ahead log is where SQLite appends.
        let journal = (try? FileManager.default.attributesOfItem(atPath: workspace.database + "-wal")[.size] as? Int) ?? 0
        let logSize = daemon.log.utf8.count
        #expect(journal > logSize + 8 * 1024, "the log must stay writable under the limit")
        try FileSizeLimit.set(pid: daemon.pid, bytes: max(logSize + 8 * 1024, journal - 1))
        try report("q2", paragraphs: 2_000).write(
            to: reports.appendingPathComponent("2024-q2.txt"), atomically: true, encoding: .utf8)
        let failed = await RunningProcess.eventually(timeout: 30) {
            daemon.log.split(separator: "\n").contains { $0.contains("source.name=filings") && $0.contains("error") }
                || !daemon.process.isRunning
        }
        #expect(failed)
        #expect(daemon.process.isRunning, "the daemon died past the file size limit; log:\n\(daemon.log.suffix(2000))")
        #expect(documentsBlocking() == 1, "the report was stored past the limit; log:\n\(daemon.log.suffix(2000))")
        try? FileSizeLimit.set(pid: daemon.pid, bytes: nil)
        #expect(await RunningProcess.eventually(timeout: 30) { documentsBlocking() == 2 }, "\(daemon.log.suffix(2000))")
        #expect(try await workspace.sql("PRAGMA integrity_check") == "ok")
    }
}
