/// Per-host politeness shared by every poll of one `SourceFetcher`: at most `limit` requests in progress to a host,
/// and starts at least `minimumDelay` apart. Waiters are served in arrival order.
actor HostLimiter {
    private struct Host {
        var active = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// The earliest start of the next request, on the wait clock.
        var nextStart: Duration = .zero
    }

    private var hosts: [String: Host] = [:]
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
        if hosts[host, default: Host()].active < limit {
            hosts[host, default: Host()].active += 1
        } else {
            // `release` hands its slot straight to the first waiter, so `active` is unchanged.
            await withCheckedContinuation { hosts[host, default: Host()].waiters.append($0) }
        }
        guard minimumDelay > .zero else { return }
        // Reserve the start time before waiting, so concurrent acquirers space out instead of bunching.
        let now = clock.now()
        let start = max(now, hosts[host]?.nextStart ?? now)
        hosts[host, default: Host()].nextStart = start + minimumDelay
        if start > now { try? await clock.sleepUntil(start) }
    }

    func release(_ host: String) {
        guard var entry = hosts[host] else { return }
        if !entry.waiters.isEmpty {
            let next = entry.waiters.removeFirst()
            hosts[host] = entry
            next.resume()
            return
        }
        entry.active -= 1
        // Forget idle hosts, unless their spacing still matters, so that 10,000 sources keep the table small.
        if entry.active == 0, entry.nextStart <= clock.now() {
            hosts[host] = nil
        } else {
            hosts[host] = entry
        }
    }

    /// Hosts with a request in progress or waiting: for tests.
    var trackedHosts: Int { hosts.count }
}
