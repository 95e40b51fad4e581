import Foundation
import ReportWatchTesting
import Testing

/// The built binaries delivering to receivers on 127.0.0.1.
@Suite struct WebhookDeliveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    let directory: URL

    init() throws {
        directory = try Fixtures.temporaryDirectory("e2e-webhooks")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("seeds"), withIntermediateDirectories: true)
    }

    var database: String { directory.appendingPathComponent("state/rw.sqlite").path }

    func writeConfig(webhookURL: String, secret: String = WebhookDeliveryTests.secret, extra: String = "") throws -> String {
        let url = directory.appendingPathComponent("reportwatch.yaml")
        try """
            store:
              path: state/rw.sqlite
            sources:
              - name: seeds
                kind: directory
                path: seeds
                notify_on_first: all
            webhooks:
              - url: \(webhookURL)
                secret: \(secret)
                timeout: 5s
            \(extra)
            """.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func copySeed() throws {
        try FileManager.default.copyItem(
            at: Fixtures.seedArticle,
            to: directory.appendingPathComponent("seeds").appendingPathComponent(Fixtures.seedArticle.lastPathComponent))
    }

    /// Distinct small reports, one file each.
    func writeReports(_ count: Int) throws {
        for index in 0..<count {
            let text = """
                Quarterly update number \(index)

                In quarter \(index) the foundation expanded rural education programmes in \(index + 3) provinces.

                The board reviewed water conservation projects and approved budget line \(index * 17 + 5).
                """
            try text.write(to: directory.appendingPathComponent("seeds/report-\(index).txt"), atomically: true,
                           encoding: .utf8)
        }
    }

    /// Verifies each request with the official standardwebhooks library; returns how many verified.
    func verifiedByTheReferenceLibrary(_ requests: [TestHTTPServer.Request]) async throws -> Int {
        let result = try await PythonPeer.verifyWebhooks(requests, secret: Self.secret)
        #expect(result.verified >= 0, "\(result.output)")
        return result.verified
    }

    @Test func onceDeliversAVerifiedReportPublished() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.script("/hook", [.status(204)])
        try copySeed()
        let config = try writeConfig(webhookURL: server.url("/hook"))
        let run = try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let requests = server.requests(to: "/hook")
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        let event = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        #expect(event?["type"] as? String == "report.published")
        #expect(event?["id"] as? String == request.header("webhook-id"))
        #expect(try await verifiedByTheReferenceLibrary(requests) == 1)
        #expect(!run.stderr.contains("MfKQ9r8G"))

        let listing = try await ProcessRunner.run("reportwatch", ["deliveries", "--database", database, "--json"])
        #expect(listing.status == 0, "\(listing.stderr)")
        let deliveries = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]]
        #expect(deliveries?.count == 1)
        #expect(deliveries?.first?["status"] as? String == "delivered")
        #expect((deliveries?.first?["attempts"] as? [[String: Any]])?.first?["status_code"] as? Int == 204)

        // Nothing new, nothing due: the second run sends nothing.
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        #expect(server.requests(to: "/hook").count == 1)
    }

    @Test func failedDeliveriesStayForTheNextRunAndRedeliverQueuesThem() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.script("/hook", [.status(500), .status(200)])
        try copySeed()
        let config = try writeConfig(webhookURL: server.url("/hook"), extra: "    retry: [1h]")
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        let text = try await ProcessRunner.run("reportwatch", ["deliveries", "--database", database, "--status", "failed"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("failed"))
        #expect(text.stdout.contains("HTTP 500"))
        // Not due for an hour: a run now sends nothing.
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        #expect(server.requests(to: "/hook").count == 1)

        let redeliver = try await ProcessRunner.run(
            "reportwatch", ["redeliver", "--failed", "--since", "24h", "--database", database])
        #expect(redeliver.status == 0, "\(redeliver.stderr)")
        #expect(redeliver.stdout.contains("Queued 1 delivery: "))
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        let requests = server.requests(to: "/hook")
        #expect(requests.count == 2)
        #expect(Set(requests.compactMap { $0.header("webhook-id") }).count == 1)
        #expect(try await ProcessRunner.sqlite(database, "SELECT status FROM outbox") == "delivered")

        // By event id (a unique prefix will do), even when delivered: sent again with the same webhook-id.
        let eventID = try #require(requests.first?.header("webhook-id"))
        let missing = try await ProcessRunner.run("reportwatch", ["redeliver", "evt_0000", "--database", database])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no event evt_0000"))
        let again = try await ProcessRunner.run(
            "reportwatch", ["redeliver", String(eventID.prefix(16)), "--database", database])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        #expect(server.requests(to: "/hook").compactMap { $0.header("webhook-id") } == Array(repeating: eventID, count: 3))
        let filtered = try await ProcessRunner.run(
            "reportwatch", ["deliveries", "--database", database, "--endpoint", server.url("/hook"), "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(filtered.stdout.utf8)) as? [[String: Any]]
        #expect((rows?.first?["attempts"] as? [Any])?.count == 3)
        let none = try await ProcessRunner.run(
            "reportwatch", ["deliveries", "--database", database, "--endpoint", server.url("/other")])
        #expect(none.stdout.contains("No deliveries."))
    }

    @Test func goneDisablesTheEndpointVisiblyUntilTheCLIEnablesIt() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.script("/hook", [.status(410), .status(200)])
        try copySeed()
        let url = server.url("/hook")
        let config = try writeConfig(webhookURL: url)
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        let listing = try await ProcessRunner.run("reportwatch", ["deliveries", "--database", database])
        #expect(listing.status == 0)
        #expect(listing.stdout.contains("Endpoint \(url) disabled since"))
        #expect(listing.stdout.contains("410 Gone"))
        #expect(listing.stdout.contains("endpoint disabled"))
        // Still disabled on the next run: nothing is sent, and the log says why.
        let second = try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"])
        #expect(second.status == 0)
        #expect(second.stderr.contains("endpoint disabled; its deliveries wait"))
        #expect(server.requests(to: "/hook").count == 1)

        let enable = try await ProcessRunner.run(
            "reportwatch", ["redeliver", "--enable-endpoint", url, "--database", database])
        #expect(enable.status == 0, "\(enable.stderr)")
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        #expect(server.requests(to: "/hook").count == 2)
        #expect(try await ProcessRunner.sqlite(database, "SELECT status FROM outbox") == "delivered")
        let unknown = try await ProcessRunner.run("reportwatch", ["redeliver", "999", "--database", database])
        #expect(unknown.status == 1)
    }

    @Test func theListenCommandVerifiesWhatTheDaemonSends() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try copySeed()
        let log = directory.appendingPathComponent("listen.log")
        let listener = try RunningProcess(
            "reportwatch", ["listen", "--port", "0", "--secret", Self.secret, "--json", "--count", "1"],
            environment: [:], logFile: log)
        defer { listener.kill() }
        #expect(await RunningProcess.eventually(timeout: 10) { listener.log.contains("listening on") })
        let port = try #require(listener.log.firstMatch(of: /127\.0\.0\.1:(\d+)\//).map { String($0.1) })
        let config = try writeConfig(webhookURL: "http://127.0.0.1:\(port)/hook")
        let run = try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(await listener.wait(timeout: 10) == 0)
        let line = try #require(listener.log.split(separator: "\n").first { $0.hasPrefix("{") })
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["verified"] as? Bool == true)
        #expect((object?["event"] as? [String: Any])?["type"] as? String == "report.published")
    }

    @Test func theListenCommandRejectsAWrongSignature() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try copySeed()
        let log = directory.appendingPathComponent("listen.log")
        let other = "whsec_" + Data(repeating: 9, count: 32).base64EncodedString()
        let listener = try RunningProcess(
            "reportwatch", ["listen", "--port", "0", "--secret", other, "--count", "1"], environment: [:], logFile: log)
        defer { listener.kill() }
        #expect(await RunningProcess.eventually(timeout: 10) { listener.log.contains("listening on") })
        let port = try #require(listener.log.firstMatch(of: /127\.0\.0\.1:(\d+)\//).map { String($0.1) })
        let config = try writeConfig(webhookURL: "http://127.0.0.1:\(port)/hook")
        #expect(try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"]).status == 0)
        #expect(await listener.wait(timeout: 10) == 0)
        #expect(listener.log.contains("no signature matches"))
        #expect(try await ProcessRunner.sqlite(database, "SELECT status || ' ' || last_status_code FROM outbox")
            == "failed 401")
    }

    @Test func everyEventIsDeliveredAfterTheDaemonIsKilledMidRun() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer()
        defer { server.stop() }
        // Slow answers, so the kill lands while deliveries are still in the outbox.
        server.script("/hook", [TestHTTPServer.Response.status(200).delayed(by: .milliseconds(400))])
        try writeReports(6)
        let config = try writeConfig(webhookURL: server.url("/hook"))
        let daemon = try RunningProcess("reportwatchd", ["--config", config], environment: [:],
                                        logFile: directory.appendingPathComponent("daemon.log"))
        defer { daemon.kill() }
        #expect(await server.waitForRequests(2, to: "/hook", timeout: .seconds(60)).count >= 2)
        daemon.signal(SIGKILL)
        _ = await daemon.wait(timeout: 10)
        let beforeRestart = Set(server.requests(to: "/hook").compactMap { $0.header("webhook-id") })

        server.script("/hook", [.status(200)])
        let run = try await ProcessRunner.run("reportwatchd", ["--config", config, "--once"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let stored = try await ProcessRunner.sqlite(database, "SELECT id FROM events ORDER BY sequence")
            .split(separator: "\n").map(String.init)
        #expect(stored.count == 6)
        let received = Set(server.requests(to: "/hook").compactMap { $0.header("webhook-id") })
        #expect(received == Set(stored))
        #expect(beforeRestart.count < stored.count, "the kill came after every delivery; the test proved nothing")
        #expect(try await ProcessRunner.sqlite(database, "SELECT COUNT(*) FROM outbox WHERE status != 'delivered'") == "0")
        #expect(try await verifiedByTheReferenceLibrary(server.requests(to: "/hook")) == server.requests(to: "/hook").count)
    }
}
