import Foundation
import GRDB

/// The running daemon's last word about itself.
public struct Heartbeat: Sendable, Hashable {
    public var pid: Int32
    public var version: String
    public var startedAt: Date
    public var lastLoopAt: Date
    public var counters: [String: Int]

    public init(pid: Int32, version: String, startedAt: Date, lastLoopAt: Date, counters: [String: Int]) {
        self.pid = pid
        self.version = version
        self.startedAt = startedAt
        self.lastLoopAt = lastLoopAt
        self.counters = counters
    }
}

extension Store {
    public func writeHeartbeat(_ heartbeat: Heartbeat) throws(StoreError) {
        let counters = String(decoding: (try? JSONEncoder.sorted.encode(heartbeat.counters)) ?? Data("{}".utf8),
                              as: UTF8.self)
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO daemon_heartbeat (id, pid, version, started_at, last_loop_at, counters)
                    VALUES (1, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, version = excluded.version,
                        started_at = excluded.started_at, last_loop_at = excluded.last_loop_at,
                        counters = excluded.counters
                    """,
                arguments: [heartbeat.pid, heartbeat.version, StoreDate.value(heartbeat.startedAt),
                            StoreDate.value(heartbeat.lastLoopAt), counters])
        }
    }

    public func heartbeat() throws(StoreError) -> Heartbeat? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM daemon_heartbeat WHERE id = 1") else { return nil }
            let counters = (try? JSONDecoder().decode([String: Int].self, from: Data((row["counters"] as String).utf8)))
            return Heartbeat(pid: row["pid"], version: row["version"], startedAt: row.requiredDate("started_at"),
                             lastLoopAt: row.requiredDate("last_loop_at"), counters: counters ?? [:])
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
