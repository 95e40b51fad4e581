import Foundation
import Metrics
import ReportModel

/// What the daemon reports through swift-metrics; exported only when a metrics backend is bootstrapped (Prometheus
/// with `metrics.listen`), otherwise every call is a no-op.
public struct DaemonMetrics: Sendable {
    public init() {}

    /// One pass over one source: its result, how long it took, what it stored and announced.
    func record(_ summary: PassSummary, duration: Duration) {
        let result = summary.cancelled ? "cancelled"
            : summary.errors.isEmpty ? (summary.stored.isEmpty ? "unchanged" : "ok") : "failed"
        Counter(label: "reportwatch_fetches_total", dimensions: [("result", result)]).increment()
        Metrics.Timer(label: "reportwatch_fetch_duration_seconds").recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        if !summary.stored.isEmpty {
            Counter(label: "reportwatch_analyses_total").increment(by: summary.stored.count)
        }
        for event in summary.events {
            Counter(label: "reportwatch_events_total", dimensions: [("type", event.type.rawValue)]).increment()
        }
    }

    /// Levels read from the store once per scheduler loop.
    func recordLevels(sources: Int, failing: Int, pendingDeliveries: Int) {
        Gauge(label: "reportwatch_sources").record(sources)
        Gauge(label: "reportwatch_sources_failing").record(failing)
        Gauge(label: "reportwatch_outbox_pending").record(pendingDeliveries)
    }
}
