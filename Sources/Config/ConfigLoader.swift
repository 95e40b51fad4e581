import CCurl
import Foundation
import ReportModel

/// Loads and validates `reportwatch.yaml`.
public struct ConfigLoader: Sendable {
    public var environment: [String: String]
    public var workingDirectory: String

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    public func load(path: String) throws(ConfigError) -> Configuration {
        let absolute = resolve(path, against: workingDirectory)
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: absolute))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ConfigError(kind: .invalid, issues: [ConfigIssue(file: path, message: "not UTF-8 text")])
            }
            text = decoded
        } catch let error as ConfigError {
            throw error
        } catch {
            let reason = FileManager.default.fileExists(atPath: absolute) ? "cannot be read" : "no such file"
            throw ConfigError(kind: .unreadable, issues: [ConfigIssue(file: path, message: reason)])
        }
        return try parse(yaml: text, file: path, directory: URL(fileURLWithPath: absolute).deletingLastPathComponent().path)
    }

    /// Parses configuration text; relative paths in it are taken from `directory`.
    public func parse(yaml: String, file: String, directory: String? = nil) throws(ConfigError) -> Configuration {
        let reader = NodeReader(file: file)
        let root: YAMLNode?
        do {
            // Every value stays text until NodeReader types it, so no tag resolution runs over the source list.
            root = try YAMLDocument(yaml: yaml).root
        } catch {
            throw ConfigError(kind: .invalid, issues: [
                ConfigIssue(file: file, line: error.mark?.line, column: error.mark?.column, message: error.message),
            ])
        }
        let base = directory ?? workingDirectory
        var configuration = Configuration(
            file: file, store: StoreSettings(path: StoreSettings.defaultPath(
                environment: environment, workingDirectory: workingDirectory)))
        if let root {
            read(root, into: &configuration, reader: reader, base: base)
        }
        if !reader.issues.isEmpty {
            throw ConfigError(kind: .invalid, issues: reader.issues)
        }
        return configuration
    }

    // MARK: - Sections

    static let topLevelKeys = ["store", "daemon", "sources", "webhooks", "metrics"]
    static let metricsKeys = ["listen"]
    static let storeKeys = ["path"]
    static let daemonKeys = [
        "concurrency", "interval", "user_agent", "log_level", "failure_threshold", "per_host_concurrency",
        "per_host_delay", "timeout", "connect_timeout", "max_body_size", "retries", "proxy", "stop_timeout",
    ]
    static let sourceKeys = [
        "name", "kind", "url", "path", "interval", "notify_on_first", "link_pattern", "include", "exclude", "format",
        "ca_file", "cadence", "grace",
    ]
    static let webhookKeys = [
        "url", "secret", "secret_file", "secret_env", "events", "sources", "format", "headers", "timeout", "retry",
    ]

    private func read(_ root: YAMLNode, into configuration: inout Configuration, reader: NodeReader, base: String) {
        guard let top = reader.mapping(root, at: "", known: Self.topLevelKeys) else { return }
        if let node = top["store"], let store = reader.mapping(node, at: "store", known: Self.storeKeys) {
            if let path = reader.string(store["path"], at: "store.path") {
                configuration.store.path = resolve(path, against: base)
            }
        }
        if let node = top["daemon"], let daemon = reader.mapping(node, at: "daemon", known: Self.daemonKeys) {
            readDaemon(daemon, into: &configuration.daemon, reader: reader)
        }
        if let node = top["metrics"], let metrics = reader.mapping(node, at: "metrics", known: Self.metricsKeys),
           let listen = reader.string(reader.require(metrics, "listen", in: node, at: "metrics"), at: "metrics.listen")
        {
            if let settings = Self.loopbackAddress(listen) {
                configuration.metrics = settings
            } else {
                reader.report("expected a loopback address with a port, such as 127.0.0.1:9464 or [::1]:9464, "
                              + "found '\(listen)'", at: metrics["listen"], path: "metrics.listen")
            }
        }
        if let node = top["sources"], let items = reader.sequence(node, at: "sources") {
            var firstLine: [String: Int] = [:]
            firstLine.reserveCapacity(items.count)
            configuration.sources.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                guard let source = readSource(item, at: "sources[\(index)]", defaults: configuration.daemon,
                                              reader: reader, base: base)
                else { continue }
                if let line = firstLine[source.name] {
                    reader.report("duplicate source name '\(source.name)' (first defined on line \(line))",
                                  at: item, path: "sources[\(index)].name")
                    continue
                }
                firstLine[source.name] = item.mark.line
                configuration.sources.append(source)
            }
        }
        if let node = top["webhooks"], let items = reader.sequence(node, at: "webhooks") {
            let names = Set(configuration.sources.map(\.name))
            for (index, item) in items.enumerated() {
                if let webhook = readWebhook(item, at: "webhooks[\(index)]", sourceNames: names, reader: reader,
                                             base: base) {
                    configuration.webhooks.append(webhook)
                }
            }
        }
    }

    private func readDaemon(_ values: [String: YAMLNode], into daemon: inout DaemonSettings, reader: NodeReader) {
        if let value = reader.int(values["concurrency"], at: "daemon.concurrency", range: 1...1024) {
            daemon.concurrency = value
        }
        if let value = reader.duration(values["interval"], at: "daemon.interval", minimum: .seconds(1)) {
            daemon.interval = value
        }
        if let value = reader.string(values["user_agent"], at: "daemon.user_agent") {
            if value.trimmingCharacters(in: .whitespaces).isEmpty {
                reader.report("must not be empty", at: values["user_agent"], path: "daemon.user_agent")
            } else {
                daemon.userAgent = value
            }
        }
        if let value = reader.int(values["failure_threshold"], at: "daemon.failure_threshold", range: 1...1000) {
            daemon.failureThreshold = value
        }
        if let value = reader.int(values["per_host_concurrency"], at: "daemon.per_host_concurrency", range: 1...64) {
            daemon.perHostConcurrency = value
        }
        if let value = reader.duration(values["per_host_delay"], at: "daemon.per_host_delay") {
            daemon.perHostDelay = value
        }
        if let value = reader.duration(values["timeout"], at: "daemon.timeout", minimum: .seconds(1)) {
            daemon.timeout = value
        }
        if let value = reader.duration(values["connect_timeout"], at: "daemon.connect_timeout", minimum: .seconds(1)) {
            daemon.connectTimeout = value
        }
        if let value = reader.byteSize(values["max_body_size"], at: "daemon.max_body_size") {
            daemon.maxBodySize = value
        }
        if let value = reader.duration(values["stop_timeout"], at: "daemon.stop_timeout") {
            daemon.stopTimeout = value
        }
        if let value = reader.int(values["retries"], at: "daemon.retries", range: 0...10) {
            daemon.retries = value
        }
        if let value = reader.string(values["proxy"], at: "daemon.proxy") {
            if !value.isEmpty, let problem = Self.proxyURLProblem(value) {
                reader.report(problem, at: values["proxy"], path: "daemon.proxy")
            } else {
                daemon.proxy = value
            }
        }
        if let value = reader.choice(values["log_level"], at: "daemon.log_level", as: LogLevel.self, noun: "log level") {
            daemon.logLevel = value
        }
    }

    private func readSource(
        _ node: YAMLNode, at path: String, defaults: DaemonSettings, reader: NodeReader, base: String
    ) -> SourceConfig? {
        guard let values = reader.mapping(node, at: path, known: Self.sourceKeys) else { return nil }
        let issuesBefore = reader.issues.count
        let nameNode = reader.require(values, "name", in: node, at: path)
        let name = reader.string(nameNode, at: "\(path).name")
        if let name, !Self.isValidName(name) {
            reader.report("source names use letters, digits, '.', '_' and '-', and start with a letter or digit; "
                          + "found '\(name)'", at: nameNode, path: "\(path).name")
        }
        let kindNode = reader.require(values, "kind", in: node, at: path)
        let kind = reader.choice(kindNode, at: "\(path).kind", as: SourceKind.self, noun: "source kind")

        var url: String?
        var filePath: String?
        if let kind {
            if kind.isLocal {
                if values["url"] != nil {
                    reader.report("'url' is for page, feed and index sources; a \(kind.rawValue) source takes 'path'",
                                  at: values["url"], path: "\(path).url")
                }
                if let raw = reader.string(reader.require(values, "path", in: node, at: path), at: "\(path).path") {
                    filePath = resolve(raw, against: base)
                }
            } else {
                if values["path"] != nil {
                    reader.report("'path' is for file and directory sources; a \(kind.rawValue) source takes 'url'",
                                  at: values["path"], path: "\(path).path")
                }
                let urlNode = reader.require(values, "url", in: node, at: path)
                if let raw = reader.string(urlNode, at: "\(path).url") {
                    if let problem = Self.httpURLProblem(raw) {
                        reader.report(problem, at: urlNode, path: "\(path).url")
                    } else {
                        url = raw
                    }
                }
            }
            if kind != .index, values["link_pattern"] != nil {
                reader.report("'link_pattern' applies to index sources only", at: values["link_pattern"],
                              path: "\(path).link_pattern")
            }
            if kind != .directory {
                for key in ["include", "exclude"] where values[key] != nil {
                    reader.report("'\(key)' applies to directory sources only", at: values[key], path: "\(path).\(key)")
                }
            }
        }
        let interval = reader.duration(values["interval"], at: "\(path).interval", minimum: .seconds(1))
        let notify = reader.choice(values["notify_on_first"], at: "\(path).notify_on_first", as: NotifyOnFirst.self,
                                   noun: "value")
        let linkPattern = reader.string(values["link_pattern"], at: "\(path).link_pattern")
        if let linkPattern {
            do {
                _ = try NSRegularExpression(pattern: linkPattern)
            } catch {
                reader.report("not a valid regular expression: '\(linkPattern)'", at: values["link_pattern"],
                              path: "\(path).link_pattern")
            }
        }
        let format = reader.choice(values["format"], at: "\(path).format", as: DocumentFormat.self, noun: "format")
        let caFile = reader.string(values["ca_file"], at: "\(path).ca_file").map { resolve($0, against: base) }
        var cadence: Cadence?
        if let text = reader.string(values["cadence"], at: "\(path).cadence") {
            cadence = Cadence(text: text)
            if cadence == nil {
                reader.report("expected daily, weekly, monthly, quarterly, half-yearly, yearly or a duration such as "
                              + "90d, found '\(text)'", at: values["cadence"], path: "\(path).cadence")
            }
        }
        let grace = reader.duration(values["grace"], at: "\(path).grace")
        if grace != nil, values["cadence"] == nil {
            reader.report("'grace' needs a 'cadence'", at: values["grace"], path: "\(path).grace")
        }
        let include = reader.strings(values["include"], at: "\(path).include") ?? []
        let exclude = reader.strings(values["exclude"], at: "\(path).exclude") ?? []

        guard reader.issues.count == issuesBefore, let name, let kind else { return nil }
        return SourceConfig(
            name: name, kind: kind, url: url, path: filePath, interval: interval ?? defaults.interval,
            notifyOnFirst: notify ?? .newest, linkPattern: linkPattern, include: include, exclude: exclude,
            format: format, caFile: caFile, cadence: cadence, grace: grace ?? SourceConfig.defaultGrace)
    }

    private func readWebhook(
        _ node: YAMLNode, at path: String, sourceNames: Set<String>, reader: NodeReader, base: String
    ) -> WebhookConfig? {
        guard let values = reader.mapping(node, at: path, known: Self.webhookKeys) else { return nil }
        let issuesBefore = reader.issues.count
        let urlNode = reader.require(values, "url", in: node, at: path)
        let url = reader.string(urlNode, at: "\(path).url")
        if let url, let problem = Self.httpURLProblem(url) {
            reader.report(problem, at: urlNode, path: "\(path).url")
        }
        var secrets: [WebhookSecret] = []
        for literal in reader.strings(values["secret"], at: "\(path).secret") ?? [] {
            secrets.append(WebhookSecret(literal))
        }
        for file in reader.strings(values["secret_file"], at: "\(path).secret_file") ?? [] {
            let absolute = resolve(file, against: base)
            if let contents = try? String(contentsOfFile: absolute, encoding: .utf8) {
                secrets.append(WebhookSecret(contents.trimmingCharacters(in: .whitespacesAndNewlines)))
            } else {
                reader.report("cannot read secret file \(absolute)", at: values["secret_file"],
                              path: "\(path).secret_file")
            }
        }
        for variable in reader.strings(values["secret_env"], at: "\(path).secret_env") ?? [] {
            if let value = environment[variable], !value.isEmpty {
                secrets.append(WebhookSecret(value.trimmingCharacters(in: .whitespacesAndNewlines)))
            } else {
                reader.report("environment variable \(variable) is not set", at: values["secret_env"],
                              path: "\(path).secret_env")
            }
        }
        for secret in secrets where !Self.isValidSecret(secret.value) {
            // Never echo the value: the message names the key only.
            reader.report("a secret must be 'whsec_' followed by base64 (24 to 64 bytes once decoded)",
                          at: values["secret"] ?? values["secret_file"] ?? values["secret_env"], path: "\(path).secret")
        }
        let events = reader.strings(values["events"], at: "\(path).events")
        for (index, event) in (events ?? []).enumerated() where EventType(rawValue: event) == nil {
            var message = "unknown event type '\(event)' (expected one of "
                + EventType.allCases.map(\.rawValue).joined(separator: ", ") + ")"
            if let suggestion = closest(to: event, among: EventType.allCases.map(\.rawValue)) {
                message += "; did you mean '\(suggestion)'?"
            }
            reader.report(message, at: values["events"], path: "\(path).events[\(index)]")
        }
        let sources = reader.strings(values["sources"], at: "\(path).sources")
        for (index, source) in (sources ?? []).enumerated() where !sourceNames.contains(source) {
            var message = "no source is named '\(source)'"
            if let suggestion = closest(to: source, among: Array(sourceNames)) {
                message += "; did you mean '\(suggestion)'?"
            }
            reader.report(message, at: values["sources"], path: "\(path).sources[\(index)]")
        }
        let format = reader.choice(values["format"], at: "\(path).format", as: WebhookFormat.self, noun: "format")
        var headers: [String: String] = [:]
        if let node = values["headers"], case .mapping(let mapping) = node.content {
            for (key, value) in mapping {
                if let name = reader.string(key, at: "\(path).headers"),
                   let text = reader.string(value, at: "\(path).headers.\(name)") {
                    headers[name] = text
                }
            }
        } else if let node = values["headers"] {
            reader.report("expected a mapping of header names to values", at: node, path: "\(path).headers")
        }
        let timeout = reader.duration(values["timeout"], at: "\(path).timeout", minimum: .seconds(1))
        var retry: [Duration]?
        if let node = values["retry"], let items = reader.sequence(node, at: "\(path).retry") {
            retry = items.enumerated().compactMap { reader.duration($0.element, at: "\(path).retry[\($0.offset)]") }
        }
        guard reader.issues.count == issuesBefore, let url else { return nil }
        return WebhookConfig(
            url: url, secrets: secrets, events: events, sources: sources, format: format ?? .standard,
            headers: headers, timeout: timeout ?? .seconds(15), retry: retry ?? WebhookConfig.defaultRetrySchedule)
    }

    // MARK: - Rules

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumeric else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "." || $0 == "_" || $0 == "-" }
    }

    static func httpURLProblem(_ text: String) -> String? {
        guard let parts = urlParts(text) else { return "not a valid URL: '\(text)'" }
        guard parts.scheme == "http" || parts.scheme == "https" else {
            return "only http and https URLs are supported, found '\(parts.scheme):'"
        }
        guard let host = parts.host, !host.isEmpty else { return "the URL has no host: '\(text)'" }
        return nil
    }

    /// The scheme (lowercased) and host of a URL as libcurl, which fetches it, reads them: the same rules as the
    /// transfers, and no Foundation URL parsing (which loads ICU for host names) on the start-up path.
    static func urlParts(_ text: String) -> (scheme: String, host: String?)? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK else {
            return nil
        }
        func part(_ which: CURLUPart) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value)
        }
        guard let scheme = part(CURLUPART_SCHEME) else { return nil }
        return (scheme.lowercased(), part(CURLUPART_HOST))
    }

    /// `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`: metrics are never served beyond this machine.
    static func loopbackAddress(_ text: String) -> MetricsSettings? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let loopback = host == "localhost" || host == "::1" || (host.hasPrefix("127.")
            && host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil })
        return loopback ? MetricsSettings(host: host == "localhost" ? "127.0.0.1" : host, port: port) : nil
    }

    static func proxyURLProblem(_ text: String) -> String? {
        guard let parts = urlParts(text), let host = parts.host, !host.isEmpty
        else { return "not a proxy URL such as http://proxy.example:3128: '\(text)'" }
        guard ["http", "https", "socks4", "socks4a", "socks5", "socks5h"].contains(parts.scheme) else {
            return "unsupported proxy scheme '\(parts.scheme):'"
        }
        return nil
    }

    /// Standard Webhooks secrets: `whsec_` + base64 of 24 to 64 random bytes.
    static func isValidSecret(_ secret: String) -> Bool {
        guard secret.hasPrefix("whsec_") else { return false }
        guard let bytes = Data(base64Encoded: String(secret.dropFirst(6))) else { return false }
        return (24...64).contains(bytes.count)
    }

    private func resolve(_ path: String, against base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL.path }
        return URL(fileURLWithPath: base).appendingPathComponent(expanded).standardizedFileURL.path
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
