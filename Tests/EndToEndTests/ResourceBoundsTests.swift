import Foundation
import ReportWatchTesting
import Synchronization
import Testing

/// A daemon polling many sources for many cycles: its memory stays flat after warm-up, it holds no more file
/// descriptors at the end than after warm-up, and its database grows only when there is new content.
/// Small in `make test`; `make soak` runs 1,000 sources for many cycles.
@Suite(.serialized) struct ResourceBoundsTests {
    let sourceCount = Soak.pick(40, soak: 1_000)
    let warmUpCycles = Soak.pick(3, soak: 10)
    let measuredCycles = Soak.pick(6, soak: 100)

    static func page(_ number: Int, version: Int) -> String {
        "<html><head><title>Report \(number) v\(version)</title></head><body><article><h1>Report \(number)</h1>"
            + "<p>Revenue of division \(number) rose \(version + 3) percent in the quarter, the board said.</p>"
            + "<p>Freight volumes for division \(number) held steady in version \(version).</p></article></body></html>"
    }

    /// VmRSS in KiB, from /proc.
    static func residentKiB(_ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    static func openDescriptors(_ pid: Int32) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).count
    }

    @Test func memoryDescriptorsAndDatabaseStayBounded() async throws {
        let workspace = try DaemonWorkspace("bounds")
        defer { workspace.remove() }
        let server = try TestHTTPServer(recordRequests: false)
        defer { server.stop() }
        let versions = Versions()
        var config = """
            store: {path: rw.sqlite}
            daemon: {interval: 1s, concurrency: 16, per_host_concurrency: 16, retries: 0}
            sources:

            """
        for number in 0..<sourceCount {
            server.handle("/r/\(number)") { request in
                let version = versions.serve(number)
                let etag = "\"\(number)-\(version)\""
                if request.header("If-None-Match") == etag { return .init(status: 304, headers: [("ETag", etag)]) }
                return TestHTTPServer.Response.ok(Self.page(number, version: version)).adding("ETag", etag)
            }
            config += "  - {name: r\(number), kind: page, url: \"\(server.url("/r/\(number)"))\", interval: 1s}\n"
        }
        try workspace.writeConfig(config)
        let daemon = try workspace.startDaemon()
        defer { daemon.kill() }
        let total = sourceCount
        func waitForCycles(_ count: Int) async -> Bool {
            let start = versions.served
            return await RunningProcess.eventually(timeout: Double(count) * Soak.pick(10, soak: 60)) {
                versions.served - start >= count * total
            }
        }

        #expect(await waitForCycles(warmUpCycles), "log:\n\(daemon.log.suffix(2000))")
        let documentsAfterWarmUp = try await workspace.sql("SELECT COUNT(*) FROM documents")
        #expect(documentsAfterWarmUp == "\(sourceCount)")
        let rows = try await tableSizes(workspace)
        let rss = Self.residentKiB(daemon.pid)
        let descriptors = Self.openDescriptors(daemon.pid)

        #expect(await waitForCycles(measuredCycles), "log:\n\(daemon.log.suffix(2000))")
        #expect(daemon.process.isRunning)
        let rssAfter = Self.residentKiB(daemon.pid)
        let descriptorsAfter = Self.openDescriptors(daemon.pid)
        #expect(rss > 0 && rssAfter > 0)
        print("resource bounds: \(sourceCount) sources, \(warmUpCycles)+\(measuredCycles) cycles; RSS \(rss) → \(rssAfter) KiB; "
              + "descriptors \(descriptors) → \(descriptorsAfter)")
        // Flat memory: under 5 % growth in the soak; a short run is still settling, so 15 % there.
        let allowed = Double(rss) * Soak.pick(0.15, soak: 0.05)
        #expect(Double(rssAfter - rss) < allowed, "RSS \(rss) KiB after warm-up, \(rssAfter) KiB after")
        // Descriptors: the same, give or take a connection being opened or closed.
        #expect(descriptorsAfter <= descriptors + 2, "\(descriptors) descriptors after warm-up, \(descriptorsAfter) after")
        // No new content, no new rows.
        let rowsAfter = try await tableSizes(workspace)
        #expect(rowsAfter == rows, "\(rows) → \(rowsAfter)")

        // New content for a few sources: exactly their new documents appear.
        for number in [0, 1, 2] { versions.bump(number) }
        #expect(await RunningProcess.eventually(timeout: 30) {
            (try? workspace.sqlBlocking("SELECT COUNT(*) FROM documents")) == "\(total + 3)"
        }, "log:\n\(daemon.log.suffix(2000))")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }

    /// Rows per table, for tables that hold content (not the daemon's heartbeat or the schema's bookkeeping).
    func tableSizes(_ workspace: DaemonWorkspace) async throws -> [String: String] {
        let tables = try await workspace.sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                + "AND name NOT LIKE 'grdb_%' ORDER BY name").split(separator: "\n")
        var sizes: [String: String] = [:]
        for table in tables { sizes[String(table)] = try await workspace.sql("SELECT COUNT(*) FROM \"\(table)\"") }
        return sizes
    }
}

/// Which version of each page the server gives out.
final class Versions: Sendable {
    private let state = Mutex<(versions: [Int: Int], served: Int)>(([:], 0))
    /// The version to serve now, counting the request.
    func serve(_ number: Int) -> Int {
        state.withLock { state in
            state.served += 1
            return state.versions[number] ?? 1
        }
    }
    var served: Int { state.withLock { $0.served } }
    func bump(_ number: Int) { state.withLock { $0.versions[number, default: 1] += 1 } }
}
