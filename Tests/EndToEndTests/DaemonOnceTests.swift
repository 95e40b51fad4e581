import Foundation
import ReportWatchTesting
import Testing

/// Runs the built `reportwatchd` and `reportwatch` binaries, as users and scripts do.
@Suite struct DaemonOnceTests {
    let directory: URL

    init() throws {
        directory = try Fixtures.temporaryDirectory("e2e")
        let seeds = directory.appendingPathComponent("seeds")
        try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Fixtures.seedArticle, to: seeds.appendingPathComponent(Fixtures.seedArticle.lastPathComponent))
    }

    func writeConfig(_ text: String, name: String = "reportwatch.yaml") throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    var database: String { directory.appendingPathComponent("state/rw.sqlite").path }

    var goodConfig: String {
        """
        store:
          path: state/rw.sqlite
        sources:
          - name: seeds
            kind: directory
            path: seeds
        """
    }

    @Test func onceStoresTheSeedThenNothingNew() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try writeConfig(goodConfig)
        let first = try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stderr.contains("stored document"))
        let second = try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"])
        #expect(second.status == 0)
        #expect(!second.stderr.contains("stored document"))
        let count = try await ProcessRunner.sqlite(database, "SELECT COUNT(*) FROM documents")
        #expect(count == "1")
        let title = try await ProcessRunner.sqlite(database, "SELECT title FROM documents")
        #expect(title == "Tencent released the quarterly social value quarterly report")
        let mode = try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func validateAcceptsAGoodFileAndRejectsABadOne() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try writeConfig(goodConfig)
        let ok = try await ProcessRunner.run("reportwatch", ["config", "validate", good])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("OK"))
        let bad = try writeConfig("daemon:\n  concurency: 2\nsources:\n  - name: x\n    kind: rss\n", name: "bad.yaml")
        let rejected = try await ProcessRunner.run("reportwatch", ["config", "validate", bad])
        #expect(rejected.status == 78)
        let lines = rejected.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first == "\(bad):2:3: daemon.concurency: unknown key 'concurency'; did you mean 'concurrency'?")
        #expect(lines.last?.hasPrefix("\(bad):5:11: sources[0].kind: unknown source kind 'rss'") == true)
        let json = try await ProcessRunner.run("reportwatch", ["config", "validate", bad, "--json"])
        #expect(json.status == 78)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(decoded?["ok"] as? Bool == false)
        #expect((decoded?["errors"] as? [[String: Any]])?.count == 2)
    }

    @Test func configErrorsExit78AndTouchNothing() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try await ProcessRunner.run("reportwatchd", ["--config", directory.appendingPathComponent("none.yaml").path, "--once"])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("none.yaml: no such file"))
        let config = try writeConfig(goodConfig)
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        let broken = try writeConfig(goodConfig + "\n  - name: seeds\n    kind: directory\n    path: seeds\n")
        let duplicate = try await ProcessRunner.run("reportwatchd", ["--config", broken, "--once"])
        #expect(duplicate.status == 78)
        #expect(duplicate.stderr.contains("duplicate source name 'seeds'"))
        #expect(try await ProcessRunner.sqlite(database, "SELECT COUNT(*) FROM documents") == "1")
    }

    @Test func storeErrorsExit74() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let blocker = directory.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let config = try writeConfig("store:\n  path: blocker/rw.sqlite\n")
        let result = try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"])
        #expect(result.status == 74)
        #expect(result.stderr.contains(blocker.path))

        let good = try writeConfig(goodConfig, name: "good.yaml")
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", good, "--once"]).status == 0)
        _ = try await ProcessRunner.sqlite(database, "INSERT INTO grdb_migrations VALUES ('v99 from the future')")
        let newer = try await ProcessRunner.run("reportwatchd", ["--config", good, "--once"])
        #expect(newer.status == 74)
        #expect(newer.stderr.contains("newer ReportWatch"))
        #expect(try await ProcessRunner.sqlite(database, "SELECT COUNT(*) FROM documents") == "1")
    }
}

extension ProcessRunner {
    /// Runs the sqlite3 command-line shell, as a user checking the database would.
    static func sqlite(_ database: String, _ sql: String) async throws -> String {
        try await offPool { try sqliteBlocking(database, sql) }
    }

    static func sqliteBlocking(_ database: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
