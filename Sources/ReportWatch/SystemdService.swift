import Foundation
import Logging
import ReportModel
import ServiceLifecycle

/// Tells systemd how the daemon is doing: READY=1 once the services run, STATUS= kept current, WATCHDOG=1 only while
/// the scheduler loop makes progress (a hung loop lets the watchdog fire), STOPPING=1 when shutdown begins.
public struct SystemdService<C: Clock>: Service where C.Duration == Duration {
    let notifier: SystemdNotifier
    let progress: LoopProgress
    let clock: C
    let status: @Sendable () -> String
    let logger: Logger
    /// How often STATUS= is refreshed when there is no watchdog to set the pace.
    let statusInterval: Duration
    /// Called once READY=1 is sent.
    let onReady: @Sendable () -> Void

    public init(
        notifier: SystemdNotifier, progress: LoopProgress, clock: C, logger: Logger,
        statusInterval: Duration = .seconds(10), onReady: @escaping @Sendable () -> Void = {},
        status: @escaping @Sendable () -> String
    ) {
        self.notifier = notifier
        self.progress = progress
        self.clock = clock
        self.logger = logger
        self.statusInterval = statusInterval
        self.status = status
        self.onReady = onReady
    }

    public func run() async throws {
        notifier.ready(status: status())
        onReady()
        logger.debug("ready", metadata: ["watchdog": "\(notifier.watchdogInterval?.compactText ?? "off")"])
        let tick = notifier.watchdogInterval.map { min($0, statusInterval) } ?? statusInterval
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await clock.sleep(for: tick)
                    if let interval = notifier.watchdogInterval {
                        // Twice the ping interval is systemd's whole timeout: ping only while progress is fresher.
                        if progress.sinceLast < interval * 2 {
                            notifier.watchdog()
                        } else {
                            logger.warning("scheduler loop has made no progress; withholding the watchdog ping",
                                           metadata: ["since": "\(progress.sinceLast.compactText)"])
                        }
                    }
                    notifier.status(status())
                }
            }
        } catch is CancellationError {}
        notifier.stopping()
    }
}
