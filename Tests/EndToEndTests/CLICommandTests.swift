import Foundation
import ReportWatchTesting
import Testing

/// The CLI over a database built by the real daemon from the seeds: golden files for the human output (times and
/// paths masked), decoded JSON, bad arguments, unknown ids, missing databases.
/// Regenerate the golden files with `UPDATE_GOLDEN=1 swift test --filter CLICommandTests`.
@Suite(.serialized) struct CLICommandTests {
    static let golden = Fixtures.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Golden")

    let directory: URL
    var database: String { directory.appendingPathComponent("state/rw.sqlite").path }
    var config: String { directory.appendingPathComponent("reportwatch.yaml").path }

    init() async throws {
        directory = try Fixtures.temporaryDirectory("cli")
        let seeds = directory.appendingPathComponent("seeds")
        try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        for name in ["tencent-ssv-2022-08-24.txt", "tencent-ssv-2022-11-30-synthetic-follow-up.txt"] {
            try FileManager.default.copyItem(
                at: Fixtures.seedsDirectory.appendingPathComponent(name), to: seeds.appendingPathComponent(name))
        }
        try """
            store:
              path: state/rw.sqlite
            sources:
              - name: tencent-ssv
                kind: directory
                path: seeds
                interval: 1h
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    func cli(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await ProcessRunner.run("reportwatch", ["--database", database] + arguments, environment: ["TZ": "UTC"])
    }

    /// Masks what changes from run to run: times, the temporary folder, process ids; and column padding, which
    /// follows the width of those times.
    func masked(_ text: String) -> String {
        var result = text.replacingOccurrences(of: directory.path, with: "<dir>")
        let patterns = [
            (#"\d{4}-\d{2}-\d{2} \d{2}:\d{2}( \((now|\d+[smhd] ago|in \d+[smhd])\))?"#, "<time>"),
            (#"pid \d+"#, "pid <pid>"),
            (#" {2,}"#, "  "),
        ]
        for (pattern, replacement) in patterns {
            result = result.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return result
    }

    func expectGolden(_ name: String, _ arguments: [String]) async throws {
        let result = try await cli(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        let actual = masked(result.stdout)
        let file = Self.golden.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from its golden file; run with UPDATE_GOLDEN=1 if intended")
    }

    @Test func humanOutputMatchesTheGoldenFiles() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await expectGolden("sources", ["sources"])
        try await expectGolden("reports", ["reports"])
        try await expectGolden("show", ["show", "2", "--top", "5"])
        try await expectGolden("diff", ["diff", "2"])
        try await expectGolden("history", ["history", "tencent-ssv"])
        try await expectGolden("themes", ["themes", "tencent-ssv", "--top", "5"])
        try await expectGolden("speakers", ["speakers", "tencent-ssv"])
        try await expectGolden("events", ["events"])
        try await expectGolden("status", ["status"])
    }

    func json(_ arguments: [String]) async throws -> Any {
        let result = try await cli(arguments + ["--json"])
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func jsonOutputIsDecodable() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let sources = try #require(try await json(["sources"]) as? [[String: Any]])
        #expect(sources.first?["name"] as? String == "tencent-ssv")
        #expect(sources.first?["reports"] as? Int == 2)
        #expect(sources.first?["last_result"] as? String == "ok")

        let reports = try #require(try await json(["reports", "--source", "tencent-ssv"]) as? [[String: Any]])
        #expect(reports.map { $0["id"] as? Int } == [2, 1])
        #expect(reports.first?["speakers"] as? Int == 8)

        let show = try #require(try await json(["show", "1"]) as? [String: Any])
        let analysis = try #require(show["analysis"] as? [String: Any])
        #expect((analysis["speakers"] as? [Any])?.count == 8)

        let diff = try #require(try await json(["diff", "1", "2"]) as? [String: Any])
        let speakers = (diff["speakers"] as? [[String: Any]] ?? []).map { "\($0["change"]!):\($0["name"]!)" }
        #expect(speakers.contains("added:Zhang Wei"))
        #expect((diff["previous"] as? [String: Any])?["id"] as? Int == 1)

        let themes = try #require(try await json(["themes", "tencent-ssv"]) as? [String: Any])
        #expect((themes["periods"] as? [String])?.count == 2)
        let speakerMatrix = try #require(try await json(["speakers", "tencent-ssv"]) as? [String: Any])
        let rows = try #require(speakerMatrix["speakers"] as? [[String: Any]])
        let zhang = try #require(rows.first { $0["name"] as? String == "Zhang Wei" })
        #expect((zhang["cells"] as? [Any])?.first is NSNull)

        let history = try #require(try await json(["history", "tencent-ssv"]) as? [[String: Any]])
        #expect(history.count == 2)
        #expect((history[1]["events"] as? [Any])?.count == 1)

        let status = try #require(try await json(["status"]) as? [String: Any])
        #expect(status["running"] as? Bool == false)
        #expect(status["documents"] as? Int == 2)
    }

    @Test func badArgumentsUnknownIdsAndMissingDatabases() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try await cli(["show", "99"]).status == 1)
        #expect(try await cli(["show", "tencent-ssv@1999Q1"]).stderr.contains("no report 'tencent-ssv@1999Q1'"))
        #expect(try await cli(["history", "nope"]).status == 1)
        #expect(try await cli(["diff", "1"]).status == 1)
        #expect(try await cli(["reports", "--limit", "0"]).status == 64)
        #expect(try await cli(["frobnicate"]).status == 64)
        #expect(try await cli(["reports", "--source", "tencent-ssv", "--fail-if-empty"]).status == 0)
        let missing = try await ProcessRunner.run(
            "reportwatch", ["--database", directory.appendingPathComponent("none.sqlite").path, "sources"])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("no database here"))
        let check = try await ProcessRunner.run("reportwatch", ["--config", config, "check", "tencent-ssv"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("nothing would be announced"))
        let unknownSource = try await ProcessRunner.run("reportwatch", ["--config", config, "check", "nope"])
        #expect(unknownSource.status == 1)
    }

    @Test func readsWorkWhileAnotherProcessHoldsTheWriteLock() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let holder = try RunningProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", "import sqlite3, sys, time\n"
                + "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                + "c.execute('BEGIN IMMEDIATE'); c.execute('UPDATE sources SET last_error = last_error')\n"
                + "print('locked', flush=True); time.sleep(4)", database],
            environment: [:], logFile: directory.appendingPathComponent("holder.log"))
        defer { holder.kill() }
        #expect(await RunningProcess.eventually(timeout: 10) { holder.log.contains("locked") })
        let sources = try await cli(["sources", "--json"])
        #expect(sources.status == 0, "\(sources.stderr)")
        #expect(try await cli(["events", "--fail-if-empty"]).status == 0)
        #expect(try await cli(["events", "--type", "source.failing", "--fail-if-empty"]).status == 1)
    }

    @Test func gcClearsOldTextButKeepsAnalyses() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // A revision of the seed makes report 1 have two versions.
        let seed = directory.appendingPathComponent("seeds/tencent-ssv-2022-08-24.txt")
        let edited = try String(contentsOf: seed, encoding: .utf8)
            .replacingOccurrences(of: "- END -", with: "A correction was added to the article.\n- END -")
        try edited.write(to: seed, atomically: true, encoding: .utf8)
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        let gc = try await cli(["gc", "--keep", "1", "--json"])
        #expect(gc.status == 0, "\(gc.stderr)")
        let freed = try #require(try JSONSerialization.jsonObject(with: Data(gc.stdout.utf8)) as? [String: Int])
        #expect(freed["documents_cleared"] == 1)
        #expect((freed["bytes_freed"] ?? 0) > 10_000)
        #expect(try await ProcessRunner.sqlite(database, "SELECT COUNT(*) FROM documents WHERE text IS NULL") == "1")
        #expect(try await ProcessRunner.sqlite(database, "SELECT COUNT(*) FROM analyses") == "3")
        let again = try await cli(["gc", "--keep", "1", "--json"])
        #expect(again.stdout.contains("\"documents_cleared\" : 0"))
    }
}
