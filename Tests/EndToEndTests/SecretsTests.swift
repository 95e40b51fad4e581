import Foundation
import ReportWatchTesting
import Testing

/// Webhook secrets (from a file and from the environment) and a header token go through the whole
/// pipeline at debug level; none of them, nor a secret's base64 body, shows in logs, CLI output, errors or the database.
@Suite(.serialized) struct SecretsTests {
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "whsec_" + Data(bytes).base64EncodedString()
    }

    /// Every form of every secret a leak could take: whole, its base64 body, its decoded bytes as text.
    static func needles(_ secrets: [String]) -> [String] {
        secrets.flatMap { secret -> [String] in
            guard secret.hasPrefix("whsec_") else { return [secret] }
            let body = String(secret.dropFirst(6))
            return [secret, body, String(body.prefix(16))]
        }
    }

    static func leaks(in text: String, of needles: [String]) -> [String] {
        needles.filter { text.contains($0) }
    }

    @Test func noSecretLeavesTheConfiguration() async throws {
        let workspace = try DaemonWorkspace("secrets")
        defer { workspace.remove() }
        let server = try TestHTTPServer()
        defer { server.stop() }
        let fileSecret = Self.newSecret()
        let envSecret = Self.newSecret()
        let token = "tok-\(UUID().uuidString)"
        let password = "pw-\(UUID().uuidString.prefix(12))"
        try fileSecret.write(to: workspace.file("hook.secret"), atomically: true, encoding: .utf8)
        let reports = workspace.file("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try "Quarterly report\n\nRevenue rose nine percent, said the chief executive, Jane Doe.\n".write(
            to: reports.appendingPathComponent("q1.txt"), atomically: true, encoding: .utf8)
        server.serveDocument("/report", text: "<html><head><title>Q1</title></head><body><article>"
            + "<p>Profit rose in the first quarter of the year, the group said.</p></article></body></html>")
        let guarded = "http://reader:\(password)@127.0.0.1:\(server.port)"
        try workspace.writeConfig("""
            store: {path: rw.sqlite}
            daemon: {log_level: debug, retries: 0}
            sources:
              - {name: filings, kind: directory, path: reports, notify_on_first: all}
              - {name: site, kind: page, url: "\(guarded)/report", notify_on_first: all}
              - {name: missing, kind: page, url: "\(guarded)/gone"}
            webhooks:
              - url: "http://127.0.0.1:9/hooks"
                secret_file: hook.secret
                secret_env: RW_TEST_WEBHOOK_SECRET
                headers: {Authorization: "Bearer \(token)"}

            """)
        let environment = ["RW_TEST_WEBHOOK_SECRET": envSecret, "REPORTWATCH_LOG_LEVEL": "debug"]
        // Not the URL's password: source URLs are stored and shown as configured (only errors redact them).
        let needles = Self.needles([fileSecret, envSecret, token])

        var outputs: [(String, String)] = []
        let daemon = try await ProcessRunner.run(
            "reportwatchd", ["--config", workspace.configFile.path, "--once", "--log-level", "debug"],
            environment: environment)
        #expect(daemon.status == 0, "\(daemon.stderr.suffix(2000))")
        outputs.append(("daemon", daemon.stdout + daemon.stderr))
        // The pass did the work the secrets travel with: documents stored, events with outbox rows, an error.
        #expect(try await workspace.sql("SELECT COUNT(*) FROM documents") == "2")
        #expect(try await workspace.sql("SELECT COUNT(*) FROM outbox") != "0")
        let missingError = try await workspace.sql("SELECT last_error FROM sources WHERE name = 'missing'")
        #expect(missingError.contains("404"), "\(missingError)")
        // Errors redact a URL's password.
        #expect(!missingError.contains(password))

        for arguments in [["sources"], ["sources", "--json"], ["reports"], ["reports", "--json"], ["events", "--json"],
                          ["status"], ["status", "--json"], ["history", "filings"], ["show", "1"]] {
            let result = try await workspace.cli(arguments, environment: environment)
            outputs.append((arguments.joined(separator: " "), result.stdout + result.stderr))
        }
        let validate = try await ProcessRunner.run(
            "reportwatch", ["config", "validate", workspace.configFile.path], environment: environment)
        outputs.append(("config validate", validate.stdout + validate.stderr))

        // A secret that is not valid is refused without being echoed.
        let badSecret = "whsec_" + "not base64 at all " + UUID().uuidString
        let invalid = try await ProcessRunner.run(
            "reportwatch", ["config", "validate", workspace.configFile.path],
            environment: ["RW_TEST_WEBHOOK_SECRET": badSecret])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("secret"), "\(invalid.stderr)")
        outputs.append(("invalid secret", invalid.stdout + invalid.stderr))
        let reload = try await ProcessRunner.run(
            "reportwatchd", ["--config", workspace.configFile.path, "--once"],
            environment: ["RW_TEST_WEBHOOK_SECRET": badSecret])
        #expect(reload.status != 0)
        outputs.append(("daemon with invalid secret", reload.stdout + reload.stderr))

        for (name, text) in outputs {
            #expect(Self.leaks(in: text, of: needles + [badSecret]).isEmpty, "\(name) shows a secret:\n\(text)")
        }
        // The database, as SQL and as raw bytes of the file and its journal.
        let dump = try await workspace.sql(".dump")
        #expect(dump.contains("Revenue rose nine percent"), "the dump is not the database's")
        #expect(Self.leaks(in: dump, of: needles).isEmpty)
        for suffix in ["", "-wal", "-shm"] {
            guard let data = FileManager.default.contents(atPath: workspace.database + suffix) else { continue }
            let bytes = String(decoding: data, as: UTF8.self)
            #expect(Self.leaks(in: bytes, of: needles).isEmpty, "rw.sqlite\(suffix) holds a secret")
        }
    }
}
