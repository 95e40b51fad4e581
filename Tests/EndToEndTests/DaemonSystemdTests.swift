import Foundation
import ReportWatchTesting
import Testing

/// The real `reportwatchd` under a stand-in for systemd: readiness, status, watchdog, reload, stop, one per database.
@Suite(.serialized) struct DaemonSystemdTests {
    let directory: URL
    let listener: NotifySocketListener

    init() throws {
        directory = try Fixtures.temporaryDirectory("systemd")
        listener = try NotifySocketListener(directory: directory)
        for name in ["a", "b"] {
            let folder = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "Report \(name)\n\nThe body of report \(name).\n".write(
                to: folder.appendingPathComponent("\(name).txt"), atomically: true, encoding: .utf8)
        }
    }

    var configFile: URL { directory.appendingPathComponent("reportwatch.yaml") }
    var database: String { directory.appendingPathComponent("rw.sqlite").path }

    func writeConfig(sources: [String], extra: String = "") throws {
        var text = "store:\n  path: rw.sqlite\ndaemon:\n  interval: 1h\n\(extra)sources:\n"
        for name in sources { text += "  - {name: \(name), kind: directory, path: \(name)}\n" }
        try text.write(to: configFile, atomically: true, encoding: .utf8)
    }

    func start() throws -> RunningProcess {
        try RunningProcess(
            "reportwatchd", ["--config", configFile.path],
            environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "400000"],
            logFile: directory.appendingPathComponent("daemon-\(UUID().uuidString.prefix(6)).log"))
    }

    /// Called from `eventually`, which polls off the cooperative pool.
    func documentsBlocking() throws -> Int {
        Int(try ProcessRunner.sqliteBlocking(database, "SELECT COUNT(*) FROM documents")) ?? -1
    }

    @Test func readyStatusWatchdogReloadAndStop() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeConfig(sources: ["a"])
        let daemon = try start()
        defer { daemon.kill() }

        let startup = await listener.receive(until: { $0.contains("READY=1") }, timeout: 10)
        let ready = try #require(startup.last, "no READY=1; log:\n\(daemon.log)")
        #expect(ready.contains("READY=1"))
        #expect(ready.contains { $0.hasPrefix("STATUS=1 source") })
        #expect(await RunningProcess.eventually(timeout: 10) { (try? documentsBlocking()) == 1 })

        // Watchdog pings every 200 ms (half of WATCHDOG_USEC) while the loop runs.
        listener.drain()
        let started = Date()
        let pings = await listener.receive(until: { _ in Date().timeIntervalSince(started) > 1.5 }, timeout: 3)
            .filter { $0.contains("WATCHDOG=1") }.count
        #expect(pings >= 4, "only \(pings) watchdog pings in 1.5 s")
        #expect(pings <= 10)

        // SIGHUP with a new source: RELOADING=1 with a timestamp, then READY=1, and the new source gets polled.
        try writeConfig(sources: ["a", "b"])
        daemon.signal(SIGHUP)
        let reload = await listener.receive(until: { $0.contains("READY=1") }, timeout: 10)
        let reloading = try #require(reload.first { $0.contains("RELOADING=1") }, "no RELOADING=1: \(reload)")
        #expect(reloading.contains { $0.hasPrefix("MONOTONIC_USEC=") })
        #expect(reload.last?.contains("READY=1") == true)
        #expect(await RunningProcess.eventually(timeout: 10) { (try? documentsBlocking()) == 2 }, "log:\n\(daemon.log)")
        #expect(daemon.log.contains("configuration reloaded"))

        // A bad file on SIGHUP is rejected with file:line and the daemon keeps the running configuration.
        try "sources:\n  - name: a\n    kind: directoy\n    path: a\n".write(
            to: configFile, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        _ = await listener.receive(until: { $0.contains("READY=1") }, timeout: 10)
        #expect(await RunningProcess.eventually(timeout: 5) { daemon.log.contains("reload rejected") })
        #expect(daemon.log.contains("\(configFile.path):3:11: sources[0].kind: unknown source kind 'directoy'"))
        #expect(daemon.process.isRunning)
        let sources = try await ProcessRunner.sqlite(database, "SELECT COUNT(*) FROM sources WHERE removed_at IS NULL")
        #expect(sources == "2")

        // SIGTERM: STOPPING=1 and exit 0.
        daemon.signal(SIGTERM)
        let stop = await listener.receive(until: { $0.contains("STOPPING=1") }, timeout: 10)
        #expect(stop.last?.contains("STOPPING=1") == true)
        #expect(await daemon.wait(timeout: 15) == 0, "log:\n\(daemon.log)")
    }

    @Test func aSecondDaemonOnTheSameDatabaseIsRefused() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeConfig(sources: ["a"])
        let first = try start()
        defer { first.kill() }
        #expect(await listener.receive(until: { $0.contains("READY=1") }, timeout: 10).last?.contains("READY=1") == true)
        let second = try await ProcessRunner.run("reportwatchd", ["--config", configFile.path, "--once"])
        #expect(second.status == 75)
        #expect(second.stderr.contains("another reportwatchd (pid \(first.pid)) is already running on \(database)"))
        first.signal(SIGTERM)
        #expect(await first.wait(timeout: 15) == 0)
        // Once the first has gone, the lock is free again.
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", configFile.path, "--once"]).status == 0)
    }

    @Test func journalLinesCarryThePriorityAndKeyValues() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try writeConfig(sources: ["a"])
        let result = try await ProcessRunner.run(
            "reportwatchd", ["--config", configFile.path, "--once"], environment: ["JOURNAL_STREAM": "8:1234"])
        #expect(result.status == 0)
        let stored = result.stderr.split(separator: "\n").first { $0.contains("stored document") }
        #expect(stored?.hasPrefix("<6>stored document ") == true, "\(result.stderr)")
        #expect(stored?.contains("source.name=a") == true)
        let plain = try await ProcessRunner.run("reportwatchd", ["--config", configFile.path, "--once", "--log-level", "debug"])
        #expect(plain.stderr.split(separator: "\n").allSatisfy { !$0.hasPrefix("<") })
        #expect(plain.stderr.contains(" info pass complete"))
    }
}

/// SIGTERM while a poll hangs on a slow server: the poll is cancelled once the stop timeout is spent, and the daemon
/// exits 0 with its state recorded.
@Suite struct GracefulStopTests {
    @Test func aHangingPollIsCancelledWithinTheStopTimeout() async throws {
        let directory = try Fixtures.temporaryDirectory("stop")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer()
        server.handle("/slow") { _ in TestHTTPServer.Response.ok("late").delayed(by: .seconds(60)) }
        let config = directory.appendingPathComponent("reportwatch.yaml")
        try """
            store:
              path: rw.sqlite
            daemon:
              stop_timeout: 1s
              timeout: 2m
              retries: 0
            sources:
              - {name: slow, kind: page, url: "\(server.url("/slow"))"}
            """.write(to: config, atomically: true, encoding: .utf8)
        let daemon = try RunningProcess(
            "reportwatchd", ["--config", config.path], environment: [:],
            logFile: directory.appendingPathComponent("daemon.log"))
        defer { daemon.kill() }
        #expect(await server.waitForRequests(1, to: "/slow", timeout: .seconds(20)).count == 1)
        daemon.signal(SIGTERM)
        let status = await daemon.wait(timeout: 30)
        #expect(status == 0, "log:\n\(daemon.log)")
        #expect(daemon.log.contains("shutdown budget spent"), "log:\n\(daemon.log)")
        #expect(daemon.log.contains("stopped"))
    }
}
