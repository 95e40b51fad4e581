import Foundation
import Synchronization

/// Counters since start, for the heartbeat and the status line.
public final class DaemonStatistics: Sendable {
    private let counters = Mutex<[String: Int]>([:])
    public let startedAt: Date

    public init(startedAt: Date = Date()) {
        self.startedAt = startedAt
    }

    public func record(_ summary: PassSummary) {
        counters.withLock { counters in
            counters["passes", default: 0] += 1
            counters["documents_stored", default: 0] += summary.stored.count
            if !summary.errors.isEmpty { counters["passes_failed", default: 0] += 1 }
        }
    }

    public func increment(_ key: String, by amount: Int = 1) {
        counters.withLock { $0[key, default: 0] += amount }
    }

    public var snapshot: [String: Int] { counters.withLock { $0 } }
}
