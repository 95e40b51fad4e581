import Config
import Foundation
import Logging
import ReportModel
import ServiceLifecycle
import Store

/// The scheduler: polls each source when its `next_check` (persisted) comes due, a bounded number at a time.
public struct PollingService<C: Clock>: Service where C.Duration == Duration {
    let configuration: Configuration
    let store: Store
    let pipeline: Pipeline
    let clock: C
    let now: @Sendable () -> Date
    let logger: Logger
    /// The longest the loop sleeps, so that sources added to the database by hand are noticed.
    let maximumSleep: Duration

    public init(
        configuration: Configuration, store: Store, pipeline: Pipeline, clock: C,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger, maximumSleep: Duration = .seconds(60)
    ) {
        self.configuration = configuration
        self.store = store
        self.pipeline = pipeline
        self.clock = clock
        self.now = now
        self.logger = logger
        self.maximumSleep = maximumSleep
    }

    public func run() async throws {
        logger.info("polling started", metadata: ["sources": "\(configuration.sources.count)"])
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let due = try dueSources()
            if !due.isEmpty {
                await pollAll(due)
            }
            let wait = try timeUntilNextCheck()
            do {
                try await cancelWhenGracefulShutdown {
                    try await clock.sleep(for: wait)
                }
            } catch is CancellationError {
                break
            }
        }
        logger.info("polling stopped")
    }

    /// Polls every configured source once, regardless of schedule (`--once`).
    public func runOnce() async throws -> [PassSummary] {
        let records = try store.syncSources(configuration.sources, now: now())
        return await poll(configuration.sources.compactMap { source in records[source.name].map { (source, $0) } })
    }

    private func dueSources() throws -> [(SourceConfig, SourceRecord)] {
        let records = Dictionary(uniqueKeysWithValues: try store.sources().map { ($0.name, $0) })
        let current = now()
        return configuration.sources.compactMap { source in
            guard let record = records[source.name] else { return nil }
            if let next = record.nextCheckAt, next > current { return nil }
            return (source, record)
        }
    }

    private func timeUntilNextCheck() throws -> Duration {
        let names = Set(configuration.sources.map(\.name))
        let next = try store.sources().filter { names.contains($0.name) }.compactMap(\.nextCheckAt).min()
        guard let next else { return maximumSleep }
        let seconds = max(0, next.timeIntervalSince(now()))
        return min(maximumSleep, .milliseconds(Int64(seconds * 1000)))
    }

    private func pollAll(_ due: [(SourceConfig, SourceRecord)]) async {
        _ = await poll(due)
    }

    /// Runs passes with at most `daemon.concurrency` at once; one source's failure never affects another's pass.
    private func poll(_ work: [(SourceConfig, SourceRecord)]) async -> [PassSummary] {
        let limit = max(1, configuration.daemon.concurrency)
        return await withTaskGroup(of: PassSummary.self) { group in
            var summaries: [PassSummary] = []
            var pending = work.makeIterator()
            var running = 0
            while running < limit, let (source, record) = pending.next() {
                group.addTask { await pipeline.run(source, record: record, now: now()) }
                running += 1
            }
            while let summary = await group.next() {
                summaries.append(summary)
                if let (source, record) = pending.next() {
                    group.addTask { await pipeline.run(source, record: record, now: now()) }
                }
            }
            return summaries.sorted { $0.source < $1.source }
        }
    }
}
