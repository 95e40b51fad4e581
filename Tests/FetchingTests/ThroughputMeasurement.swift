import Fetching
import Foundation
import HTTPTransport
import ReportModel
import ReportWatchTesting
import Testing

/// A measurement, not a check: run by hand with `REPORTWATCH_MEASURE=1` (in release mode for real figures). Polls
/// 10,000 page sources whose servers answer 304, and prints sources per second and the process's peak RSS.
@Suite struct ThroughputMeasurement {
    static let enabled = ProcessInfo.processInfo.environment["REPORTWATCH_MEASURE"] == "1"

    @Test(.enabled(if: ThroughputMeasurement.enabled))
    func unchangedSourcesPerSecond() async throws {
        let environment = ProcessInfo.processInfo.environment
        let sourceCount = environment["REPORTWATCH_MEASURE_SOURCES"].flatMap(Int.init) ?? 10_000
        let hostCount = environment["REPORTWATCH_MEASURE_HOSTS"].flatMap(Int.init) ?? 16
        let inFlight = environment["REPORTWATCH_MEASURE_IN_FLIGHT"].flatMap(Int.init) ?? 64
        let servers = try (0..<hostCount).map { _ in try TestHTTPServer(recordRequests: false) }
        var sources: [SourceConfig] = []
        var states: [SourceState] = []
        for index in 0..<sourceCount {
            let server = servers[index % hostCount]
            let path = "/report/\(index)"
            server.serveDocument(path, text: "report \(index)", etag: "\"e\(index)\"")
            let url = server.url(path)
            sources.append(SourceConfig(name: "source-\(index)", kind: .page, url: url, interval: .seconds(3600)))
            states.append(SourceState(validators: [url: Validators(etag: "\"e\(index)\"")], polledBefore: true))
        }
        let rssBeforeClient = Self.statusKilobytes("VmRSS:")
        let client = CurlHTTPClient(maxConcurrent: inFlight, proxy: .direct)
        let fetcher = SourceFetcher(client: client, settings: FetchSettings(retries: 0))
        // Warm-up: open the keep-alive connections.
        for index in 0..<min(hostCount * 2, sourceCount) {
            _ = try await fetcher.poll(sources[index], state: states[index])
        }
        let started = ContinuousClock.now
        let notModified = try await withThrowingTaskGroup(of: Bool.self) { group in
            var next = 0
            var count = 0
            func add() {
                let source = sources[next], state = states[next]
                group.addTask { try await fetcher.poll(source, state: state).notModified }
                next += 1
            }
            while next < min(inFlight, sourceCount) { add() }
            while let result = try await group.next() {
                if result { count += 1 }
                if next < sourceCount { add() }
            }
            return count
        }
        let elapsed = ContinuousClock.now - started
        let perSecond = Double(sourceCount) / elapsed.timeInterval
        print("""
            MEASURE unchanged sources: \(sourceCount) on \(hostCount) hosts, \(inFlight) in flight: \
            \(Int(elapsed.timeInterval * 1000)) ms, \(Int(perSecond)) sources/s, 304s: \(notModified), \
            peak RSS \(Self.statusKilobytes("VmHWM:") / 1024) MB (test servers and sources included), \
            RSS before the client \(rssBeforeClient / 1024) MB
            """)
        #expect(notModified == sourceCount)
        for server in servers { server.stop() }
    }

    static func statusKilobytes(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix(field) } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
