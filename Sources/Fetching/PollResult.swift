import ReportModel

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
