import Foundation
import ReportWatchTesting
import Synchronization
import Testing

/// kill -9 the daemon at random moments while it ingests a folder of reports; after every kill the database is
/// intact, keeps everything it had, and holds no document twice; a last clean pass stores exactly the rest.
@Suite(.serialized) struct CrashSafetyTests {
    let directory: URL
    let documentCount = Soak.pick(150, soak: 400)

    init() throws {
        directory = try Fixtures.temporaryDirectory("crash")
        let reports = directory.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        for number in 0..<documentCount {
            try Self.report(number).write(
                to: reports.appendingPathComponent(String(format: "report-%04d.txt", number)), atomically: true,
                encoding: .utf8)
        }
        try writeConfig()
    }

    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let reportsSource = "{name: reports, kind: directory, path: reports, notify_on_first: all}"

    /// The daemon's configuration for a trial: one source, one webhook (by default to a port nobody listens on, so
    /// the outbox fills and nothing is sent).
    func writeConfig(
        source: String = Self.reportsSource, daemon: String = "{interval: 1h}",
        webhook: String = "{url: \"http://127.0.0.1:9/hook\", secret: \(Self.secret)}"
    ) throws {
        try """
            store:
              path: rw.sqlite
            daemon: \(daemon)
            sources:
              - \(source)
            webhooks:
              - \(webhook)

            """.write(to: configFile, atomically: true, encoding: .utf8)
    }

    var configFile: URL { directory.appendingPathComponent("reportwatch.yaml") }
    var database: String { directory.appendingPathComponent("rw.sqlite").path }

    /// A report long enough that storing a folder of them takes a while, each with its own words.
    static func report(_ number: Int) -> String {
        var text = "Quarterly update \(number) of the northern division\n\n"
        let topics = ["solar panels", "water treatment", "rail freight", "cloud storage", "cocoa futures",
                      "wind turbines", "battery recycling", "port logistics"]
        for paragraph in 0..<12 {
            let topic = topics[(number + paragraph) % topics.count]
            text += "In paragraph \(paragraph) the board reviewed \(topic) volumes for unit \(number * 31 + paragraph). "
            text += "Revenue from \(topic) rose \(paragraph + number % 7) percent, and the chief executive, "
            text += "Jane Doe, said demand for \(topic) stayed firm through the quarter.\n\n"
        }
        return text
    }

    func storedURLsBlocking() throws -> [String] {
        try ProcessRunner.sqliteBlocking(database, "SELECT url FROM documents ORDER BY url")
            .split(separator: "\n").map(String.init)
    }

    @Test func killNineDuringIngestionLosesAndDuplicatesNothing() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await killAndCheck(trials: Soak.pick(6, soak: 50), expected: documentCount)
    }

    /// The same over HTTP: a feed whose items are pages on a local server. Seen items are saved with the pass, so a
    /// kill before the end of a pass must make the next one fetch those items again (and store only what is missing).
    @Test(.enabled(if: Soak.isOn, "HTTP variant runs in make soak"))
    func killNineDuringFeedIngestionLosesAndDuplicatesNothing() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer(recordRequests: false)
        defer { server.stop() }
        var items = ""
        for number in 0..<documentCount {
            server.serveDocument("/item/\(number)", text: "<html><head><title>Update \(number)</title></head><body>"
                + "<article>" + Self.report(number).split(separator: "\n").map { "<p>\($0)</p>" }.joined()
                + "</article></body></html>")
            items += "<item><title>Update \(number)</title><link>\(server.url("/item/\(number)"))</link>"
                + "<guid>update-\(number)</guid></item>"
        }
        server.serveDocument("/feed", text: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Updates</title>"
            + "<link>\(server.baseURL)/</link>\(items)</channel></rss>", contentType: "application/rss+xml")
        try writeConfig(
            source: "{name: updates, kind: feed, url: \"\(server.url("/feed"))\", notify_on_first: all}",
            daemon: "{interval: 1h, per_host_concurrency: 4}")
        try await killAndCheck(trials: 30, expected: documentCount)
    }

    /// kill -9 while the daemon both ingests and delivers to a receiver that is sometimes slow and sometimes failing:
    /// after the kills and one last run, every event was accepted by the receiver, repeats are only retries of the
    /// same event (same id, same bytes), and every request verifies with the official library.
    @Test func killNineWhileDeliveringToAFlakyReceiverLosesNoEvent() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer()
        defer { server.stop() }
        // One source is one delivery lane, so every slow or failed answer delays the rest: lighter in make test.
        var plan = FlakyReceiver.Plan()
        if !Soak.isOn {
            (plan.failing, plan.slow, plan.slowDelay) = (0.15, 0.15, 0.05...0.4)
        }
        let receiver = FlakyReceiver(server: server, path: "/hook", plan: plan)
        try writeConfig(webhook: """
            {url: "\(server.url("/hook"))", secret: \(Self.secret), timeout: 3s,
                 retry: [100ms, 200ms, 300ms, 500ms, 500ms, 1s, 1s, 1s, 2s, 2s, 2s, 2s]}
            """)
        let expected = documentCount
        try await killAndCheck(trials: Soak.pick(6, soak: 50), expected: expected, finishWithOnce: false)
        let context = "receiver seed \(receiver.seed)"

        // The last run goes on until the outbox is empty, under the same flaky receiver.
        let daemon = try RunningProcess("reportwatchd", ["--config", configFile.path], environment: [:],
                                        logFile: directory.appendingPathComponent("last-run.log"))
        defer { daemon.kill() }
        let deadline = ContinuousClock.now + .seconds(Soak.pick(120, soak: 300))
        var pending = ""
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            pending = try await ProcessRunner.sqlite(
                database, "SELECT (SELECT COUNT(*) FROM documents) || ' ' || "
                    + "(SELECT COUNT(*) FROM outbox WHERE status != 'delivered')")
        } while pending != "\(expected) 0" && ContinuousClock.now < deadline
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 30) == 0, "the daemon did not stop cleanly on SIGTERM")
        #expect(pending == "\(expected) 0", "documents and undelivered outbox rows at the end: \(pending); \(context)")

        let stored = Set(try await ProcessRunner.sqlite(database, "SELECT id FROM events")
            .split(separator: "\n").map(String.init))
        #expect(stored.count == expected, "\(context)")
        #expect(receiver.acceptedIDs == stored, "events not accepted: \(stored.subtracting(receiver.acceptedIDs).count); \(context)")
        #expect(receiver.idsWithDifferingBodies.isEmpty, "a repeated id carried another event: \(context)")
        #expect(receiver.failuresServed > 0, "the receiver never failed; the test proved nothing: \(context)")
        #expect(try await ProcessRunner.sqlite(database, "PRAGMA integrity_check") == "ok")
        let requests = server.requests(to: "/hook")
        #expect(try await PythonPeer.verifyWebhooks(requests, secret: Self.secret).verified == requests.count)
        print("flaky receiver: \(receiver.requestCount) requests, \(receiver.failuresServed) failures, "
            + "\(stored.count) events; \(context)")
    }

    /// Starts and kills the daemon `trials` times, checking the database after each kill; then a clean pass must
    /// leave exactly `expected` documents.
    func killAndCheck(trials count: Int, expected: Int, finishWithOnce: Bool = true) async throws {
        // Short windows, so that kills land while documents are still coming in, even on a fast machine.
        let loop = KillLoop(trials: count, window: Soak.pick(0.05...0.8, soak: 0.1...2.0))
        let configPath = configFile.path
        let previous = Mutex<[String]>([])
        let counts = Mutex<[Int]>([])
        let trials = try await loop.run(logDirectory: directory) { logFile in
            try RunningProcess("reportwatchd", ["--config", configPath], environment: [:], logFile: logFile)
        } check: { trial in
            let context = "seed \(loop.seed), trial \(trial.number) (kill after \(trial.delay) s)"
            guard FileManager.default.fileExists(atPath: database) else { return }
            #expect(try await ProcessRunner.sqlite(database, "PRAGMA integrity_check") == "ok", "\(context)")
            #expect(try await ProcessRunner.sqlite(database, "PRAGMA foreign_key_check") == "", "\(context)")
            // A kill during the first start's migration leaves the file without tables (the migration rolled back).
            let migrated = try await ProcessRunner.sqlite(
                database, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'documents'")
            guard migrated == "1" else { return }
            let urls = try await offPool { try storedURLsBlocking() }
            #expect(Set(urls).count == urls.count, "a document stored twice: \(context)")
            let before = previous.withLock { $0 }
            #expect(Set(before).isSubset(of: urls), "documents lost: \(context)")
            previous.withLock { $0 = urls }
            counts.withLock { $0.append(urls.count) }
            // Every stored document is whole: analysed, in a report.
            let unanalysed = try await ProcessRunner.sqlite(
                database, "SELECT COUNT(*) FROM documents d LEFT JOIN analyses a ON a.document_id = d.id "
                    + "WHERE a.document_id IS NULL OR d.report_id IS NULL")
            #expect(unanalysed == "0", "\(context)")
            let dangling = try await ProcessRunner.sqlite(
                database, "SELECT COUNT(*) FROM reports r LEFT JOIN documents d ON d.id = r.latest_document_id "
                    + "WHERE d.id IS NULL")
            #expect(dangling == "0", "\(context)")
        }
        // At least one kill must have landed in the middle of the ingestion, or the test proves nothing.
        let stored = counts.withLock { $0 }
        print("kill loop: seed \(loop.seed), documents after each kill \(stored) of \(expected)")
        #expect(trials.contains { $0.killedWhileRunning })
        #expect(stored.contains { $0 > 0 && $0 < expected },
                "no kill landed mid-ingestion: documents after each kill \(stored) (seed \(loop.seed))")

        guard finishWithOnce else { return }
        // A clean pass then stores what is left, each report exactly once.
        let last = try await ProcessRunner.run("reportwatchd", ["--config", configFile.path, "--once"], timeout: 300)
        #expect(last.status == 0, "\(last.stderr.suffix(2000))")
        let urls = try await offPool { try storedURLsBlocking() }
        #expect(urls.count == expected, "seed \(loop.seed)")
        #expect(Set(urls).count == expected)
        #expect(try await ProcessRunner.sqlite(database, "PRAGMA integrity_check") == "ok")
        // Each document announced at most once, and every event has its outbox row: written together or not at all.
        let twice = try await ProcessRunner.sqlite(
            database, "SELECT document_id FROM events WHERE document_id IS NOT NULL GROUP BY document_id "
                + "HAVING COUNT(*) > 1")
        #expect(twice == "")
        let withoutOutbox = try await ProcessRunner.sqlite(
            database, "SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
                + "(SELECT 1 FROM outbox o WHERE o.event_sequence = e.sequence)")
        #expect(withoutOutbox == "0")
        #expect(try await ProcessRunner.sqlite(database, "SELECT COUNT(*) FROM events") != "0")
    }
}
