import Foundation

public enum SourceKind: String, Sendable, Codable, Hashable, CaseIterable {
    case page, feed, index, file, directory

    /// Kinds read from the local file system rather than over HTTP.
    public var isLocal: Bool { self == .file || self == .directory }
}

/// What to announce on a source's first poll.
public enum NotifyOnFirst: String, Sendable, Codable, Hashable, CaseIterable {
    case newest, all, none
}

/// How often a source is expected to publish a new report.
public enum Cadence: Sendable, Hashable, CustomStringConvertible {
    /// Calendar months: quarterly is 3.
    case months(Int)
    case every(Duration)

    public static let named: [String: Cadence] = [
        "daily": .every(.seconds(86_400)), "weekly": .every(.seconds(7 * 86_400)), "monthly": .months(1),
        "quarterly": .months(3), "half-yearly": .months(6), "semiannual": .months(6), "yearly": .months(12),
        "annual": .months(12),
    ]

    /// `quarterly`, `monthly`, … or a duration such as `90d`.
    public init?(text: String) {
        if let named = Cadence.named[text.lowercased()] {
            self = named
        } else if let duration = Duration(text: text), duration > .zero {
            self = .every(duration)
        } else {
            return nil
        }
    }

    public func after(_ date: Date) -> Date {
        switch self {
        case .months(let months):
            return Calendar(identifier: .gregorian).date(byAdding: .month, value: months, to: date) ?? date
        case .every(let duration):
            return date.addingTimeInterval(duration.timeInterval)
        }
    }

    public var description: String {
        switch self {
        case .months(1): return "monthly"
        case .months(3): return "quarterly"
        case .months(6): return "half-yearly"
        case .months(12): return "yearly"
        case .months(let months): return "every \(months) months"
        case .every(let duration): return "every \(duration.compactText)"
        }
    }
}

/// One watched source, as configured.
public struct SourceConfig: Sendable, Hashable {
    public var name: String
    public var kind: SourceKind
    /// For `page`, `feed` and `index`.
    public var url: String?
    /// For `file` and `directory`: an absolute path.
    public var path: String?
    public var interval: Duration
    public var notifyOnFirst: NotifyOnFirst
    /// For `index`: a regular expression that a report link must match.
    public var linkPattern: String?
    /// For `directory`: shell patterns (`*.txt`) a file name must match, and ones it must not.
    public var include: [String]
    public var exclude: [String]
    /// Overrides the format taken from the content type or file name.
    public var format: DocumentFormat?
    /// A CA bundle for this source's TLS peer, instead of the system's.
    public var caFile: String?
    /// When set, `source.overdue` is announced once if no new report arrives within the cadence plus `grace`.
    public var cadence: Cadence?
    public var grace: Duration

    public init(
        name: String, kind: SourceKind, url: String? = nil, path: String? = nil, interval: Duration,
        notifyOnFirst: NotifyOnFirst = .newest, linkPattern: String? = nil, include: [String] = [],
        exclude: [String] = [], format: DocumentFormat? = nil, caFile: String? = nil, cadence: Cadence? = nil,
        grace: Duration = .seconds(7 * 86_400)
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.path = path
        self.interval = interval
        self.notifyOnFirst = notifyOnFirst
        self.linkPattern = linkPattern
        self.include = include
        self.exclude = exclude
        self.format = format
        self.caFile = caFile
        self.cadence = cadence
        self.grace = grace
    }

    /// The URL (credentials redacted) or path, for messages, listings, the store and events.
    public var location: String { url.map(URLRedaction.redacted) ?? path ?? "" }
}
