import Foundation
import HTTPTransport

/// Row 7's diagnostic: the HTTP path of webhook delivery alone, POSTs of a Standard-Webhooks-sized JSON event through
/// the daemon's `CurlHTTPClient` to a loopback receiver that answers 204 (no store, no signing). Next to `DeliveryRow`
/// it shows what the outbox and the store add.
struct DeliveryBenchmark {
    let context: SuiteContext

    func run() throws -> [Row] {
        let server = try BackgroundProcess(context.executable, ["serve", "--ports", "1"])
        defer { server.stop() }
        guard let port = Int(server.firstLine) else { throw BenchError("receiver did not start: '\(server.firstLine)'") }
        let events = context.quick ? 2_000 : 10_000
        let inFlight = 16
        let client: any HTTPClient = CurlHTTPClient(maxConcurrent: inFlight, proxy: .direct)
        let body = Array(
            ("{\"type\":\"report.published\",\"timestamp\":\"2026-11-29T07:00:00Z\",\"data\":{\"source\":\"s1\","
                + "\"report\":{\"id\":1,\"url\":\"https://example.com/q3\",\"period\":\"2026-Q3\"},\"themes\":["
                + String(repeating: "{\"label\":\"social innovation\",\"score\":0.81,\"change\":\"entered\"},", count: 8)
                + "{}]}}").utf8)
        let request = HTTPRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/hook",
            headers: ["Content-Type": "application/json", "webhook-id": "msg_1", "webhook-timestamp": "1796000000",
                      "webhook-signature": "v1,\(String(repeating: "A", count: 44))"],
            body: body, followRedirects: false)

        var rates: [Double] = []
        var latencies: [Double] = []
        for run in 0...context.runs {
            let (seconds, perSend) = try blockingRun(client: client, request: request, events: events, inFlight: inFlight)
            if run > 0 {
                rates.append(Double(events) / seconds)
                latencies += perSend
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        return [
            Row(id: "7", name: "  diagnostic: HTTP path alone, POST → 204, \(inFlight) in flight", unit: "events/s",
                ours: Stats(rates), higherIsBetter: true, note: "CurlHTTPClient only: no store, no signing"),
            Row(id: "7", name: "  diagnostic: HTTP path alone, send latency p50", unit: "ms",
                ours: Stats(single: percentile(0.5)), higherIsBetter: false),
            Row(id: "7", name: "  diagnostic: HTTP path alone, send latency p99", unit: "ms",
                ours: Stats(single: percentile(0.99)), higherIsBetter: false),
        ]
    }

    /// Sends `events` POSTs with `inFlight` at a time; returns the wall seconds and each send's latency in ms.
    private func blockingRun(client: any HTTPClient, request: HTTPRequest, events: Int, inFlight: Int) throws -> (
        Double, [Double]
    ) {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            let start = now()
            let latencies = await withTaskGroup(of: Double?.self) { group in
                var next = 0
                var latencies: [Double] = []
                func add() {
                    group.addTask {
                        let begin = now()
                        guard let response = try? await client.send(request), response.status == 204 else { return nil }
                        return (now() - begin) * 1000
                    }
                    next += 1
                }
                while next < min(inFlight, events) { add() }
                while let latency = await group.next() {
                    if let latency { latencies.append(latency) }
                    if next < events { add() }
                }
                return latencies
            }
            outcome.set(seconds: now() - start, latencies: latencies)
            done.signal()
        }
        done.wait()
        let (seconds, latencies) = outcome.get()
        guard latencies.count == events else { throw BenchError("\(events - latencies.count) POSTs failed") }
        return (seconds, latencies)
    }
}

private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0.0
    private var latencies: [Double] = []

    func set(seconds: Double, latencies: [Double]) {
        lock.lock()
        self.seconds = seconds
        self.latencies = latencies
        lock.unlock()
    }

    func get() -> (Double, [Double]) {
        lock.lock()
        defer { lock.unlock() }
        return (seconds, latencies)
    }
}
