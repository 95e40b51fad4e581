import Foundation

/// A webhook signing secret. Its description never shows the value.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
}

public enum WebhookFormat: String, Sendable, Codable, Hashable, CaseIterable {
    /// The JSON event, signed per Standard Webhooks.
    case standard
    /// A Slack-compatible `{"text", "blocks"}` summary.
    case slack
}

/// One webhook endpoint, as configured.
public struct WebhookConfig: Sendable, Hashable {
    public var url: String
    /// Signing secrets, newest first; several during a rotation. Empty: unsigned.
    public var secrets: [WebhookSecret]
    /// Event types to send; nil: all.
    public var events: [String]?
    /// Source names to send events of; nil: all.
    public var sources: [String]?
    public var format: WebhookFormat
    public var headers: [String: String]
    public var timeout: Duration
    public var retry: [Duration]

    public static let defaultRetrySchedule: [Duration] = [
        .seconds(5), .seconds(5 * 60), .seconds(30 * 60), .seconds(2 * 3600), .seconds(5 * 3600),
        .seconds(10 * 3600), .seconds(10 * 3600),
    ]

    public init(
        url: String, secrets: [WebhookSecret] = [], events: [String]? = nil, sources: [String]? = nil,
        format: WebhookFormat = .standard, headers: [String: String] = [:], timeout: Duration = .seconds(15),
        retry: [Duration] = WebhookConfig.defaultRetrySchedule
    ) {
        self.url = url
        self.secrets = secrets
        self.events = events
        self.sources = sources
        self.format = format
        self.headers = headers
        self.timeout = timeout
        self.retry = retry
    }

    public func accepts(eventType: String, sourceName: String?) -> Bool {
        if let events, !events.contains(eventType) { return false }
        if let sources, let sourceName, !sources.contains(sourceName) { return false }
        return true
    }
}
