import Foundation
import ReportModel

/// The whole configuration, with every default applied and every path absolute.
public struct Configuration: Sendable, Hashable {
    /// The file it was read from; nil when built in code.
    public var file: String?
    public var store: StoreSettings
    public var daemon: DaemonSettings
    public var sources: [SourceConfig]
    public var webhooks: [WebhookConfig]
    /// Prometheus metrics on a loopback address; nil: off.
    public var metrics: MetricsSettings?

    public init(
        file: String? = nil, store: StoreSettings, daemon: DaemonSettings = DaemonSettings(),
        sources: [SourceConfig] = [], webhooks: [WebhookConfig] = [], metrics: MetricsSettings? = nil
    ) {
        self.file = file
        self.store = store
        self.daemon = daemon
        self.sources = sources
        self.webhooks = webhooks
        self.metrics = metrics
    }

    public func source(named name: String) -> SourceConfig? {
        sources.first { $0.name == name }
    }
}

public struct StoreSettings: Sendable, Hashable {
    /// The SQLite database file.
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// `$STATE_DIRECTORY/reportwatch.sqlite` under systemd, else `./.state/reportwatch.sqlite`.
    public static func defaultPath(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        // systemd passes several directories separated by colons when StateDirectory= names several.
        if let state = environment["STATE_DIRECTORY"]?.split(separator: ":").first, !state.isEmpty {
            return URL(fileURLWithPath: String(state)).appendingPathComponent("reportwatch.sqlite").path
        }
        return URL(fileURLWithPath: workingDirectory).appendingPathComponent(".state/reportwatch.sqlite").path
    }
}

public enum LogLevel: String, Sendable, Hashable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}

public struct DaemonSettings: Sendable, Hashable {
    /// How many sources are polled at once.
    public var concurrency: Int
    /// How often a source is polled when it does not say.
    public var interval: Duration
    public var userAgent: String
    public var logLevel: LogLevel
    /// Consecutive failed passes after which `source.failing` is announced (once).
    public var failureThreshold: Int
    /// Transfers to one host at once, across all sources.
    public var perHostConcurrency: Int
    /// Least time between two requests to one host.
    public var perHostDelay: Duration
    /// For one request, redirects included.
    public var timeout: Duration
    public var connectTimeout: Duration
    /// A body larger than this is refused (the transfer is aborted).
    public var maxBodySize: Int
    /// Further attempts within one pass after a network error, a 5xx or a 429.
    public var retries: Int
    /// After SIGTERM, how long polls in flight may go on before they are cancelled.
    public var stopTimeout: Duration
    /// nil: the usual environment variables (`https_proxy`, `no_proxy`, …); "": no proxy; else the proxy URL.
    public var proxy: String?

    public init(
        concurrency: Int = 8, interval: Duration = .seconds(6 * 3600),
        userAgent: String = ReportWatchVersion.userAgent, logLevel: LogLevel = .info, failureThreshold: Int = 3,
        perHostConcurrency: Int = 2, perHostDelay: Duration = .zero, timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10), maxBodySize: Int = 20 * 1024 * 1024, retries: Int = 2,
        proxy: String? = nil, stopTimeout: Duration = .seconds(10)
    ) {
        self.concurrency = concurrency
        self.interval = interval
        self.userAgent = userAgent
        self.logLevel = logLevel
        self.failureThreshold = failureThreshold
        self.perHostConcurrency = perHostConcurrency
        self.perHostDelay = perHostDelay
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxBodySize = maxBodySize
        self.retries = retries
        self.proxy = proxy
        self.stopTimeout = stopTimeout
    }
}

public struct MetricsSettings: Sendable, Hashable {
    /// A loopback address: 127.0.0.1, ::1 or localhost.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}
