import Synchronization

/// Per-host politeness shared by every poll of one `SourceFetcher`: at most `limit` requests in progress to a host,
/// and starts at least `minimumDelay` apart. Waiters are served in arrival order.
///
/// A lock rather than an actor: the uncontended path (a free slot) then costs no executor hop, which matters at
/// thousands of requests per second.
final class HostLimiter: Sendable {
    private struct Host {
        var active = 0
        /// Waiters in arrival order; `head` is the first still waiting (the array is compacted now and then).
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
        /// The earliest start of the next request, on the wait clock.
        var nextStart: Duration = .zero

        var hasWaiters: Bool { head < waiters.count }

        mutating func admit(limit: Int, orEnqueue continuation: CheckedContinuation<Void, Never>?) -> Bool {
            if active < limit, !hasWaiters {
                active += 1
                return true
            }
            if let continuation { waiters.append(continuation) }
            return false
        }

        mutating func popWaiter() -> CheckedContinuation<Void, Never> {
            let next = waiters[head]
            head += 1
            if head == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 64, head * 2 > waiters.count {
                waiters.removeFirst(head)
                head = 0
            }
            return next
        }
    }

    private let hosts = Mutex<[String: Host]>([:])
    private let limit: Int
    private let minimumDelay: Duration
    private let clock: WaitClock

    init(limit: Int, minimumDelay: Duration, clock: WaitClock) {
        self.limit = max(1, limit)
        self.minimumDelay = minimumDelay
        self.clock = clock
    }

    /// Waits for a slot for `host`; the caller must `release` it.
    func acquire(_ host: String) async {
        if !tryAdmit(host, orEnqueue: nil) {
            await withCheckedContinuation { continuation in
                // Checked again under the lock, so a release between the two checks is not missed.
                if tryAdmit(host, orEnqueue: continuation) { continuation.resume() }
            }
        }
        guard minimumDelay > .zero else { return }
        // Reserve the start time before waiting, so concurrent acquirers space out instead of bunching.
        let now = clock.now()
        let start = hosts.withLock { hosts in
            let start = max(now, hosts[host]?.nextStart ?? now)
            hosts[host, default: Host()].nextStart = start + minimumDelay
            return start
        }
        if start > now { try? await clock.sleepUntil(start) }
    }

    func release(_ host: String) {
        let now = clock.now()
        // One hash lookup, and the entry changed in place (a copy of it would copy its waiters on the next change).
        let next = hosts.withLock { hosts -> CheckedContinuation<Void, Never>? in
            guard let index = hosts.index(forKey: host) else { return nil }
            // The slot goes straight to the first waiter, so `active` is unchanged.
            if hosts.values[index].hasWaiters { return hosts.values[index].popWaiter() }
            hosts.values[index].active -= 1
            // Forget idle hosts, unless their spacing still matters, so that 10,000 sources keep the table small.
            if hosts.values[index].active == 0, hosts.values[index].nextStart <= now { hosts.remove(at: index) }
            return nil
        }
        next?.resume()
    }

    /// Takes a free slot, or else queues `continuation` (when given). True when a slot was taken.
    private func tryAdmit(_ host: String, orEnqueue continuation: CheckedContinuation<Void, Never>?) -> Bool {
        // Not admitted means the host is busy, so the entry existed already: none is left behind.
        hosts.withLock { $0[host, default: Host()].admit(limit: limit, orEnqueue: continuation) }
    }

    /// Hosts with a request in progress or waiting: for tests.
    var trackedHosts: Int { hosts.withLock { $0.count } }
}
