import Config
import Delivery
import Fetching
import HTTPTransport
import Metrics
import Prometheus
import Foundation
import Logging
import ReportModel
import ServiceLifecycle
import Store
import UnixSignals

/// Why the daemon could not start; `exitCode` follows sysexits(3).
public struct DaemonStartError: Error, CustomStringConvertible {
    public var description: String
    public var exitCode: Int32
}

/// The daemon's parts, built once by `buildDaemon` for the executable and for tests alike.
public struct Daemon: Sendable {
    public let store: Store
    public let live: LiveConfiguration
    public let polling: PollingService<ContinuousClock>
    public let reload: ReloadService
    public let systemd: SystemdService<ContinuousClock>
    public let metrics: MetricsService?
    public let delivery: DeliveryService<ContinuousClock>
    public let statistics: DaemonStatistics
    let lock: DaemonLock
    let logger: Logger

    public var storePath: String { store.path }

    /// Runs until SIGTERM or SIGINT. Shutdown runs in reverse order: STOPPING=1 first, then reload, then polling
    /// (in-flight passes get their budget), then delivery (requests in flight finish).
    public func run() async throws {
        let group = ServiceGroup(configuration: .init(
            services: (metrics.map { [ServiceGroupConfiguration.ServiceConfiguration(service: $0)] } ?? [])
                + [.init(service: delivery), .init(service: polling), .init(service: reload), .init(service: systemd)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        withExtendedLifetime(lock) {}
    }

    /// Polls every source once, then attempts every delivery that is due (`--once`).
    public func runOnce() async throws -> OnceReport {
        defer { withExtendedLifetime(lock) {} }
        // `buildDaemon` made the sources table match the configuration.
        let report = try await polling.runOnce(updatingSources: false)
        await delivery.dispatcher.deliverDue()
        HeartbeatWriter(store: store, statistics: statistics, logger: logger).write()
        return report
    }
}

/// Takes the database lock, opens and migrates the store, records the sources, and wires the services.
/// `configPath` is re-read on SIGHUP; `logLevel` is changed in place on reload unless `levelOverride` pins it.
public func buildDaemon(
    configuration: Configuration, logger: Logger, configPath: String? = nil, logLevel: SharedLogLevel? = nil,
    levelOverride: LogLevel? = nil, metricsRegistry: PrometheusCollectorRegistry? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment
) throws(DaemonStartError) -> Daemon {
    let path = configuration.store.path
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    let lock: DaemonLock
    do {
        lock = try DaemonLock.acquire(forDatabase: path)
    } catch {
        throw DaemonStartError(
            description: error.description, exitCode: error.heldByAnother ? ExitStatus.alreadyRunning : ExitStatus.ioError)
    }
    let store: Store
    do {
        store = try Store.open(path: path)
        try store.updateSources(to: configuration.sources, now: Date())
    } catch {
        throw DaemonStartError(description: error.description, exitCode: ExitStatus.ioError)
    }
    let live = LiveConfiguration(configuration)
    let notifier = SystemdNotifier(environment: environment)
    let wakeup = Wakeup()
    let progress = LoopProgress()
    let statistics = DaemonStatistics()
    // A healthy idle loop must come round well within the watchdog's ping interval.
    let maximumSleep = notifier.watchdogInterval.map { min(.seconds(60), $0 / 2) } ?? .seconds(60)
    let pipeline = Pipeline(store: store, live: live, fetcher: makeFetcher(configuration.daemon, logger: logger),
                            logger: logger)
    let heartbeat = HeartbeatWriter(store: store, statistics: statistics, logger: logger)
    var metricsService: MetricsService?
    if let settings = configuration.metrics, let metricsRegistry {
        do {
            metricsService = try MetricsService(settings: settings, registry: metricsRegistry, logger: logger)
        } catch {
            throw DaemonStartError(description: error.description, exitCode: ExitStatus.ioError)
        }
    }
    // Polling begins once READY=1 is out (the systemd service opens the gate first thing).
    let startGate = StartGate(open: false)
    let polling = PollingService(
        configuration: live, store: store, pipeline: pipeline, clock: ContinuousClock(), logger: logger,
        wakeup: wakeup, progress: progress, maximumSleep: maximumSleep,
        shutdownBudget: configuration.daemon.stopTimeout, statistics: statistics, startGate: startGate,
        onLoop: {
            heartbeat.write()
            heartbeat.recordLevels(configured: Set(live.current.sources.map(\.name)))
        })
    let reload = ReloadService(
        path: configPath, live: live, store: store, notifier: notifier, logLevel: logLevel,
        levelOverride: levelOverride, wakeup: wakeup, logger: logger)
    let deliveryWakeup = Wakeup()
    store.observeOutboxInserts { deliveryWakeup.wake() }
    let dispatcher = WebhookDispatcher(
        store: store, client: makeDeliveryClient(configuration.daemon), webhooks: { live.current.webhooks },
        logger: logger)
    let delivery = DeliveryService(dispatcher: dispatcher, clock: ContinuousClock(), wakeup: deliveryWakeup,
                                   logger: logger)
    let statusSource = StatusSource(store: store, live: live)
    let systemd = SystemdService(
        notifier: notifier, progress: progress, clock: ContinuousClock(), logger: logger,
        onReady: { startGate.open() }, status: { statusSource.line() })
    return Daemon(
        store: store, live: live, polling: polling, reload: reload, systemd: systemd, metrics: metricsService,
        delivery: delivery, statistics: statistics, lock: lock, logger: logger)
}

struct HeartbeatWriter: Sendable {
    let store: Store
    let statistics: DaemonStatistics
    let logger: Logger

    func write() {
        do {
            try store.writeHeartbeat(Heartbeat(
                pid: getpid(), version: ReportWatchVersion.current, startedAt: statistics.startedAt,
                lastLoopAt: Date(), counters: statistics.snapshot))
        } catch {
            logger.warning("cannot write heartbeat", metadata: ["error": "\(error)"])
        }
    }
}

extension HeartbeatWriter {
    /// Source and outbox levels for the metrics (a no-op without a metrics backend).
    func recordLevels(configured: Set<String>) {
        guard let sources = try? store.sourceSchedules().filter({ configured.contains($0.name) }),
              let counts = try? store.counts()
        else { return }
        DaemonMetrics().recordLevels(
            sources: sources.count, failing: sources.filter { $0.consecutiveFailures > 0 }.count,
            pendingDeliveries: counts.pendingDeliveries)
    }
}

/// Installs Prometheus as the swift-metrics backend; for the executable to call once, at start, when metrics are on.
public func bootstrapPrometheus() -> PrometheusCollectorRegistry {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return registry
}

struct StatusSource: Sendable {
    let store: Store
    let live: LiveConfiguration

    func line() -> String {
        do {
            return StatusLine.make(
                sources: try store.sourceSchedules(), configured: Set(live.current.sources.map(\.name)),
                pendingDeliveries: try store.counts().pendingDeliveries, now: Date())
        } catch {
            return "store unavailable: \(error)"
        }
    }
}

/// The HTTP client and fetcher the daemon settings describe; they apply at start (a reload keeps the running ones).
public func makeFetcher(_ settings: DaemonSettings, logger: Logger) -> SourceFetcher {
    let client = CurlHTTPClient(
        maxConcurrent: max(settings.concurrency * settings.perHostConcurrency, 8), userAgent: settings.userAgent,
        proxy: settings.proxyConfiguration)
    let fetch = FetchSettings(
        userAgent: settings.userAgent, perHostConcurrency: settings.perHostConcurrency,
        perHostMinimumDelay: settings.perHostDelay, timeout: settings.timeout, connectTimeout: settings.connectTimeout,
        maxBodySize: settings.maxBodySize, retries: settings.retries)
    return SourceFetcher(client: client, settings: fetch, clock: ContinuousClock(), logger: logger)
}
