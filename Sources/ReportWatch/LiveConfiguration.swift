import Config
import Foundation
import Synchronization

/// The configuration in force; replaced as a whole on reload. Services read it at each loop.
public final class LiveConfiguration: Sendable {
    private let state: Mutex<(configuration: Configuration, generation: Int)>

    public init(_ configuration: Configuration) {
        state = Mutex((configuration, 0))
    }

    public var current: Configuration { state.withLock { $0.configuration } }

    /// Bumped by every replacement, so loops can tell cheaply that the configuration changed.
    public var generation: Int { state.withLock { $0.generation } }

    public func replace(with configuration: Configuration) {
        state.withLock { $0 = (configuration, $0.generation + 1) }
    }
}

/// Wakes a sleeping loop early (after a reload, say). A wake with no sleeper is kept for the next sleep.
public final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func wake() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Sleeps on `clock` for `duration` or until woken, whichever comes first.
    public func sleep<C: Clock>(for duration: Duration, on clock: C) async throws where C.Duration == Duration {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clock.sleep(for: duration) }
            group.addTask { await self.waitForWake() }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    private func waitForWake() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}

/// Holds the scheduler until the daemon has said READY=1: the first passes of thousands of sources would otherwise
/// compete with the start-up for the same threads and delay it. Open from the start when nothing signals readiness.
public final class StartGate: Sendable {
    private struct State {
        var isOpen: Bool
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state: Mutex<State>

    public init(open: Bool = true) {
        state = Mutex(State(isOpen: open))
    }

    public func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once open, or at once when the task is cancelled.
    public func wait() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isOpen || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

/// When the scheduler loop last made progress, for the watchdog.
public final class LoopProgress: Sendable {
    private let last: Mutex<Duration>
    private let uptime: @Sendable () -> Duration

    /// `uptime` is a monotonic reading; tests pass a manual one.
    public init(uptime: @escaping @Sendable () -> Duration = LoopProgress.monotonicUptime) {
        self.uptime = uptime
        last = Mutex(uptime())
    }

    public func mark() {
        let now = uptime()
        last.withLock { $0 = now }
    }

    public var sinceLast: Duration {
        let now = uptime()
        return last.withLock { now - $0 }
    }

    public static let monotonicUptime: @Sendable () -> Duration = {
        let origin = ContinuousClock.Instant.now
        return { ContinuousClock.now - origin }
    }()
}
