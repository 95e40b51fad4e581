import Foundation

/// The one event shape used by webhooks, the CLI's `--json` and the store. Envelope per the Standard Webhooks
/// payload convention: `{"type", "id", "timestamp", "data"}`. Published as `schemas/event.schema.json`.
public struct Event: Sendable, Codable, Hashable {
    public static let schemaVersion = 1

    public var type: EventType
    /// Stable across retries: the `webhook-id`.
    public var id: String
    public var timestamp: Date
    public var data: EventData

    public init(type: EventType, id: String, timestamp: Date, data: EventData) {
        self.type = type
        self.id = id
        self.timestamp = timestamp
        self.data = data
    }
}

public struct EventData: Sendable, Codable, Hashable {
    public var schemaVersion: Int
    public var source: SourceReference
    public var report: ReportReference?
    public var previous: ReportReference?
    public var themes: [ThemeChange]
    public var speakers: [SpeakerChange]
    public var revision: RevisionSummary?
    /// For `source.failing` and `source.recovered`.
    public var failure: FailureDetails?
    /// For `source.overdue`.
    public var overdue: OverdueDetails?

    public init(
        source: SourceReference, report: ReportReference? = nil, previous: ReportReference? = nil,
        changes: ChangeSet = ChangeSet(), failure: FailureDetails? = nil, overdue: OverdueDetails? = nil
    ) {
        self.schemaVersion = Event.schemaVersion
        self.source = source
        self.report = report
        self.previous = previous
        self.themes = changes.themes
        self.speakers = changes.speakers
        self.revision = changes.revision
        self.failure = failure
        self.overdue = overdue
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case source, report, previous, themes, speakers, revision, failure, overdue
    }
}

public struct SourceReference: Sendable, Codable, Hashable {
    public var name: String
    public var kind: SourceKind
    public var location: String

    public init(name: String, kind: SourceKind, location: String) {
        self.name = name
        self.kind = kind
        self.location = location
    }
}

public struct ReportReference: Sendable, Codable, Hashable {
    public var id: Int64
    public var title: String?
    public var url: String
    public var period: String?
    public var published: Date?
    /// 1 for the first version of the report, 2 for its first revision, …
    public var revision: Int

    public init(id: Int64, title: String?, url: String, period: String?, published: Date?, revision: Int) {
        self.id = id
        self.title = title
        self.url = url
        self.period = period
        self.published = published
        self.revision = revision
    }
}

public struct FailureDetails: Sendable, Codable, Hashable {
    public var consecutiveFailures: Int
    public var error: String?
    public var since: Date?

    public init(consecutiveFailures: Int, error: String?, since: Date?) {
        self.consecutiveFailures = consecutiveFailures
        self.error = error
        self.since = since
    }

    enum CodingKeys: String, CodingKey {
        case consecutiveFailures = "consecutive_failures"
        case error, since
    }
}

public struct OverdueDetails: Sendable, Codable, Hashable {
    public var cadence: String
    public var lastReportAt: Date?
    public var expectedBy: Date

    public init(cadence: String, lastReportAt: Date?, expectedBy: Date) {
        self.cadence = cadence
        self.lastReportAt = lastReportAt
        self.expectedBy = expectedBy
    }

    enum CodingKeys: String, CodingKey {
        case cadence
        case lastReportAt = "last_report_at"
        case expectedBy = "expected_by"
    }
}

extension Event {
    /// The encoder for every event written anywhere: ISO 8601 dates, sorted keys, so bytes are stable.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// A new event id: `evt_` + a ULID (time-ordered, 26 Crockford base32 characters).
    public static func makeID(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return makeID(at: date, using: &generator)
    }

    public static func makeID(at date: Date, using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var time: [Character] = []
        for _ in 0..<10 {
            time.append(alphabet[Int(milliseconds & 31)])
            milliseconds >>= 5
        }
        let random = (0..<16).map { _ in alphabet[Int(generator.next() & 31)] }
        return "evt_" + String(time.reversed()) + String(random)
    }
}
