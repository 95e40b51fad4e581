import Foundation
import ReportModel

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

/// The result of one poll of one source.
public struct PollResult: Sendable {
    /// Documents that are new or changed since the last poll, oldest first.
    public var documents: [FetchedDocument]
    public var state: SourceState
    /// True when this was the source's first completed poll.
    public var wasFirstPoll: Bool
    /// Items (feed entries, index links) that could not be fetched this time. They stay unseen, so the next poll
    /// tries them again; the other documents are delivered meanwhile.
    public var failures: [FetchError]
    /// True when the server said nothing changed (304).
    public var notModified: Bool

    public init(
        documents: [FetchedDocument], state: SourceState, wasFirstPoll: Bool, failures: [FetchError] = [],
        notModified: Bool = false
    ) {
        self.documents = documents
        self.state = state
        self.wasFirstPoll = wasFirstPoll
        self.failures = failures
        self.notModified = notModified
    }
}
