import Config
import Foundation
import Logging
import ReportModel
import ServiceLifecycle
import Store
import UnixSignals

/// Reloads the configuration on SIGHUP: on success the new sources, webhooks and log level apply without a restart;
/// on failure the daemon keeps running on the old configuration and logs every error with file:line.
public struct ReloadService: Service {
    let path: String?
    let live: LiveConfiguration
    let store: Store
    let notifier: SystemdNotifier
    let logLevel: SharedLogLevel?
    let levelOverride: LogLevel?
    let wakeup: Wakeup
    let logger: Logger

    public init(
        path: String?, live: LiveConfiguration, store: Store, notifier: SystemdNotifier, logLevel: SharedLogLevel?,
        levelOverride: LogLevel?, wakeup: Wakeup, logger: Logger
    ) {
        self.path = path
        self.live = live
        self.store = store
        self.notifier = notifier
        self.logLevel = logLevel
        self.levelOverride = levelOverride
        self.wakeup = wakeup
        self.logger = logger
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                reload()
            }
        }
    }

    /// Re-reads the file and applies it when valid. Returns whether it applied.
    @discardableResult
    public func reload() -> Bool {
        guard let path else { return false }
        notifier.reloading()
        defer { notifier.ready() }
        let next: Configuration
        do {
            next = try ConfigLoader().load(path: path)
        } catch {
            for issue in error.issues {
                logger.error("reload rejected; keeping the running configuration", metadata: ["error": "\(issue)"])
            }
            return false
        }
        let previous = live.current
        if next.store.path != previous.store.path {
            logger.warning("store.path changed; it applies on restart", metadata: ["store.path": "\(next.store.path)"])
        }
        do {
            try store.updateSources(to: next.sources, now: Date())
        } catch {
            logger.error("reload rejected: cannot record sources", metadata: ["error": "\(error)"])
            return false
        }
        var applied = next
        applied.store = previous.store
        live.replace(with: applied)
        if let logLevel {
            logLevel.value = Logger.Level(levelOverride ?? next.daemon.logLevel)
        }
        let added = Set(next.sources.map(\.name)).subtracting(previous.sources.map(\.name))
        let removed = Set(previous.sources.map(\.name)).subtracting(next.sources.map(\.name))
        logger.notice("configuration reloaded", metadata: [
            "sources": "\(next.sources.count)", "sources.added": "\(added.sorted().joined(separator: ","))",
            "sources.removed": "\(removed.sorted().joined(separator: ","))", "webhooks": "\(next.webhooks.count)",
        ])
        wakeup.wake()
        return true
    }
}
