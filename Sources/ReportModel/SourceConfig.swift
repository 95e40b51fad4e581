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
    // Stored in this order (largest first) to keep the value small: a daemon holds one per source, all the time.
    public var name: String
    /// For `page`, `feed` and `index`.
    public var url: String?
    public var interval: Duration
    /// The settings most sources leave at their defaults, out of line and shared; nil while all are defaults. Inline,
    /// they more than doubled the size of each source: a megabyte at 10,000 sources.
    private var settings: SettingsBox?
    public var kind: SourceKind
    public var notifyOnFirst: NotifyOnFirst

    /// For `file` and `directory`: an absolute path.
    public var path: String? {
        get { rare.path }
        set { rare.path = newValue }
    }
    /// For `index`: a regular expression that a report link must match.
    public var linkPattern: String? {
        get { rare.linkPattern }
        set { rare.linkPattern = newValue }
    }
    /// For `directory`: shell patterns (`*.txt`) a file name must match, and ones it must not.
    public var include: [String] {
        get { rare.include }
        set { rare.include = newValue }
    }
    public var exclude: [String] {
        get { rare.exclude }
        set { rare.exclude = newValue }
    }
    /// Overrides the format taken from the content type or file name.
    public var format: DocumentFormat? {
        get { rare.format }
        set { rare.format = newValue }
    }
    /// A CA bundle for this source's TLS peer, instead of the system's.
    public var caFile: String? {
        get { rare.caFile }
        set { rare.caFile = newValue }
    }
    /// When set, `source.overdue` is announced once if no new report arrives within the cadence plus `grace`.
    public var cadence: Cadence? {
        get { rare.cadence }
        set { rare.cadence = newValue }
    }
    public var grace: Duration {
        get { rare.grace }
        set { rare.grace = newValue }
    }

    public init(
        name: String, kind: SourceKind, url: String? = nil, path: String? = nil, interval: Duration,
        notifyOnFirst: NotifyOnFirst = .newest, linkPattern: String? = nil, include: [String] = [],
        exclude: [String] = [], format: DocumentFormat? = nil, caFile: String? = nil, cadence: Cadence? = nil,
        grace: Duration = SourceConfig.defaultGrace
    ) {
        self.name = name
        self.url = url
        self.interval = interval
        self.kind = kind
        self.notifyOnFirst = notifyOnFirst
        rare = RareSettings(path: path, linkPattern: linkPattern, include: include, exclude: exclude, format: format,
                            caFile: caFile, cadence: cadence, grace: grace)
    }

    /// How long after its cadence a source may stay silent before `source.overdue`, unless it sets `grace`.
    public static let defaultGrace: Duration = .seconds(7 * 86_400)

    private struct RareSettings: Sendable, Hashable {
        var path: String?
        var linkPattern: String?
        var include: [String] = []
        var exclude: [String] = []
        var format: DocumentFormat?
        var caFile: String?
        var cadence: Cadence?
        var grace: Duration = SourceConfig.defaultGrace

        static let defaults = RareSettings()
    }

    private final class SettingsBox: Sendable, Hashable {
        let value: RareSettings
        init(_ value: RareSettings) { self.value = value }
        static func == (a: SettingsBox, b: SettingsBox) -> Bool { a.value == b.value }
        func hash(into hasher: inout Hasher) { value.hash(into: &hasher) }
    }

    private var rare: RareSettings {
        get { settings?.value ?? .defaults }
        set { settings = newValue == .defaults ? nil : SettingsBox(newValue) }
    }

    /// The URL (credentials redacted) or path, for messages, listings, the store and events.
    public var location: String { url.map(URLRedaction.redacted) ?? path ?? "" }
}
