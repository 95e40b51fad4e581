import Foundation

/// Kills a process with SIGKILL at random moments, again and again, and checks what it left behind after each kill.
/// The moments come from a seeded generator, so a failing run is repeated exactly with the same seed.
public struct KillLoop: Sendable {
    /// How many times the process is started and killed.
    public var trials: Int
    /// The earliest and latest moment after a start at which the kill lands, in seconds.
    public var window: ClosedRange<Double>
    public var seed: UInt64

    public init(trials: Int, window: ClosedRange<Double>, seed: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        self.trials = trials
        self.window = window
        self.seed = seed
    }

    /// What one trial did.
    public struct Trial: Sendable {
        public var number: Int
        /// Seconds after the start at which SIGKILL was sent.
        public var delay: Double
        /// False when the process had already exited by itself before the kill.
        public var killedWhileRunning: Bool
        public var logFile: URL
    }

    /// Runs the trials: `start` launches the process (its log going to the given file), the loop kills it, then
    /// `check` inspects the aftermath (it throws or records issues when something is wrong). Returns every trial.
    @discardableResult
    public func run(
        logDirectory: URL,
        start: @escaping @Sendable (_ logFile: URL) throws -> RunningProcess,
        check: @Sendable (Trial) async throws -> Void
    ) async throws -> [Trial] {
        var generator = SplitMix64(seed: seed)
        var trials: [Trial] = []
        for number in 0..<self.trials {
            let delay = window.lowerBound + (window.upperBound - window.lowerBound) * generator.nextUnit()
            let logFile = logDirectory.appendingPathComponent("kill-loop-\(number).log")
            let process = try start(logFile)
            let killedWhileRunning = await offPool { () -> Bool in
                Self.sleepBlocking(delay, unlessExited: process)
                let running = process.process.isRunning
                process.kill()
                return running
            }
            let trial = Trial(number: number, delay: delay, killedWhileRunning: killedWhileRunning, logFile: logFile)
            trials.append(trial)
            try await check(trial)
        }
        return trials
    }

    private static func sleepBlocking(_ seconds: Double, unlessExited process: RunningProcess) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, process.process.isRunning {
            usleep(UInt32(max(1_000, min(10_000, deadline.timeIntervalSinceNow * 1_000_000))))
        }
    }
}

/// A small, fast, seedable generator (SplitMix64), so random test schedules can be replayed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A number in 0..<1.
    public mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Settings that `make soak` raises: tests run a small version by default and the long one when
/// `REPORTWATCH_SOAK=1` is set.
public enum Soak {
    public static var isOn: Bool { ProcessInfo.processInfo.environment["REPORTWATCH_SOAK"] == "1" }

    /// `short` in `make test`, `long` in `make soak`.
    public static func pick<T>(_ short: T, soak long: T) -> T { isOn ? long : short }
}
