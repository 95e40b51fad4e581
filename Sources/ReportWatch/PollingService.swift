import Config
import Foundation
import Logging
import ReportModel
import ServiceLifecycle
import Store

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
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            progress.mark()
            let current = configuration.current
            let due = try dueSources(current)
            if !due.isEmpty {
                await pollWithinShutdownBudget(due, configuration: current)
            }
            onLoop()
            let wait = try timeUntilNextCheck(current)
            do {
                try await cancelWhenGracefulShutdown {
                    try await wakeup.sleep(for: wait, on: clock)
                }
            } catch is CancellationError {
                break
            }
        }
        logger.info("polling stopped")
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

    private func timeUntilNextCheck(_ configuration: Configuration) throws -> Duration {
        let names = Set(configuration.sources.map(\.name))
        let next = try store.sources().filter { names.contains($0.name) }.compactMap(\.nextCheckAt).min()
        guard let next else { return maximumSleep }
        let seconds = max(0, next.timeIntervalSince(now()))
        return min(maximumSleep, .milliseconds(Int64(seconds * 1000)))
    }

    /// Lets a pass that is running when shutdown begins finish within the budget, then cancels it.
    private func pollWithinShutdownBudget(_ due: [(SourceConfig, SourceRecord)], configuration: Configuration) async {
        let pass = Task { _ = await poll(due, concurrency: configuration.daemon.concurrency) }
        await withGracefulShutdownHandler {
            await pass.value
        } onGracefulShutdown: { [clock, shutdownBudget, logger] in
            Task {
                try? await clock.sleep(for: shutdownBudget)
                if !pass.isCancelled {
                    logger.notice("shutdown budget spent; cancelling in-flight polls",
                                  metadata: ["budget": "\(shutdownBudget.compactText)"])
                    pass.cancel()
                }
            }
        }
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
