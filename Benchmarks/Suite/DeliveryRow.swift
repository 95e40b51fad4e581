import Delivery
import Diffing
import Extraction
import Foundation
import HTTPTransport
import Logging
import Parsing
import ReportModel
import ReportWatch
import Store

/// Row 7, stored → sent: events committed to a real store with their outbox rows (as the pipeline does), delivered by
/// the daemon's `DeliveryService` and `WebhookDispatcher` (woken by the store's commit hook, signing, lanes per
/// endpoint and source) to a loopback receiver that answers 204. Each payload is the real seed → follow-up change set.
///
/// - Throughput: a burst of events over 16 sources, timed from the first commit until the outbox is empty.
/// - Latency: events committed one at a time at a steady pace below capacity; per event, the outbox row's
///   `delivered_at − created_at`, i.e. from the commit to the receiver's 204 being recorded (an upper bound on
///   stored → sent; the store keeps milliseconds).
struct DeliveryRow {
    let context: SuiteContext
    static let sources = 16

    func run() throws -> [Row] {
        let server = try BackgroundProcess(context.executable, ["serve", "--ports", "1"])
        defer { server.stop() }
        guard let port = Int(server.firstLine) else { throw BenchError("receiver did not start: '\(server.firstLine)'") }
        let changes = try seedChanges()
        let burst = context.quick ? 1_000 : 4_000
        let paced = context.quick ? 200 : 500
        let pace = 200.0  // events per second in the latency run

        var rates: [Double] = []
        var cpuPerEvent: [Double] = []
        var latencies: [Double] = []
        for run in 0...context.runs {
            let bench = try Bench(directory: context.scratch + "/delivery-\(run)", port: port, changes: changes)
            let cpuBefore = cpuNow()
            let rate = try bench.burst(events: burst)
            let cpu = (cpuNow() - cpuBefore) / Double(burst) * 1000
            let perEvent = try bench.paced(events: paced, perSecond: pace)
            bench.stop()
            if run > 0 {
                rates.append(rate)
                cpuPerEvent.append(cpu)
                latencies += perEvent
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let lanes = "\(Self.sources) sources (one lane each, at most 4 lanes per endpoint)"
        return [
            Row(id: "7", name: "Delivery, stored → delivered: burst of \(burst) events", unit: "events/s",
                ours: Stats(rates), higherIsBetter: true,
                note: "DeliveryService + WebhookDispatcher + Store (WAL) → loopback 204; \(lanes); the payload is "
                    + "the seed → follow-up change set, signed; CPU " + format(Stats(cpuPerEvent))
                    + " ms per event (commit, claim, sign, send, record), the receiver's own CPU not included"),
            Row(id: "7", name: "Delivery, stored → delivered latency p50 (\(Int(pace)) events/s)", unit: "ms",
                ours: Stats(single: percentile(0.5)), higherIsBetter: false,
                note: "outbox delivered_at − created_at over \(latencies.count) events (\(context.runs) runs of "
                    + "\(paced)); millisecond resolution"),
            Row(id: "7", name: "Delivery, stored → delivered latency p99 (\(Int(pace)) events/s)", unit: "ms",
                ours: Stats(single: percentile(0.99)), higherIsBetter: false),
        ]
    }

    private func seedChanges() throws -> ChangeSet {
        func analysis(_ name: String) throws -> Analysis {
            let path = context.root + "/seeds/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let document = try DocumentParser().parse(
                FetchedDocument(url: "file://" + path, body: Array(text.utf8), contentType: "text/plain",
                                fetchedAt: Date()))
            return Analyzer().analyze(document)
        }
        return ChangeSetBuilder().changes(
            from: try analysis("tencent-ssv-2022-08-24.txt"),
            to: try analysis("tencent-ssv-2022-11-30-synthetic-follow-up.txt"))
    }
}

/// One store and one running delivery service, for one measured run.
private final class Bench: @unchecked Sendable {
    let store: Store
    let endpoints: [OutboxEndpoint]
    let sourceIDs: [(id: Int64, reference: SourceReference)]
    let changes: ChangeSet
    let service: Task<Void, any Error>
    private var serial = 0

    init(directory: String, port: Int, changes: ChangeSet) throws {
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try Store.open(path: directory + "/reportwatch.sqlite")
        let configs = (0..<DeliveryRow.sources).map {
            SourceConfig(name: "source-\($0)", kind: .page, url: "https://example.com/\($0)", interval: .seconds(3600))
        }
        let records = try store.syncSources(configs, now: Date())
        sourceIDs = configs.map { config in
            (records[config.name]!.id, SourceReference(name: config.name, kind: config.kind, location: config.location))
        }
        let webhook = WebhookConfig(
            url: "http://127.0.0.1:\(port)/hook", secrets: [WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")])
        endpoints = [OutboxEndpoint(webhook)]
        self.changes = changes
        var logger = Logger(label: "bench.delivery")
        logger.logLevel = .error
        let wakeup = Wakeup()
        store.observeOutboxInserts { wakeup.wake() }
        let dispatcher = WebhookDispatcher(
            store: store, client: CurlHTTPClient(maxConcurrent: 64, proxy: .direct), webhooks: { [webhook] }, logger: logger)
        let delivery = DeliveryService(dispatcher: dispatcher, clock: ContinuousClock(), wakeup: wakeup, logger: logger)
        service = Task { try await delivery.run() }
    }

    func stop() {
        service.cancel()
        let stopped = DispatchSemaphore(value: 0)
        Task { [service] in
            _ = await service.result
            stopped.signal()
        }
        stopped.wait()
    }

    private func event(source index: Int) -> (Event, Int64) {
        serial += 1
        let now = Date()
        let source = sourceIDs[index % sourceIDs.count]
        let report = ReportReference(id: Int64(serial), title: "Quarterly report \(serial)",
                                     url: "https://example.com/report/\(serial)", period: "2026-Q3", published: nil,
                                     revision: 1)
        return (Event(type: .reportPublished, id: Event.makeID(at: now), timestamp: now,
                      data: EventData(source: source.reference, report: report, changes: changes)), source.id)
    }

    /// Commits `events` (one transaction per source per round, as passes of many sources would), returns events/s
    /// from the first commit until nothing is pending.
    func burst(events: Int) throws -> Double {
        let start = now()
        var committed = 0
        while committed < events {
            for index in 0..<sourceIDs.count where committed < events {
                let (event, sourceID) = event(source: index)
                try store.append([event], sourceID: sourceID, endpoints: endpoints)
                committed += 1
            }
        }
        try waitUntilDelivered(timeout: 120)
        return Double(events) / (now() - start)
    }

    /// Commits one event every 1/`perSecond` s, waits for the outbox to empty, returns each delivered − created (ms).
    func paced(events: Int, perSecond: Double) throws -> [Double] {
        let since = Date()
        let interval = 1 / perSecond
        let start = now()
        for number in 0..<events {
            let due = start + Double(number) * interval
            let wait = due - now()
            if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
            let (event, sourceID) = event(source: number)
            try store.append([event], sourceID: sourceID, endpoints: endpoints)
        }
        try waitUntilDelivered(timeout: 60)
        let delivered = try store.deliveries(status: .delivered, since: since)
        guard delivered.count == events else { throw BenchError("\(events - delivered.count) events not delivered") }
        return delivered.compactMap { record in
            record.deliveredAt.map { $0.timeIntervalSince(record.createdAt) * 1000 }
        }
    }

    private func waitUntilDelivered(timeout: Double) throws {
        let deadline = now() + timeout
        while try store.counts().pendingDeliveries > 0 {
            guard now() < deadline else { throw BenchError("deliveries still pending after \(Int(timeout)) s") }
            usleep(5_000)
        }
    }
}
