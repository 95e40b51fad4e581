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

    public init(
        configuration: LiveConfiguration, store: Store, pipeline: Pipeline, clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger, wakeup: Wakeup = Wakeup(),
        progress: LoopProgress = LoopProgress(), maximumSleep: Duration = .seconds(60),
        shutdownBudget: Duration = .seconds(10), statistics: DaemonStatistics = DaemonStatistics(),
        onLoop: @escaping @Sendable () -> Void = {}
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
    }

    public func run() async throws {
        logger.info("polling started", metadata: ["sources": "\(configuration.current.sources.count)"])
        let inFlight = InFlightPasses()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            progress.mark()
            let current = configuration.current
            // Each source runs on its own schedule: a slow one never holds up the next check of another.
            let limit = max(1, current.daemon.concurrency)
            for (source, record) in try dueSources(current) where inFlight.count < limit {
                guard !inFlight.contains(source.name) else { continue }
                inFlight.start(source.name) { [self] in
                    _ = await timedPass(source, record)
                    inFlight.finish(source.name)
                    wakeup.wake()
                }
            }
            onLoop()
            let wait = try timeUntilNextCheck(current, skipping: inFlight.names)
            do {
                try await cancelWhenGracefulShutdown {
                    try await wakeup.sleep(for: wait, on: clock)
                }
            } catch is CancellationError {
                break
            }
        }
        await drain(inFlight)
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

    /// Polls every configured source once, regardless of schedule (`--once`).
    public func runOnce() async throws -> [PassSummary] {
        let current = configuration.current
        let records = try store.syncSources(current.sources, now: now())
        return await poll(
            current.sources.compactMap { source in records[source.name].map { (source, $0) } },
            concurrency: current.daemon.concurrency)
    }

    private func dueSources(_ configuration: Configuration) throws -> [(SourceConfig, SourceRecord)] {
        let records = Dictionary(uniqueKeysWithValues: try store.sources().map { ($0.name, $0) })
        let current = now()
        return configuration.sources.compactMap { source in
            guard let record = records[source.name] else { return nil }
            if let next = record.nextCheckAt, next > current { return nil }
            return (source, record)
        }
    }

    private func timeUntilNextCheck(_ configuration: Configuration, skipping running: Set<String> = []) throws -> Duration {
        let names = Set(configuration.sources.map(\.name)).subtracting(running)
        let next = try store.sources().filter { names.contains($0.name) }.compactMap(\.nextCheckAt).min()
        guard let next else { return maximumSleep }
        let seconds = max(0, next.timeIntervalSince(now()))
        return min(maximumSleep, .milliseconds(Int64(seconds * 1000)))
    }

    private func timedPass(_ source: SourceConfig, _ record: SourceRecord) async -> PassSummary {
        let started = ContinuousClock.now
        let summary = await pipeline.run(source, record: record, now: now())
        metrics.record(summary, duration: ContinuousClock.now - started)
        return summary
    }

    /// Runs passes with at most `concurrency` at once; one source's failure never affects another's pass.
    private func poll(_ work: [(SourceConfig, SourceRecord)], concurrency: Int) async -> [PassSummary] {
        let limit = max(1, concurrency)
        return await withTaskGroup(of: PassSummary.self) { group in
            var summaries: [PassSummary] = []
            var pending = work.makeIterator()
            var running = 0
            while running < limit, let (source, record) = pending.next() {
                group.addTask { await timedPass(source, record) }
                running += 1
            }
            while let summary = await group.next() {
                summaries.append(summary)
                statistics.record(summary)
                progress.mark()
                if !Task.isCancelled, let (source, record) = pending.next() {
                    group.addTask { await timedPass(source, record) }
                }
            }
            return summaries.sorted { $0.source < $1.source }
        }
    }
}

/// The passes running now, by source name; a source is never polled twice at once.
final class InFlightPasses: Sendable {
    private let running = Mutex<[String: Task<Void, Never>]>([:])

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
