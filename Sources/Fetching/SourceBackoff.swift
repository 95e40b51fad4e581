import Foundation
import ReportModel
import Synchronization

/// When to look at a source again: its interval with jitter when healthy, exponentially later after failed passes.
public enum SourceBackoff {
    /// The longest a failing source waits, in intervals.
    public static let maximumFactor = 8
    /// Consecutive failed passes after which a source counts as failing.
    public static let defaultFailingThreshold = 3

    /// True exactly once per run of failures: when the count reaches the threshold, so `source.failing` is emitted
    /// once, not on every later failure.
    public static func becameFailing(consecutiveFailures: Int, threshold: Int = defaultFailingThreshold) -> Bool {
        consecutiveFailures == max(1, threshold)
    }

    /// The wait after `failures` consecutive failed passes: `interval` when there were none, else
    /// `base × 2^failures` (base defaults to the interval), never more than `interval × 8`.
    public static func delay(afterFailures failures: Int, interval: Duration, base: Duration? = nil) -> Duration {
        let cap = interval * maximumFactor
        guard failures > 0 else { return interval }
        let base = base ?? interval
        // Past 2^30 the product would only be capped anyway; stop before it overflows.
        let exponent = min(failures, 30)
        let grown = base * (1 << exponent)
        return min(grown, cap)
    }

    public static func nextCheck(after date: Date, failures: Int, interval: Duration, base: Duration? = nil) -> Date {
        date.addingTimeInterval(delay(afterFailures: failures, interval: interval, base: base).timeInterval)
    }

    /// `interval` moved by a random fraction of itself, at most `fraction` either way, so that sources configured
    /// alike do not all fire at once.
    public static func jittered<R: RandomNumberGenerator>(
        _ interval: Duration, fraction: Double = 0.1, using generator: inout R
    ) -> Duration {
        let spread = max(0, min(fraction, 1))
        guard spread > 0 else { return interval }
        let factor = 1 + Double.random(in: -spread...spread, using: &generator)
        return interval * factor
    }

    public static func jittered(_ interval: Duration, fraction: Double = 0.1) -> Duration {
        var generator = JitterGenerator()
        return jittered(interval, fraction: fraction, using: &generator)
    }
}

/// Jitter needs spread, not secrecy. The system generator asks the kernel on every call, a system call per pass
/// polled; this one hashes a counter with the standard library's hasher, which is seeded at random per process.
private struct JitterGenerator: RandomNumberGenerator {
    private static let counter = Atomic<UInt64>(0)

    mutating func next() -> UInt64 {
        var hasher = Hasher()
        hasher.combine(Self.counter.add(1, ordering: .relaxed).newValue)
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }
}
