import Foundation
import GRDB
import ReportModel
import ReportWatchTesting
import Testing

@testable import Store

/// Delivery lanes (endpoint × source) are read from the index of undelivered rows, and a database written before
/// that index existed gains it with every lane intact.
@Suite struct OutboxLaneTests {
    let directory: URL
    var path: String { directory.appendingPathComponent("rw.sqlite").path }

    init() throws {
        directory = try Fixtures.temporaryDirectory("outbox-lanes")
    }

    func event(_ number: Int, source: String) -> Event {
        Event(type: .reportPublished, id: "evt_\(source)_\(number)", timestamp: Date(timeIntervalSince1970: 1_800_000_000),
              data: EventData(source: SourceReference(name: source, kind: .page, location: "https://example.org/\(source)")))
    }

    @Test func aVersion2DatabaseGainsTheLaneColumnWithEveryRowInItsLane() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // Written by the schema as it was before "v3": rows carry their source only through their event.
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v2 delivery lanes")
        try queue.write { db in
            for (id, name) in [(1, "a"), (2, "b")] {
                try db.execute(sql: """
                    INSERT INTO sources (id, name, kind, location, interval_seconds, created_at)
                    VALUES (?, ?, 'page', ?, 3600, '2026-01-01 00:00:00.000')
                    """, arguments: [id, name, "https://example.org/\(name)"])
            }
            try db.execute(sql: "INSERT INTO endpoints (id, url, created_at) VALUES (1, 'http://127.0.0.1:9/hook', '2026-01-01 00:00:00.000')")
            for (sequence, source) in [(1, 1), (2, 2), (3, 1), (4, nil)] as [(Int, Int?)] {
                try db.execute(sql: """
                    INSERT INTO events (sequence, id, type, source_id, created_at, schema_version, payload)
                    VALUES (?, ?, 'report.published', ?, '2026-01-01 00:00:00.000', 1, '{}')
                    """, arguments: [sequence, "evt_\(sequence)", source])
                try db.execute(sql: """
                    INSERT INTO outbox (event_sequence, endpoint_id, status, next_attempt_at, created_at)
                    VALUES (?, 1, 'pending', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')
                    """, arguments: [sequence])
            }
        }
        try queue.close()

        let store = try Store.open(path: path)
        #expect(try store.appliedMigrations() == Store.knownMigrations)
        let heads = try store.laneHeads().sorted { ($0.lane.sourceID ?? 0) < ($1.lane.sourceID ?? 0) }
        #expect(heads.map(\.lane.sourceID) == [nil, 1, 2])
        #expect(try store.laneItems(DeliveryLane(endpointID: 1, sourceID: 1), limit: 10).map(\.eventID) == ["evt_1", "evt_3"])
        #expect(try store.laneItems(DeliveryLane(endpointID: 1, sourceID: nil), limit: 10).map(\.eventID) == ["evt_4"])
    }

    @Test func lanesAreReadFromTheIndexOfUndeliveredRows() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: path)
        let records = try store.syncSources(
            ["a", "b"].map { SourceConfig(name: $0, kind: .page, url: "https://example.org/\($0)", interval: .seconds(3600)) },
            now: Date())
        let endpoint = OutboxEndpoint(url: "http://127.0.0.1:9/hook")
        for number in 0..<3 {
            for name in ["a", "b"] {
                try store.append([event(number, source: name)], sourceID: records[name]?.id, endpoints: [endpoint])
            }
        }
        let sourceA = try #require(records["a"]?.id)
        // The plans name the partial index: no read scans the outbox or joins every row with its event.
        let heads = try store.laneHeads()
        #expect(heads.count == 2)
        let lane = try #require(heads.first { $0.lane.sourceID == sourceA }?.lane)
        #expect(try store.laneItems(lane, limit: 2).map(\.eventID) == ["evt_a_0", "evt_a_1"])

        let plans = try store.read { db in
            try [
                (Store.laneHeadsSQL, StatementArguments()),
                (Store.laneItemsSQL(sourceIsNull: false), [1, sourceA, 32] as StatementArguments),
                (Store.laneItemsSQL(sourceIsNull: true), [1, 32] as StatementArguments),
            ].map { sql, arguments in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { "\($0["detail"] as String? ?? "")" }
            }
        }
        for plan in plans {
            #expect(plan.joined().contains("outbox_undelivered_lanes"), "\(plan)")
        }
    }
}
