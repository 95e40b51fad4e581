import Foundation

/// Bytes of one document as a source delivered them, before parsing.
public struct FetchedDocument: Sendable, Hashable {
    /// Where the bytes came from: an `http(s)` URL or a `file` URL.
    public var url: String
    /// A feed item's GUID or id, when the document came from a feed.
    public var itemID: String?
    public var body: [UInt8]
    /// The `Content-Type` header, when there was one (`text/html; charset=gbk`).
    public var contentType: String?
    /// The format the source or the user asked for, overriding content type and file name.
    public var formatHint: DocumentFormat?
    public var fetchedAt: Date
    /// `Last-Modified`, or a file's modification time.
    public var modifiedAt: Date?
    /// What a feed said about the item, used when the document itself does not say.
    public var titleHint: String?
    public var publishedHint: Date?

    public init(
        url: String, itemID: String? = nil, body: [UInt8], contentType: String? = nil,
        formatHint: DocumentFormat? = nil, fetchedAt: Date, modifiedAt: Date? = nil,
        titleHint: String? = nil, publishedHint: Date? = nil
    ) {
        self.url = url
        self.itemID = itemID
        self.body = body
        self.contentType = contentType
        self.formatHint = formatHint
        self.fetchedAt = fetchedAt
        self.modifiedAt = modifiedAt
        self.titleHint = titleHint
        self.publishedHint = publishedHint
    }
}

public enum DocumentFormat: String, Sendable, Codable, CaseIterable, Hashable {
    case html, text, pdf, feed
}
