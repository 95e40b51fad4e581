import Foundation
import ReportModel
import Store

/// The one-line summary systemd shows (`STATUS=`) and the heartbeat keeps:
/// "42 sources, next check in 3m, 2 deliveries pending, 1 source failing".
public enum StatusLine {
    public static func make(
        sources: [SourceSchedule], configured: Set<String>, pendingDeliveries: Int, now: Date
    ) -> String {
        let active = sources.filter { configured.contains($0.name) }
        var parts = [plural(active.count, "source")]
        if let next = active.compactMap(\.nextCheckAt).min() {
            let seconds = Int64(max(0, next.timeIntervalSince(now)).rounded(.up))
            parts.append(seconds == 0 ? "checking now" : "next check in \(Duration.seconds(seconds).roundedText)")
        }
        parts.append("\(plural(pendingDeliveries, "delivery", "deliveries")) pending")
        let failing = active.filter { $0.consecutiveFailures > 0 }.count
        if failing > 0 { parts.append("\(plural(failing, "source")) failing") }
        return parts.joined(separator: ", ")
    }

    static func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : (pluralForm ?? singular + "s"))"
    }
}

extension Duration {
    /// The largest unit only, rounded down: `3m`, `2h`, `45s`.
    var roundedText: String {
        let seconds = components.seconds
        for (suffix, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60)] where seconds >= size {
            return "\(seconds / size)\(suffix)"
        }
        return "\(seconds)s"
    }
}
