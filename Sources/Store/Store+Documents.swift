import Foundation
import GRDB
import ReportModel

/// A report of a source's series, as identity decisions need it.
public struct KnownReport: Sendable, Hashable {
    public var id: Int64
    public var url: String
    public var itemID: String?
    public var period: String?
    public var latestDocumentID: Int64?
    public var firstSeenAt: Date
}

/// Where a new document goes: a new report of the series, or a new version of a known report.
public enum ReportPlacement: Sendable, Hashable {
    case newReport
    case revision(of: Int64)
}

/// A document ready to be stored.
public struct NewDocument: Sendable {
    public var sourceID: Int64
    public var fetched: FetchedDocument
    public var document: Document
    public var contentHash: String
    public var placement: ReportPlacement
    public var analysis: Analysis?

    public init(
        sourceID: Int64, fetched: FetchedDocument, document: Document, contentHash: String,
        placement: ReportPlacement, analysis: Analysis? = nil
    ) {
        self.sourceID = sourceID
        self.fetched = fetched
        self.document = document
        self.contentHash = contentHash
        self.placement = placement
        self.analysis = analysis
    }
}

/// A stored document's metadata (its text is read separately).
public struct DocumentRecord: Sendable, Hashable {
    public var id: Int64
    public var sourceID: Int64
    public var reportID: Int64?
    public var revision: Int
    public var url: String
    public var itemID: String?
    public var contentHash: String
    public var title: String?
    public var publishedAt: Date?
    public var period: String?
    public var language: String?
    public var format: String
    public var fetchedAt: Date
    public var byteSize: Int
}

extension DocumentRecord {
    /// The columns `init(row:)` reads, in its order (by index: GRDB's lookup by name is a case-insensitive search
    /// per column): a record never drags the text and blocks along.
    static let columns = "id, source_id, report_id, revision, url, item_id, content_hash, title, published_at, period, "
        + "language, format, fetched_at, byte_size"

    init(row: Row) {
        id = row[0]
        sourceID = row[1]
        reportID = row[2]
        revision = row[3]
        url = row[4]
        itemID = row[5]
        contentHash = row[6]
        title = row[7]
        publishedAt = row.date(8)
        period = row[9]
        language = row[10]
        format = row[11]
        fetchedAt = row.requiredDate(12)
        byteSize = row[13]
    }
}

/// Row counts, for status lines and tests.
public struct StoreCounts: Sendable, Hashable {
    public var sources: Int
    public var reports: Int
    public var documents: Int
    public var events: Int
    public var pendingDeliveries: Int
}

// Reads of documents, reports and analyses go straight to the database (`readNow`): pending poll results only
// touch sources and their fetch state, and writing them before every read of each pass undid their batching.
extension Store {
    public func containsDocument(sourceID: Int64, contentHash: String) throws(StoreError) -> Bool {
        try readNow { db in try Self.containsDocument(db, sourceID: sourceID, contentHash: contentHash) }
    }

    public func knownReports(sourceID: Int64) throws(StoreError) -> [KnownReport] {
        try readUnisolatedNow { db in try Self.knownReports(db, sourceID: sourceID) }
    }

    /// The source's known reports, or nil when it already holds a document with this content: what identifying a
    /// fetched document needs, in one read.
    public func knownReports(sourceID: Int64, unlessHolding contentHash: String) throws(StoreError) -> [KnownReport]? {
        // Only the source's own pass writes its documents and reports, so the two queries see one state.
        try readUnisolatedNow { db in
            try Self.containsDocument(db, sourceID: sourceID, contentHash: contentHash)
                ? nil : try Self.knownReports(db, sourceID: sourceID)
        }
    }

    private static func containsDocument(_ db: Database, sourceID: Int64, contentHash: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM documents WHERE source_id = ? AND content_hash = ?)"),
            arguments: [sourceID, contentHash]) ?? false
    }

    private static func knownReports(_ db: Database, sourceID: Int64) throws -> [KnownReport] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT id, url, item_id, period, latest_document_id, first_seen_at FROM reports
                WHERE source_id = ? ORDER BY first_seen_at, id
                """),
            arguments: [sourceID]
        ).map { row in
            KnownReport(id: row[0], url: row[1], itemID: row[2], period: row[3], latestDocumentID: row[4],
                        firstSeenAt: row.requiredDate(5))
        }
    }

    /// Stores a document, its report (new or revised) and its analysis, in one transaction.
    @discardableResult
    public func insert(_ new: NewDocument) throws(StoreError) -> DocumentRecord {
        try write { db in try Self.insertDocument(db, new) }
    }

    static func insertDocument(_ db: Database, _ new: NewDocument) throws -> DocumentRecord {
        let document = new.document
        let period = new.analysis?.period?.label
        let reportID: Int64
        let revision: Int
        switch new.placement {
        case .newReport:
            try db.cachedStatement(
                sql: """
                    INSERT INTO reports (source_id, url, item_id, period, title, published_at, first_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [new.sourceID, new.fetched.url, new.fetched.itemID, period, document.title,
                            StoreDate.value(document.published), StoreDate.value(new.fetched.fetchedAt)])
            reportID = db.lastInsertedRowID
            revision = 1
        case .revision(let known):
            reportID = known
            revision = (try Int.fetchOne(
                db.cachedStatement(sql: "SELECT MAX(revision) FROM documents WHERE report_id = ?"),
                arguments: [known]) ?? 0) + 1
        }
        // Blocks that are slices of the text are stored as offsets into it; others in full.
        let spans = BlockSpans.encode(document.blocks, text: document.text)
        let blocks = spans == nil ? CompactJSON.blocks(document.blocks) : nil
        try db.cachedStatement(
            sql: """
                INSERT INTO documents (source_id, report_id, revision, url, item_id, content_hash, title,
                    published_at, period, language, format, content_type, fetched_at, modified_at, byte_size,
                    text, blocks, block_spans)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [new.sourceID, reportID, revision, new.fetched.url, new.fetched.itemID, new.contentHash,
                        document.title, StoreDate.value(document.published), period, document.language,
                        document.format.rawValue, new.fetched.contentType, StoreDate.value(new.fetched.fetchedAt),
                        StoreDate.value(new.fetched.modifiedAt),
                        new.fetched.body.count, document.text, blocks, spans])
        let documentID = db.lastInsertedRowID
        try db.cachedStatement(
            sql: """
                UPDATE reports SET latest_document_id = ?, title = COALESCE(?, title),
                    period = COALESCE(?, period), published_at = COALESCE(?, published_at)
                WHERE id = ?
                """
        ).execute(
            arguments: [documentID, document.title, period, StoreDate.value(document.published), reportID])
        if let analysis = new.analysis {
            try Self.insertAnalysis(db, documentID: documentID, analysis: analysis, at: new.fetched.fetchedAt)
        }
        // As a read would give it back (dates as stored, texts as GRDB reads them), without a query.
        return DocumentRecord(
            id: documentID, sourceID: new.sourceID, reportID: reportID, revision: revision,
            url: asRead(new.fetched.url), itemID: new.fetched.itemID.map(asRead), contentHash: asRead(new.contentHash),
            title: document.title.map(asRead), publishedAt: document.published.map(StoreDate.roundTripped),
            period: period.map(asRead), language: document.language.map(asRead),
            format: asRead(document.format.rawValue), fetchedAt: StoreDate.roundTripped(new.fetched.fetchedAt),
            byteSize: new.fetched.body.count)
    }

    /// A stored text as GRDB reads it back: up to its first NUL (it reads columns as C strings).
    private static func asRead(_ text: String) -> String {
        guard let nul = text.utf8.firstIndex(of: 0) else { return text }
        return String(text[..<nul])
    }

    private static func insertAnalysis(_ db: Database, documentID: Int64, analysis: Analysis, at date: Date) throws {
        try db.cachedStatement(
            sql: "INSERT INTO analyses (document_id, extractor_version, period, analyzed_at) VALUES (?, ?, ?, ?)"
        ).execute(
            arguments: [documentID, analysis.extractorVersion, analysis.period?.label, StoreDate.value(date)])
        let insertTheme = try db.cachedStatement(sql: """
            INSERT INTO themes (document_id, rank, key, label, score, occurrences, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (rank, theme) in analysis.themes.enumerated() {
            try insertTheme.execute(
                arguments: [documentID, rank + 1, theme.key, theme.label, theme.score, theme.occurrences,
                            CompactJSON.evidence(theme.evidence)])
        }
        let insertSpeaker = try db.cachedStatement(sql: """
            INSERT INTO speakers (document_id, rank, name, aliases, title, organization, mentions, evidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (rank, speaker) in analysis.speakers.enumerated() {
            try insertSpeaker.execute(
                arguments: [documentID, rank + 1, speaker.name, CompactJSON.strings(speaker.aliases), speaker.title,
                            speaker.organization, speaker.mentions, CompactJSON.evidence(speaker.evidence)])
        }
    }

    public func documents(sourceID: Int64? = nil) throws(StoreError) -> [DocumentRecord] {
        try read { db in
            if let sourceID {
                return try Row.fetchAll(
                    db, sql: "SELECT \(DocumentRecord.columns) FROM documents WHERE source_id = ? ORDER BY id",
                    arguments: [sourceID]
                ).map(DocumentRecord.init(row:))
            }
            return try Row.fetchAll(db, sql: "SELECT \(DocumentRecord.columns) FROM documents ORDER BY id")
                .map(DocumentRecord.init(row:))
        }
    }

    /// The stored main text of a document; nil when `gc` has cleared it.
    public func documentText(id: Int64) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT text FROM documents WHERE id = ?", arguments: [id]) }
    }

    public func analysis(documentID: Int64) throws(StoreError) -> Analysis? {
        // A stored analysis never changes: its three queries need no transaction around them.
        try readUnisolatedNow { db in
            // Columns by index from cached statements, read from cursors (no boxed row copies).
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT period, extractor_version FROM analyses WHERE document_id = ?"),
                arguments: [documentID])
            else { return nil }
            var themes: [Theme] = []
            let themeRows = try Row.fetchCursor(
                db.cachedStatement(sql: """
                    SELECT key, label, score, occurrences, evidence FROM themes WHERE document_id = ? ORDER BY rank
                    """),
                arguments: [documentID])
            while let row = try themeRows.next() {
                themes.append(Theme(key: row[0], label: row[1], score: row[2], occurrences: row[3],
                                    evidence: try CompactJSONReader.evidence(row[4])))
            }
            var speakers: [Speaker] = []
            let speakerRows = try Row.fetchCursor(
                db.cachedStatement(sql: """
                    SELECT name, aliases, title, organization, mentions, evidence FROM speakers
                    WHERE document_id = ? ORDER BY rank
                    """),
                arguments: [documentID])
            while let row = try speakerRows.next() {
                speakers.append(Speaker(
                    name: row[0], aliases: try CompactJSONReader.strings(row[1]), title: row[2], organization: row[3],
                    mentions: row[4], evidence: try CompactJSONReader.evidence(row[5])))
            }
            let period = (row[0] as String?).flatMap(ReportPeriod.init(label:))
            return Analysis(speakers: speakers, themes: themes, period: period, extractorVersion: row[1])
        }
    }

    public func counts() throws(StoreError) -> StoreCounts {
        try read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return StoreCounts(
                sources: try count("SELECT COUNT(*) FROM sources WHERE removed_at IS NULL"),
                reports: try count("SELECT COUNT(*) FROM reports"),
                documents: try count("SELECT COUNT(*) FROM documents"),
                events: try count("SELECT COUNT(*) FROM events"),
                pendingDeliveries: try count("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'failed')"))
        }
    }
}

/// A report with what events say about it.
public struct ReportRecord: Sendable, Hashable {
    public var id: Int64
    public var sourceID: Int64
    public var url: String
    public var itemID: String?
    public var period: String?
    public var title: String?
    public var publishedAt: Date?
    public var firstSeenAt: Date
    public var latestDocumentID: Int64?
    public var revisions: Int

    public var reference: ReportReference {
        ReportReference(id: id, title: title, url: url, period: period, published: publishedAt, revision: revisions)
    }
}

extension Store {
    public func report(id: Int64) throws(StoreError) -> ReportRecord? {
        try readUnisolatedNow { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT id, source_id, url, item_id, period, title, published_at, first_seen_at, latest_document_id,
                        (SELECT COUNT(*) FROM documents WHERE report_id = reports.id)
                    FROM reports WHERE id = ?
                    """),
                arguments: [id])
            else { return nil }
            return ReportRecord(
                id: row[0], sourceID: row[1], url: row[2], itemID: row[3], period: row[4], title: row[5],
                publishedAt: row.date(6), firstSeenAt: row.requiredDate(7), latestDocumentID: row[8], revisions: row[9])
        }
    }

    /// A document's blocks; nil when `gc` has cleared them.
    public func documentBlocks(id: Int64) throws(StoreError) -> [TextBlock]? {
        try readUnisolatedNow { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT blocks, block_spans, text FROM documents WHERE id = ?"), arguments: [id])
            else { return nil }
            // Written before v4 (or not slices of the text): in full.
            if let json = row[0] as String? {
                return try CompactJSONReader.blocks(json)
            }
            guard let spans = row[1] as String?, let text = row[2] as String? else { return nil }
            return try BlockSpans.decode(spans, text: text)
        }
    }
}
