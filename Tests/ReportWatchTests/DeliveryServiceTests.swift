import Delivery
import Foundation
import HTTPTransport
import Logging
import ReportModel
import ReportWatchTesting
import ServiceLifecycle
import Store
import Testing

@testable import ReportWatch

@Suite struct DeliveryServiceTests {
    struct Setup {
        let directory: URL
        let store: Store
        let server: TestHTTPServer
        let clock = ManualClock()
        let start = Date()
        let wakeup = Wakeup()
        let webhook: WebhookConfig
        let other: WebhookConfig

        init(retry: [Duration] = WebhookConfig.defaultRetrySchedule) throws {
            directory = try Fixtures.temporaryDirectory("delivery-service")
            store = try Store.open(path: directory.appendingPathComponent("rw.sqlite").path)
            server = try TestHTTPServer()
            webhook = WebhookConfig(url: server.url("/hook"), retry: retry)
            other = WebhookConfig(url: server.url("/other"), retry: retry)
        }

        func service(endpoints: Int = 1, maximumSleep: Duration = .seconds(3600)) -> DeliveryService<ManualClock> {
            let clock = clock
            let start = start
            let now: @Sendable () -> Date = { start.addingTimeInterval(clock.now.offset.timeInterval) }
            let webhooks = Array([webhook, other].prefix(endpoints))
            store.observeOutboxInserts { [wakeup] in wakeup.wake() }
            let dispatcher = WebhookDispatcher(
                store: store, client: CurlHTTPClient(), webhooks: { webhooks }, now: now, jitter: { $0 },
                logger: Logger(label: "test"))
            // A sleep this long never ends in a test: only the store's wake-up can start a delivery.
            return DeliveryService(dispatcher: dispatcher, clock: clock, now: now, wakeup: wakeup,
                                   maximumSleep: maximumSleep, logger: Logger(label: "test"))
        }

        func storeEvent(endpoints: Int = 1) throws -> Event {
            let event = Event(type: .sourceFailing, id: Event.makeID(), timestamp: start,
                              data: EventData(source: SourceReference(name: "s", kind: .feed, location: "https://x/")))
            try store.append([event], sourceID: nil, endpoints: [webhook, other].prefix(endpoints).map(OutboxEndpoint.init))
            return event
        }

        func cleanUp() {
            server.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    func running(_ service: DeliveryService<ManualClock>) -> (ServiceGroup, Task<Void, any Error>) {
        let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "test")))
        return (group, Task { try await group.run() })
    }

    @Test func storingAnEventWakesTheServiceWithoutWaitingForItsTimer() async throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        setup.server.script("/hook", [.status(200)])
        let (group, task) = running(setup.service())
        await setup.clock.waitForSleepers()
        let event = try setup.storeEvent()
        let requests = await setup.server.waitForRequests(1, to: "/hook", timeout: .seconds(10))
        #expect(requests.map { $0.header("webhook-id") } == [event.id])
        await group.triggerGracefulShutdown()
        try await task.value
        #expect(try setup.store.deliveries().first?.status == .delivered)
    }

    @Test func aRetryComesWhenTheInjectedClockReachesIt() async throws {
        let setup = try Setup(retry: [.seconds(30)])
        defer { setup.cleanUp() }
        setup.server.script("/hook", [.status(503), .status(200)])
        let (group, task) = running(setup.service())
        _ = try setup.storeEvent()
        #expect(await setup.server.waitForRequests(1, to: "/hook", timeout: .seconds(10)).count == 1)
        // Wait until the failure is recorded and the loop sleeps towards the retry.
        for _ in 0..<1000 where try setup.store.deliveries().first?.status != .failed {
            try await Task.sleep(for: .milliseconds(5))
        }
        await setup.clock.waitForSleepers()
        setup.clock.advance(by: .seconds(29))
        await setup.clock.waitForSleepers()
        #expect(setup.server.requests(to: "/hook").count == 1)
        // The loop reads the time and then sleeps; when the test advanced in between, its deadline lands up to a
        // second later. So step a second at a time, a few times at most.
        for _ in 0..<5 where setup.server.requests(to: "/hook").count < 2 {
            setup.clock.advance(by: .seconds(1))
            _ = await setup.server.waitForRequests(2, to: "/hook", timeout: .seconds(2))
            await setup.clock.waitForSleepers()
        }
        #expect(setup.server.requests(to: "/hook").count == 2)
        #expect(setup.clock.now.offset <= .seconds(32))
        await group.triggerGracefulShutdown()
        try await task.value
        let record = try #require(try setup.store.deliveries().first)
        #expect(record.status == .delivered)
        #expect(record.attempts.map(\.statusCode) == [503, 200])
    }

    @Test func aSlowEndpointDoesNotHoldUpAnother() async throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        setup.server.script("/hook", [TestHTTPServer.Response.status(200).delayed(by: .seconds(3))])
        setup.server.script("/other", [.status(200)])
        let (group, task) = running(setup.service(endpoints: 2))
        var events: [Event] = []
        for _ in 0..<3 { events.append(try setup.storeEvent(endpoints: 2)) }
        // All three reach the fast endpoint while the slow one is still answering the first.
        let fast = await setup.server.waitForRequests(3, to: "/other", timeout: .seconds(10))
        #expect(fast.map { $0.header("webhook-id") } == events.map(\.id))
        // The slow endpoint's first request may reach the server after the fast ones (a loaded machine): wait for
        // it, then it must still be the only one, its answer being 3 s away.
        #expect(await setup.server.waitForRequests(1, to: "/hook", timeout: .seconds(10)).count == 1)
        #expect(setup.server.requests(to: "/hook").count == 1)
        await group.triggerGracefulShutdown()
        try await task.value
    }

    @Test func rowsQueuedByAnotherProcessAreSentWithinTheMaximumSleep() async throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        setup.server.script("/hook", [.status(200)])
        let (group, task) = running(setup.service(maximumSleep: .seconds(5)))
        let event = try setup.storeEvent()
        #expect(await setup.server.waitForRequests(1, to: "/hook", timeout: .seconds(10)).count == 1)
        for _ in 0..<1000 where try setup.store.deliveries().first?.status != .delivered {
            try await Task.sleep(for: .milliseconds(5))
        }
        // `reportwatch redeliver` writes through its own connection, which the daemon's observer does not see.
        let cli = try Store.open(path: setup.store.path)
        #expect(try cli.redeliver(ids: [], eventIDs: [event.id], now: setup.start).count == 1)
        for _ in 0..<10 where setup.server.requests(to: "/hook").count < 2 {
            await setup.clock.waitForSleepers()
            setup.clock.advance(by: .seconds(5))
            _ = await setup.server.waitForRequests(2, to: "/hook", timeout: .seconds(2))
        }
        #expect(setup.server.requests(to: "/hook").map { $0.header("webhook-id") } == [event.id, event.id])
        await group.triggerGracefulShutdown()
        try await task.value
    }

    @Test func shutdownLetsTheRequestInFlightFinish() async throws {
        let setup = try Setup()
        defer { setup.cleanUp() }
        setup.server.script("/hook", [TestHTTPServer.Response.status(200).delayed(by: .milliseconds(500))])
        let (group, task) = running(setup.service())
        _ = try setup.storeEvent()
        #expect(await setup.server.waitForRequests(1, to: "/hook", timeout: .seconds(10)).count == 1)
        await group.triggerGracefulShutdown()
        try await task.value
        let record = try #require(try setup.store.deliveries().first)
        #expect(record.status == .delivered)
        #expect(record.attempts.count == 1)
    }
}
