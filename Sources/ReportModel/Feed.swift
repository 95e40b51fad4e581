import Foundation

/// A parsed RSS, Atom or JSON Feed.
public struct Feed: Sendable, Codable, Hashable {
    public var title: String?
    public var entries: [FeedEntry]

    public init(title: String? = nil, entries: [FeedEntry]) {
        self.title = title
        self.entries = entries
    }
}

public struct FeedEntry: Sendable, Codable, Hashable {
    /// GUID (RSS), id (Atom, JSON Feed); nil when the feed gives none.
    public var id: String?
    /// Absolute URL of the item's page.
    public var link: String?
    public var title: String?
    public var published: Date?
    public var summary: String?
    /// Full content (HTML or text), when the feed carries it.
    public var content: String?

    public init(
        id: String? = nil, link: String? = nil, title: String? = nil, published: Date? = nil, summary: String? = nil,
        content: String? = nil
    ) {
        self.id = id
        self.link = link
        self.title = title
        self.published = published
        self.summary = summary
        self.content = content
    }

    /// What identifies the item across polls: its id, else its link.
    public var identity: String? { id ?? link }
}
