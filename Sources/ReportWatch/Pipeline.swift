import Config
import Diffing
import Extraction
import Fetching
import Foundation
import Logging
import Parsing
import ReportModel
import Store

/// One pass over one source: fetch → parse → identify → extract → diff → store (with events and their outbox rows).
/// Read this file first.
public struct Pipeline: Sendable {
    let store: Store
    let live: LiveConfiguration
    public let fetcher: SourceFetcher
    let parser = DocumentParser()
    let analyzer = Analyzer()
    let differ = ChangeSetBuilder()
    let logger: Logger

    public init(store: Store, live: LiveConfiguration, fetcher: SourceFetcher, logger: Logger) {
        self.store = store
        self.live = live
        self.fetcher = fetcher
        self.logger = logger
    }

    /// Polls the source once and stores what is new. Never throws: a failing source is recorded as failing, and
    /// the caller goes on with the others.
    @discardableResult
    public func run(_ source: SourceConfig, record: SourceRecord, now: Date = Date()) async -> PassSummary {
        var logger = self.logger
        logger[metadataKey: "source.name"] = "\(source.name)"
        let context = PassContext(source: source, record: record, now: now, configuration: live.current, logger: logger)
        var summary = PassSummary(source: source.name)
        do {
            let stateBefore = try store.fetchState(sourceID: record.id)
            let poll = try await fetcher.poll(source, state: stateBefore)
            var state = poll.state
            for failure in poll.failures {
                summary.errors.append(failure.description)
                logger.warning("cannot fetch item", metadata: ["error": "\(failure)"])
            }
            let announce = announcement(for: source, poll: poll)
            for (index, fetched) in poll.documents.enumerated() {
                try Task.checkCancellation()
                do {
                    try await ingest(fetched, announce: announce(index), context: context, into: &summary)
                } catch let error as ParseError {
                    // Forget this URL's validators so the document is tried again on the next pass.
                    state.validators[fetched.url] = nil
                    summary.errors.append(error.description)
                    logger.warning("cannot parse document", metadata: ["error": "\(error)"])
                }
            }
            // An unchanged state (every 304) is not written again: reading it back to compare cost more than the poll.
            try finish(context, state: state == stateBefore ? nil : state, summary: &summary)
        } catch where Task.isCancelled {
            // Shutdown cut the pass short: nothing is recorded, so what was not stored is fetched again next time.
            summary.cancelled = true
            logger.notice("poll cancelled", metadata: ["error": "\(error)"])
        } catch {
            summary.errors.append("\(error)")
            logger.error("poll failed", metadata: ["error": "\(error)"])
            do {
                try finish(context, state: nil, summary: &summary)
            } catch {
                logger.error("cannot record the failed poll", metadata: ["error": "\(error)"])
            }
        }
        return summary
    }

    /// What every step of one pass needs to know.
    struct PassContext {
        var source: SourceConfig
        var record: SourceRecord
        var now: Date
        var configuration: Configuration
        var logger: Logger
        var endpoints: [OutboxEndpoint] { configuration.webhooks.map(OutboxEndpoint.init) }
    }

    /// Records the pass (result, schedule, fetch state) and announces what the source's health calls for.
    /// `state` is nil when the poll failed before producing one, or left it as it was.
    private func finish(_ context: PassContext, state: SourceState?, summary: inout PassSummary) throws {
        let outcome: PollOutcome = summary.errors.isEmpty ? (summary.stored.isEmpty ? .unchanged : .ok) : .failed
        let interval = context.source.interval
        let next = outcome == .failed
            ? SourceBackoff.nextCheck(after: context.now, failures: context.record.consecutiveFailures + 1,
                                      interval: interval)
            : context.now.addingTimeInterval(SourceBackoff.jittered(interval).timeInterval)
        let updated = try store.recordPoll(sourceID: context.record.id, PollRecord(
            outcome: outcome, checkedAt: context.now, nextCheckAt: next, state: state, error: summary.errors.first))
        summary.nextCheckAt = next
        try announceHealth(context, after: updated, summary: &summary)
        if outcome != .failed {
            try announceOverdue(context, record: updated, summary: &summary)
        }
    }

    /// Which documents of a poll may be announced: all of them after the first poll; on the first poll, as
    /// `notify_on_first` says (`newest`: the last one, as polls list documents oldest first).
    private func announcement(for source: SourceConfig, poll: PollResult) -> (Int) -> Bool {
        guard poll.wasFirstPoll else { return { _ in true } }
        let count = poll.documents.count
        switch source.notifyOnFirst {
        case .all: return { _ in true }
        case .none: return { _ in false }
        case .newest: return { $0 == count - 1 }
        }
    }

    /// Parses, identifies, analyses and stores one fetched document with its event (nothing when already stored).
    private func ingest(
        _ fetched: FetchedDocument, announce: Bool, context: PassContext, into summary: inout PassSummary
    ) async throws {
        var fetched = fetched
        // One pass, one clock: documents carry the pass's time, which tests and schedules inject.
        fetched.fetchedAt = context.now
        // Credentials in a URL are for fetching only: never stored, logged or announced.
        fetched.url = URLRedaction.redacted(fetched.url)
        guard let plan = try plan(fetched, source: context.source, sourceID: context.record.id) else {
            summary.unchanged += 1
            return
        }
        let announced = announce && plan.isAnnounced
        let now = context.now
        // Awaits the commit; other passes analyse meanwhile, and documents that meet at the writer share one.
        let stored = try await store.insert(plan.newDocument, endpoints: context.endpoints) { document in
            guard announced, let event = plan.event(for: document, at: now) else { return [] }
            return [event]
        }
        summary.stored.append(stored.document)
        summary.events += stored.events.map(\.event)
        context.logger.info("stored document", metadata: [
            "document.id": "\(stored.document.id)", "document.url": "\(stored.document.url)",
            "report.id": "\(stored.document.reportID ?? 0)", "document.revision": "\(stored.document.revision)",
            "events": "\(stored.events.map(\.event.type.rawValue).joined(separator: ","))",
        ])
    }

    /// What storing a fetched document would do, without writing anything (`reportwatch check` shows this):
    /// nil when its content is already stored.
    public func plan(_ fetched: FetchedDocument, source: SourceConfig, sourceID: Int64) throws -> IngestPlan? {
        let document = try parser.parse(fetched)
        // An empty text is no report: stored, it would be announced as a revision that removed everything.
        if document.text.allSatisfy(\.isWhitespace) {
            throw ParseError(url: fetched.url, reason: document.format == .html
                ? "no readable text (an empty page, or one whose text is all script or hidden markup)"
                : "no readable text in the \(document.format.rawValue) document")
        }
        let hash = ContentHash.of(document)
        // Read before the analysis, with the check for known content: a source's passes never overlap, so its
        // reports stay as read until this document is stored.
        guard let known = try store.knownReports(sourceID: sourceID, unlessHolding: hash) else { return nil }
        try Task.checkCancellation()
        let analysis = analyzer.analyze(document)
        // Analysis of a long document takes a while; a pass cancelled meanwhile stores nothing.
        try Task.checkCancellation()
        let decision = ReportIdentity.decide(
            url: fetched.url, itemID: fetched.itemID, period: analysis.period?.label, contentAlreadyStored: false,
            known: known.map { ReportIdentity.Known(id: $0.id, url: $0.url, itemID: $0.itemID, period: $0.period) })
        var plan = IngestPlan(
            source: SourceReference(name: source.name, kind: source.kind, location: source.location),
            fetched: fetched, document: document, contentHash: hash, analysis: analysis, sourceID: sourceID)
        switch decision {
        case .alreadySeen:
            return nil
        case .newReport:
            // The first report of a series is compared with nothing: its themes and speakers are all new.
            plan.changes = differ.changes(from: Analysis.empty, to: analysis)
            if let earlier = ReportSeries.previous(before: analysis.period, in: known),
               let record = try store.report(id: earlier.id), let documentID = record.latestDocumentID,
               let earlierAnalysis = try store.analysis(documentID: documentID)
            {
                plan.previous = record.reference
                plan.changes = differ.changes(from: earlierAnalysis, to: analysis)
            }
        case .revision(let reportID):
            plan.placement = .revision(of: reportID)
            plan.type = .reportRevised
            if let record = try store.report(id: reportID), let documentID = record.latestDocumentID {
                plan.previous = record.reference
                let blocks = (try store.documentBlocks(id: documentID) ?? []).map(\.text)
                if let earlierAnalysis = try store.analysis(documentID: documentID) {
                    plan.changes = differ.revision(
                        from: earlierAnalysis, blocks, to: analysis, document.blocks.map(\.text))
                } else {
                    plan.changes.revision = ChangeSetBuilder.paragraphDifference(blocks, document.blocks.map(\.text))
                }
            }
        }
        return plan
    }
}

/// A document ready to be stored, with what it changes in its series.
public struct IngestPlan: Sendable {
    public var source: SourceReference
    public var fetched: FetchedDocument
    public var document: Document
    public var contentHash: String
    public var analysis: Analysis
    public var sourceID: Int64
    public var placement: ReportPlacement = .newReport
    public var type: EventType = .reportPublished
    public var previous: ReportReference?
    public var changes = ChangeSet()

    /// A new report is always news; a revision only when its change set says something.
    public var isAnnounced: Bool { type == .reportPublished || !changes.isEmpty }

    var newDocument: NewDocument {
        NewDocument(sourceID: sourceID, fetched: fetched, document: document, contentHash: contentHash,
                    placement: placement, analysis: analysis)
    }

    /// The event for the stored document (which brings the report id and revision number).
    public func event(for stored: DocumentRecord?, at date: Date) -> Event? {
        let reportID: Int64
        let revision: Int
        if let stored {
            guard let id = stored.reportID else { return nil }
            (reportID, revision) = (id, stored.revision)
        } else {
            // Not stored (a dry run): the numbers it would get.
            switch placement {
            case .newReport: (reportID, revision) = (0, 1)
            case .revision(let id): (reportID, revision) = (id, (previous?.revision ?? 0) + 1)
            }
        }
        let report = ReportReference(
            id: reportID, title: document.title, url: fetched.url, period: analysis.period?.label,
            published: document.published, revision: revision)
        return Event(type: type, id: Event.makeID(at: date), timestamp: date,
                     data: EventData(source: source, report: report, previous: previous, changes: changes))
    }
}

/// What one pass over one source did.
public struct PassSummary: Sendable {
    public var source: String
    public var stored: [DocumentRecord] = []
    public var events: [Event] = []
    public var unchanged = 0
    public var errors: [String] = []
    /// Shutdown cancelled the pass before it finished; nothing about it was recorded.
    public var cancelled = false
    /// When the source is due again, as recorded.
    public var nextCheckAt: Date?

    public init(source: String) {
        self.source = source
    }
}

/// How the reports of a series are ordered: by period when both have one, else by when they were first seen.
enum ReportSeries {
    /// The report a new report with `period` follows: the latest known report of an earlier period, or, when
    /// periods are unknown, the latest report seen.
    static func previous(before period: ReportPeriod?, in known: [KnownReport]) -> KnownReport? {
        guard let period else { return known.last }
        let dated = known.compactMap { report in
            report.period.flatMap(ReportPeriod.init(label:)).map { (report, $0) }
        }
        if let earlier = dated.filter({ $0.1 < period }).max(by: { $0.1 < $1.1 }) { return earlier.0 }
        // Known reports without a period are ordered by arrival.
        return dated.isEmpty ? known.last : nil
    }
}
