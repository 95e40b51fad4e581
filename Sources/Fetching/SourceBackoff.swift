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
        jitterGenerator.withLock { jittered(interval, fraction: fraction, using: &$0) }
    }

    /// Jitter needs spread, not secrecy: the system generator would ask the kernel on every pass (a system call per
    /// source polled), so it only seeds this one.
    private static let jitterGenerator = Mutex(SplitMix64(seed: .random(in: .min ... .max)))
}

/// Steele, Lea and Flood's SplitMix64: fast, and statistically good enough for spreading schedules.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
