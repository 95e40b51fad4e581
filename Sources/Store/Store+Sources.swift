import Foundation
import GRDB
import ReportModel
import Synchronization

/// A source as stored, with its fetch state.
public struct SourceRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var kind: String
    public var location: String
    public var interval: Duration
    public var createdAt: Date
    public var removedAt: Date?
    public var polledBefore: Bool
    public var lastCheckedAt: Date?
    public var nextCheckAt: Date?
    public var lastSuccessAt: Date?
    public var lastResult: PollOutcome?
    public var consecutiveFailures: Int
    public var lastError: String?
    public var failingSince: Date?
    /// The latest report when `source.overdue` was announced (0: the source had none).
    public var overdueReportID: Int64?

    /// The columns `init(row:)` decodes, in its order (the table's own order, so `sources.*` works too): by index,
    /// since GRDB's lookup by name costs a case-insensitive search per column and this runs for every source.
    static let columns = """
        id, name, kind, location, interval_seconds, created_at, removed_at, polled_before, last_checked_at, \
        next_check_at, last_success_at, last_result, consecutive_failures, last_error, failing_since, overdue_report_id
        """

    init(row: Row) {
        id = row[0]
        name = row[1]
        kind = row[2]
        location = row[3]
        interval = .milliseconds(Int64(((row[4] as Double?) ?? 0) * 1000))
        createdAt = row.requiredDate(5)
        removedAt = row.date(6)
        polledBefore = row[7]
        lastCheckedAt = row.date(8)
        nextCheckAt = row.date(9)
        lastSuccessAt = row.date(10)
        lastResult = (row[11] as String?).flatMap(PollOutcome.init(rawValue:))
        consecutiveFailures = row[12]
        lastError = row[13]
        failingSince = row.date(14)
        overdueReportID = row[15]
    }

    /// The row after `poll` is written, as a read would return it (the UPDATE of `Store.writePoll`).
    func recording(_ poll: PollRecord) -> SourceRecord {
        var after = self
        after.lastCheckedAt = StoreDate.roundTripped(poll.checkedAt)
        after.nextCheckAt = StoreDate.roundTripped(poll.nextCheckAt)
        after.lastResult = poll.outcome
        if poll.outcome == .failed {
            after.consecutiveFailures += 1
            after.lastError = poll.error
        } else {
            after.lastSuccessAt = after.lastCheckedAt
            after.consecutiveFailures = 0
            after.lastError = nil
            after.polledBefore = true
        }
        return after
    }
}

public enum PollOutcome: String, Sendable, Hashable {
    /// New or changed documents were found and stored.
    case ok
    /// Nothing new (304, same content, no new items).
    case unchanged
    case failed
}

/// What one completed poll changes in a source's row.
public struct PollRecord: Sendable {
    public var outcome: PollOutcome
    public var checkedAt: Date
    public var nextCheckAt: Date
    /// The fetch state after the poll; nil when it is unchanged, or the poll failed before producing one.
    public var state: SourceState?
    public var error: String?

    public init(outcome: PollOutcome, checkedAt: Date, nextCheckAt: Date, state: SourceState?, error: String? = nil) {
        self.outcome = outcome
        self.checkedAt = checkedAt
        self.nextCheckAt = nextCheckAt
        self.state = state
        self.error = error
    }
}

/// What the scheduler needs of a source.
public struct SourceSchedule: Sendable, Hashable {
    public var name: String
    public var nextCheckAt: Date?
    public var consecutiveFailures: Int
}

/// Poll results recorded but not yet written, and rows read ahead for the polls about to run. Guarded by the
/// store's mutex; every other access to the database writes the pending results first.
struct PollLedger {
    /// In the order recorded, so a source polled twice gets its last result.
    var pending: [(sourceID: Int64, poll: PollRecord)] = []
    /// The row each pending source has once its results are written.
    var pendingRecords: [Int64: SourceRecord] = [:]
    var oldestPending: ContinuousClock.Instant?
    /// Polls between `pollStarted` and `pollFinished`: results wait for a batch only while others run.
    var running = 0
    /// Read ahead by `prefetchPollInputs`; each is used once, and dropped when anything writes that source.
    var prefetchedStates: [Int64: SourceState] = [:]
    var prefetchedRecords: [Int64: SourceRecord] = [:]

    mutating func forget(_ sourceID: Int64) {
        prefetchedStates[sourceID] = nil
        prefetchedRecords[sourceID] = nil
    }
}

extension Store {
    /// While several polls run, their results are written once this many wait, or when the oldest has waited this
    /// long (checked at each new result), or when the last running poll finishes; the daemon's once-a-second
    /// heartbeat writes any rest. One transaction per result was most of a poll cycle's cost when nothing changed.
    static let pollBatchSize = 256
    static let pollBatchAge: Duration = .milliseconds(200)

    /// Makes the sources table match the configuration (see `updateSources`) and returns the active rows.
    @discardableResult
    public func syncSources(_ sources: [SourceConfig], now: Date) throws(StoreError) -> [String: SourceRecord] {
        try write { db in
            try Self.update(db, to: sources, now: now)
            var records: [String: SourceRecord] = [:]
            records.reserveCapacity(sources.count)
            try Self.forEachSource(db, sql: "SELECT \(SourceRecord.columns) FROM sources WHERE removed_at IS NULL") {
                records[$0.name] = $0
            }
            return records
        }
    }

    /// Makes the sources table match the configuration: new sources are added (due now), changed ones updated,
    /// and ones no longer configured marked removed (their history stays). Only differences are written, and only
    /// the compared columns are read.
    public func updateSources(to sources: [SourceConfig], now: Date) throws(StoreError) {
        try write { db in try Self.update(db, to: sources, now: now) }
    }

    private struct StoredSource {
        var id: Int64
        var kind: String
        var location: String
        var interval: Double
        var removed: Bool
    }

    private static func update(_ db: Database, to sources: [SourceConfig], now: Date) throws {
        var stored: [String: StoredSource] = [:]
        stored.reserveCapacity(sources.count)
        let rows = try Row.fetchCursor(db.cachedStatement(
            sql: "SELECT id, name, kind, location, interval_seconds, removed_at IS NOT NULL FROM sources"))
        while let row = try rows.next() {
            stored[row[1]] = StoredSource(id: row[0], kind: row[2], location: row[3], interval: row[4], removed: row[5])
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO sources (name, kind, location, interval_seconds, created_at, next_check_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        let update = try db.cachedStatement(sql: """
            UPDATE sources SET kind = ?, location = ?, interval_seconds = ?, removed_at = NULL WHERE id = ?
            """)
        let remove = try db.cachedStatement(sql: "UPDATE sources SET removed_at = ? WHERE id = ?")
        var configured: Set<String> = []
        configured.reserveCapacity(sources.count)
        for source in sources {
            configured.insert(source.name)
            let seconds = source.interval.timeInterval
            guard let row = stored[source.name] else {
                let created = StoreDate.value(now)
                try insert.execute(arguments: [source.name, source.kind.rawValue, source.location, seconds, created,
                                               created])
                continue
            }
            // A URL without "@" has no credentials to redact: its location is itself (computing it is slow).
            let location = source.url.map { $0.utf8.contains(UInt8(ascii: "@")) ? source.location : $0 }
                ?? source.location
            if row.kind != source.kind.rawValue || row.location != location || row.interval != seconds || row.removed {
                try update.execute(arguments: [source.kind.rawValue, source.location, seconds, row.id])
            }
        }
        for (name, row) in stored where !row.removed && !configured.contains(name) {
            try remove.execute(arguments: [StoreDate.value(now), row.id])
        }
    }

    public func sources(includeRemoved: Bool = false) throws(StoreError) -> [SourceRecord] {
        try read { db in
            var records: [SourceRecord] = []
            try Self.forEachSource(db, sql: """
                SELECT \(SourceRecord.columns) FROM sources \(includeRemoved ? "" : "WHERE removed_at IS NULL")
                ORDER BY name
                """
            ) { records.append($0) }
            return records
        }
    }

    /// Decodes rows straight from the statement (a cursor): GRDB then reads columns with sqlite3_column_* instead
    /// of copying each row into boxed values first.
    private static func forEachSource(
        _ db: Database, sql: String, arguments: StatementArguments = [], _ body: (SourceRecord) throws -> Void
    ) throws {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try rows.next() { try body(SourceRecord(row: row)) }
    }

    /// Each active source's schedule and health, without the rest of its row: what the scheduler, the status line
    /// and the metric levels read, each over every source.
    public func sourceSchedules() throws(StoreError) -> [SourceSchedule] {
        try read { db in
            var schedules: [SourceSchedule] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT name, next_check_at, consecutive_failures FROM sources WHERE removed_at IS NULL ORDER BY name
                """))
            while let row = try rows.next() {
                schedules.append(SourceSchedule(name: row[0], nextCheckAt: row.date(1), consecutiveFailures: row[2]))
            }
            return schedules
        }
    }

    /// One source's row, with its pending poll results.
    public func source(named name: String) throws(StoreError) -> SourceRecord? {
        let stored = try readNow { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(SourceRecord.columns) FROM sources WHERE name = ?"),
                arguments: [name]
            ).map(SourceRecord.init(row:))
        }
        guard let stored else { return nil }
        return pollLedger.withLock { $0.pendingRecords[stored.id] } ?? stored
    }

    /// The most sources `prefetchPollInputs` takes at once (one bound parameter each).
    public static let prefetchLimit = 500

    /// Reads, in three queries, the active rows of these sources (at most `prefetchLimit`, by name) and the fetch
    /// states their next polls need, and keeps both for `fetchState` and `recordPoll` to use once each, instead of a
    /// query or three per source. Returns the rows by name: a poll cycle reads its sources a window at a time, so
    /// ten thousand rows are never in memory at once.
    @discardableResult
    public func prefetchPollInputs(named names: some Collection<String>) throws(StoreError) -> [String: SourceRecord] {
        precondition(names.count <= Self.prefetchLimit, "prefetch at most \(Self.prefetchLimit) sources at once")
        guard !names.isEmpty else { return [:] }
        let (byName, records, states) = try read { db in
            var byName: [String: SourceRecord] = [:]
            byName.reserveCapacity(names.count)
            try Self.forEachSource(db, sql: """
                SELECT \(SourceRecord.columns) FROM sources
                WHERE removed_at IS NULL AND name IN (\(Self.placeholders(names.count)))
                """, arguments: StatementArguments(Array(names))) { byName[$0.name] = $0 }
            var records: [Int64: SourceRecord] = [:]
            var states: [Int64: SourceState] = [:]
            records.reserveCapacity(byName.count)
            states.reserveCapacity(byName.count)
            for record in byName.values {
                records[record.id] = record
                states[record.id] = SourceState(polledBefore: record.polledBefore)
            }
            guard !records.isEmpty else { return (byName, records, states) }
            let ids = StatementArguments(Array(records.keys))
            let list = Self.placeholders(records.count)
            let validators = try Row.fetchCursor(db.cachedStatement(
                sql: "SELECT source_id, url, etag, last_modified FROM source_urls WHERE source_id IN (\(list))"),
                arguments: ids)
            while let row = try validators.next() {
                states[row[0]]?.validators[row[1]] = Validators(etag: row[2], lastModified: row[3])
            }
            let seen = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT source_id, item FROM seen_items WHERE source_id IN (\(list))"),
                arguments: ids)
            while let row = try seen.next() {
                states[row[0]]?.seenItems.insert(row[1])
            }
            return (byName, records, states)
        }
        pollLedger.withLock { ledger in
            ledger.prefetchedRecords.merge(records) { $1 }
            ledger.prefetchedStates.merge(states) { $1 }
        }
        return byName
    }

    private static func placeholders(_ count: Int) -> String {
        String(repeating: "?, ", count: count - 1) + "?"
    }

    /// The validators and seen items fetching needs for the next poll.
    public func fetchState(sourceID: Int64) throws(StoreError) -> SourceState {
        let prefetched = try pollLedger.withLock { ledger throws(StoreError) -> SourceState? in
            if let state = ledger.prefetchedStates.removeValue(forKey: sourceID) { return state }
            // Its pending results hold its newest state: write them first.
            if ledger.pendingRecords[sourceID] != nil { try writePending(&ledger) }
            return nil
        }
        if let prefetched { return prefetched }
        return try readNow { db in
            var state = SourceState()
            state.polledBefore = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT polled_before FROM sources WHERE id = ?"), arguments: [sourceID]
            ) ?? false
            for row in try Row.fetchAll(
                db.cachedStatement(sql: "SELECT url, etag, last_modified FROM source_urls WHERE source_id = ?"),
                arguments: [sourceID])
            {
                state.validators[row[0]] = Validators(etag: row[1], lastModified: row[2])
            }
            state.seenItems = Set(try String.fetchAll(
                db.cachedStatement(sql: "SELECT item FROM seen_items WHERE source_id = ?"), arguments: [sourceID]))
            return state
        }
    }

    /// Records a completed poll: result, schedule, failure count and, when given, the new fetch state. Returns the
    /// updated record.
    ///
    /// While other polls run (see `pollStarted`), the write is batched with theirs (see `pollBatchSize`): every
    /// other read or write of this store sees it, but a crash before the batch is written forgets it, so those
    /// sources are polled again. Documents are never in a batch: they are stored before their poll is recorded.
    @discardableResult
    public func recordPoll(sourceID: Int64, _ poll: PollRecord) throws(StoreError) -> SourceRecord {
        try pollLedger.withLock { ledger throws(StoreError) -> SourceRecord in
            let before: SourceRecord
            if let pending = ledger.pendingRecords[sourceID] {
                before = pending
            } else if let prefetched = ledger.prefetchedRecords[sourceID] {
                before = prefetched
            } else {
                let row = try readNow { db in
                    try Row.fetchOne(
                        db.cachedStatement(sql: "SELECT \(SourceRecord.columns) FROM sources WHERE id = ?"),
                        arguments: [sourceID])
                }
                guard let row else {
                    throw StoreError(kind: .sqlite(code: 12), path: path, message: "source \(sourceID) does not exist")
                }
                before = SourceRecord(row: row)
            }
            let after = before.recording(poll)
            ledger.forget(sourceID)
            ledger.pending.append((sourceID, poll))
            ledger.pendingRecords[sourceID] = after
            let now = ContinuousClock.now
            let oldest = ledger.oldestPending ?? now
            ledger.oldestPending = oldest
            if ledger.running <= 1 || ledger.pending.count >= Self.pollBatchSize || now - oldest >= Self.pollBatchAge {
                try writePending(&ledger)
            }
            return after
        }
    }

    /// A poll begins: while another runs too, results are batched.
    public func pollStarted() {
        pollLedger.withLock { $0.running += 1 }
    }

    /// A poll ended (recorded or not); the last one running writes the batch.
    public func pollFinished() throws(StoreError) {
        try pollLedger.withLock { ledger throws(StoreError) in
            ledger.running = max(0, ledger.running - 1)
            if ledger.running == 0 { try writePending(&ledger) }
        }
    }

    /// Writes the pending poll results, in one transaction.
    public func flushPolls() throws(StoreError) {
        try pollLedger.withLock { ledger throws(StoreError) in try writePending(&ledger) }
    }

    /// On failure the batch is dropped, not retried: its sources are then polled again, as after a crash.
    private func writePending(_ ledger: inout PollLedger) throws(StoreError) {
        guard !ledger.pending.isEmpty else { return }
        let batch = ledger.pending
        ledger.pending = []
        ledger.pendingRecords = [:]
        ledger.oldestPending = nil
        try writeNow { db in
            for (sourceID, poll) in batch { try Self.writePoll(db, sourceID: sourceID, poll) }
        }
    }

    private static func writePoll(_ db: Database, sourceID: Int64, _ poll: PollRecord) throws {
        if poll.outcome == .failed {
            try db.cachedStatement(sql: """
                UPDATE sources SET last_checked_at = ?, next_check_at = ?, last_result = 'failed',
                    consecutive_failures = consecutive_failures + 1, last_error = ?
                WHERE id = ?
                """
            ).execute(arguments: [
                StoreDate.value(poll.checkedAt), StoreDate.value(poll.nextCheckAt), poll.error, sourceID,
            ])
        } else {
            let checked = StoreDate.value(poll.checkedAt)
            try db.cachedStatement(sql: """
                UPDATE sources SET last_checked_at = ?, next_check_at = ?, last_success_at = ?, last_result = ?,
                    consecutive_failures = 0, last_error = NULL, polled_before = 1
                WHERE id = ?
                """
            ).execute(arguments: [
                checked, StoreDate.value(poll.nextCheckAt), checked, poll.outcome.rawValue, sourceID,
            ])
        }
        if let state = poll.state {
            try saveState(db, sourceID: sourceID, state: state, now: poll.checkedAt)
        }
    }

    /// Marks (or clears) that `source.failing` was announced for the current run of failures.
    public func setFailingSince(sourceID: Int64, _ date: Date?) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE sources SET failing_since = ? WHERE id = ?", arguments: [date, sourceID])
        }
        pollLedger.withLock { $0.forget(sourceID) }
    }

    /// Records that `source.overdue` was announced while `reportID` (0: none) was the latest report.
    public func setOverdue(sourceID: Int64, reportID: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE sources SET overdue_report_id = ? WHERE id = ?", arguments: [reportID, sourceID])
        }
        pollLedger.withLock { $0.forget(sourceID) }
    }

    private static func saveState(_ db: Database, sourceID: Int64, state: SourceState, now: Date) throws {
        let stored = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT url, etag, last_modified FROM source_urls WHERE source_id = ?"),
            arguments: [sourceID])
        var existing: [String: Validators] = [:]
        for row in stored {
            existing[row[0]] = Validators(etag: row[1], lastModified: row[2])
        }
        for (url, _) in existing where state.validators[url] == nil {
            try db.cachedStatement(sql: "DELETE FROM source_urls WHERE source_id = ? AND url = ?")
                .execute(arguments: [sourceID, url])
        }
        for (url, validators) in state.validators where existing[url] != validators {
            try db.cachedStatement(sql: """
                INSERT INTO source_urls (source_id, url, etag, last_modified) VALUES (?, ?, ?, ?)
                ON CONFLICT(source_id, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified
                """
            ).execute(arguments: [sourceID, url, validators.etag, validators.lastModified])
        }
        guard !state.seenItems.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO seen_items (source_id, item, first_seen_at) VALUES (?, ?, ?)")
        let seenAt = StoreDate.value(now)
        for item in state.seenItems.sorted() {
            try statement.execute(arguments: [sourceID, item, seenAt])
        }
    }
}
