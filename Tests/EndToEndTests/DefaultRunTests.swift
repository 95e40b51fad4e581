import Foundation
import ReportWatchTesting
import Testing

/// What `make run` shows on a fresh machine: the bundled config over the seeds gives one report.published event
/// for the follow-up report, with its theme and speaker changes against the seed article.
@Suite struct DefaultRunTests {
    @Test func bundledConfigAnnouncesTheFollowUpReport() async throws {
        let directory = try Fixtures.temporaryDirectory("default-run")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = Fixtures.repositoryRoot.appendingPathComponent("config/reportwatch.yaml").path
        let database = directory.appendingPathComponent("rw.sqlite").path
        // Run from a scratch folder: the default database lands in its .state/.
        let run = try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"], currentDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let stateDatabase = directory.appendingPathComponent(".state/reportwatch.sqlite").path
        #expect(FileManager.default.fileExists(atPath: stateDatabase))
        try FileManager.default.copyItem(atPath: stateDatabase, toPath: database)

        let listing = try await ProcessRunner.run("reportwatch", ["--database", database, "events", "--json"])
        #expect(listing.status == 0, "\(listing.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]])
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event["type"] as? String == "report.published")
        let data = try #require(event["data"] as? [String: Any])
        let previous = data["previous"] as? [String: Any]
        #expect(previous?["title"] as? String == "Tencent released the quarterly social value quarterly report")
        let speakers = (data["speakers"] as? [[String: Any]] ?? []).map {
            "\($0["change"] as? String ?? ""):\($0["name"] as? String ?? "")"
        }
        #expect(speakers.contains("added:Zhang Wei"))
        #expect(speakers.contains("removed:Lu Peng"))
        #expect(speakers.contains("changed:Chen Juhong"))
        let themes = (data["themes"] as? [[String: Any]] ?? []).map {
            "\($0["change"] as? String ?? ""):\($0["key"] as? String ?? "")"
        }
        #expect(themes.contains("added:carbon-neutrality"))
        #expect(themes.contains("added:digital-inclusion"))
        #expect(themes.contains("removed:common-prosperity"))

        let human = try await ProcessRunner.run("reportwatch", ["--database", database, "events"])
        #expect(human.status == 0)
        #expect(human.stdout.hasPrefix("TIME"))
        #expect(human.stdout.contains("report.published  tencent-ssv"))

        let filtered = try await ProcessRunner.run(
            "reportwatch", ["--database", database, "events", "--type", "source.failing", "--json"])
        #expect(filtered.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]"
            || filtered.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        let missing = try await ProcessRunner.run(
            "reportwatch", ["--database", directory.appendingPathComponent("none.sqlite").path, "events"])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("no database here"))
        let bad = try await ProcessRunner.run("reportwatch", ["--database", database, "events", "--type", "nope"])
        #expect(bad.status == 64)
    }
}
