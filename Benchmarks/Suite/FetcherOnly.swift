import Fetching
import Foundation
import HTTPTransport
import ReportModel

/// A diagnostic beside row 1: the same all-304 cycle through `SourceFetcher.poll` alone, in this process (no daemon
/// start-up, no store, no parsing), to show how much of the daemon's cycle the HTTP path itself costs.
struct FetcherOnly {
    let urls: [String]
    let runs: Int

    func run() throws -> (wall: Stats, cpu: Stats) {
        let sources = urls.enumerated().map {
            SourceConfig(name: "s\($0.offset)", kind: .page, url: $0.element, interval: .seconds(86_400))
        }
        let inFlight = PollRow.concurrency
        let fetcher = SourceFetcher(
            client: CurlHTTPClient(maxConcurrent: inFlight * 2, proxy: .direct),
            settings: FetchSettings(perHostConcurrency: 2, retries: 0))
        // The first pass learns every page's validators.
        let empty = Array(repeating: SourceState(), count: sources.count)
        var states = try blocking { try await Self.cycle(fetcher, sources, empty, inFlight) }.states
        var walls: [Double] = []
        var cpus: [Double] = []
        for run in 0...runs {
            let wall = now()
            let cpu = cpuNow()
            let current = states
            let next = try blocking { try await Self.cycle(fetcher, sources, current, inFlight) }
            if run > 0 {
                walls.append(now() - wall)
                cpus.append(cpuNow() - cpu)
            }
            guard next.notModified == sources.count else {
                throw BenchError("fetcher-only cycle: \(next.notModified) of \(sources.count) were 304")
            }
            states = next.states
        }
        let n = Double(sources.count)
        return (Stats(walls.map { n / $0 }), Stats(cpus))
    }

    struct Cycle: Sendable {
        var states: [SourceState]
        var notModified: Int
    }

    static func cycle(
        _ fetcher: SourceFetcher, _ sources: [SourceConfig], _ states: [SourceState], _ inFlight: Int
    ) async throws -> Cycle {
        var result = states
        var notModified = 0
        try await withThrowingTaskGroup(of: (Int, PollResult).self) { group in
            var next = 0
            func add() {
                let index = next
                let source = sources[index]
                let state = states[index]
                group.addTask { (index, try await fetcher.poll(source, state: state)) }
                next += 1
            }
            while next < min(inFlight, sources.count) { add() }
            while let (index, poll) = try await group.next() {
                result[index] = poll.state
                if poll.notModified { notModified += 1 }
                if next < sources.count { add() }
            }
        }
        return Cycle(states: result, notModified: notModified)
    }
}

/// Runs async work to completion from the synchronous harness.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
        done.signal()
    }
    done.wait()
    return try box.get()
}

final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) {
        lock.lock()
        result = value
        lock.unlock()
    }

    func get() throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try result!.get()
    }
}
