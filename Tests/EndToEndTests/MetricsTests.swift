import Foundation
import ReportWatchTesting
import Testing

/// `metrics.listen`: the Prometheus text format on a loopback address, with the daemon's counters and levels.
@Suite struct MetricsTests {
    @Test func theDaemonServesPrometheusMetricsOnLoopback() async throws {
        let directory = try Fixtures.temporaryDirectory("metrics")
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.seedArticle, to: folder.appendingPathComponent("seed.txt"))
        let config = directory.appendingPathComponent("reportwatch.yaml")
        try """
            store:
              path: rw.sqlite
            metrics:
              listen: 127.0.0.1:0
            sources:
              - {name: seeds, kind: directory, path: reports}
              - {name: gone, kind: directory, path: missing}
            """.write(to: config, atomically: true, encoding: .utf8)
        let daemon = try RunningProcess("reportwatchd", ["--config", config.path], environment: [:],
                                        logFile: directory.appendingPathComponent("daemon.log"))
        defer { daemon.kill() }
        #expect(await RunningProcess.eventually(timeout: 20) { daemon.log.contains("events=report.published") },
                "log:\n\(daemon.log)")
        let line = try #require(daemon.log.split(separator: "\n").first { $0.contains("metrics listening") })
        let port = try #require(line.split(separator: " ").first { $0.hasPrefix("metrics.port=") }
            .flatMap { Int($0.dropFirst("metrics.port=".count)) })

        var text = ""
        for _ in 0..<100 {
            let result = try await offPool { try Self.get("http://127.0.0.1:\(port)/metrics") }
            text = result
            if text.contains("reportwatch_sources_failing 1") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(text.contains(#"reportwatch_fetches_total{result="ok"} 1"#), "\(text)")
        #expect(text.contains(#"reportwatch_fetches_total{result="failed"} 1"#))
        #expect(text.contains(#"reportwatch_events_total{type="report.published"} 1"#))
        #expect(text.contains("reportwatch_analyses_total 1"))
        #expect(text.contains("reportwatch_sources 2"))
        #expect(text.contains("reportwatch_sources_failing 1"))
        #expect(text.contains("reportwatch_fetch_duration_seconds_bucket"))
        #expect(try await offPool { try Self.get("http://127.0.0.1:\(port)/other") } .isEmpty)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
    }

    /// A plain HTTP GET with curl, as a scraper would make it; empty for a non-200 answer.
    static func get(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sf", "--max-time", "5", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
