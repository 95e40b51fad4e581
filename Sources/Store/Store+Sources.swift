import Foundation
import GRDB
import ReportModel

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

    init(row: Row) {
        id = row["id"]
        name = row["name"]
        kind = row["kind"]
        location = row["location"]
        interval = .milliseconds(Int64(((row["interval_seconds"] as Double?) ?? 0) * 1000))
        createdAt = row["created_at"]
        removedAt = row["removed_at"]
        polledBefore = row["polled_before"]
        lastCheckedAt = row["last_checked_at"]
        nextCheckAt = row["next_check_at"]
        lastSuccessAt = row["last_success_at"]
        lastResult = (row["last_result"] as String?).flatMap(PollOutcome.init(rawValue:))
        consecutiveFailures = row["consecutive_failures"]
        lastError = row["last_error"]
        failingSince = row["failing_since"]
        overdueReportID = row["overdue_report_id"]
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
    /// The fetch state after the poll; nil when the poll failed before producing one.
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

extension Store {
    /// Makes the sources table match the configuration: new sources are added (due now), changed ones updated,
    /// and ones no longer configured marked removed (their history stays).
    @discardableResult
    public func syncSources(_ sources: [SourceConfig], now: Date) throws(StoreError) -> [String: SourceRecord] {
        try write { db in
            for source in sources {
                try db.execute(
                    sql: """
                        INSERT INTO sources (name, kind, location, interval_seconds, created_at, next_check_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(name) DO UPDATE SET
                            kind = excluded.kind, location = excluded.location,
                            interval_seconds = excluded.interval_seconds, removed_at = NULL
                        """,
                    arguments: [source.name, source.kind.rawValue, source.location, source.interval.timeInterval,
                                now, now])
            }
            let names = sources.map(\.name)
            let stillConfigured = names.isEmpty ? "" : "AND name NOT IN (\(names.placeholders))"
            try db.execute(
                sql: "UPDATE sources SET removed_at = ? WHERE removed_at IS NULL \(stillConfigured)",
                arguments: StatementArguments([now] + names))
            var records: [String: SourceRecord] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM sources WHERE removed_at IS NULL") {
                let record = SourceRecord(row: row)
                records[record.name] = record
            }
            return records
        }
    }

    public func sources(includeRemoved: Bool = false) throws(StoreError) -> [SourceRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM sources \(includeRemoved ? "" : "WHERE removed_at IS NULL") ORDER BY name"
            ).map(SourceRecord.init(row:))
        }
    }

    public func source(named name: String) throws(StoreError) -> SourceRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sources WHERE name = ?", arguments: [name])
                .map(SourceRecord.init(row:))
        }
    }

    /// The validators and seen items fetching needs for the next poll.
    public func fetchState(sourceID: Int64) throws(StoreError) -> SourceState {
        try read { db in
            var state = SourceState()
            state.polledBefore = try Bool.fetchOne(
                db, sql: "SELECT polled_before FROM sources WHERE id = ?", arguments: [sourceID]) ?? false
            for row in try Row.fetchAll(
                db, sql: "SELECT url, etag, last_modified FROM source_urls WHERE source_id = ?", arguments: [sourceID])
            {
                state.validators[row["url"]] = Validators(etag: row["etag"], lastModified: row["last_modified"])
            }
            state.seenItems = Set(try String.fetchAll(
                db, sql: "SELECT item FROM seen_items WHERE source_id = ?", arguments: [sourceID]))
            return state
        }
    }

    /// Records a completed poll: result, schedule, failure count and, when given, the new fetch state.
    /// Returns the updated record.
    @discardableResult
    public func recordPoll(sourceID: Int64, _ poll: PollRecord) throws(StoreError) -> SourceRecord {
        try write { db in
            try Self.recordPoll(db, sourceID: sourceID, poll)
        }
    }

    static func recordPoll(_ db: Database, sourceID: Int64, _ poll: PollRecord) throws -> SourceRecord {
        if poll.outcome == .failed {
            try db.execute(
                sql: """
                    UPDATE sources SET last_checked_at = ?, next_check_at = ?, last_result = 'failed',
                        consecutive_failures = consecutive_failures + 1, last_error = ?
                    WHERE id = ?
                    """,
                arguments: [poll.checkedAt, poll.nextCheckAt, poll.error, sourceID])
        } else {
            try db.execute(
                sql: """
                    UPDATE sources SET last_checked_at = ?, next_check_at = ?, last_success_at = ?, last_result = ?,
                        consecutive_failures = 0, last_error = NULL, polled_before = 1
                    WHERE id = ?
                    """,
                arguments: [poll.checkedAt, poll.nextCheckAt, poll.checkedAt, poll.outcome.rawValue, sourceID])
        }
        if let state = poll.state {
            try saveState(db, sourceID: sourceID, state: state, now: poll.checkedAt)
        }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sources WHERE id = ?", arguments: [sourceID]) else {
            throw StoreError(kind: .sqlite(code: 12), path: "", message: "source \(sourceID) does not exist")
        }
        return SourceRecord(row: row)
    }

    /// Marks (or clears) that `source.failing` was announced for the current run of failures.
    public func setFailingSince(sourceID: Int64, _ date: Date?) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE sources SET failing_since = ? WHERE id = ?", arguments: [date, sourceID])
        }
    }

    /// Records that `source.overdue` was announced while `reportID` (0: none) was the latest report.
    public func setOverdue(sourceID: Int64, reportID: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE sources SET overdue_report_id = ? WHERE id = ?", arguments: [reportID, sourceID])
        }
    }

    private static func saveState(_ db: Database, sourceID: Int64, state: SourceState, now: Date) throws {
        let stored = try Row.fetchAll(
            db, sql: "SELECT url, etag, last_modified FROM source_urls WHERE source_id = ?", arguments: [sourceID])
        var existing: [String: Validators] = [:]
        for row in stored {
            existing[row["url"]] = Validators(etag: row["etag"], lastModified: row["last_modified"])
        }
        for (url, _) in existing where state.validators[url] == nil {
            try db.execute(sql: "DELETE FROM source_urls WHERE source_id = ? AND url = ?", arguments: [sourceID, url])
        }
        for (url, validators) in state.validators where existing[url] != validators {
            try db.execute(
                sql: """
                    INSERT INTO source_urls (source_id, url, etag, last_modified) VALUES (?, ?, ?, ?)
                    ON CONFLICT(source_id, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified
                    """,
                arguments: [sourceID, url, validators.etag, validators.lastModified])
        }
        let statement = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO seen_items (source_id, item, first_seen_at) VALUES (?, ?, ?)")
        for item in state.seenItems.sorted() {
            try statement.execute(arguments: [sourceID, item, now])
        }
    }
}

extension Array where Element == String {
    var placeholders: String { Array(repeating: "?", count: count).joined(separator: ", ") }
}
