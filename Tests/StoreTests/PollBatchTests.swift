import Foundation
import GRDB
import ReportModel
import ReportWatchTesting
import Testing

@testable import Store

/// Poll results are written in batches (`Store.recordPoll`), rows are read ahead (`prefetchPollInputs`) and
/// `syncSources` writes only differences: what callers read must not change.
@Suite struct PollBatchTests {
    let directory: URL
    var path: String { directory.appendingPathComponent("rw.sqlite").path }

    init() throws {
        directory = try Fixtures.temporaryDirectory("poll-batch")
    }

    func page(_ name: String, interval: Duration = .seconds(3600)) -> SourceConfig {
        SourceConfig(name: name, kind: .page, url: "https://\(name).test/", interval: interval)
    }

    @Test func storedDateTextMatchesGRDB() {
        var dates = [0, 951_782_400, 951_868_799.999, 4_107_542_400, 1_700_000_000.0005, 253_402_300_799.999]
            .map { Date(timeIntervalSince1970: $0) }
        // Spread over 1970...2191 with every millisecond fraction.
        for step in 0..<20_000 { dates.append(Date(timeIntervalSince1970: Double(step) * 349_999.731_7)) }
        for date in dates {
            #expect(StoreDate.value(date) == date.databaseValue, "\(date.timeIntervalSince1970)")
        }
        #expect(StoreDate.value(Date(timeIntervalSince1970: -1)) == Date(timeIntervalSince1970: -1).databaseValue)
    }

    @Test func storedDateTextReadsAsGRDBReadsIt() throws {
        let texts = ["1970-01-01 00:00:00.000", "2000-02-29 23:59:59.999", "2100-03-01 00:00:00", "2024-12-31 12:00:00.5",
                     "2023-02-29 00:00:00.000", "2024-13-01 00:00:00.000", "1969-12-31 23:59:59.000", "2024-01-01",
                     "2024-01-01T10:00:00.000", "2024-01-01 10:00", "garbage"].map(\.databaseValue)
            + [DatabaseValue.null, 1_700_000_000.databaseValue, 1_700_000_000.25.databaseValue]
        for value in texts {
            #expect(StoreDate.date(value) == Date.fromDatabaseValue(value), "\(value)")
        }
        for step in 0..<20_000 {
            let stored = StoreDate.value(Date(timeIntervalSince1970: Double(step) * 349_999.731_7))
            let ours = try #require(StoreDate.date(stored))
            let grdb = try #require(Date.fromDatabaseValue(stored))
            // Foundation's calendar rounds the millisecond sum its own way: equal to within a microsecond.
            #expect(abs(ours.timeIntervalSince(grdb)) < 1e-6, "\(stored)")
            #expect(StoreDate.value(ours) == stored, "\(stored)")
        }
    }

    @Test func recordedPollsAreSeenByEveryReadAndReachOtherConnectionsWhenFlushed() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let records = try store.syncSources([page("a"), page("b")], now: Date(timeIntervalSince1970: 1_700_000_000))
        let a = try #require(records["a"])
        // Two polls running: their results are batched.
        store.pollStarted()
        store.pollStarted()
        let checked = Date(timeIntervalSince1970: 1_700_000_100.1234)
        let state = SourceState(validators: ["https://a.test/": Validators(etag: "\"1\"")], polledBefore: true)
        let returned = try store.recordPoll(sourceID: a.id, PollRecord(
            outcome: .unchanged, checkedAt: checked, nextCheckAt: checked.addingTimeInterval(3600), state: state))

        let other = try Store.openReadOnly(path: path)
        #expect(try other.source(named: "a")?.lastCheckedAt == nil, "pending until the batch is written")
        #expect(try store.source(named: "a") == returned, "the writing store sees its pending results")
        try store.pollFinished()
        #expect(try other.source(named: "a")?.lastCheckedAt == nil, "another poll still runs")
        try store.pollFinished()
        #expect(try other.source(named: "a") == returned, "the last poll to finish writes the batch, as returned")
        #expect(try other.fetchState(sourceID: a.id) == state)

        // Reading the fetch state of a pending source writes the batch first.
        store.pollStarted()
        store.pollStarted()
        var next = state
        next.validators["https://a.test/"] = Validators(etag: "\"2\"")
        try store.recordPoll(sourceID: a.id, PollRecord(
            outcome: .unchanged, checkedAt: checked, nextCheckAt: checked, state: next))
        #expect(try store.fetchState(sourceID: a.id) == next)
        #expect(try other.fetchState(sourceID: a.id) == next)
        try store.pollFinished()
        try store.pollFinished()

        // A poll on its own is written at once.
        let alone = try store.recordPoll(sourceID: records["b"]!.id, PollRecord(
            outcome: .failed, checkedAt: checked, nextCheckAt: checked, state: nil, error: "HTTP 500"))
        #expect(try other.source(named: "b") == alone)
    }

    @Test func returnedRecordsMatchTheStoredRowsThroughFailuresAndRecovery() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let id = try #require(try store.syncSources([page("a")], now: Date())["a"]).id
        let outcomes: [PollOutcome] = [.failed, .failed, .ok, .failed, .unchanged]
        for (index, outcome) in outcomes.enumerated() {
            let checked = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 61.0625)
            let returned = try store.recordPoll(sourceID: id, PollRecord(
                outcome: outcome, checkedAt: checked, nextCheckAt: checked.addingTimeInterval(30.5), state: nil,
                error: outcome == .failed ? "HTTP 503 (\(index))" : nil))
            try store.flushPolls()
            #expect(try Store.openReadOnly(path: path).source(named: "a") == returned, "after \(outcome)")
        }
        let last = try #require(try store.source(named: "a"))
        #expect(last.consecutiveFailures == 0 && last.lastError == nil && last.polledBefore)
    }

    @Test func aFullBatchIsWrittenWithoutBeingAsked() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let names = (0..<Store.pollBatchSize).map { "s\($0)" }
        let records = try store.syncSources(names.map { page($0) }, now: Date())
        store.pollStarted()
        store.pollStarted()
        // Read ahead, so recording takes no query and the batch's age limit is not reached first.
        for window in stride(from: 0, to: names.count, by: Store.prefetchLimit) {
            let read = try store.prefetchPollInputs(named: names[window..<min(window + Store.prefetchLimit, names.count)])
            #expect(read.count == min(Store.prefetchLimit, names.count - window))
        }
        let other = try Store.openReadOnly(path: path)
        let checked = Date(timeIntervalSince1970: 1_700_000_000)
        func record(_ name: String) throws {
            try store.recordPoll(sourceID: records[name]!.id, PollRecord(
                outcome: .unchanged, checkedAt: checked, nextCheckAt: checked, state: nil))
        }
        func written() throws -> Int { try other.sources().filter { $0.lastCheckedAt != nil }.count }
        for name in names.dropLast() { try record(name) }
        #expect(try written() == 0)
        try record(names.last!)
        #expect(try written() == names.count)
    }

    @Test func prefetchedInputsAreUsedOnceAndNeverStale() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let records = try store.syncSources([page("a"), page("b")], now: Date())
        let a = try #require(records["a"]), b = try #require(records["b"])
        let first = SourceState(validators: ["https://a.test/": Validators(etag: "\"1\"")], seenItems: ["x"],
                                polledBefore: true)
        try store.recordPoll(sourceID: a.id, PollRecord(
            outcome: .ok, checkedAt: Date(), nextCheckAt: Date(), state: first))
        let read = try store.prefetchPollInputs(named: ["a", "b", "not configured"])
        #expect(read == ["a": try #require(try store.source(named: "a")), "b": b])
        #expect(try store.fetchState(sourceID: a.id) == first)
        #expect(try store.fetchState(sourceID: b.id) == SourceState())

        // Written after the prefetch: reads must see the new state and failure count, not the prefetched ones.
        try store.prefetchPollInputs(named: ["a"])
        var second = first
        second.validators["https://a.test/"] = Validators(etag: "\"2\"")
        try store.recordPoll(sourceID: a.id, PollRecord(
            outcome: .unchanged, checkedAt: Date(), nextCheckAt: Date(), state: second))
        #expect(try store.fetchState(sourceID: a.id) == second)
        try store.prefetchPollInputs(named: ["a"])
        try store.setFailingSince(sourceID: a.id, Date(timeIntervalSince1970: 1_700_000_000))
        let failed = try store.recordPoll(sourceID: a.id, PollRecord(
            outcome: .failed, checkedAt: Date(), nextCheckAt: Date(), state: nil, error: "HTTP 500"))
        #expect(failed.failingSince == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(failed.consecutiveFailures == 1)
    }

    @Test func syncingAnUnchangedConfigurationWritesNothing() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let sources = [page("a"), page("b", interval: .seconds(90))]
        let first = try store.syncSources(sources, now: Date(timeIntervalSince1970: 1_700_000_000))
        let changes = { try store.writeNow { db in db.totalChangesCount } }
        let before = try changes()
        let again = try store.syncSources(sources, now: Date(timeIntervalSince1970: 1_700_000_500))
        #expect(try changes() == before)
        #expect(again == first)

        let edited = try store.syncSources([page("a", interval: .seconds(60))], now: Date())
        #expect(edited["a"]?.interval == .seconds(60))
        #expect(edited["a"]?.nextCheckAt == first["a"]?.nextCheckAt, "an edit keeps the schedule")
        #expect(try store.sources(includeRemoved: true).first { $0.name == "b" }?.removedAt != nil)
        #expect(try changes() == before + 2)
    }
}
