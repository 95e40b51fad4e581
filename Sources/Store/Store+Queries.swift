import Foundation
import GRDB
import ReportModel

/// A source with what the CLI lists about it.
public struct SourceOverview: Sendable, Hashable {
    public var record: SourceRecord
    public var reportCount: Int
    public var lastPeriod: String?
}

/// A report with counts, for listings.
public struct ReportSummary: Sendable, Hashable {
    public var report: ReportRecord
    public var sourceName: String
    public var themeCount: Int
    public var speakerCount: Int
}

extension Store {
    public func sourceOverviews() throws(StoreError) -> [SourceOverview] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT sources.*,
                        (SELECT COUNT(*) FROM reports WHERE reports.source_id = sources.id) AS report_count,
                        (SELECT period FROM reports WHERE reports.source_id = sources.id AND period IS NOT NULL
                            ORDER BY first_seen_at DESC, id DESC LIMIT 1) AS last_period
                    FROM sources WHERE removed_at IS NULL ORDER BY name
                    """
            ).map { row in
                SourceOverview(record: SourceRecord(row: row), reportCount: row["report_count"],
                               lastPeriod: row["last_period"])
            }
        }
    }

    /// Reports newest first (by first sighting), optionally of one source.
    public func reportSummaries(source: String? = nil, limit: Int? = nil) throws(StoreError) -> [ReportSummary] {
        try read { db in
            var sql = Self.reportSelect + " JOIN sources ON sources.id = reports.source_id"
            var arguments: [any DatabaseValueConvertible] = []
            if let source {
                sql += " WHERE sources.name = ?"
                arguments.append(source)
            }
            sql += " ORDER BY reports.first_seen_at DESC, reports.id DESC"
            if let limit { sql += " LIMIT \(max(0, limit))" }
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.summary)
        }
    }

    /// The reports of one source in series order: by period where known, else by first sighting.
    public func series(sourceID: Int64) throws(StoreError) -> [ReportSummary] {
        let reports = try read { db in
            try Row.fetchAll(
                db,
                sql: Self.reportSelect + " JOIN sources ON sources.id = reports.source_id WHERE reports.source_id = ?"
                    + " ORDER BY reports.first_seen_at, reports.id",
                arguments: [sourceID]
            ).map(Self.summary)
        }
        return reports.enumerated().sorted { a, b in
            switch (a.element.report.period.flatMap(ReportPeriod.init(label:)),
                    b.element.report.period.flatMap(ReportPeriod.init(label:))) {
            case let (left?, right?) where left != right: return left < right
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// A report by id, or by `SOURCE@PERIOD` (`tencent-ssv@2022Q3`).
    public func resolveReport(_ reference: String) throws(StoreError) -> ReportRecord? {
        if let id = Int64(reference) { return try report(id: id) }
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let id = try read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT reports.id FROM reports JOIN sources ON sources.id = reports.source_id
                    WHERE sources.name = ? AND reports.period = ? ORDER BY reports.first_seen_at DESC LIMIT 1
                    """,
                arguments: [parts[0], parts[1]])
        }
        return try id.flatMap { id throws(StoreError) in try report(id: id) }
    }

    /// The source name of a report.
    public func sourceName(id: Int64) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT name FROM sources WHERE id = ?", arguments: [id]) }
    }

    /// Events about one report, oldest first.
    public func events(reportID: Int64) throws(StoreError) -> [StoredEvent] {
        try read { db in
            let decoder = Event.decoder
            return try Row.fetchAll(
                db, sql: "SELECT sequence, source_id, payload FROM events WHERE report_id = ? ORDER BY sequence",
                arguments: [reportID]
            ).map { row in
                StoredEvent(sequence: row["sequence"],
                            event: try decoder.decode(Event.self, from: Data((row["payload"] as String).utf8)),
                            sourceID: row["source_id"])
            }
        }
    }

    static let reportSelect = """
        SELECT reports.*, sources.name AS source_name,
            (SELECT COUNT(*) FROM documents WHERE report_id = reports.id) AS revisions,
            (SELECT COUNT(*) FROM themes WHERE document_id = reports.latest_document_id) AS theme_count,
            (SELECT COUNT(*) FROM speakers WHERE document_id = reports.latest_document_id) AS speaker_count
        FROM reports
        """

    static func summary(_ row: Row) -> ReportSummary {
        ReportSummary(
            report: ReportRecord(
                id: row["id"], sourceID: row["source_id"], url: row["url"], itemID: row["item_id"],
                period: row["period"], title: row["title"], publishedAt: row.date("published_at"),
                firstSeenAt: row.requiredDate("first_seen_at"), latestDocumentID: row["latest_document_id"],
                revisions: row["revisions"]),
            sourceName: row["source_name"], themeCount: row["theme_count"], speakerCount: row["speaker_count"])
    }
}

extension Store {
    /// Clears the stored text of all but the newest `keep` versions of each report; analyses stay.
    /// Returns how many versions were cleared and how many bytes of text they held.
    public func collectGarbage(keep: Int, vacuum: Bool = false) throws(StoreError) -> (documents: Int, bytes: Int) {
        let result = try write { db -> (Int, Int) in
            let victims = """
                SELECT id FROM (
                    SELECT id, text, ROW_NUMBER() OVER (PARTITION BY report_id ORDER BY revision DESC) AS newest
                    FROM documents
                ) WHERE newest > ? AND text IS NOT NULL
                """
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS count, COALESCE(SUM(LENGTH(CAST(text AS BLOB)) + COALESCE(LENGTH(blocks), 0)
                        + COALESCE(LENGTH(block_spans), 0)), 0) AS bytes
                    FROM documents WHERE id IN (\(victims))
                    """,
                arguments: [keep])
            try db.execute(sql: "UPDATE documents SET text = NULL, blocks = NULL, block_spans = NULL WHERE id IN (\(victims))",
                           arguments: [keep])
            return (row?["count"] ?? 0, row?["bytes"] ?? 0)
        }
        if vacuum {
            do {
                try database.vacuum()
            } catch {
                throw StoreError.wrap(error, path: path)
            }
        }
        return result
    }
}

extension Store {
    /// Event ids that start with `prefix` (at most `limit`), to resolve the short forms users type.
    public func eventIDs(withPrefix prefix: String, limit: Int) throws(StoreError) -> [String] {
        try read { db in
            // Ids are `evt_` + Crockford base32: no LIKE wildcards to escape beyond the underscore.
            let pattern = prefix.replacingOccurrences(of: "_", with: "\\_") + "%"
            return try String.fetchAll(
                db, sql: "SELECT id FROM events WHERE id LIKE ? ESCAPE '\\' ORDER BY sequence LIMIT ?",
                arguments: [pattern, limit])
        }
    }
}
