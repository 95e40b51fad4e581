import Foundation
import GRDB
import ReportModel
import ReportWatchTesting
import Testing

@testable import Store

@Suite struct StoreTests {
    let directory: URL
    var path: String { directory.appendingPathComponent("rw.sqlite").path }

    init() throws {
        directory = try Fixtures.temporaryDirectory("store")
    }

    func source(_ name: String, kind: SourceKind = .directory) -> SourceConfig {
        SourceConfig(name: name, kind: kind, path: "/data/\(name)", interval: .seconds(3600))
    }

    func newDocument(sourceID: Int64, text: String, url: String = "file:///data/a.txt",
                     placement: ReportPlacement = .newReport, analysis: Analysis? = nil) -> NewDocument {
        let document = Document(title: "Title", format: .text, blocks: [(.heading, "Title"), (.paragraph, text)])
        return NewDocument(
            sourceID: sourceID,
            fetched: FetchedDocument(url: url, body: Array(text.utf8), fetchedAt: Date(timeIntervalSince1970: 1_700_000_000)),
            document: document, contentHash: "hash-\(text)", placement: placement, analysis: analysis)
    }

    @Test func migratesFromEmptyWithMode0600() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        #expect(try store.appliedMigrations() == Store.knownMigrations)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // Reopening is a no-op migration.
        #expect(try Store.open(path: path).appliedMigrations() == Store.knownMigrations)
        let tables = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["sources", "source_urls", "seen_items", "reports", "documents", "analyses", "themes", "speakers",
                      "events", "endpoints", "outbox", "delivery_attempts", "daemon_heartbeat"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let journal = try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func sourcesSyncWithConfigurationAndKeepHistory() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try store.syncSources([source("a"), source("b")], now: now)
        #expect(Set(first.keys) == ["a", "b"])
        #expect(first["a"]?.nextCheckAt == now)
        try store.insert(newDocument(sourceID: first["b"]!.id, text: "kept"))
        let second = try store.syncSources([source("a")], now: now.addingTimeInterval(60))
        #expect(Set(second.keys) == ["a"])
        #expect(try store.sources(includeRemoved: true).map(\.name) == ["a", "b"])
        #expect(try store.documents().count == 1, "removing a source from the config keeps its history")
        let back = try store.syncSources([source("a"), source("b")], now: now.addingTimeInterval(120))
        #expect(back["b"]?.id == first["b"]?.id)
        #expect(try store.syncSources([], now: now).isEmpty)
    }

    @Test func documentsAndAnalysesRoundTrip() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let sourceID = try #require(try store.syncSources([source("a")], now: Date())["a"]).id
        let analysis = Analysis(
            speakers: [Speaker(name: "Jane Doe", aliases: ["Doe"], title: "CFO", organization: "Acme", mentions: 2,
                               evidence: [Evidence(text: "Jane Doe said.", start: 7, end: 21)])],
            themes: [Theme(key: "common-prosperity", label: "common prosperity", score: 0.8, occurrences: 3,
                           evidence: [Evidence(text: "Common prosperity.", start: 0, end: 18)])],
            period: ReportPeriod(kind: .quarter, year: 2022, index: 3), extractorVersion: 1)
        let stored = try store.insert(newDocument(sourceID: sourceID, text: "body one", analysis: analysis))
        #expect(stored.revision == 1)
        #expect(stored.period == "2022Q3")
        #expect(stored.title == "Title")
        #expect(try store.documentText(id: stored.id) == "Title\n\nbody one")
        #expect(try store.analysis(documentID: stored.id) == analysis)
        #expect(try store.containsDocument(sourceID: sourceID, contentHash: "hash-body one"))
        #expect(try !store.containsDocument(sourceID: sourceID, contentHash: "hash-other"))

        let reportID = try #require(stored.reportID)
        let revised = try store.insert(newDocument(sourceID: sourceID, text: "body two", placement: .revision(of: reportID)))
        #expect(revised.reportID == reportID)
        #expect(revised.revision == 2)
        let known = try store.knownReports(sourceID: sourceID)
        #expect(known.count == 1)
        #expect(known[0].latestDocumentID == revised.id)
        #expect(try store.knownReports(sourceID: sourceID, unlessHolding: "hash-other") == known)
        #expect(try store.knownReports(sourceID: sourceID, unlessHolding: "hash-body two") == nil)
        #expect(try store.counts() == StoreCounts(sources: 1, reports: 1, documents: 2, events: 0, pendingDeliveries: 0))
    }

    /// `insert` builds the record it returns instead of reading it back: it must be what a read gives.
    @Test func insertReturnsTheRecordAsRead() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let sourceID = try #require(try store.syncSources([source("a")], now: Date())["a"]).id
        var first = newDocument(sourceID: sourceID, text: "body one")
        first.fetched.fetchedAt = Date(timeIntervalSince1970: 1_700_000_000.123_456_7)
        first.fetched.itemID = "item-1"
        first.document.published = Date(timeIntervalSince1970: 1_699_000_000.999_9)
        first.document.language = "zh"
        first.document.title = "腾讯 “Q3” \u{0}"
        first.analysis = Analysis(speakers: [], themes: [], period: ReportPeriod(kind: .half, year: 2023, index: 1),
                                  extractorVersion: 1)
        let stored = try store.insert(first)
        var second = newDocument(sourceID: sourceID, text: "body two", placement: .revision(of: try #require(stored.reportID)))
        second.fetched.fetchedAt = Date(timeIntervalSince1970: 1_700_000_100.000_4)
        let revised = try store.insert(second)
        let read = try store.documents(sourceID: sourceID)
        #expect(read == [stored, revised], "\(read) vs \([stored, revised])")
        #expect(stored.publishedAt != nil && stored.period == "2023H1" && revised.revision == 2)
    }

    @Test func sameContentTwiceInOneSourceIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let sourceID = try #require(try store.syncSources([source("a")], now: Date())["a"]).id
        try store.insert(newDocument(sourceID: sourceID, text: "same"))
        #expect(throws: StoreError.self) { try store.insert(newDocument(sourceID: sourceID, text: "same")) }
        #expect(try store.documents().count == 1)
        #expect(try store.knownReports(sourceID: sourceID).count == 1, "the failed insert left no orphan report")
    }

    @Test func fetchStateAndPollResultsPersist() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let sourceID = try #require(try store.syncSources([source("a")], now: Date())["a"]).id
        #expect(try store.fetchState(sourceID: sourceID) == SourceState())
        let checked = Date(timeIntervalSince1970: 1_700_000_000)
        var state = SourceState(
            validators: ["https://a.test/": Validators(etag: "\"v1\"", lastModified: "Tue, 01 Oct 2024 10:00:00 GMT")],
            seenItems: ["guid-1", "guid-2"], polledBefore: true)
        var record = try store.recordPoll(sourceID: sourceID, PollRecord(
            outcome: .ok, checkedAt: checked, nextCheckAt: checked.addingTimeInterval(3600), state: state))
        #expect(record.lastResult == .ok)
        #expect(record.polledBefore)
        #expect(try store.fetchState(sourceID: sourceID) == state)

        state.validators = ["https://a.test/other": Validators(etag: "\"v2\"")]
        state.seenItems.insert("guid-3")
        try store.recordPoll(sourceID: sourceID, PollRecord(
            outcome: .unchanged, checkedAt: checked, nextCheckAt: checked, state: state))
        #expect(try store.fetchState(sourceID: sourceID) == state)

        for failure in 1...3 {
            record = try store.recordPoll(sourceID: sourceID, PollRecord(
                outcome: .failed, checkedAt: checked, nextCheckAt: checked, state: nil, error: "HTTP 503"))
            #expect(record.consecutiveFailures == failure)
        }
        #expect(record.lastError == "HTTP 503")
        #expect(try store.fetchState(sourceID: sourceID) == state, "a failed poll keeps the last good state")
        record = try store.recordPoll(sourceID: sourceID, PollRecord(
            outcome: .unchanged, checkedAt: checked, nextCheckAt: checked, state: nil))
        #expect(record.consecutiveFailures == 0)
        #expect(record.lastError == nil)
    }

    @Test func readersSeeCommittedDataWhileTheWriterWrites() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let sourceID = try #require(try store.syncSources([source("a")], now: Date())["a"]).id
        try store.insert(newDocument(sourceID: sourceID, text: "seed"))
        let reader = try Store.openReadOnly(path: path)
        let writes = 200
        try await withThrowingTaskGroup(of: [Int].self) { group in
            group.addTask {
                for index in 0..<writes {
                    try store.insert(newDocument(sourceID: sourceID, text: "doc \(index)", url: "file:///d/\(index)"))
                }
                return []
            }
            group.addTask {
                var seen: [Int] = []
                for _ in 0..<writes {
                    seen.append(try reader.counts().documents)
                }
                return seen
            }
            var observed: [Int] = []
            for try await counts in group { observed += counts }
            // Each read saw a consistent count between the first and the last, never going backwards.
            #expect(observed.allSatisfy { (1...(writes + 1)).contains($0) })
            #expect(observed == observed.sorted())
        }
        #expect(try reader.counts().documents == writes + 1)
        #expect(throws: StoreError.self) { try reader.syncSources([source("x")], now: Date()) }
    }

    @Test func aDatabaseFromANewerVersionIsRefusedAndUntouched() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let store = try Store.open(path: path)
            try store.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99 from the future')")
            }
        }
        func snapshot() throws -> [String] {
            let queue = try DatabaseQueue(path: path)
            return try queue.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                    + [String(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0)]
            }
        }
        let before = try snapshot()
        #expect {
            _ = try Store.open(path: path)
        } throws: { error in
            (error as? StoreError)?.kind == .newerSchema && "\(error)".contains(path)
        }
        #expect { _ = try Store.openReadOnly(path: path) } throws: { ($0 as? StoreError)?.kind == .newerSchema }
        #expect(try snapshot() == before)
        #expect(before.contains("v99 from the future"))
    }

    @Test func unreadableLocationsAreNamed() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let blocker = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        #expect {
            _ = try Store.open(path: blocker.appendingPathComponent("db.sqlite").path)
        } throws: { error in
            (error as? StoreError)?.kind == .cannotOpen && "\(error)".contains(blocker.path)
        }
        #expect { _ = try Store.openReadOnly(path: directory.appendingPathComponent("none.sqlite").path) } throws: {
            ($0 as? StoreError)?.kind == .missing
        }
    }

    @Test func garbageIsNotADatabase() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect { _ = try Store.open(path: path) } throws: { error in
            guard let error = error as? StoreError, case .sqlite(let code) = error.kind else { return false }
            return code == 26 && "\(error)".contains("SQLite error 26")
        }
    }
}
