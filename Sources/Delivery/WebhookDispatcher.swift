import COpenSSL
import Foundation
import HTTPTransport
import Logging
import ReportModel
import Store
import Synchronization

/// Sends the outbox: claims lanes (one endpoint, one source) whose oldest undelivered row is due, sends their rows
/// in event order, and records every attempt before the next. A failed row holds its lane until it is delivered or
/// dead; other lanes go on. Claims live in memory: the daemon lock makes this the only sender of a database, and a
/// row in flight when the process dies is simply sent again (at least once, same `webhook-id`).
public final class WebhookDispatcher: Sendable {
    let store: Store
    let client: any HTTPClient
    let webhooks: @Sendable () -> [WebhookConfig]
    let now: @Sendable () -> Date
    let jitter: @Sendable (Duration) -> Duration
    let logger: Logger
    let maximumLanesPerEndpoint: Int
    let maximumLanes: Int

    private struct State {
        var active: Set<DeliveryLane> = []
        var preparedFor: [WebhookConfig]?
    }

    private let state = Mutex(State())

    /// Rows fetched per lane read; each is still checked to be due before it is sent.
    static let batch = 32
    /// The store keeps dates to the millisecond, rounded: a row due "now" may read back a fraction later.
    static let dateResolution: TimeInterval = 0.001
    /// The latest a `Retry-After` may push an attempt.
    static let maximumRetryAfter: Duration = .seconds(24 * 3600)

    public init(
        store: Store, client: any HTTPClient, webhooks: @escaping @Sendable () -> [WebhookConfig],
        now: @escaping @Sendable () -> Date = { Date() },
        jitter: @escaping @Sendable (Duration) -> Duration = WebhookDispatcher.defaultJitter, logger: Logger,
        maximumLanesPerEndpoint: Int = 4, maximumLanes: Int = 64
    ) {
        self.store = store
        self.client = client
        self.webhooks = webhooks
        self.now = now
        self.jitter = jitter
        self.logger = logger
        self.maximumLanesPerEndpoint = max(1, maximumLanesPerEndpoint)
        self.maximumLanes = max(1, maximumLanes)
    }

    /// ±10 %, so endpoints that failed together do not all retry in the same second.
    public static let defaultJitter: @Sendable (Duration) -> Duration = { $0 * Double.random(in: 0.9...1.1) }

    // MARK: - The loop's steps

    /// Applies configuration changes to the store: rows for endpoints no longer configured die, endpoints
    /// disabled by a 410 whose configuration changed are enabled again. Cheap when nothing changed.
    public func prepare(force: Bool = false) {
        let current = webhooks()
        let changed = state.withLock { state -> Bool in
            defer { state.preparedFor = current }
            return force || state.preparedFor != current
        }
        guard changed else { return }
        do {
            let retired = try store.retireDeliveries(keeping: Set(current.map(\.url)))
            if retired > 0 {
                logger.warning("deliveries to endpoints no longer configured marked dead", metadata: ["rows": "\(retired)"])
            }
            for url in try store.reenableChangedEndpoints(
                fingerprints: Dictionary(current.map { ($0.url, Self.fingerprint($0)) }) { first, _ in first })
            {
                logger.notice("endpoint re-enabled: its configuration changed",
                              metadata: ["endpoint": "\(URLRedaction.redacted(url))"])
            }
            // Said again at start and on reload, so a disabled endpoint is never silently forgotten.
            let configured = Set(current.map(\.url))
            for endpoint in try store.endpoints() where endpoint.disabledAt != nil && configured.contains(endpoint.url) {
                logger.warning("endpoint disabled; its deliveries wait", metadata: [
                    "endpoint": "\(URLRedaction.redacted(endpoint.url))",
                    "reason": "\(endpoint.disabledReason ?? "disabled")",
                ])
            }
        } catch {
            state.withLock { $0.preparedFor = nil }
            logger.error("cannot apply the webhook configuration to the outbox", metadata: ["error": "\(error)"])
        }
    }

    /// Claims the lanes that are due and free. `nextDue` is when the earliest lane not claimed now comes due.
    public func claimDueLanes() -> (lanes: [LaneHead], nextDue: Date?) {
        let heads: [LaneHead]
        do {
            heads = try store.laneHeads()
        } catch {
            logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
            return ([], nil)
        }
        let current = now().addingTimeInterval(Self.dateResolution)
        return state.withLock { state in
            var claimed: [LaneHead] = []
            var nextDue: Date?
            var perEndpoint: [Int64: Int] = [:]
            for lane in state.active { perEndpoint[lane.endpointID, default: 0] += 1 }
            for head in heads.sorted(by: { $0.nextAttemptAt < $1.nextAttemptAt }) {
                guard head.nextAttemptAt <= current else {
                    nextDue = min(nextDue ?? head.nextAttemptAt, head.nextAttemptAt)
                    continue
                }
                // A busy lane or a full endpoint wakes the loop when it finishes.
                guard !state.active.contains(head.lane), state.active.count < maximumLanes,
                      perEndpoint[head.lane.endpointID, default: 0] < maximumLanesPerEndpoint
                else { continue }
                state.active.insert(head.lane)
                perEndpoint[head.lane.endpointID, default: 0] += 1
                claimed.append(head)
            }
            return (claimed, nextDue)
        }
    }

    /// Sends a claimed lane's due rows in order until one fails, none is due, or `shouldContinue` says stop (the
    /// request in flight always finishes). Releases the claim. Returns the number of attempts made.
    @discardableResult
    public func runLane(_ head: LaneHead, shouldContinue: @Sendable () -> Bool = { true }) async -> Int {
        defer { _ = state.withLock { $0.active.remove(head.lane) } }
        var attempts = 0
        lane: while shouldContinue() {
            let items: [OutboxItem]
            do {
                items = try store.laneItems(head.lane, limit: Self.batch)
            } catch {
                logger.error("cannot read the outbox", metadata: ["error": "\(error)"])
                break
            }
            if items.isEmpty { break }
            for item in items {
                guard shouldContinue(), item.nextAttemptAt <= now().addingTimeInterval(Self.dateResolution) else {
                    break lane
                }
                guard let webhook = webhooks().first(where: { $0.url == item.endpointURL }) else {
                    // Removed from the configuration since the lane was claimed.
                    prepare(force: true)
                    break lane
                }
                attempts += 1
                guard await attempt(item, webhook: webhook) else { break lane }
            }
        }
        return attempts
    }

    /// Claims and runs every due lane until none is due (`reportwatchd --once`). Each request is bounded by its
    /// endpoint's timeout; rows that fail stay in the outbox with their next attempt time.
    @discardableResult
    public func deliverDue(shouldContinue: @escaping @Sendable () -> Bool = { true }) async -> Int {
        prepare()
        var total = 0
        // Bounded: a lane ends when its head fails, and a failure reschedules it (Retry-After: 0 at worst repeats).
        for _ in 0..<100 {
            let lanes = claimDueLanes().lanes
            if lanes.isEmpty || !shouldContinue() {
                for head in lanes { _ = state.withLock { $0.active.remove(head.lane) } }
                break
            }
            total += await withTaskGroup(of: Int.self) { group in
                for head in lanes { group.addTask { await self.runLane(head, shouldContinue: shouldContinue) } }
                return await group.reduce(0, +)
            }
        }
        return total
    }

    // MARK: - One attempt

    /// Sends one row, records the attempt and its consequence; true when delivered.
    func attempt(_ item: OutboxItem, webhook: WebhookConfig) async -> Bool {
        let attemptedAt = now()
        let redactedURL = URLRedaction.redacted(webhook.url)
        var logger = self.logger
        logger[metadataKey: "endpoint"] = "\(redactedURL)"
        logger[metadataKey: "event.id"] = "\(item.eventID)"
        logger[metadataKey: "attempt"] = "\(item.attempts + 1)"

        var statusCode: Int?
        var failure: String?
        var retryAfter: Duration?
        let started = ContinuousClock.now
        do {
            let request = try makeRequest(item, webhook: webhook, at: attemptedAt)
            let response = try await client.send(request)
            statusCode = response.status
            if !response.isSuccess {
                failure = (300..<400).contains(response.status)
                    ? "\(redactedURL) answered \(response.status) (redirects are not followed)"
                    : "\(redactedURL) answered \(response.status)"
                retryAfter = response.headers["Retry-After"].flatMap { HTTPDate.retryAfter($0, now: attemptedAt) }
            }
        } catch let error as HTTPError {
            // Cancelled by our own shutdown: not the endpoint's failure, so the row stays as it was.
            if error.kind == .cancelled { return false }
            failure = error.kind == .timeout ? "\(error.description) (timeout)" : error.description
        } catch {
            failure = "\(redactedURL): \(error)"
        }
        let duration = ContinuousClock.now - started
        let record = DeliveryAttempt(
            attemptedAt: attemptedAt, statusCode: statusCode, durationMilliseconds: duration.timeInterval * 1000,
            error: failure)
        let resolution = resolve(item, webhook: webhook, statusCode: statusCode, failed: failure != nil,
                                 retryAfter: retryAfter, at: attemptedAt)
        do {
            try store.recordAttempt(outboxID: item.id, record, resolution: resolution)
        } catch {
            // The row stays as it was and is sent again: at least once.
            logger.error("cannot record a delivery attempt", metadata: ["error": "\(error)"])
            return false
        }
        switch resolution {
        case .delivered:
            logger.debug("webhook delivered", metadata: ["status": "\(statusCode ?? 0)"])
            return true
        case .retry(let at):
            logger.warning("webhook delivery failed; will retry", metadata: [
                "error": "\(failure ?? "")", "retry_at": "\(ISO8601DateFormatter().string(from: at))",
            ])
        case .dead:
            logger.error("webhook delivery failed for good", metadata: ["error": "\(failure ?? "")"])
        case .endpointGone:
            logger.error("""
                endpoint answered 410 Gone and is disabled until its configuration changes or \
                `reportwatch redeliver --enable-endpoint` re-enables it
                """)
        }
        return false
    }

    func resolve(
        _ item: OutboxItem, webhook: WebhookConfig, statusCode: Int?, failed: Bool, retryAfter: Duration?, at date: Date
    ) -> DeliveryResolution {
        if !failed { return .delivered }
        if statusCode == 410 { return .endpointGone(fingerprint: Self.fingerprint(webhook)) }
        // Every other failure (3xx, 4xx, 5xx, timeouts, connection errors) follows the schedule.
        let attempt = item.attempts + 1
        guard attempt <= webhook.retry.count else { return .dead }
        let delay = retryAfter.map { min($0, Self.maximumRetryAfter) } ?? jitter(webhook.retry[attempt - 1])
        return .retry(at: date.addingTimeInterval(max(0, delay.timeInterval)))
    }

    func makeRequest(_ item: OutboxItem, webhook: WebhookConfig, at date: Date) throws -> HTTPRequest {
        let body: [UInt8]
        switch webhook.format {
        case .standard:
            body = WebhookPayload.standard(stored: item.payload)
        case .slack:
            body = WebhookPayload.slack(try Event.decoder.decode(Event.self, from: Data(item.payload.utf8)))
        }
        var headers = HTTPHeaders()
        // Reserved headers are ours; the configured extras cannot replace them.
        let reserved: Set<String> = ["content-type", "webhook-id", "webhook-timestamp", "webhook-signature"]
        for (name, value) in webhook.headers.sorted(by: { $0.key < $1.key }) where !reserved.contains(name.lowercased()) {
            headers.add(name, value)
        }
        headers.set("Content-Type", "application/json")
        let timestamp = Int64(date.timeIntervalSince1970.rounded(.down))
        if webhook.format == .standard || !webhook.secrets.isEmpty {
            headers.set("webhook-id", item.eventID)
            headers.set("webhook-timestamp", String(timestamp))
        }
        if !webhook.secrets.isEmpty {
            headers.set("webhook-signature", try WebhookSignature.header(
                secrets: webhook.secrets.map(\.value), id: item.eventID, timestamp: timestamp, body: body))
        }
        return HTTPRequest(
            method: "POST", url: webhook.url, headers: headers, body: body,
            connectTimeout: min(webhook.timeout, .seconds(10)), timeout: webhook.timeout, followRedirects: false,
            maxBodySize: 1024 * 1024)
    }

    /// A digest of an endpoint's configuration (secrets included, but only hashed), to notice that it changed.
    public static func fingerprint(_ webhook: WebhookConfig) -> String {
        let text = [
            webhook.url, webhook.secrets.map(\.value).joined(separator: ","), webhook.events?.joined(separator: ",") ?? "*",
            webhook.sources?.joined(separator: ",") ?? "*", webhook.format.rawValue,
            webhook.headers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            "\(webhook.timeout)", webhook.retry.map { "\($0)" }.joined(separator: ","),
        ].joined(separator: "\n")
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let bytes = Array(text.utf8)
        _ = SHA256(bytes, bytes.count, &digest)
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
