import Config
import Delivery
import Foundation
import HTTPTransport
import Logging
import ReportModel
import ServiceLifecycle
import Store

/// Delivers the outbox. Woken by the store as soon as the pipeline commits events (and when a lane finishes), and
/// otherwise when the next retry comes due, at the latest after `maximumSleep` (which also picks up rows that
/// `reportwatch redeliver` queued). First in the service group, so it stops last: the requests in flight finish.
public struct DeliveryService<C: Clock>: Service where C.Duration == Duration {
    public let dispatcher: WebhookDispatcher
    let clock: C
    let now: @Sendable () -> Date
    let wakeup: Wakeup
    let maximumSleep: Duration
    let logger: Logger

    public init(
        dispatcher: WebhookDispatcher, clock: C, now: @escaping @Sendable () -> Date = { Date() }, wakeup: Wakeup,
        maximumSleep: Duration = .seconds(5), logger: Logger
    ) {
        self.dispatcher = dispatcher
        self.clock = clock
        self.now = now
        self.wakeup = wakeup
        self.maximumSleep = maximumSleep
        self.logger = logger
    }

    public func run() async throws {
        logger.info("delivery started")
        let stopping: @Sendable () -> Bool = { Task.isShuttingDownGracefully || Task.isCancelled }
        await withDiscardingTaskGroup { group in
            while !stopping() {
                dispatcher.prepare()
                let claim = dispatcher.claimDueLanes()
                for head in claim.lanes {
                    group.addTask { [dispatcher, wakeup] in
                        await dispatcher.runLane(head, shouldContinue: { !stopping() })
                        wakeup.wake()
                    }
                }
                var wait = maximumSleep
                if let next = claim.nextDue {
                    let seconds = max(0, next.timeIntervalSince(now()))
                    wait = min(wait, .milliseconds(Int64((seconds * 1000).rounded(.up))))
                }
                let sleep = wait
                do {
                    try await cancelWhenGracefulShutdown { try await wakeup.sleep(for: sleep, on: clock) }
                } catch {
                    break
                }
            }
            // Leaving the group waits for the lanes: each finishes its request in flight, then stops.
        }
        logger.info("delivery stopped")
    }
}

/// The delivery HTTP client: its own connection pool, through the same proxy as fetching.
func makeDeliveryClient(_ settings: DaemonSettings) -> CurlHTTPClient {
    CurlHTTPClient(maxConcurrent: 64, userAgent: settings.userAgent, proxy: settings.proxyConfiguration)
}

extension DaemonSettings {
    /// `proxy` unset: the usual environment variables; "": direct; else the proxy URL.
    var proxyConfiguration: ProxyConfiguration {
        switch proxy {
        case nil: return .environment
        case ""?: return .direct
        case let url?: return .url(url)
        }
    }
}
