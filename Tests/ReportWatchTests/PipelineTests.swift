import Config
import Foundation
import Logging
import ReportModel
import ReportWatchTesting
import Store
import Testing

@testable import ReportWatch

@Suite struct PipelineTests {
    let directory: URL
    let seeds: URL
    let store: Store
    let logger = Logger(label: "test")

    init() throws {
        directory = try Fixtures.temporaryDirectory("pipeline")
        seeds = directory.appendingPathComponent("seeds")
        try FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.seedArticle, to: seeds.appendingPathComponent("a-seed.txt"))
        store = try Store.open(path: directory.appendingPathComponent("rw.sqlite").path)
    }

    func configuration(_ sources: [SourceConfig]) -> Configuration {
        Configuration(store: StoreSettings(path: store.path), sources: sources)
    }

    var seedSource: SourceConfig {
        SourceConfig(name: "seeds", kind: .directory, path: seeds.path, interval: .seconds(3600))
    }

    @Test func directoryPassStoresNewAndRevisedDocumentsOnly() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = try store.syncSources([seedSource], now: Date())
        let pipeline = makePipeline(store: store, sources: [seedSource])
        let record = try #require(records["seeds"])

        let first = await pipeline.run(seedSource, record: record)
        #expect(first.errors.isEmpty)
        #expect(first.stored.count == 1)
        #expect(first.stored.first?.title == "Tencent released the quarterly social value quarterly report")

        let again = await pipeline.run(seedSource, record: record)
        #expect(again.stored.isEmpty, "unchanged files are not read again")

        // Touching a file without changing its text is read, hashed and recognised.
        let seed = seeds.appendingPathComponent("a-seed.txt")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: seed.path)
        let touched = await pipeline.run(seedSource, record: record)
        #expect(touched.stored.isEmpty)
        #expect(touched.unchanged == 1)

        // An edit of the same file is a revision of its report; a new file is a new report.
        let edit = try Fixtures.text(Fixtures.seedArticle)
            .replacingOccurrences(of: "- END -", with: "An added closing paragraph.\n- END -")
        try edit.write(to: seed, atomically: true, encoding: .utf8)
        try "Second report\n\nIts body.\n".write(
            to: seeds.appendingPathComponent("b-next.txt"), atomically: true, encoding: .utf8)
        let edited = await pipeline.run(seedSource, record: record)
        #expect(edited.stored.map(\.revision) == [2, 1])
        #expect(Set(edited.stored.compactMap(\.reportID)).count == 2)
        #expect(try store.counts().reports == 2)
        #expect(try store.counts().documents == 3)
    }

    /// A pass cancelled at shutdown stores nothing half-done and records nothing: not a failure, not a check, so
    /// the next start polls the source again and stores what this pass did not.
    @Test func aCancelledPassRecordsNothingAndTheNextPassStoresEverything() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for number in 0..<3 {
            try "Report \(number)\n\nThe board discussed topic \(number).\n".write(
                to: seeds.appendingPathComponent("report-\(number).txt"), atomically: true, encoding: .utf8)
        }
        let records = try store.syncSources([seedSource], now: Date())
        let pipeline = makePipeline(store: store, sources: [seedSource])
        let record = try #require(records["seeds"])

        let cancelled = await Task { [seedSource] in
            withUnsafeCurrentTask { $0?.cancel() }
            return await pipeline.run(seedSource, record: record)
        }.value
        #expect(cancelled.cancelled)
        #expect(cancelled.errors.isEmpty)
        #expect(cancelled.stored.isEmpty)
        #expect(try store.counts().documents == 0)
        let after = try #require(try store.source(named: "seeds"))
        #expect(after.consecutiveFailures == 0)
        #expect(after.lastCheckedAt == nil)

        let next = await pipeline.run(seedSource, record: after)
        #expect(!next.cancelled)
        #expect(next.stored.count == 4)
    }

    @Test func aBrokenSourceDoesNotStopTheOthers() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = SourceConfig(name: "gone", kind: .directory, path: directory.appendingPathComponent("missing").path,
                                  interval: .seconds(600))
        let config = configuration([broken, seedSource])
        let polling = PollingService(
            configuration: LiveConfiguration(config), store: store,
            pipeline: makePipeline(store: store, configuration: config),
            clock: ContinuousClock(), logger: logger)
        let report = try await polling.runOnce()
        #expect(report.passes == 2 && report.failedPasses == 1 && report.documentsStored == 1)
        let summaries = report.notable
        #expect(summaries.map(\.source) == ["gone", "seeds"])
        #expect(summaries[0].errors.first?.contains("source 'gone'") == true)
        #expect(summaries[0].errors.first?.contains("missing") == true)
        #expect(summaries[1].stored.count == 1)

        let gone = try #require(try store.source(named: "gone"))
        #expect(gone.lastResult == .failed)
        #expect(gone.consecutiveFailures == 1)
        #expect(gone.lastError?.contains("cannot list directory") == true)
        // Failure backs the source off: the next check is later than now.
        #expect((gone.nextCheckAt ?? .distantPast) > Date())
        let again = try await polling.runOnce()
        #expect(again.notable.map(\.source) == ["gone"], "a pass that found nothing new is counted, not kept")
        #expect(again.passes == 2 && again.documentsStored == 0)
        #expect(try store.source(named: "gone")?.consecutiveFailures == 2)
        #expect(try store.source(named: "seeds")?.lastResult == .unchanged)
    }

    /// Sources' rows are read ahead a window at a time, the next one while the current one is in use: every source
    /// of several windows, the last one partial, is polled exactly once, with its own row.
    @Test func everySourceOfSeveralReadAheadWindowsIsPolledOnceWithItsOwnRow() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = Store.prefetchLimit * 2 + Store.prefetchLimit / 3
        // Mostly missing folders (a cheap failed pass that still records on the source's row); a few real ones.
        let sources = (0..<count).map { index in
            SourceConfig(name: String(format: "s%05d", index), kind: .directory,
                         path: index % 97 == 0 ? seeds.path : directory.appendingPathComponent("missing-\(index)").path,
                         interval: .seconds(600))
        }
        let config = configuration(sources)
        let polling = PollingService(
            configuration: LiveConfiguration(config), store: store,
            pipeline: makePipeline(store: store, configuration: config),
            clock: ContinuousClock(), logger: logger)
        let report = try await polling.runOnce()
        let present = sources.indices.filter { $0 % 97 == 0 }.count
        #expect(report.passes == count)
        #expect(report.failedPasses == count - present)
        #expect(report.documentsStored == present)
        for (index, source) in sources.enumerated() {
            let row = try #require(try store.source(named: source.name))
            if index % 97 == 0 {
                #expect(row.lastResult == .ok, "\(source.name)")
            } else {
                #expect(row.consecutiveFailures == 1, "\(source.name): polled once")
                #expect(row.lastError?.contains("missing-\(index)") == true, "\(source.name): its own path")
            }
        }
    }

    @Test func theSchedulerWaitsForItsStartGate() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = configuration([seedSource])
        try store.syncSources(config.sources, now: Date())
        let gate = StartGate(open: false)
        let polling = PollingService(
            configuration: LiveConfiguration(config), store: store,
            pipeline: makePipeline(store: store, configuration: config),
            clock: ContinuousClock(), logger: logger, maximumSleep: .milliseconds(20), startGate: gate)
        let task = Task { try await polling.run() }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try store.source(named: "seeds")?.lastCheckedAt == nil, "no pass before the gate opens")
        gate.open()
        for _ in 0..<200 where try store.counts().documents == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(try store.counts().documents == 1)

        // A closed gate does not keep a cancelled scheduler from stopping.
        let held = PollingService(
            configuration: LiveConfiguration(config), store: store,
            pipeline: makePipeline(store: store, configuration: config),
            clock: ContinuousClock(), logger: logger, startGate: StartGate(open: false))
        let heldTask = Task { try await held.run() }
        try await Task.sleep(for: .milliseconds(50))
        heldTask.cancel()
        task.cancel()
        try await heldTask.value
        try await task.value
    }

    @Test func theSchedulerPollsDueSourcesAndStopsOnCancellation() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = configuration([seedSource])
        try store.syncSources(config.sources, now: Date())
        let polling = PollingService(
            configuration: LiveConfiguration(config), store: store,
            pipeline: makePipeline(store: store, configuration: config),
            clock: ContinuousClock(), logger: logger, maximumSleep: .milliseconds(20))
        let task = Task { try await polling.run() }
        // Bounded wait for the first pass to land.
        for _ in 0..<200 where try store.counts().documents == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        try await task.value
        #expect(try store.counts().documents == 1)
        let record = try #require(try store.source(named: "seeds"))
        #expect(record.lastResult == .ok)
        let next = try #require(record.nextCheckAt)
        // The interval with up to 10 % jitter either way.
        #expect((3240...3960).contains(next.timeIntervalSince(try #require(record.lastCheckedAt))))
    }
}

@Suite struct SourceHealthEventTests {
    @Test func failingIsAnnouncedOnceAtTheThresholdAndRecoveredOnFirstSuccess() async throws {
        let directory = try Fixtures.temporaryDirectory("health")
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("reports")
        let store = try Store.open(path: directory.appendingPathComponent("rw.sqlite").path)
        let source = SourceConfig(name: "flaky", kind: .directory, path: folder.path, interval: .seconds(60))
        var configuration = Configuration(store: StoreSettings(path: store.path), sources: [source],
                                          webhooks: [WebhookConfig(url: "http://127.0.0.1:9/hook")])
        configuration.daemon.failureThreshold = 2
        let pipeline = makePipeline(store: store, configuration: configuration)
        try store.syncSources([source], now: Date())

        var types: [[String]] = []
        for _ in 0..<4 {
            let record = try #require(try store.source(named: "flaky"))
            types.append(await pipeline.run(source, record: record).events.map(\.type.rawValue))
        }
        #expect(types == [[], ["source.failing"], [], []])

        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let record = try #require(try store.source(named: "flaky"))
        let recovered = await pipeline.run(source, record: record).events
        #expect(recovered.map(\.type.rawValue) == ["source.recovered"])
        #expect(recovered.first?.data.failure?.consecutiveFailures == 4)
        #expect(recovered.first?.data.failure?.error?.contains("cannot list directory") == true)

        let stored = try store.events()
        #expect(stored.map(\.event.type.rawValue) == ["source.recovered", "source.failing"])
        // Each event has its outbox row for the configured endpoint.
        #expect(try store.counts().pendingDeliveries == 2)
        let problems = try PythonPeer.validateEvents(
            stored.map { String(decoding: try Event.encoder.encode($0.event), as: UTF8.self) })
        #expect(problems.isEmpty, "\(problems)")
    }
}

@Suite struct OverdueEventTests {
    @Test func overdueOnceWhenNoNewReportArrivesWithinCadenceAndGrace() async throws {
        let directory = try Fixtures.temporaryDirectory("overdue")
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "Report one\n\nThe first report.\n".write(
            to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let store = try Store.open(path: directory.appendingPathComponent("rw.sqlite").path)
        let source = SourceConfig(name: "series", kind: .directory, path: folder.path, interval: .seconds(3600),
                                  cadence: .every(.seconds(86_400)), grace: .seconds(3600))
        let pipeline = makePipeline(store: store, sources: [source])
        try store.syncSources([source], now: Date())
        let start = Date()
        func pass(after seconds: TimeInterval) async throws -> [String] {
            let record = try #require(try store.source(named: "series"))
            return await pipeline.run(source, record: record, now: start.addingTimeInterval(seconds)).events
                .map(\.type.rawValue)
        }
        #expect(try await pass(after: 0) == ["report.published"])
        #expect(try await pass(after: 86_400) == [], "within the grace period")
        #expect(try await pass(after: 86_400 + 7200) == ["source.overdue"])
        #expect(try await pass(after: 3 * 86_400) == [], "announced once per latest report")

        try "Report two\n\nThe second report.\n".write(
            to: folder.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        #expect(try await pass(after: 3 * 86_400 + 60) == ["report.published"])
        // The clock starts again from the new report.
        #expect(try await pass(after: 4 * 86_400) == [])
        #expect(try await pass(after: 4 * 86_400 + 7200) == ["source.overdue"])

        let overdue = try #require(try store.events(type: "source.overdue").first?.event)
        #expect(overdue.data.overdue?.cadence == "every 1d")
        let problems = try PythonPeer.validateEvents([String(decoding: try Event.encoder.encode(overdue), as: UTF8.self)])
        #expect(problems.isEmpty, "\(problems)")
    }
}
