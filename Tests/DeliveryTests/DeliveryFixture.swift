import Delivery
import Foundation
import HTTPTransport
import Logging
import ReportModel
import ReportWatchTesting
import Store
import Synchronization

/// A store in a temporary directory, a receiver on 127.0.0.1, a manual clock that `now` follows, and the
/// configured webhooks, which a test may change as a reload would.
final class DeliveryFixture: Sendable {
    let directory: URL
    let store: Store
    let server: TestHTTPServer
    let clock = ManualClock()
    let start: Date
    let client = CurlHTTPClient(maxConcurrent: 16)
    private let configured: Mutex<[WebhookConfig]>

    init(start: Date = Date()) throws {
        directory = try Fixtures.temporaryDirectory("delivery")
        store = try Store.open(path: directory.appendingPathComponent("rw.sqlite").path)
        server = try TestHTTPServer()
        self.start = start
        configured = Mutex([])
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    var webhooks: [WebhookConfig] {
        get { configured.withLock { $0 } }
        set { configured.withLock { $0 = newValue } }
    }

    func now() -> Date {
        start.addingTimeInterval(clock.now.offset.timeInterval)
    }

    func dispatcher(jitter: @escaping @Sendable (Duration) -> Duration = { $0 }) -> WebhookDispatcher {
        WebhookDispatcher(store: store, client: client, webhooks: { [self] in webhooks }, now: { [self] in now() },
                          jitter: jitter, logger: Logger(label: "test"))
    }

    /// Stores events with outbox rows for the configured webhooks, as the pipeline does.
    @discardableResult
    func storeEvents(_ count: Int, source: String = "s") throws -> [Event] {
        let events = (0..<count).map { index in
            Event(type: .reportPublished, id: Event.makeID(at: now()), timestamp: now(),
                  data: EventData(source: SourceReference(name: source, kind: .directory, location: "/x"),
                                  report: ReportReference(id: Int64(index + 1), title: "Report \(index)",
                                                          url: "https://example.org/\(index)", period: nil,
                                                          published: nil, revision: 1)))
        }
        try store.append(events, sourceID: nil, endpoints: webhooks.map(OutboxEndpoint.init))
        return events
    }
}

extension TestHTTPServer.Request {
    var webhookTimestamp: Int64? { header("webhook-timestamp").flatMap { Int64($0) } }
}
