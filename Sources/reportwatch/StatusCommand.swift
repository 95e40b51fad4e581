import ArgumentParser
import Foundation
import ReportModel
import Store

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Whether a daemon is running on the database, and how it is doing.")

    @OptionGroup var options: GlobalOptions

    struct Output: Encodable {
        var running: Bool
        var pid: Int32?
        var version: String?
        var startedAt: Date?
        var lastLoopAt: Date?
        var counters: [String: Int]
        var sources: Int
        var failingSources: Int
        var reports: Int
        var documents: Int
        var events: Int
        var pendingDeliveries: Int

        enum CodingKeys: String, CodingKey {
            case running, pid, version, counters, sources, reports, documents, events
            case startedAt = "started_at", lastLoopAt = "last_loop_at", failingSources = "failing_sources"
            case pendingDeliveries = "pending_deliveries"
        }
    }

    /// A heartbeat older than this means the loop is not running, whatever the pid says.
    static let staleAfter: TimeInterval = 180

    func run() async throws {
        let store = try options.openStore()
        let (heartbeat, counts, sources) = try options.query { () throws(StoreError) in
            (try store.heartbeat(), try store.counts(), try store.sources())
        }
        let alive = heartbeat.map { kill($0.pid, 0) == 0 || errno == EPERM } ?? false
        let fresh = heartbeat.map { Date().timeIntervalSince($0.lastLoopAt) < Self.staleAfter } ?? false
        let output = Output(
            running: alive && fresh, pid: heartbeat?.pid, version: heartbeat?.version, startedAt: heartbeat?.startedAt,
            lastLoopAt: heartbeat?.lastLoopAt, counters: heartbeat?.counters ?? [:], sources: counts.sources,
            failingSources: sources.filter { $0.consecutiveFailures > 0 }.count, reports: counts.reports,
            documents: counts.documents, events: counts.events, pendingDeliveries: counts.pendingDeliveries)
        if options.json { return try printJSON(output) }
        if let heartbeat {
            let state = output.running ? Terminal.green("running") : Terminal.red("not running")
            print("reportwatchd \(state) (pid \(heartbeat.pid), version \(heartbeat.version))")
            print("  started    \(TextTable.when(heartbeat.startedAt))")
            print("  last loop  \(TextTable.when(heartbeat.lastLoopAt))")
            let counters = heartbeat.counters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            if !counters.isEmpty { print("  counters   \(counters.joined(separator: " "))") }
        } else {
            print("reportwatchd has not run on \(store.path)")
        }
        print("  \(output.sources) sources (\(output.failingSources) failing), \(output.reports) reports, "
            + "\(output.documents) documents, \(output.events) events, \(output.pendingDeliveries) deliveries pending")
    }
}
