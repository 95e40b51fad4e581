import Foundation

/// What fetching remembers about one source between polls; the store persists it.
public struct SourceState: Sendable, Hashable, Codable {
    /// Validators per URL (for files: size and modification time), for conditional requests.
    public var validators: [String: Validators]
    /// Items already seen: feed ids, index links.
    public var seenItems: Set<String>
    /// False until the first poll has completed.
    public var polledBefore: Bool

    public init(validators: [String: Validators] = [:], seenItems: Set<String> = [], polledBefore: Bool = false) {
        self.validators = validators
        self.seenItems = seenItems
        self.polledBefore = polledBefore
    }
}

public struct Validators: Sendable, Hashable, Codable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
}
