import Config
import Diffing
import Fetching
import Foundation
import Logging
import Parsing
import ReportModel
import Store

/// One pass over one source: fetch → parse → identify → store. Read this file first.
public struct Pipeline: Sendable {
    let store: Store
    let localReader = LocalSourceReader()
    let parser = DocumentParser()
    let logger: Logger

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Polls the source once and stores what is new. Never throws: a failing source is recorded as failing, and
    /// the caller goes on with the others.
    @discardableResult
    public func run(_ source: SourceConfig, record: SourceRecord, now: Date = Date()) async -> PassSummary {
        var logger = self.logger
        logger[metadataKey: "source.name"] = "\(source.name)"
        var summary = PassSummary(source: source.name)
        do {
            let poll = try await fetch(source, sourceID: record.id, now: now)
            var state = poll.state
            for fetched in poll.documents {
                do {
                    if let stored = try ingest(fetched, source: source, sourceID: record.id) {
                        summary.stored.append(stored)
                        logger.info("stored document", metadata: [
                            "document.id": "\(stored.id)", "document.url": "\(stored.url)",
                            "report.id": "\(stored.reportID ?? 0)", "document.revision": "\(stored.revision)",
                        ])
                    } else {
                        summary.unchanged += 1
                    }
                } catch let error as ParseError {
                    // Forget this URL's validators so the document is tried again on the next pass.
                    state.validators[fetched.url] = nil
                    summary.errors.append(error.description)
                    logger.warning("cannot parse document", metadata: ["error": "\(error)"])
                }
            }
            let outcome: PollOutcome = summary.errors.isEmpty ? (summary.stored.isEmpty ? .unchanged : .ok) : .failed
            try store.recordPoll(sourceID: record.id, PollRecord(
                outcome: outcome, checkedAt: now, nextCheckAt: now.addingTimeInterval(source.interval.timeInterval),
                state: state, error: summary.errors.first))
        } catch {
            summary.errors.append("\(error)")
            logger.error("poll failed", metadata: ["error": "\(error)"])
            let failures = record.consecutiveFailures + 1
            let delay = min(source.interval.timeInterval * 8, source.interval.timeInterval * pow(2, Double(failures - 1)))
            do {
                try store.recordPoll(sourceID: record.id, PollRecord(
                    outcome: .failed, checkedAt: now, nextCheckAt: now.addingTimeInterval(delay), state: nil,
                    error: "\(error)"))
            } catch {
                logger.error("cannot record the failed poll", metadata: ["error": "\(error)"])
            }
        }
        return summary
    }

    private func fetch(_ source: SourceConfig, sourceID: Int64, now: Date) async throws -> PollResult {
        let state = try store.fetchState(sourceID: sourceID)
        switch source.kind {
        case .file, .directory:
            return try localReader.poll(source, state: state, now: now)
        case .page, .feed, .index:
            throw FetchError(source: source.name, location: source.location,
                             reason: "\(source.kind.rawValue) sources need the HTTP fetcher, which this build lacks")
        }
    }

    /// Parses and stores one fetched document; nil when its content is already stored.
    private func ingest(_ fetched: FetchedDocument, source: SourceConfig, sourceID: Int64) throws -> DocumentRecord? {
        let document = try parser.parse(fetched)
        let hash = ContentHash.of(document)
        let alreadyStored = try store.containsDocument(sourceID: sourceID, contentHash: hash)
        let known = try store.knownReports(sourceID: sourceID).map {
            ReportIdentity.Known(id: $0.id, url: $0.url, itemID: $0.itemID, period: $0.period)
        }
        let placement: ReportPlacement
        switch ReportIdentity.decide(
            url: fetched.url, itemID: fetched.itemID, period: nil, contentAlreadyStored: alreadyStored, known: known)
        {
        case .alreadySeen: return nil
        case .newReport: placement = .newReport
        case .revision(let reportID): placement = .revision(of: reportID)
        }
        return try store.insert(NewDocument(
            sourceID: sourceID, fetched: fetched, document: document, contentHash: hash, placement: placement))
    }
}

/// What one pass over one source did.
public struct PassSummary: Sendable {
    public var source: String
    public var stored: [DocumentRecord] = []
    public var unchanged = 0
    public var errors: [String] = []

    public init(source: String) {
        self.source = source
    }
}
