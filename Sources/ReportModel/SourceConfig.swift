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

    public init(
        name: String, kind: SourceKind, url: String? = nil, path: String? = nil, interval: Duration,
        notifyOnFirst: NotifyOnFirst = .newest, linkPattern: String? = nil, include: [String] = [],
        exclude: [String] = [], format: DocumentFormat? = nil, caFile: String? = nil
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
    }

    /// The URL or path, for messages and listings.
    public var location: String { url ?? path ?? "" }
}
