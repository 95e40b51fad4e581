/// Any `Clock<Duration>`, reduced to what waiting needs, so that `SourceFetcher` need not be generic.
struct WaitClock: Sendable {
    /// Time since the clock was wrapped.
    let now: @Sendable () -> Duration
    let sleepUntil: @Sendable (Duration) async throws -> Void

    init<C: Clock<Duration>>(_ clock: C) {
        let origin = clock.now
        now = { origin.duration(to: clock.now) }
        sleepUntil = { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) }
    }

    func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return }
        try await sleepUntil(now() + duration)
    }
}
