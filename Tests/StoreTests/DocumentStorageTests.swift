import Foundation
import GRDB
import ReportModel
import ReportWatchTesting
import Testing

@testable import Store

/// How documents are written (schema v4): blocks as offsets into the text when they are slices of it, documents
/// that arrive together committed together, and databases written before v4 read as they were.
@Suite struct DocumentStorageTests {
    let directory: URL
    var path: String { directory.appendingPathComponent("rw.sqlite").path }

    init() throws {
        directory = try Fixtures.temporaryDirectory("document-storage")
    }

    func source(_ name: String) -> SourceConfig {
        SourceConfig(name: name, kind: .page, url: "https://example.org/\(name)", interval: .seconds(3600))
    }

    func newDocument(_ document: Document, sourceID: Int64, hash: String, url: String = "https://example.org/r") -> NewDocument {
        NewDocument(
            sourceID: sourceID,
            fetched: FetchedDocument(url: url, body: Array(document.text.utf8), fetchedAt: Date(timeIntervalSince1970: 1_700_000_000)),
            document: document, contentHash: hash, placement: .newReport)
    }

    func storedColumns(_ store: Store, id: Int64) throws -> (blocks: String?, spans: String?) {
        try store.read { db in
            let row = try #require(try Row.fetchOne(
                db, sql: "SELECT blocks, block_spans FROM documents WHERE id = ?", arguments: [id]))
            return (row["blocks"], row["block_spans"])
        }
    }

    /// Texts whose scalars take one to four UTF-8 bytes, with characters of several scalars (a combining accent, a
    /// joined emoji) and an empty block.
    static let blockTexts: [[(kind: TextBlock.Kind, text: String)]] = [
        [(.heading, "Quarterly results"), (.paragraph, "Revenue rose 12% to $4.1 billion.")],
        [(.heading, "腾讯发布第二季度社会价值报告"), (.paragraph, "陈菊红表示，“碳中和”是重点。"), (.listItem, "二、数字包容")],
        [(.paragraph, "Cafe\u{301} owners 👩‍💻 met; the CEO said “growth” – again."), (.quote, ""), (.tableRow, "Q3 | 1.2 € | ✓")],
    ]

    @Test(arguments: blockTexts.indices)
    func blocksThatAreSlicesOfTheTextAreStoredAsSpansAndReadBackWhole(_ index: Int) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let sourceID = try #require(try store.syncSources([source("a")], now: Date())["a"]).id
        let document = Document(title: "T", format: .html, blocks: Self.blockTexts[index])
        let stored = try store.insert(newDocument(document, sourceID: sourceID, hash: "h"))
        let columns = try storedColumns(store, id: stored.id)
        #expect(columns.blocks == nil, "the text is stored once")
        #expect(columns.spans?.contains("\"start\"") == true)
        #expect(try store.documentBlocks(id: stored.id) == document.blocks)
        #expect(try store.documentText(id: stored.id) == document.text)
    }

    @Test(arguments: [
        // Not the text between the offsets.
        [TextBlock(kind: .paragraph, text: "other words", start: 0, end: 11)],
        // Overlapping, and out of order.
        [TextBlock(kind: .paragraph, text: "Revenue rose", start: 0, end: 12),
         TextBlock(kind: .paragraph, text: "rose", start: 8, end: 12)],
        [TextBlock(kind: .paragraph, text: "rose", start: 8, end: 12),
         TextBlock(kind: .paragraph, text: "Revenue", start: 0, end: 7)],
        // Past the end of the text.
        [TextBlock(kind: .paragraph, text: "Revenue rose sharply", start: 0, end: 40)],
    ])
    func blocksThatAreNotSlicesOfTheTextAreStoredInFull(_ blocks: [TextBlock]) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let sourceID = try #require(try store.syncSources([source("a")], now: Date())["a"]).id
        let document = Document(format: .text, text: "Revenue rose 12%.", blocks: blocks)
        let stored = try store.insert(newDocument(document, sourceID: sourceID, hash: "h"))
        let columns = try storedColumns(store, id: stored.id)
        #expect(columns.spans == nil)
        #expect(columns.blocks != nil)
        #expect(try store.documentBlocks(id: stored.id) == blocks)
    }

    @Test func garbageCollectionClearsTheSpansWithTheText() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let sourceID = try #require(try store.syncSources([source("a")], now: Date())["a"]).id
        let first = try store.insert(newDocument(
            Document(format: .html, blocks: [(.paragraph, "first version")]), sourceID: sourceID, hash: "1"))
        var second = newDocument(Document(format: .html, blocks: [(.paragraph, "second")]), sourceID: sourceID, hash: "2")
        second.placement = .revision(of: try #require(first.reportID))
        let kept = try store.insert(second)
        let collected = try store.collectGarbage(keep: 1)
        #expect(collected.documents == 1)
        #expect(collected.bytes > "first version".utf8.count, "the spans are counted with the text")
        #expect(try store.documentBlocks(id: first.id) == nil)
        #expect(try storedColumns(store, id: first.id).spans == nil)
        #expect(try store.documentBlocks(id: kept.id)?.map(\.text) == ["second"])
    }

    @Test func aVersion3DatabaseReadsAsBeforeAndStoresNewDocumentsAsSpans() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // Written by the schema as it was before "v4": blocks in full, themes and speakers indexed by key and name.
        let oldBlocks = [TextBlock(kind: .heading, text: "Old report", start: 0, end: 10),
                         TextBlock(kind: .paragraph, text: "Carbon neutrality first.", start: 12, end: 36)]
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v3 outbox lane index")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO sources (id, name, kind, location, interval_seconds, created_at)
                VALUES (1, 'a', 'page', 'https://example.org/a', 3600, '2026-01-01 00:00:00.000')
                """)
            try db.execute(sql: """
                INSERT INTO reports (id, source_id, url, first_seen_at, latest_document_id)
                VALUES (1, 1, 'https://example.org/r', '2026-01-01 00:00:00.000', 1)
                """)
            try db.execute(sql: """
                INSERT INTO documents (id, source_id, report_id, url, content_hash, format, fetched_at, byte_size, text, blocks)
                VALUES (1, 1, 1, 'https://example.org/r', 'old', 'html', '2026-01-01 00:00:00.000', 40, ?, ?)
                """, arguments: ["Old report\n\nCarbon neutrality first.",
                                 String(decoding: try JSONEncoder().encode(oldBlocks), as: UTF8.self)])
            try db.execute(sql: "INSERT INTO analyses (document_id, extractor_version, analyzed_at) VALUES (1, 1, '2026-01-01 00:00:00.000')")
            try db.execute(sql: """
                INSERT INTO themes (document_id, rank, key, label, score, occurrences, evidence)
                VALUES (1, 1, 'carbon-neutrality', 'carbon neutrality', 0.9, 1, '[{"text":"Carbon neutrality first.","start":12,"end":36}]')
                """)
        }
        try queue.close()
        #expect(throws: StoreError.self, "the CLI asks for the daemon to migrate it first") {
            try Store.openReadOnly(path: path)
        }

        let store = try Store.open(path: path)
        #expect(try store.appliedMigrations() == Store.knownMigrations)
        #expect(try store.documentBlocks(id: 1) == oldBlocks)
        #expect(try store.analysis(documentID: 1)?.themes.map(\.key) == ["carbon-neutrality"])
        let indexes = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('themes', 'speakers')")
        }
        #expect(!indexes.contains("themes_by_key") && !indexes.contains("speakers_by_name"))

        var revision = newDocument(Document(format: .html, blocks: [(.heading, "Old report"), (.paragraph, "Now digital inclusion.")]),
                                   sourceID: 1, hash: "new")
        revision.placement = .revision(of: 1)
        let stored = try store.insert(revision)
        #expect(stored.revision == 2)
        #expect(try storedColumns(store, id: stored.id).blocks == nil)
        let reader = try Store.openReadOnly(path: path)
        #expect(try reader.documentBlocks(id: 1) == oldBlocks)
        #expect(try reader.documentBlocks(id: stored.id)?.map(\.text) == ["Old report", "Now digital inclusion."])
    }

    func event(for document: DocumentRecord, source: String) -> Event {
        Event(type: .reportPublished, id: "evt_\(source)_\(document.id)", timestamp: Date(timeIntervalSince1970: 1_800_000_000),
              data: EventData(source: SourceReference(name: source, kind: .page, location: "https://example.org/\(source)")))
    }

    @Test func documentsArrivingTogetherAreEachCommittedWithTheirEventsAndAFailureStaysAlone() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let names = (0..<12).map { "s\($0)" }
        let records = try store.syncSources(names.map(source), now: Date())
        let endpoint = OutboxEndpoint(url: "http://127.0.0.1:9/hook")
        // Polls running: documents wait for each other to share a transaction.
        for _ in names { store.pollStarted() }
        defer { for _ in names { try? store.pollFinished() } }
        let reader = try Store.openReadOnly(path: path)
        // Each source's document, and for the first source the same content again, which must fail on its own.
        let inputs = names.map { ($0, $0) } + [(names[0], names[0])]
        // Each source's name with its stored document, or nil when storing failed.
        let results = await withTaskGroup(of: (String, DocumentRecord?).self) { group in
            for (name, content) in inputs {
                let sourceID = records[name]!.id
                group.addTask {
                    let new = newDocument(Document(format: .html, blocks: [(.paragraph, "report of \(content)")]),
                                          sourceID: sourceID, hash: content, url: "https://example.org/\(name)")
                    do {
                        let stored = try await store.insert(new, endpoints: [endpoint]) { [self] document in
                            [event(for: document, source: name)]
                        }
                        // Returned means committed: another connection sees it with its event.
                        #expect(try reader.documents(sourceID: sourceID).contains(stored.document))
                        #expect(stored.events.map(\.event.id) == ["evt_\(name)_\(stored.document.id)"])
                        return (name, stored.document)
                    } catch {
                        #expect(error is StoreError)
                        return (name, nil)
                    }
                }
            }
            var results: [(String, DocumentRecord?)] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(results.filter { $0.1 == nil }.map(\.0) == [names[0]], "only the repeated content fails")
        let stored = results.compactMap(\.1)
        #expect(Set(stored.map(\.id)).count == names.count)
        #expect(Set(stored.map(\.sourceID)) == Set(records.values.map(\.id)))
        let counts = try reader.counts()
        #expect(counts.documents == names.count)
        #expect(counts.reports == names.count, "the failed document left no report behind")
        #expect(counts.events == names.count)
        #expect(counts.pendingDeliveries == names.count)
    }
}
