import Config
import Foundation
import Logging
import ReportModel
import ServiceLifecycle
import UnixSignals
import Store

/// The daemon's parts, built once by `buildDaemon` for the executable and for tests alike.
public struct Daemon: Sendable {
    public let configuration: Configuration
    public let store: Store
    public let polling: PollingService<ContinuousClock>
    public let logger: Logger

    public var storePath: String { store.path }

    /// Runs the services until SIGTERM or SIGINT.
    public func run() async throws {
        try await serviceGroup().run()
    }

    /// Polls every source once (`--once`).
    public func runOnce() async throws -> [PassSummary] {
        try await polling.runOnce()
    }

    /// The service group that runs until SIGTERM or SIGINT.
    public func serviceGroup() -> ServiceGroup {
        ServiceGroup(configuration: .init(
            services: [.init(service: polling)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    }
}

/// Opens and migrates the store and wires the services.
public func buildDaemon(configuration: Configuration, logger: Logger) throws(StoreError) -> Daemon {
    let store = try Store.open(path: configuration.store.path)
    let now = Date()
    try store.syncSources(configuration.sources, now: now)
    let pipeline = Pipeline(store: store, logger: logger)
    let polling = PollingService(
        configuration: configuration, store: store, pipeline: pipeline, clock: ContinuousClock(), logger: logger)
    return Daemon(configuration: configuration, store: store, polling: polling, logger: logger)
}
