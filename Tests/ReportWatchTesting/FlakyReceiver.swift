import Foundation
import Synchronization

/// A webhook receiver on a `TestHTTPServer` path that is sometimes slow and sometimes failing, on a seeded plan so a
/// failing run repeats with the same seed. Each webhook id fails at most `maxFailuresPerID` times, so every event can
/// get through with a long enough retry schedule. It records what it accepted, per id.
public final class FlakyReceiver: Sendable {
    public struct Plan: Sendable {
        /// Share of answers that are failures (500, 503 with Retry-After: 1, or a dropped connection).
        public var failing: Double = 0.25
        /// Share of answers that wait `slowDelay` before a 204.
        public var slow: Double = 0.2
        public var slowDelay: ClosedRange<Double> = 0.2...0.8
        public var maxFailuresPerID = 2

        public init() {}
    }

    private struct State {
        var generator: SplitMix64
        var failures: [String: Int] = [:]
        /// Bodies answered with 2xx, per webhook id.
        var accepted: [String: [[UInt8]]] = [:]
        /// Every body seen, per webhook id (accepted or not).
        var bodies: [String: [[UInt8]]] = [:]
    }

    private let state: Mutex<State>
    private let plan: Plan
    public let seed: UInt64

    public init(server: TestHTTPServer, path: String, plan: Plan = Plan(),
                seed: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        self.seed = seed
        self.plan = plan
        state = Mutex(State(generator: SplitMix64(seed: seed)))
        server.handle(path) { [self] request in answer(request) }
    }

    private func answer(_ request: TestHTTPServer.Request) -> TestHTTPServer.Response {
        let id = request.header("webhook-id") ?? ""
        return state.withLock { state -> TestHTTPServer.Response in
            state.bodies[id, default: []].append(request.body)
            let roll = state.generator.nextUnit()
            if roll < plan.failing, state.failures[id, default: 0] < plan.maxFailuresPerID {
                state.failures[id, default: 0] += 1
                switch state.generator.next() % 3 {
                case 0: return .status(500, "flaky")
                case 1: return .retryAfter(1)
                default: return .closeWithoutAnswer()
                }
            }
            state.accepted[id, default: []].append(request.body)
            var answer = TestHTTPServer.Response(status: 204)
            if roll < plan.failing + plan.slow {
                let seconds = plan.slowDelay.lowerBound
                    + (plan.slowDelay.upperBound - plan.slowDelay.lowerBound) * state.generator.nextUnit()
                answer = answer.delayed(by: .milliseconds(Int(seconds * 1000)))
            }
            return answer
        }
    }

    /// The webhook ids answered with 2xx at least once.
    public var acceptedIDs: Set<String> { state.withLock { Set($0.accepted.keys) } }

    /// Ids that came with more than one distinct body: a repeat must be a retry of the same event, byte for byte.
    public var idsWithDifferingBodies: [String] {
        state.withLock { state in state.bodies.filter { Set($0.value).count > 1 }.map(\.key).sorted() }
    }

    /// How many requests came in, and how many of them were answered with a failure.
    public var requestCount: Int { state.withLock { $0.bodies.values.reduce(0) { $0 + $1.count } } }
    public var failuresServed: Int { state.withLock { $0.failures.values.reduce(0, +) } }
}
