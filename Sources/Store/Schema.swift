import GRDB

/// The database schema as named migrations. A shipped migration is frozen: change the schema by adding the next one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 initial schema", migrate: createInitialSchema)
        migrator.registerMigration("v2 delivery lanes", migrate: addDeliveryLanes)
        migrator.registerMigration("v3 outbox lane index", migrate: indexOutboxLanes)
        migrator.registerMigration("v4 lighter document rows", migrate: lightenDocumentRows)
        return migrator
    }

    /// Storing a document wrote its text twice (the blocks are slices of it, and were stored in full) and updated
    /// two indexes no query reads, each row of them on a leaf page of its own (keys in no useful order). New
    /// documents keep each block's kind and offsets in `block_spans`, with `blocks` NULL; rows written before keep
    /// their full `blocks`, which readers take first.
    private static func lightenDocumentRows(_ db: Database) throws {
        try db.alter(table: "documents") { t in
            t.add(column: "block_spans", .jsonText)
        }
        try db.drop(index: "themes_by_key")
        try db.drop(index: "speakers_by_name")
    }

    /// The outbox carries its event's source, so every lane's head and a lane's next rows come from one small
    /// index of the undelivered rows instead of a join of every undelivered row with its event: with a backlog of
    /// thousands (an endpoint down for a day) each claim was a scan of the whole backlog.
    private static func indexOutboxLanes(_ db: Database) throws {
        try db.alter(table: "outbox") { t in
            t.add(column: "source_id", .integer)
        }
        try db.execute(sql: "UPDATE outbox SET source_id = (SELECT source_id FROM events WHERE sequence = event_sequence)")
        try db.execute(sql: """
            CREATE INDEX outbox_undelivered_lanes ON outbox (endpoint_id, source_id, event_sequence, next_attempt_at)
            WHERE status IN ('pending', 'failed')
            """)
    }

    /// Delivery keeps order per endpoint and source, so the outbox is read by endpoint in event order; a 410
    /// remembers the endpoint's configuration fingerprint so that a changed configuration re-enables it.
    private static func addDeliveryLanes(_ db: Database) throws {
        try db.create(index: "outbox_by_endpoint", on: "outbox", columns: ["endpoint_id", "status", "event_sequence"])
        try db.alter(table: "endpoints") { t in
            t.add(column: "disabled_fingerprint", .text)
        }
    }

    private static func createInitialSchema(_ db: Database) throws {
        // Watched sources and their fetch state. Rows outlive their config entry (removed_at), keeping history.
        try db.create(table: "sources") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull().unique()
            t.column("kind", .text).notNull()
            t.column("location", .text).notNull()
            t.column("interval_seconds", .double).notNull()
            t.column("created_at", .datetime).notNull()
            t.column("removed_at", .datetime)
            t.column("polled_before", .boolean).notNull().defaults(to: false)
            t.column("last_checked_at", .datetime)
            t.column("next_check_at", .datetime)
            t.column("last_success_at", .datetime)
            t.column("last_result", .text)  // ok | unchanged | failed
            t.column("consecutive_failures", .integer).notNull().defaults(to: 0)
            t.column("last_error", .text)
            t.column("failing_since", .datetime)  // set when source.failing was emitted
            t.column("overdue_report_id", .integer)  // the latest report when source.overdue was emitted; 0: none yet
        }
        // Conditional-request validators per URL of a source.
        try db.create(table: "source_urls") { t in
            t.column("source_id", .integer).notNull().references("sources", onDelete: .cascade)
            t.column("url", .text).notNull()
            t.column("etag", .text)
            t.column("last_modified", .text)
            t.primaryKey(["source_id", "url"])
        }
        // Feed item ids and index links already seen.
        try db.create(table: "seen_items") { t in
            t.column("source_id", .integer).notNull().references("sources", onDelete: .cascade)
            t.column("item", .text).notNull()
            t.column("first_seen_at", .datetime).notNull()
            t.primaryKey(["source_id", "item"])
        }
        // A report of a series; its versions are documents.
        try db.create(table: "reports") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("source_id", .integer).notNull().references("sources", onDelete: .cascade)
            t.column("url", .text).notNull()
            t.column("item_id", .text)
            t.column("period", .text)
            t.column("title", .text)
            t.column("published_at", .datetime)
            t.column("first_seen_at", .datetime).notNull()
            t.column("latest_document_id", .integer)
        }
        try db.create(index: "reports_by_source", on: "reports", columns: ["source_id", "first_seen_at"])
        // Every distinct version of every report, with its text.
        try db.create(table: "documents") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("source_id", .integer).notNull().references("sources", onDelete: .cascade)
            t.column("report_id", .integer).references("reports", onDelete: .cascade)
            t.column("revision", .integer).notNull().defaults(to: 1)
            t.column("url", .text).notNull()
            t.column("item_id", .text)
            t.column("content_hash", .text).notNull()
            t.column("title", .text)
            t.column("published_at", .datetime)
            t.column("period", .text)
            t.column("language", .text)
            t.column("format", .text).notNull()
            t.column("content_type", .text)
            t.column("fetched_at", .datetime).notNull()
            t.column("modified_at", .datetime)
            t.column("byte_size", .integer).notNull()
            // Raw text and structure; `gc` may clear them on old versions, never the analysis.
            t.column("text", .text)
            t.column("blocks", .jsonText)
            t.uniqueKey(["source_id", "content_hash"])
        }
        try db.create(index: "documents_by_report", on: "documents", columns: ["report_id", "revision"])
        // What extraction found in a document.
        try db.create(table: "analyses") { t in
            t.primaryKey("document_id", .integer).references("documents", onDelete: .cascade)
            t.column("extractor_version", .integer).notNull()
            t.column("period", .text)
            t.column("analyzed_at", .datetime).notNull()
        }
        try db.create(table: "themes") { t in
            t.column("document_id", .integer).notNull().references("analyses", onDelete: .cascade)
            t.column("rank", .integer).notNull()
            t.column("key", .text).notNull()
            t.column("label", .text).notNull()
            t.column("score", .double).notNull()
            t.column("occurrences", .integer).notNull()
            t.column("evidence", .jsonText).notNull()
            t.primaryKey(["document_id", "key"])
        }
        try db.create(index: "themes_by_key", on: "themes", columns: ["key"])
        try db.create(table: "speakers") { t in
            t.column("document_id", .integer).notNull().references("analyses", onDelete: .cascade)
            t.column("rank", .integer).notNull()
            t.column("name", .text).notNull()
            t.column("aliases", .jsonText).notNull()
            t.column("title", .text)
            t.column("organization", .text)
            t.column("mentions", .integer).notNull()
            t.column("evidence", .jsonText).notNull()
            t.primaryKey(["document_id", "name"])
        }
        try db.create(index: "speakers_by_name", on: "speakers", columns: ["name"])
        // Events, as the webhook carries them. `sequence` orders them; `id` is the webhook-id.
        try db.create(table: "events") { t in
            t.autoIncrementedPrimaryKey("sequence")
            t.column("id", .text).notNull().unique()
            t.column("type", .text).notNull()
            t.column("source_id", .integer).references("sources", onDelete: .setNull)
            t.column("report_id", .integer).references("reports", onDelete: .setNull)
            t.column("document_id", .integer).references("documents", onDelete: .setNull)
            t.column("created_at", .datetime).notNull()
            t.column("schema_version", .integer).notNull()
            t.column("payload", .jsonText).notNull()
        }
        try db.create(index: "events_by_source", on: "events", columns: ["source_id", "sequence"])
        try db.create(index: "events_by_type", on: "events", columns: ["type", "sequence"])
        // Webhook endpoints seen in config; a 410 disables one until config or CLI re-enables it.
        try db.create(table: "endpoints") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("url", .text).notNull().unique()
            t.column("created_at", .datetime).notNull()
            t.column("disabled_at", .datetime)
            t.column("disabled_reason", .text)
        }
        // The delivery outbox: one row per event and endpoint, written with the event.
        try db.create(table: "outbox") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("event_sequence", .integer).notNull().references("events", onDelete: .cascade)
            t.column("endpoint_id", .integer).notNull().references("endpoints", onDelete: .cascade)
            t.column("status", .text).notNull()  // pending | failed | delivered | dead
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("next_attempt_at", .datetime).notNull()
            t.column("last_status_code", .integer)
            t.column("last_error", .text)
            t.column("created_at", .datetime).notNull()
            t.column("delivered_at", .datetime)
            t.uniqueKey(["event_sequence", "endpoint_id"])
        }
        try db.create(index: "outbox_due", on: "outbox", columns: ["status", "next_attempt_at"])
        try db.create(table: "delivery_attempts") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("outbox_id", .integer).notNull().references("outbox", onDelete: .cascade)
            t.column("attempted_at", .datetime).notNull()
            t.column("status_code", .integer)
            t.column("duration_ms", .double).notNull()
            t.column("error", .text)
        }
        try db.create(index: "attempts_by_outbox", on: "delivery_attempts", columns: ["outbox_id", "attempted_at"])
        // The running daemon's heartbeat, for `reportwatch status`.
        try db.create(table: "daemon_heartbeat") { t in
            t.primaryKey("id", .integer).check { $0 == 1 }
            t.column("pid", .integer).notNull()
            t.column("version", .text).notNull()
            t.column("started_at", .datetime).notNull()
            t.column("last_loop_at", .datetime).notNull()
            t.column("counters", .jsonText).notNull()
        }
    }
}
