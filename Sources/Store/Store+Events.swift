import Foundation
import GRDB
import ReportModel
import Synchronization

/// An event as stored, with its place in the sequence.
public struct StoredEvent: Sendable, Hashable {
    public var sequence: Int64
    public var event: Event
    public var sourceID: Int64?
}

/// A webhook endpoint as the outbox needs it: where, and which events it takes.
public struct OutboxEndpoint: Sendable, Hashable {
    public var url: String
    public var events: [String]?
    public var sources: [String]?

    public init(url: String, events: [String]? = nil, sources: [String]? = nil) {
        self.url = url
        self.events = events
        self.sources = sources
    }

    public init(_ webhook: WebhookConfig) {
        self.init(url: webhook.url, events: webhook.events, sources: webhook.sources)
    }

    func accepts(_ event: Event) -> Bool {
        if let events, !events.contains(event.type.rawValue) { return false }
        if let sources, !sources.contains(event.data.source.name) { return false }
        return true
    }
}

extension Store {
    /// Stores a document and the events it causes, with their outbox rows, in one transaction: nothing is lost
    /// between "detected" and "delivered". `events` receives the stored document (with its report id and revision).
    ///
    /// Returns once the transaction holding the document has committed. Documents that arrive while the writer is
    /// committing others wait for it and then share the next transaction (group commit): each transaction rewrites
    /// the pages its rows share with the previous one (table and index leaves, the WAL index), so one per document
    /// wrote several times the document's own size. An idle writer commits at once, so nobody waits for a timer
    /// and the writer never stands idle while documents wait. The caller's thread is free for other work meanwhile.
    @discardableResult
    public func insert(
        _ new: NewDocument, endpoints: [OutboxEndpoint],
        events: @escaping @Sendable (DocumentRecord) throws -> [Event]
    ) async throws(StoreError) -> (document: DocumentRecord, events: [StoredEvent]) {
        let outcome = await withCheckedContinuation { continuation in
            let write = DocumentWrite(new: new, endpoints: endpoints, events: events, continuation: continuation)
            let startWriter = documentWrites.withLock { queue in
                queue.waiting.append(write)
                defer { queue.writing = true }
                return !queue.writing
            }
            if startWriter { commitWaitingDocuments() }
        }
        let stored = try outcome.get()
        return (stored.document, stored.events)
    }

    /// Commits every waiting document in one transaction, then again for those that arrived meanwhile, until none
    /// waits.
    private func commitWaitingDocuments() {
        database.asyncWriteWithoutTransaction { db in
            let writes = self.documentWrites.withLock { queue -> [DocumentWrite] in
                defer { queue.waiting = [] }
                return queue.waiting
            }
            let outcomes = self.commit(writes, db)
            for (write, outcome) in zip(writes, outcomes) { write.continuation.resume(returning: outcome) }
            let more = self.documentWrites.withLock { queue in
                queue.writing = !queue.waiting.isEmpty
                return queue.writing
            }
            if more { self.commitWaitingDocuments() }
        }
    }

    /// Commits documents in one transaction. Optimistically without savepoints first: a savepoint makes SQLite copy
    /// every page the document touches to a statement journal (a temporary file once it passes 64 KiB), which was
    /// most of the writes of a commit. Only when a document fails is the transaction rolled back and tried again,
    /// each document in its own savepoint, so that it fails alone. Every outcome is known only once the transaction
    /// has committed.
    private func commit(_ writes: [DocumentWrite], _ db: Database) -> [Result<StoredDocument, StoreError>] {
        do {
            var stored: [StoredDocument] = []
            stored.reserveCapacity(writes.count)
            try db.inTransaction(.immediate) {
                for write in writes { stored.append(try Self.insertDocument(db, write)) }
                return .commit
            }
            return stored.map { .success($0) }
        } catch {
            // One document alone: its failure is the outcome; a group: find which ones failed.
            if writes.count == 1 { return [.failure(StoreError.wrap(error, path: path))] }
        }
        return commitEachAlone(writes, db)
    }

    private func commitEachAlone(_ writes: [DocumentWrite], _ db: Database) -> [Result<StoredDocument, StoreError>] {
        var outcomes: [Result<StoredDocument, StoreError>] = []
        do {
            try db.inTransaction(.immediate) {
                outcomes = writes.map { write in
                    do {
                        var stored: StoredDocument?
                        try db.inSavepoint {
                            stored = try Self.insertDocument(db, write)
                            return .commit
                        }
                        // inSavepoint returns only after its body ran.
                        return .success(stored!)
                    } catch {
                        return .failure(StoreError.wrap(error, path: path))
                    }
                }
                return .commit
            }
        } catch {
            outcomes = Array(repeating: .failure(StoreError.wrap(error, path: path)), count: writes.count)
        }
        return outcomes
    }

    private static func insertDocument(_ db: Database, _ write: DocumentWrite) throws -> StoredDocument {
        let document = try insertDocument(db, write.new)
        let stored = try write.events(document).map { event in
            try appendEvent(db, event, sourceID: write.new.sourceID, reportID: document.reportID,
                            documentID: document.id, endpoints: write.endpoints)
        }
        return StoredDocument(document: document, events: stored)
    }

    /// Stores events that no document carries (`source.failing`, …) with their outbox rows.
    @discardableResult
    public func append(
        _ events: [Event], sourceID: Int64?, endpoints: [OutboxEndpoint]
    ) throws(StoreError) -> [StoredEvent] {
        try write { db in
            try events.map { event in
                try Self.appendEvent(db, event, sourceID: sourceID, reportID: nil, documentID: nil, endpoints: endpoints)
            }
        }
    }

    static func appendEvent(
        _ db: Database, _ event: Event, sourceID: Int64?, reportID: Int64?, documentID: Int64?,
        endpoints: [OutboxEndpoint]
    ) throws -> StoredEvent {
        let payload = try EventJSON.encode(event)
        try db.cachedStatement(
            sql: """
                INSERT INTO events (id, type, source_id, report_id, document_id, created_at, schema_version, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [event.id, event.type.rawValue, sourceID, reportID, documentID, StoreDate.value(event.timestamp),
                        event.data.schemaVersion, payload])
        let sequence = db.lastInsertedRowID
        for endpoint in endpoints where endpoint.accepts(event) {
            try db.cachedStatement(
                sql: "INSERT INTO endpoints (url, created_at) VALUES (?, ?) ON CONFLICT(url) DO NOTHING"
            ).execute(arguments: [endpoint.url, StoreDate.value(event.timestamp)])
            guard let endpointID = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM endpoints WHERE url = ?"), arguments: [endpoint.url])
            else { continue }
            try db.cachedStatement(
                sql: """
                    INSERT INTO outbox (event_sequence, endpoint_id, source_id, status, next_attempt_at, created_at)
                    VALUES (?, ?, ?, 'pending', ?, ?)
                    """
            ).execute(
                arguments: [sequence, endpointID, sourceID, StoreDate.value(event.timestamp),
                            StoreDate.value(event.timestamp)])
        }
        return StoredEvent(sequence: sequence, event: event, sourceID: sourceID)
    }

    /// Stored events, newest first, filtered by source name, type and time.
    public func events(
        source: String? = nil, type: String? = nil, since: Date? = nil, limit: Int? = nil
    ) throws(StoreError) -> [StoredEvent] {
        try read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let source {
                conditions.append("source_id = (SELECT id FROM sources WHERE name = ?)")
                arguments.append(source)
            }
            if let type {
                conditions.append("type = ?")
                arguments.append(type)
            }
            if let since {
                conditions.append("created_at >= ?")
                arguments.append(StoreDate.value(since))
            }
            var sql = "SELECT sequence, source_id, payload FROM events"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY sequence DESC"
            if let limit { sql += " LIMIT \(max(0, limit))" }
            let decoder = Event.decoder
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                StoredEvent(sequence: row["sequence"],
                            event: try decoder.decode(Event.self, from: Data((row["payload"] as String).utf8)),
                            sourceID: row["source_id"])
            }
        }
    }
}

/// A stored document with the events stored with it.
struct StoredDocument: Sendable {
    var document: DocumentRecord
    var events: [StoredEvent]
}

/// Documents waiting for the writer; `batch` counts the batches taken.
struct DocumentQueue {
    var waiting: [DocumentWrite] = []
    /// A commit is queued or running; it takes whatever waits when it starts.
    var writing = false
}

/// A document waiting for the writer (see `Store.insert(_:endpoints:events:)`), and who waits for its outcome.
final class DocumentWrite: Sendable {
    let new: NewDocument
    let endpoints: [OutboxEndpoint]
    let events: @Sendable (DocumentRecord) throws -> [Event]
    let continuation: CheckedContinuation<Result<StoredDocument, StoreError>, Never>

    init(
        new: NewDocument, endpoints: [OutboxEndpoint], events: @escaping @Sendable (DocumentRecord) throws -> [Event],
        continuation: CheckedContinuation<Result<StoredDocument, StoreError>, Never>
    ) {
        self.new = new
        self.endpoints = endpoints
        self.events = events
        self.continuation = continuation
    }
}
