import Delivery
import Foundation
import HTTPTransport
import Logging
import ReportModel
import ReportWatchTesting
import Store
import Testing

@Suite struct WebhookDispatcherTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    func verifies(_ request: TestHTTPServer.Request, secret: String = WebhookDispatcherTests.secret) throws -> Bool {
        guard let id = request.header("webhook-id"), let timestamp = request.webhookTimestamp,
              let signature = request.header("webhook-signature") else { return false }
        return WebhookSignature.verify(keys: [try WebhookSignature.key(of: secret)], id: id, timestamp: timestamp,
                                       body: request.body, header: signature)
    }

    @Test func retriesOnTheScheduleUntilAccepted() async throws {
        // Started 212 s ago: the 425 s of simulated schedule then lie within the reference library's ±5 minutes.
        let fixture = try DeliveryFixture(start: Date().addingTimeInterval(-212))
        fixture.server.script("/hook", [
            .status(503),
            TestHTTPServer.Response.status(200).delayed(by: .seconds(3)),
            TestHTTPServer.Response.retryAfter(120, status: 429),
            .status(204),
        ])
        fixture.webhooks = [WebhookConfig(
            url: fixture.server.url("/hook"), secrets: [WebhookSecret(Self.secret)], timeout: .seconds(1),
            retry: [.seconds(5), .seconds(300), .seconds(1800)])]
        let event = try #require(try fixture.storeEvents(1).first)
        let dispatcher = fixture.dispatcher()

        #expect(await dispatcher.deliverDue() == 1)  // 503
        fixture.clock.advance(by: .seconds(4))
        #expect(await dispatcher.deliverDue() == 0)  // not due yet
        fixture.clock.advance(by: .seconds(1))
        #expect(await dispatcher.deliverDue() == 1)  // timeout
        fixture.clock.advance(by: .seconds(299))
        #expect(await dispatcher.deliverDue() == 0)
        fixture.clock.advance(by: .seconds(1))
        #expect(await dispatcher.deliverDue() == 1)  // 429, Retry-After: 120 instead of 30 minutes
        fixture.clock.advance(by: .seconds(120))
        #expect(await dispatcher.deliverDue() == 1)  // accepted
        fixture.clock.advance(by: .seconds(3600))
        #expect(await dispatcher.deliverDue() == 0)

        let requests = fixture.server.requests(to: "/hook")
        #expect(requests.count == 4)
        #expect(requests.allSatisfy { $0.header("webhook-id") == event.id })
        #expect(try requests.allSatisfy { try verifies($0) })
        #expect(try await Self.verifiedByTheReferenceLibrary(requests, secrets: [Self.secret]) == 4)
        let timestamps = requests.compactMap(\.webhookTimestamp)
        #expect(timestamps == [0, 5, 305, 425].map { Int64(fixture.start.timeIntervalSince1970.rounded(.down)) + $0 })
        #expect(Set(requests.compactMap { $0.header("webhook-signature") }).count == 4)
        #expect(Set(requests.map(\.body)).count == 1)

        let record = try #require(try fixture.store.deliveries().first)
        #expect(record.status == .delivered)
        #expect(record.attemptCount == 4)
        #expect(record.attempts.map(\.statusCode) == [503, nil, 429, 204])
        #expect(record.attempts[0].error?.contains("answered 503") == true)
        #expect(record.attempts[1].error?.contains("timeout") == true)
        #expect(record.attempts[1].error?.contains(fixture.server.url("/hook")) == true)
        #expect(record.attempts[3].error == nil)
        #expect(record.attempts.allSatisfy { !($0.error ?? "").contains("MfKQ9r8G") })
    }

    @Test func givesUpAfterTheScheduleAndOtherClientErrorsFollowIt() async throws {
        let fixture = try DeliveryFixture()
        fixture.server.script("/hook", [.status(400)])
        fixture.webhooks = [WebhookConfig(url: fixture.server.url("/hook"), retry: [.seconds(5), .seconds(60)])]
        try fixture.storeEvents(1)
        let dispatcher = fixture.dispatcher()
        #expect(await dispatcher.deliverDue() == 1)
        fixture.clock.advance(by: .seconds(5))
        #expect(await dispatcher.deliverDue() == 1)
        fixture.clock.advance(by: .seconds(60))
        #expect(await dispatcher.deliverDue() == 1)
        fixture.clock.advance(by: .seconds(86400))
        #expect(await dispatcher.deliverDue() == 0)
        let record = try #require(try fixture.store.deliveries().first)
        #expect(record.status == .dead)
        #expect(record.attempts.map(\.statusCode) == [400, 400, 400])
    }

    @Test func redirectsAreNotFollowed() async throws {
        let fixture = try DeliveryFixture()
        fixture.server.script("/hook", [.redirect(to: fixture.server.url("/elsewhere"))])
        fixture.server.script("/elsewhere", [.status(200)])
        fixture.webhooks = [WebhookConfig(url: fixture.server.url("/hook"))]
        try fixture.storeEvents(1)
        #expect(await fixture.dispatcher().deliverDue() == 1)
        #expect(fixture.server.requests(to: "/elsewhere").isEmpty)
        let record = try #require(try fixture.store.deliveries().first)
        #expect(record.status == .failed)
        #expect(record.lastStatusCode == 302)
        #expect(record.lastError?.contains("redirects are not followed") == true)
    }

    @Test func goneDisablesTheEndpointUntilItsConfigurationChanges() async throws {
        let fixture = try DeliveryFixture()
        fixture.server.script("/hook", [.status(410), .status(200)])
        fixture.webhooks = [WebhookConfig(url: fixture.server.url("/hook"))]
        try fixture.storeEvents(1)
        let dispatcher = fixture.dispatcher()
        #expect(await dispatcher.deliverDue() == 1)
        let endpoint = try #require(try fixture.store.endpoints().first)
        #expect(endpoint.disabledAt != nil)
        #expect(endpoint.disabledReason == "410 Gone")
        try fixture.storeEvents(1)
        fixture.clock.advance(by: .seconds(86400))
        #expect(await dispatcher.deliverDue() == 0)
        #expect(fixture.server.requests(to: "/hook").count == 1)

        fixture.webhooks = [WebhookConfig(url: fixture.server.url("/hook"), headers: ["X-Team": "research"])]
        #expect(await dispatcher.deliverDue() == 2)
        #expect(try fixture.store.endpoints().first?.disabledAt == nil)
        #expect(try fixture.store.deliveries().allSatisfy { $0.status == .delivered })
        #expect(fixture.server.requests(to: "/hook").last?.header("X-Team") == "research")
    }

    @Test func theCLIReenablesAGoneEndpoint() async throws {
        let fixture = try DeliveryFixture()
        fixture.server.script("/hook", [.status(410), .status(200)])
        fixture.webhooks = [WebhookConfig(url: fixture.server.url("/hook"))]
        try fixture.storeEvents(1)
        let dispatcher = fixture.dispatcher()
        #expect(await dispatcher.deliverDue() == 1)
        #expect(try fixture.store.enableEndpoint(url: fixture.server.url("/hook"), now: fixture.now()))
        #expect(await dispatcher.deliverDue() == 1)
        #expect(try fixture.store.deliveries().first?.status == .delivered)
    }

    @Test func aRetryingEventHoldsBackLaterOnesToTheSameEndpointOnly() async throws {
        let fixture = try DeliveryFixture()
        fixture.server.script("/slow", [.status(503), .status(200)])
        fixture.server.script("/fast", [.status(200)])
        fixture.webhooks = [
            WebhookConfig(url: fixture.server.url("/slow"), retry: [.seconds(5)]),
            WebhookConfig(url: fixture.server.url("/fast")),
        ]
        let events = try fixture.storeEvents(3)
        let dispatcher = fixture.dispatcher()
        #expect(await dispatcher.deliverDue() == 4)
        #expect(fixture.server.requests(to: "/slow").map { $0.header("webhook-id") } == [events[0].id])
        #expect(fixture.server.requests(to: "/fast").map { $0.header("webhook-id") } == events.map(\.id))
        fixture.clock.advance(by: .seconds(5))
        #expect(await dispatcher.deliverDue() == 3)
        #expect(fixture.server.requests(to: "/slow").map { $0.header("webhook-id") }
            == [events[0].id] + events.map(\.id))
    }

    @Test func aRestartResumesTheScheduleWithTheSameWebhookID() async throws {
        let fixture = try DeliveryFixture()
        fixture.server.script("/hook", [.status(500), .status(500), .status(200)])
        fixture.webhooks = [WebhookConfig(url: fixture.server.url("/hook"), retry: [.seconds(5), .seconds(300)])]
        let event = try #require(try fixture.storeEvents(1).first)
        #expect(await fixture.dispatcher().deliverDue() == 1)
        fixture.clock.advance(by: .seconds(5))
        #expect(await fixture.dispatcher().deliverDue() == 1)

        // A new process: the store opened again, a new dispatcher; the schedule goes on where it was.
        let reopened = try Store.open(path: fixture.store.path)
        let webhooks = fixture.webhooks
        let restarted = WebhookDispatcher(
            store: reopened, client: CurlHTTPClient(), webhooks: { webhooks }, now: { fixture.now() },
            jitter: { $0 }, logger: .init(label: "test"))
        fixture.clock.advance(by: .seconds(299))
        #expect(await restarted.deliverDue() == 0)
        fixture.clock.advance(by: .seconds(1))
        #expect(await restarted.deliverDue() == 1)
        #expect(fixture.server.requests(to: "/hook").map { $0.header("webhook-id") } == Array(repeating: event.id, count: 3))
        #expect(try reopened.deliveries().first?.status == .delivered)
        #expect(try reopened.deliveries().first?.attempts.count == 3)
    }

    @Test func rowsForAnEndpointNoLongerConfiguredDieWithAReason() async throws {
        let fixture = try DeliveryFixture()
        fixture.server.script("/hook", [.status(200)])
        fixture.webhooks = [WebhookConfig(url: fixture.server.url("/hook"))]
        try fixture.storeEvents(2)
        fixture.webhooks = []
        #expect(await fixture.dispatcher().deliverDue() == 0)
        #expect(fixture.server.requests.isEmpty)
        let records = try fixture.store.deliveries()
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.status == .dead && $0.lastError == "endpoint no longer configured" })
    }

    @Test func extraHeadersAndFormats() async throws {
        let fixture = try DeliveryFixture()
        fixture.server.script("/standard", [.status(200)])
        fixture.server.script("/slack", [.status(200)])
        fixture.webhooks = [
            WebhookConfig(url: fixture.server.url("/standard"), headers: ["X-Team": "research", "webhook-id": "forged"]),
            WebhookConfig(url: fixture.server.url("/slack"), format: .slack),
            WebhookConfig(url: fixture.server.url("/signed-slack"), secrets: [WebhookSecret(Self.secret)], format: .slack),
        ]
        fixture.server.script("/signed-slack", [.status(200)])
        let event = try #require(try fixture.storeEvents(1).first)
        #expect(await fixture.dispatcher().deliverDue() == 3)
        let signedSlack = try #require(fixture.server.requests(to: "/signed-slack").first)
        #expect(try verifies(signedSlack))
        #expect(signedSlack.header("webhook-id") == event.id)
        let standard = try #require(fixture.server.requests(to: "/standard").first)
        #expect(standard.header("X-Team") == "research")
        #expect(standard.header("webhook-id") == event.id)
        #expect(standard.header("webhook-signature") == nil)
        #expect(standard.header("Content-Type") == "application/json")
        let decoded = try Event.decoder.decode(Event.self, from: Data(standard.body))
        #expect(decoded.id == event.id && decoded.type == event.type && decoded.data == event.data)
        let slack = try #require(fixture.server.requests(to: "/slack").first)
        #expect(slack.header("webhook-signature") == nil)
        let object = try JSONSerialization.jsonObject(with: Data(slack.body)) as? [String: Any]
        #expect((object?["text"] as? String)?.contains("New report from s") == true)
    }

    @Test func everyAttemptVerifiesWithTheStandardWebhooksLibrary() async throws {
        let fixture = try DeliveryFixture()
        let rotated = "whsec_" + Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()
        fixture.server.script("/hook", [.status(502), .status(200)])
        fixture.webhooks = [WebhookConfig(
            url: fixture.server.url("/hook"), secrets: [WebhookSecret(rotated), WebhookSecret(Self.secret)],
            retry: [.seconds(1)])]
        try fixture.storeEvents(3)
        let dispatcher = fixture.dispatcher()
        #expect(await dispatcher.deliverDue() == 1)
        fixture.clock.advance(by: .seconds(1))
        #expect(await dispatcher.deliverDue() == 3)
        let requests = fixture.server.requests(to: "/hook")
        #expect(requests.count == 4)
        #expect(try await Self.verifiedByTheReferenceLibrary(requests, secrets: [rotated, Self.secret]) == 8)
    }

    /// Checks each request's signature header with the official `standardwebhooks` library, once per secret (each
    /// secret alone must match one of the signatures), timestamp tolerance included; returns how many passed.
    static func verifiedByTheReferenceLibrary(_ requests: [TestHTTPServer.Request], secrets: [String]) async throws -> Int {
        var lines: [String] = []
        for request in requests {
            for secret in secrets {
                let line: [String: String] = [
                    "secret": secret, "id": request.header("webhook-id") ?? "",
                    "timestamp": request.header("webhook-timestamp") ?? "",
                    "signature": request.header("webhook-signature") ?? "", "body": Data(request.body).base64EncodedString(),
                ]
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self))
            }
        }
        let script = """
            import sys, json, base64
            from standardwebhooks.webhooks import Webhook
            ok = 0
            for line in sys.stdin.read().splitlines():
                m = json.loads(line)
                Webhook(m["secret"]).verify(base64.b64decode(m["body"]), {
                    "webhook-id": m["id"], "webhook-timestamp": m["timestamp"], "webhook-signature": m["signature"]})
                ok += 1
            print(ok)
            """
        let input = Data(lines.joined(separator: "\n").utf8)
        let result = try await offPool { try PythonPeer.run(script: script, input: input) }
        #expect(result.status == 0, "\(result.output)")
        return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }
}
