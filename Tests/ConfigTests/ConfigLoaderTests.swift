import Foundation
import ReportModel
import ReportWatchTesting
import Testing

@testable import Config

@Suite struct ConfigLoaderTests {
    let loader = ConfigLoader(environment: ["WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
                              workingDirectory: "/srv/work")

    func parse(_ yaml: String) throws(ConfigError) -> Configuration {
        try loader.parse(yaml: yaml, file: "test.yaml", directory: "/etc/rw")
    }

    func issues(_ yaml: String) -> [ConfigIssue] {
        do {
            _ = try parse(yaml)
            Issue.record("expected the configuration to be rejected")
            return []
        } catch {
            return error.issues
        }
    }

    @Test func theBundledConfigurationIsValid() throws {
        let file = Fixtures.repositoryRoot.appendingPathComponent("config/reportwatch.yaml").path
        let configuration = try ConfigLoader(environment: [:], workingDirectory: "/srv/work").load(path: file)
        #expect(configuration.sources.map(\.name) == ["tencent-ssv"])
        #expect(configuration.sources[0].kind == .directory)
        #expect(configuration.sources[0].path == Fixtures.seedsDirectory.path)
        #expect(configuration.store.path == "/srv/work/.state/reportwatch.sqlite")
        #expect(configuration.webhooks.isEmpty)
    }

    @Test func emptyFileGivesDefaults() throws {
        let configuration = try parse("")
        #expect(configuration.daemon == DaemonSettings())
        #expect(configuration.daemon.concurrency == 8)
        #expect(configuration.daemon.interval == .seconds(6 * 3600))
        #expect(configuration.daemon.userAgent.hasPrefix("ReportWatch/"))
        #expect(configuration.sources.isEmpty)
    }

    @Test func stateDirectoryFromSystemdIsTheDefaultStoreLocation() throws {
        let loader = ConfigLoader(environment: ["STATE_DIRECTORY": "/var/lib/reportwatch:/var/lib/other"],
                                  workingDirectory: "/srv")
        let configuration = try loader.parse(yaml: "daemon: {}", file: "x.yaml")
        #expect(configuration.store.path == "/var/lib/reportwatch/reportwatch.sqlite")
    }

    @Test func everyKeyIsDecoded() throws {
        let configuration = try parse("""
            store:
              path: db/rw.sqlite
            daemon:
              concurrency: 3
              interval: 1h30m
              user_agent: Test/1
              log_level: debug
            sources:
              - name: acme-ir
                kind: index
                url: https://ir.acme.test/reports
                link_pattern: '/reports/q[1-4]-\\d{4}\\.pdf$'
                interval: 1d
                notify_on_first: all
                format: pdf
                ca_file: certs/ca.pem
              - name: local
                kind: directory
                path: /data/reports
                include: "*.txt"
                exclude: [draft-*]
            webhooks:
              - url: https://hooks.test/rw
                secret_env: WEBHOOK_SECRET
                events: [report.published]
                sources: [acme-ir]
                format: slack
                headers: {X-Team: research}
                timeout: 5s
                retry: [1s, 1m]
            """)
        #expect(configuration.store.path == "/etc/rw/db/rw.sqlite")
        #expect(configuration.daemon == DaemonSettings(
            concurrency: 3, interval: .seconds(5400), userAgent: "Test/1", logLevel: .debug))
        let index = try #require(configuration.source(named: "acme-ir"))
        #expect(index.kind == .index)
        #expect(index.url == "https://ir.acme.test/reports")
        #expect(index.linkPattern == "/reports/q[1-4]-\\d{4}\\.pdf$")
        #expect(index.interval == .seconds(86_400))
        #expect(index.notifyOnFirst == .all)
        #expect(index.format == .pdf)
        #expect(index.caFile == "/etc/rw/certs/ca.pem")
        let local = try #require(configuration.source(named: "local"))
        #expect(local.interval == .seconds(5400))
        #expect(local.include == ["*.txt"])
        #expect(local.exclude == ["draft-*"])
        let hook = try #require(configuration.webhooks.first)
        #expect(hook.secrets.map(\.value) == ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        #expect(hook.events == ["report.published"])
        #expect(hook.sources == ["acme-ir"])
        #expect(hook.format == .slack)
        #expect(hook.headers == ["X-Team": "research"])
        #expect(hook.timeout == .seconds(5))
        #expect(hook.retry == [.seconds(1), .seconds(60)])
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var line: Int?
        var keyPath: String?
        var message: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "YAML syntax error", yaml: "daemon:\n  concurrency: [1, 2\n", line: 3, keyPath: nil,
                 message: "YAML syntax error"),
        BadInput(name: "unknown key with suggestion", yaml: "daemon:\n  intervall: 5m\n", line: 2,
                 keyPath: "daemon.intervall", message: "unknown key 'intervall'; did you mean 'interval'?"),
        BadInput(name: "unknown top-level key", yaml: "sorces: []\n", line: 1, keyPath: "sorces",
                 message: "did you mean 'sources'?"),
        BadInput(name: "wrong type", yaml: "daemon:\n  concurrency: many\n", line: 2, keyPath: "daemon.concurrency",
                 message: "expected a whole number, found 'many'"),
        BadInput(name: "bad duration", yaml: "daemon:\n  interval: 90\n", line: 2, keyPath: "daemon.interval",
                 message: "expected a duration such as 30s"),
        BadInput(name: "unknown source kind", yaml: "sources:\n  - name: a\n    kind: rss\n    url: https://a.test\n",
                 line: 3, keyPath: "sources[0].kind", message: "unknown source kind 'rss'"),
        BadInput(name: "duplicate source name",
                 yaml: "sources:\n  - {name: a, kind: file, path: /a}\n  - {name: a, kind: file, path: /b}\n",
                 line: 3, keyPath: "sources[1].name", message: "duplicate source name 'a' (first defined on line 2)"),
        BadInput(name: "invalid URL", yaml: "sources:\n  - name: a\n    kind: page\n    url: 'not a url'\n",
                 line: 4, keyPath: "sources[0].url", message: "not a valid URL"),
        BadInput(name: "non-http URL", yaml: "sources:\n  - name: a\n    kind: feed\n    url: file:///etc/passwd\n",
                 line: 4, keyPath: "sources[0].url", message: "only http and https URLs are supported"),
        BadInput(name: "missing url", yaml: "sources:\n  - name: a\n    kind: page\n", line: 2,
                 keyPath: "sources[0]", message: "missing required key 'url'"),
        BadInput(name: "path on a page source",
                 yaml: "sources:\n  - name: a\n    kind: page\n    url: https://a.test\n    path: /x\n", line: 5,
                 keyPath: "sources[0].path", message: "'path' is for file and directory sources"),
        BadInput(name: "bad regular expression",
                 yaml: "sources:\n  - name: a\n    kind: index\n    url: https://a.test\n    link_pattern: '(['\n",
                 line: 5, keyPath: "sources[0].link_pattern", message: "not a valid regular expression"),
        BadInput(name: "bad source name", yaml: "sources:\n  - name: 'a b@c'\n    kind: file\n    path: /a\n",
                 line: 2, keyPath: "sources[0].name", message: "source names use letters"),
        BadInput(name: "unknown event type",
                 yaml: "webhooks:\n  - url: https://h.test\n    events: [report.publishd]\n", line: 3,
                 keyPath: "webhooks[0].events[0]", message: "did you mean 'report.published'?"),
        BadInput(name: "webhook names an unknown source",
                 yaml: "webhooks:\n  - url: https://h.test\n    sources: [nope]\n", line: 3,
                 keyPath: "webhooks[0].sources[0]", message: "no source is named 'nope'"),
        BadInput(name: "secret env not set",
                 yaml: "webhooks:\n  - url: https://h.test\n    secret_env: MISSING_SECRET\n", line: 3,
                 keyPath: "webhooks[0].secret_env", message: "environment variable MISSING_SECRET is not set"),
        BadInput(name: "malformed secret", yaml: "webhooks:\n  - url: https://h.test\n    secret: hunter2\n",
                 line: 3, keyPath: "webhooks[0].secret", message: "a secret must be 'whsec_'"),
        BadInput(name: "duplicate key", yaml: "daemon:\n  concurrency: 1\n  concurrency: 2\n", line: nil,
                 keyPath: nil, message: "duplicate key 'concurrency'"),
        BadInput(name: "list where a mapping belongs", yaml: "daemon: [1, 2]\n", line: 1, keyPath: "daemon",
                 message: "expected a mapping"),
    ]

    @Test(arguments: badInputs)
    func badInputIsAOneLineErrorWithLocation(_ input: BadInput) throws {
        let found = issues(input.yaml)
        let issue = try #require(found.first, "no error for \(input.name)")
        #expect(issue.file == "test.yaml")
        if let line = input.line { #expect(issue.line == line) }
        #expect(issue.keyPath == input.keyPath)
        #expect(issue.message.contains(input.message), "got: \(issue.message)")
        #expect(!issue.description.contains("\n"))
        #expect(issue.description.hasPrefix("test.yaml"))
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        let found = issues("daemon:\n  concurrency: 0\n  log_level: loud\nsources:\n  - name: a\n    kind: nope\n")
        #expect(found.map(\.keyPath) == ["daemon.concurrency", "daemon.log_level", "sources[0].kind"])
    }

    @Test func secretsNeverAppearInErrors() {
        let found = issues("webhooks:\n  - url: https://h.test\n    secret: whsec_tooshort\n")
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { !$0.description.contains("tooshort") })
        #expect(WebhookSecret("whsec_x").description == "<secret>")
    }

    @Test func missingFileIsUnreadable() {
        #expect {
            _ = try loader.load(path: "/nonexistent/reportwatch.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.kind == .unreadable && error.description == "/nonexistent/reportwatch.yaml: no such file"
        }
    }

    @Test func secretFileIsReadAndTrimmed() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n".write(
            to: directory.appendingPathComponent("secret"), atomically: true, encoding: .utf8)
        let configuration = try loader.parse(
            yaml: "webhooks:\n  - url: http://127.0.0.1:9/x\n    secret_file: secret\n", file: "t.yaml",
            directory: directory.path)
        #expect(configuration.webhooks[0].secrets.map(\.value) == ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
    }

    @Test(arguments: [
        ("30s", Duration.seconds(30)), ("15m", .seconds(900)), ("6h", .seconds(21_600)), ("1d", .seconds(86_400)),
        ("1h30m", .seconds(5_400)), ("250ms", .milliseconds(250)),
    ])
    func durationsParse(text: String, expected: Duration) {
        #expect(Duration(text: text) == expected)
    }

    @Test(arguments: ["", "5", "m", "5x", "1.5h", "-5m", "5m3"])
    func malformedDurationsAreRejected(text: String) {
        #expect(Duration(text: text) == nil)
    }

    @Test func compactTextRoundTrips() {
        #expect(Duration.seconds(5_400).compactText == "1h30m")
        #expect(Duration.seconds(86_400).compactText == "1d")
        #expect(Duration.milliseconds(250).compactText == "250ms")
    }

    @Test(arguments: [
        ("https://example.org/ir/q3.html", nil),
        ("HTTP://Example.org:8080/p?q=1#top", nil),
        ("http://[::1]:8080/feed", nil),
        ("ftp://example.org/report.pdf", "only http and https URLs are supported, found 'ftp:'"),
        ("file:///etc/passwd", "only http and https URLs are supported, found 'file:'"),
        ("example.org/report", "not a valid URL: 'example.org/report'"),
        ("http://exa mple.org/", "not a valid URL: 'http://exa mple.org/'"),
        ("http://", "not a valid URL: 'http://'"),
    ] as [(String, String?)])
    func sourceURLsAreReadAsLibcurlReadsThem(url: String, problem: String?) {
        #expect(ConfigLoader.httpURLProblem(url) == problem)
    }

    @Test func proxyURLsMayUseSocks() {
        #expect(ConfigLoader.proxyURLProblem("socks5h://127.0.0.1:1080") == nil)
        #expect(ConfigLoader.proxyURLProblem("gopher://proxy:70") == "unsupported proxy scheme 'gopher:'")
        #expect(ConfigLoader.proxyURLProblem("proxy:3128") != nil)
    }

    @Test func closestKeySuggestion() {
        #expect(closest(to: "webhook", among: ConfigLoader.topLevelKeys) == "webhooks")
        #expect(closest(to: "zzzzzz", among: ConfigLoader.topLevelKeys) == nil)
    }
}

@Suite struct CadenceConfigTests {
    let loader = ConfigLoader(environment: [:], workingDirectory: "/srv")

    @Test func cadenceAndGraceAreRead() throws {
        let configuration = try loader.parse(yaml: """
            sources:
              - {name: a, kind: file, path: /a, cadence: quarterly, grace: 20d}
              - {name: b, kind: file, path: /b, cadence: 90d}
            """, file: "t.yaml")
        #expect(configuration.sources[0].cadence == .months(3))
        #expect(configuration.sources[0].grace == .seconds(20 * 86_400))
        #expect(configuration.sources[1].cadence == .every(.seconds(90 * 86_400)))
        #expect(configuration.sources[1].grace == .seconds(7 * 86_400))
    }

    @Test func badCadenceAndGraceWithoutCadenceAreErrors() {
        #expect(throws: ConfigError.self) {
            try loader.parse(yaml: "sources:\n  - {name: a, kind: file, path: /a, cadence: fortnightly}\n", file: "t.yaml")
        }
        #expect(throws: ConfigError.self) {
            try loader.parse(yaml: "sources:\n  - {name: a, kind: file, path: /a, grace: 2d}\n", file: "t.yaml")
        }
    }

    @Test func quarterlyAddsCalendarMonths() {
        let start = ISO8601DateFormatter().date(from: "2024-03-31T00:00:00Z")!
        let next = Cadence.months(3).after(start)
        #expect(ISO8601DateFormatter().string(from: next) == "2024-06-30T00:00:00Z")
    }
}
