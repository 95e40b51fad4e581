import Foundation
import GRDB
import ReportModel

public enum DeliveryStatus: String, Sendable, Codable, CaseIterable {
    case pending, failed, delivered, dead
}

/// Deliveries keep their order within a lane: one endpoint and one source.
public struct DeliveryLane: Sendable, Hashable {
    public var endpointID: Int64
    public var sourceID: Int64?

    public init(endpointID: Int64, sourceID: Int64?) {
        self.endpointID = endpointID
        self.sourceID = sourceID
    }
}

/// The oldest undelivered row of a lane and when it may be tried.
public struct LaneHead: Sendable, Hashable {
    public var lane: DeliveryLane
    public var endpointURL: String
    public var nextAttemptAt: Date
}

/// One outbox row with what sending it needs.
public struct OutboxItem: Sendable, Hashable {
    public var id: Int64
    public var eventSequence: Int64
    public var eventID: String
    public var eventType: String
    /// The event as stored (`Event.encoder` JSON).
    public var payload: String
    public var endpointID: Int64
    public var endpointURL: String
    public var sourceID: Int64?
    public var status: DeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Date
}

/// What one attempt did; every attempt is recorded before the next one.
public struct DeliveryAttempt: Sendable, Hashable, Codable {
    public var attemptedAt: Date
    public var statusCode: Int?
    public var durationMilliseconds: Double
    public var error: String?

    public init(attemptedAt: Date, statusCode: Int?, durationMilliseconds: Double, error: String?) {
        self.attemptedAt = attemptedAt
        self.statusCode = statusCode
        self.durationMilliseconds = durationMilliseconds
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case attemptedAt = "attempted_at"
        case statusCode = "status_code"
        case durationMilliseconds = "duration_ms"
        case error
    }
}

/// What becomes of an outbox row after an attempt.
public enum DeliveryResolution: Sendable, Hashable {
    case delivered
    /// Failed; tried again at this time.
    case retry(at: Date)
    /// Failed for good.
    case dead
    /// The endpoint answered 410 Gone: it is disabled (with its configuration fingerprint) and the row waits.
    case endpointGone(fingerprint: String)
}

/// A webhook endpoint as recorded.
public struct EndpointRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var url: String
    public var createdAt: Date
    public var disabledAt: Date?
    public var disabledReason: String?

    enum CodingKeys: String, CodingKey {
        case id, url
        case createdAt = "created_at"
        case disabledAt = "disabled_at"
        case disabledReason = "disabled_reason"
    }
}

/// An outbox row for the CLI, with its attempts.
public struct DeliveryRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var eventID: String
    public var eventType: String
    public var source: String?
    public var endpoint: String
    public var endpointDisabled: Bool
    public var status: DeliveryStatus
    /// Attempts since the row was (re)queued: its place in the retry schedule. `attempts` lists every one.
    public var attemptCount: Int
    public var nextAttemptAt: Date
    public var lastStatusCode: Int?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?
    public var attempts: [DeliveryAttempt]

    enum CodingKeys: String, CodingKey {
        case id
        case eventID = "event_id"
        case eventType = "event_type"
        case source, endpoint
        case endpointDisabled = "endpoint_disabled"
        case status
        case attemptCount = "attempts_in_schedule"
        case nextAttemptAt = "next_attempt_at"
        case lastStatusCode = "last_status_code"
        case lastError = "last_error"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
        case attempts
    }
}

extension Store {
    // MARK: - For the delivery service

    // Both lane reads go through the partial index `outbox_undelivered_lanes` (tested with EXPLAIN QUERY PLAN);
    // without statistics the planner preferred `outbox_due` and a temporary B-tree for the grouping, hence INDEXED BY.
    // SQLite returns the other columns from the row holding the MIN().
    static let laneHeadsSQL = """
        SELECT o.endpoint_id, o.source_id, p.url, o.next_attempt_at, MIN(o.event_sequence)
        FROM outbox o INDEXED BY outbox_undelivered_lanes JOIN endpoints p ON p.id = o.endpoint_id
        WHERE o.status IN ('pending', 'failed') AND p.disabled_at IS NULL
        GROUP BY o.endpoint_id, o.source_id
        """

    static func laneItemsSQL(sourceIsNull: Bool) -> String {
        """
        SELECT o.id, o.event_sequence, e.id, e.type, e.payload, o.endpoint_id, p.url, o.source_id, o.status,
               o.attempts, o.next_attempt_at
        FROM outbox o JOIN events e ON e.sequence = o.event_sequence JOIN endpoints p ON p.id = o.endpoint_id
        WHERE o.endpoint_id = ? AND o.status IN ('pending', 'failed') AND p.disabled_at IS NULL
          AND \(sourceIsNull ? "o.source_id IS NULL" : "o.source_id = ?")
        ORDER BY o.event_sequence LIMIT ?
        """
    }

    /// The head of every lane with undelivered rows to an enabled endpoint, due or not.
    public func laneHeads() throws(StoreError) -> [LaneHead] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: Self.laneHeadsSQL)).map { row in
                LaneHead(lane: DeliveryLane(endpointID: row[0], sourceID: row[1]), endpointURL: row[2],
                         nextAttemptAt: row.requiredDate(3))
            }
        }
    }

    /// The lane's undelivered rows, oldest event first, if its endpoint is enabled.
    public func laneItems(_ lane: DeliveryLane, limit: Int) throws(StoreError) -> [OutboxItem] {
        try read { db in
            var arguments: StatementArguments = [lane.endpointID]
            if let sourceID = lane.sourceID { arguments += [sourceID] }
            arguments += [max(1, limit)]
            return try Row.fetchAll(
                db.cachedStatement(sql: Self.laneItemsSQL(sourceIsNull: lane.sourceID == nil)), arguments: arguments
            ).map(Self.outboxItem)
        }
    }

    /// One outbox row, whatever its state.
    public func outboxItem(id: Int64) throws(StoreError) -> OutboxItem? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT o.id, o.event_sequence, e.id, e.type, e.payload, o.endpoint_id, p.url, e.source_id, o.status,
                       o.attempts, o.next_attempt_at
                FROM outbox o JOIN events e ON e.sequence = o.event_sequence JOIN endpoints p ON p.id = o.endpoint_id
                WHERE o.id = ?
                """, arguments: [id]).map(Self.outboxItem)
        }
    }

    private static func outboxItem(_ row: Row) -> OutboxItem {
        OutboxItem(id: row[0], eventSequence: row[1], eventID: row[2], eventType: row[3], payload: row[4],
                   endpointID: row[5], endpointURL: row[6], sourceID: row[7],
                   status: DeliveryStatus(rawValue: row[8]) ?? .pending, attempts: row[9], nextAttemptAt: row.requiredDate(10))
    }

    /// Records an attempt and its consequence in one transaction.
    public func recordAttempt(
        outboxID: Int64, _ attempt: DeliveryAttempt, resolution: DeliveryResolution
    ) throws(StoreError) {
        try write { db in
            // Cached statements: this runs once per delivery.
            try db.cachedStatement(sql: """
                    INSERT INTO delivery_attempts (outbox_id, attempted_at, status_code, duration_ms, error)
                    VALUES (?, ?, ?, ?, ?)
                    """).execute(
                arguments: [outboxID, StoreDate.value(attempt.attemptedAt), attempt.statusCode, attempt.durationMilliseconds,
                            attempt.error])
            let status: DeliveryStatus
            var next = attempt.attemptedAt
            var deliveredAt: Date?
            switch resolution {
            case .delivered:
                status = .delivered
                deliveredAt = attempt.attemptedAt
            case .retry(let at):
                status = .failed
                next = at
            case .dead:
                status = .dead
            case .endpointGone(let fingerprint):
                status = .failed
                try db.execute(
                    sql: """
                        UPDATE endpoints SET disabled_at = ?, disabled_reason = ?, disabled_fingerprint = ?
                        WHERE id = (SELECT endpoint_id FROM outbox WHERE id = ?)
                        """,
                    arguments: [StoreDate.value(attempt.attemptedAt), "410 Gone", fingerprint, outboxID])
            }
            try db.cachedStatement(sql: """
                    UPDATE outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_status_code = ?,
                        last_error = ?, delivered_at = ? WHERE id = ?
                    """).execute(
                arguments: [status.rawValue, StoreDate.value(next), attempt.statusCode, attempt.error,
                            StoreDate.value(deliveredAt), outboxID])
        }
    }

    /// Marks undelivered rows to endpoints no longer configured as dead, with the reason; returns how many.
    @discardableResult
    public func retireDeliveries(keeping configuredURLs: Set<String>) throws(StoreError) -> Int {
        try write { db in
            let urls = Array(configuredURLs)
            let placeholders = urls.map { _ in "?" }.joined(separator: ", ")
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'dead', last_error = 'endpoint no longer configured'
                    WHERE status IN ('pending', 'failed')
                      AND endpoint_id IN (SELECT id FROM endpoints WHERE url NOT IN (\(placeholders)))
                    """,
                arguments: StatementArguments(urls))
            return db.changesCount
        }
    }

    /// Re-enables endpoints disabled by a 410 whose configuration changed since; returns their URLs.
    @discardableResult
    public func reenableChangedEndpoints(fingerprints: [String: String]) throws(StoreError) -> [String] {
        try write { db in
            let disabled = try Row.fetchAll(
                db, sql: "SELECT id, url, disabled_fingerprint FROM endpoints WHERE disabled_at IS NOT NULL")
            var enabled: [String] = []
            for row in disabled {
                let url: String = row[1]
                guard let fingerprint = fingerprints[url], fingerprint != (row[2] as String?) else { continue }
                try Self.enable(db, endpointID: row[0])
                enabled.append(url)
            }
            return enabled
        }
    }

    /// Re-enables an endpoint and makes its waiting rows due now. False when there is no such endpoint.
    @discardableResult
    public func enableEndpoint(url: String, now: Date) throws(StoreError) -> Bool {
        try write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM endpoints WHERE url = ?", arguments: [url])
            else { return false }
            try Self.enable(db, endpointID: id)
            try db.execute(
                sql: "UPDATE outbox SET next_attempt_at = ? WHERE endpoint_id = ? AND status IN ('pending', 'failed')",
                arguments: [StoreDate.value(now), id])
            return true
        }
    }

    private static func enable(_ db: Database, endpointID: Int64) throws {
        try db.execute(
            sql: """
                UPDATE endpoints SET disabled_at = NULL, disabled_reason = NULL, disabled_fingerprint = NULL
                WHERE id = ?
                """,
            arguments: [endpointID])
    }

    /// Calls `handler` after every committed transaction of this process that added outbox rows, so that the
    /// delivery service wakes at once instead of on its timer.
    public func observeOutboxInserts(_ handler: @escaping @Sendable () -> Void) {
        database.add(transactionObserver: OutboxInsertObserver(handler: handler), extent: .databaseLifetime)
    }

    // MARK: - For the CLI

    public func endpoints() throws(StoreError) -> [EndpointRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, url, created_at, disabled_at, disabled_reason FROM endpoints ORDER BY id")
                .map { EndpointRecord(id: $0[0], url: $0[1], createdAt: $0[2], disabledAt: $0[3], disabledReason: $0[4]) }
        }
    }

    /// Outbox rows, newest first, with their attempts.
    public func deliveries(
        status: DeliveryStatus? = nil, endpoint: String? = nil, since: Date? = nil, ids: [Int64]? = nil,
        limit: Int? = nil
    ) throws(StoreError) -> [DeliveryRecord] {
        try read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let status {
                conditions.append("o.status = ?")
                arguments.append(status.rawValue)
            }
            if let endpoint {
                conditions.append("p.url = ?")
                arguments.append(endpoint)
            }
            if let since {
                conditions.append("o.created_at >= ?")
                arguments.append(StoreDate.value(since))
            }
            if let ids {
                conditions.append("o.id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))")
                arguments += ids.map { $0 as any DatabaseValueConvertible }
            }
            var sql = """
                SELECT o.id, e.id, e.type, s.name, p.url, p.disabled_at IS NOT NULL, o.status, o.attempts,
                       o.next_attempt_at, o.last_status_code, o.last_error, o.created_at, o.delivered_at
                FROM outbox o JOIN events e ON e.sequence = o.event_sequence JOIN endpoints p ON p.id = o.endpoint_id
                LEFT JOIN sources s ON s.id = e.source_id
                """
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY o.id DESC"
            if let limit { sql += " LIMIT \(max(0, limit))" }
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                let id: Int64 = row[0]
                let attempts = try Row.fetchAll(
                    db, sql: """
                        SELECT attempted_at, status_code, duration_ms, error FROM delivery_attempts
                        WHERE outbox_id = ? ORDER BY id
                        """, arguments: [id]
                ).map { DeliveryAttempt(attemptedAt: $0.requiredDate(0), statusCode: $0[1], durationMilliseconds: $0[2], error: $0[3]) }
                return DeliveryRecord(
                    id: id, eventID: row[1], eventType: row[2], source: row[3], endpoint: row[4], endpointDisabled: row[5],
                    status: DeliveryStatus(rawValue: row[6]) ?? .pending, attemptCount: row[7], nextAttemptAt: row.requiredDate(8),
                    lastStatusCode: row[9], lastError: row[10], createdAt: row.requiredDate(11), deliveredAt: row.date(12),
                    attempts: attempts)
            }
        }
    }

    /// Queues rows again, due now, with a fresh retry schedule (their past attempts stay recorded). `ids` are
    /// outbox row ids or event ids (every row of the event). Returns the ids of the rows queued.
    public func redeliver(ids: [Int64], eventIDs: [String], now: Date) throws(StoreError) -> [Int64] {
        try write { db in
            var rows = ids.isEmpty ? [] : try Int64.fetchAll(
                db, sql: "SELECT id FROM outbox WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))",
                arguments: StatementArguments(ids))
            if !eventIDs.isEmpty {
                rows += try Int64.fetchAll(
                    db, sql: """
                        SELECT o.id FROM outbox o JOIN events e ON e.sequence = o.event_sequence
                        WHERE e.id IN (\(eventIDs.map { _ in "?" }.joined(separator: ", ")))
                        """,
                    arguments: StatementArguments(eventIDs))
            }
            try Self.requeue(db, rows, now: now)
            return rows
        }
    }

    /// Queues again every failed or dead row created since `since`.
    public func redeliverFailed(since: Date, now: Date) throws(StoreError) -> [Int64] {
        try write { db in
            let rows = try Int64.fetchAll(
                db, sql: "SELECT id FROM outbox WHERE status IN ('failed', 'dead') AND created_at >= ?",
                arguments: [StoreDate.value(since)])
            try Self.requeue(db, rows, now: now)
            return rows
        }
    }

    private static func requeue(_ db: Database, _ rows: [Int64], now: Date) throws {
        for id in rows {
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, delivered_at = NULL
                    WHERE id = ?
                    """,
                arguments: [StoreDate.value(now), id])
        }
    }
}

/// Runs on the writer's queue only, which serialises access to `inserted`.
private final class OutboxInsertObserver: TransactionObserver, @unchecked Sendable {
    let handler: @Sendable () -> Void
    private var inserted = false

    init(handler: @escaping @Sendable () -> Void) {
        self.handler = handler
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind { return table == "outbox" }
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) {
        inserted = true
    }

    func databaseDidCommit(_ db: Database) {
        guard inserted else { return }
        inserted = false
        handler()
    }

    func databaseDidRollback(_ db: Database) {
        inserted = false
    }
}
