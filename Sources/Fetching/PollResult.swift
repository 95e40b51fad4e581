import ReportModel

/// The result of one poll of one source.
public struct PollResult: Sendable {
    /// Documents that are new or changed since the last poll, oldest first.
    public var documents: [FetchedDocument]
    public var state: SourceState
    /// True when this was the source's first completed poll.
    public var wasFirstPoll: Bool

    public init(documents: [FetchedDocument], state: SourceState, wasFirstPoll: Bool) {
        self.documents = documents
        self.state = state
        self.wasFirstPoll = wasFirstPoll
    }
}
