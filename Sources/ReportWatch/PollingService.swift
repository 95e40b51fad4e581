import Config
import Foundation
import Logging
import ReportModel
import ServiceLifecycle
import Store
import Synchronization

/// The scheduler: polls each source when its `next_check` (persisted, so a restart does not poll everything at
/// once) comes due, at most `daemon.concurrency` at a time.
public struct PollingService<C: Clock>: Service where C.Duration == Duration {
    let configuration: LiveConfiguration
    let store: Store
    let pipeline: Pipeline
    let clock: C
    let now: @Sendable () -> Date
    let logger: Logger
    let wakeup: Wakeup
    let progress: LoopProgress
    /// The longest the loop sleeps, so the watchdog sees it alive and hand edits of the database are noticed.
    let maximumSleep: Duration
    /// How long in-flight passes may go on after shutdown begins before they are cancelled.
    let shutdownBudget: Duration
    let statistics: DaemonStatistics
    let metrics = DaemonMetrics()
    let onLoop: @Sendable () -> Void
    let startGate: StartGate

    public init(
        configuration: LiveConfiguration, store: Store, pipeline: Pipeline, clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger, wakeup: Wakeup = Wakeup(),
        progress: LoopProgress = LoopProgress(), maximumSleep: Duration = .seconds(60),
        shutdownBudget: Duration = .seconds(10), statistics: DaemonStatistics = DaemonStatistics(),
        startGate: StartGate = StartGate(), onLoop: @escaping @Sendable () -> Void = {}
    ) {
        self.configuration = configuration
        self.store = store
        self.pipeline = pipeline
        self.clock = clock
        self.now = now
        self.logger = logger
        self.wakeup = wakeup
        self.progress = progress
        self.maximumSleep = maximumSleep
        self.shutdownBudget = shutdownBudget
        self.statistics = statistics
        self.onLoop = onLoop
        self.startGate = startGate
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await startGate.wait() }
        logger.info("polling started", metadata: ["sources": "\(configuration.current.sources.count)"])
        let inFlight = InFlightPasses()
        let schedule = Schedule()
        var loadedGeneration = -1
        // Due sources not yet started (the concurrency limit was reached), newest-due last, to pop from.
        var waiting: [SourceConfig] = []
        let housekeeping = Housekeeping()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            progress.mark()
            let current = configuration.current
            if configuration.generation != loadedGeneration {
                loadedGeneration = configuration.generation
                schedule.load(try store.sourceSchedules())
                waiting = []
            }
            if waiting.isEmpty {
                waiting = schedule.due(current.sources, at: now(), skipping: inFlight.names).reversed()
            }
            // Each source runs on its own: a slow one never holds up the next check of another.
            let limit = max(1, current.daemon.concurrency)
            while inFlight.count < limit, let source = waiting.popLast() {
                guard !inFlight.contains(source.name) else { continue }
                inFlight.start(source.name) { [self] in
                    if let record = try? store.source(named: source.name) {
                        let summary = await timedPass(source, record)
                        schedule.set(source.name, summary.nextCheckAt)
                    }
                    inFlight.finish(source.name)
                    housekeeping.markDirty()
                    if inFlight.wakeOnFinish { wakeup.wake() }
                }
            }
            // While sources wait for a free slot, each finished pass wakes the loop to start the next.
            inFlight.wakeOnFinish = !waiting.isEmpty
            if housekeeping.isDue {
                housekeeping.done()
                onLoop()
            }
            var wait = waiting.isEmpty
                ? schedule.timeUntilNext(current.sources, from: now(), skipping: inFlight.names, atMost: maximumSleep)
                : maximumSleep
            // While passes run or their results are not yet in the heartbeat and levels, look again each second.
            if inFlight.count > 0 || housekeeping.isDirty { wait = min(wait, .seconds(1)) }
            let sleep = wait
            do {
                try await cancelWhenGracefulShutdown {
                    try await wakeup.sleep(for: sleep, on: clock)
                }
            } catch is CancellationError {
                break
            }
        }
        await drain(inFlight)
        do {
            try store.flushPolls()
        } catch {
            logger.error("cannot record the last polls", metadata: ["error": "\(error)"])
        }
        logger.info("polling stopped")
    }

    /// Lets the passes running when shutdown begins finish within the budget, then cancels them.
    private func drain(_ inFlight: InFlightPasses) async {
        let tasks = inFlight.tasks
        guard !tasks.isEmpty else { return }
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for task in tasks { await task.value }
                return true
            }
            group.addTask { [clock, shutdownBudget] in
                (try? await clock.sleep(for: shutdownBudget)) != nil ? false : true
            }
            if await group.next() == false {
                logger.notice("shutdown budget spent; cancelling in-flight polls",
                              metadata: ["budget": "\(shutdownBudget.compactText)", "polls": "\(tasks.count)"])
                for task in tasks { task.cancel() }
                for task in tasks { await task.value }
            }
            group.cancelAll()
        }
    }

    /// Polls every configured source once, regardless of schedule (`--once`). The summaries leave their events out:
    /// those are in the store. `updatingSources: false` is for a caller that has just made the sources table match
    /// this configuration (reading every row again cost a poll cycle of 1,000 sources 2 ms before its first fetch).
    public func runOnce(updatingSources: Bool = true) async throws -> OnceReport {
        let current = configuration.current
        if updatingSources { try store.updateSources(to: current.sources, now: now()) }
        let report = await poll(current.sources, concurrency: current.daemon.concurrency)
        try store.flushPolls()
        return report
    }

    private func timedPass(_ source: SourceConfig, _ record: SourceRecord) async -> PassSummary {
        let started = ContinuousClock.now
        store.pollStarted()
        let summary = await pipeline.run(source, record: record, now: now())
        do {
            try store.pollFinished()
        } catch {
            logger.error("cannot record polls", metadata: ["error": "\(error)"])
        }
        metrics.record(summary, duration: ContinuousClock.now - started)
        return summary
    }

    /// Runs passes with at most `concurrency` at once; one source's failure never affects another's pass. Each of
    /// `concurrency` workers takes the next source as its pass ends: one task per worker, not per source, so a pass
    /// costs no task of its own and no hop back to a coordinating task. The store reads ahead what the passes need, a
    /// window of sources at a time, so memory stays bounded.
    private func poll(_ sources: [SourceConfig], concurrency: Int) async -> OnceReport {
        let passes = OncePasses(sources: sources, store: store, logger: logger)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(max(1, concurrency), sources.count) {
                group.addTask {
                    while !Task.isCancelled, let (source, record) = await passes.next() {
                        var summary = await timedPass(source, record)
                        statistics.record(summary)
                        // The events are in the store; ten thousand change sets kept to the end would double peak
                        // memory.
                        summary.events = []
                        passes.finished(summary)
                        progress.mark()
                    }
                }
            }
        }
        var report = passes.takeReport()
        report.notable.sort { $0.source < $1.source }
        return report
    }
}

/// What one `runOnce` did: how many passes ran, and the summaries of those that stored a document, failed or were
/// cancelled. The others found nothing new: at 10,000 sources keeping their summaries too cost most of a megabyte.
public struct OnceReport: Sendable {
    public var passes = 0
    public var documentsStored = 0
    public var failedPasses = 0
    public var notable: [PassSummary] = []

    mutating func add(_ summary: PassSummary) {
        passes += 1
        documentsStored += summary.stored.count
        if !summary.errors.isEmpty { failedPasses += 1 }
        if !summary.stored.isEmpty || !summary.errors.isEmpty || summary.cancelled { notable.append(summary) }
    }
}

/// The passes of `runOnce`, shared by its workers: the ones not yet taken, and the report of those done.
///
/// The store reads the rows and fetch inputs of a window of sources at a time (at 10,000 sources, all rows at once
/// were the largest allocation of a poll cycle), each window while the one before is half done, so two are held at
/// once. The read runs in a task of its own that workers await: done under the lock that hands out sources, it
/// stalled every worker behind it, spinning in the kernel.
private final class OncePasses: Sendable {
    private struct State {
        var next = 0
        /// The window being handed out, and the one after it once it is being read.
        var current: ReadAhead?
        var following: ReadAhead?
        var report = OnceReport()
    }

    /// Half the store's limit: two windows held at once cost what one full one did (0.6 MB at 10,000 sources).
    static let window = Store.prefetchLimit / 2
    /// The first window is small: nothing is fetched until it is read, and the second one is read meanwhile.
    static let firstWindow = 64

    private let sources: [SourceConfig]
    private let store: Store
    private let logger: Logger
    private let state = Mutex(State())

    init(sources: [SourceConfig], store: Store, logger: Logger) {
        self.sources = sources
        self.store = store
        self.logger = logger
    }

    func next() async -> (SourceConfig, SourceRecord)? {
        while let (source, window) = take() {
            if let record = await window.record(for: source, store: store, logger: logger) { return (source, record) }
        }
        return nil
    }

    func finished(_ summary: PassSummary) { state.withLock { $0.report.add(summary) } }

    func takeReport() -> OnceReport {
        state.withLock { state in
            defer { state.report = OnceReport() }
            return state.report
        }
    }

    /// The next source, with the window that reads its row.
    private func take() -> (SourceConfig, ReadAhead)? {
        state.withLock { state in
            let index = state.next
            guard index < sources.count else { return nil }
            state.next += 1
            if index == 0 {
                state.current = readAhead(0..<min(Self.firstWindow, sources.count))
            } else if index == state.current!.range.upperBound {
                state.current = state.following ?? readAhead(window(from: index))
                state.following = nil
            }
            let current = state.current!.range
            if index == (current.lowerBound + current.upperBound) / 2, current.upperBound < sources.count {
                state.following = readAhead(window(from: current.upperBound))
            }
            return (sources[index], state.current!)
        }
    }

    private func window(from start: Int) -> Range<Int> {
        start..<min(start + Self.window, sources.count)
    }

    private func readAhead(_ range: Range<Int>) -> ReadAhead {
        ReadAhead(range: range, names: sources[range].map(\.name), store: store, logger: logger)
    }
}

/// One window of sources' rows, read by a task of its own; each row is taken once. When the window cannot be read,
/// its sources' rows are read one by one.
private final class ReadAhead: Sendable {
    /// The rows by name; nil when the window could not be read.
    private final class Rows: Sendable {
        let byName = Mutex<[String: SourceRecord]?>([:])
    }

    /// The sources' places in the pass.
    let range: Range<Int>
    private let rows: Rows
    private let read: Task<Void, Never>

    init(range: Range<Int>, names: [String], store: Store, logger: Logger) {
        self.range = range
        let rows = Rows()
        self.rows = rows
        read = Task {
            do {
                let window = try store.prefetchPollInputs(named: names)
                rows.byName.withLock { $0 = window }
            } catch {
                logger.warning("cannot read ahead the next polls' state", metadata: ["error": "\(error)"])
                rows.byName.withLock { $0 = nil }
            }
        }
    }

    /// The source's row: nil when it has none (removed meanwhile) or it cannot be read.
    func record(for source: SourceConfig, store: Store, logger: Logger) async -> SourceRecord? {
        await read.value
        // Outer nil: the window is unreadable; inner nil: the window has no row of this name.
        let fromWindow = rows.byName.withLock { rows -> SourceRecord?? in
            guard rows != nil else { return nil }
            return rows!.removeValue(forKey: source.name)
        }
        if let fromWindow { return fromWindow }
        do {
            return try store.source(named: source.name)
        } catch {
            logger.error("cannot read the source's row", metadata: ["source": "\(source.name)", "error": "\(error)"])
            return nil
        }
    }
}

/// The passes running now, by source name; a source is never polled twice at once.
final class InFlightPasses: Sendable {
    private let running = Mutex<[String: Task<Void, Never>]>([:])
    private let wake = Atomic<Bool>(false)

    var wakeOnFinish: Bool {
        get { wake.load(ordering: .relaxed) }
        set { wake.store(newValue, ordering: .relaxed) }
    }

    var count: Int { running.withLock { $0.count } }
    var names: Set<String> { running.withLock { Set($0.keys) } }
    var tasks: [Task<Void, Never>] { running.withLock { Array($0.values) } }

    func contains(_ name: String) -> Bool { running.withLock { $0[name] != nil } }
    /// Registers the pass before it can run, so its own `finish` always finds it.
    func start(_ name: String, _ body: @escaping @Sendable () async -> Void) {
        running.withLock { $0[name] = Task { await body() } }
    }

    func finish(_ name: String) { running.withLock { _ = $0.removeValue(forKey: name) } }
}

/// When each source is next due, kept in memory between loads from the store (at start and after a reload), so the
/// scheduler loop costs nothing per source that is not due.
final class Schedule: Sendable {
    private let next = Mutex<[String: Date]>([:])

    func load(_ records: [SourceSchedule]) {
        let loaded = Dictionary(records.map { ($0.name, $0.nextCheckAt ?? .distantPast) }, uniquingKeysWith: min)
        next.withLock { $0 = loaded }
    }

    /// After a pass: when the source is due again; nil (the pass could not record it) leaves it due now.
    func set(_ name: String, _ date: Date?) {
        next.withLock { $0[name] = date ?? .distantPast }
    }

    /// Configured sources due at `date`, earliest first.
    func due(_ sources: [SourceConfig], at date: Date, skipping running: Set<String>) -> [SourceConfig] {
        next.withLock { next in
            sources.compactMap { source -> (SourceConfig, Date)? in
                guard !running.contains(source.name), let due = next[source.name], due <= date else { return nil }
                return (source, due)
            }
        }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    func timeUntilNext(
        _ sources: [SourceConfig], from date: Date, skipping running: Set<String>, atMost limit: Duration
    ) -> Duration {
        let earliest = next.withLock { next -> Date? in
            var earliest: Date?
            for source in sources where !running.contains(source.name) {
                if let due = next[source.name], earliest.map({ due < $0 }) ?? true { earliest = due }
            }
            return earliest
        }
        guard let earliest else { return limit }
        let seconds = max(0, earliest.timeIntervalSince(date))
        return min(limit, .milliseconds(Int64((seconds * 1000).rounded(.up))))
    }
}

/// The heartbeat, status and metric levels read the whole sources table: at most once a second.
final class Housekeeping: Sendable {
    private let state = Mutex<(last: ContinuousClock.Instant?, dirty: Bool)>((nil, false))

    var isDue: Bool { state.withLock { $0.last.map { ContinuousClock.now - $0 >= .seconds(1) } ?? true } }
    /// A pass finished since the last housekeeping.
    var isDirty: Bool { state.withLock { $0.dirty } }
    func markDirty() { state.withLock { $0.dirty = true } }
    func done() { state.withLock { $0 = (ContinuousClock.now, false) } }
}
