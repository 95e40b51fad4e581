import Config
import Foundation
import Logging
import ReportModel
import Store

/// The events about a source's health, decided after each pass.
extension Pipeline {
    /// `source.failing` once after `daemon.failure_threshold` consecutive failed passes; `source.recovered` on the
    /// first success after it.
    func announceHealth(_ context: PassContext, after: SourceRecord, summary: inout PassSummary) throws {
        let before = context.record
        let type: EventType
        if after.consecutiveFailures >= context.configuration.daemon.failureThreshold, after.failingSince == nil {
            type = .sourceFailing
            try store.setFailingSince(sourceID: after.id, context.now)
        } else if after.consecutiveFailures == 0, after.failingSince != nil {
            type = .sourceRecovered
            try store.setFailingSince(sourceID: after.id, nil)
        } else {
            return
        }
        let failure = type == .sourceFailing
            ? FailureDetails(consecutiveFailures: after.consecutiveFailures, error: after.lastError, since: context.now)
            : FailureDetails(consecutiveFailures: before.consecutiveFailures, error: before.lastError,
                             since: after.failingSince)
        try announce(type, context, sourceID: after.id, data: EventData(source: reference(context), failure: failure),
                     summary: &summary)
    }

    /// `source.overdue` once per latest report: when no new report came within the cadence plus grace after it
    /// (after the source was added, when it has none).
    func announceOverdue(_ context: PassContext, record: SourceRecord, summary: inout PassSummary) throws {
        guard let cadence = context.source.cadence else { return }
        let latest = try store.knownReports(sourceID: record.id).max { a, b in a.firstSeenAt < b.firstSeenAt }
        let latestID = latest?.id ?? 0
        guard record.overdueReportID != latestID else { return }
        let lastReportAt = try latest.flatMap { try store.report(id: $0.id) }.map { $0.publishedAt ?? $0.firstSeenAt }
        let expectedBy = cadence.after(lastReportAt ?? record.createdAt)
            .addingTimeInterval(context.source.grace.timeInterval)
        guard context.now > expectedBy else { return }
        let overdue = OverdueDetails(cadence: cadence.description, lastReportAt: lastReportAt, expectedBy: expectedBy)
        try announce(.sourceOverdue, context, sourceID: record.id,
                     data: EventData(source: reference(context), overdue: overdue), summary: &summary)
        try store.setOverdue(sourceID: record.id, reportID: latestID)
    }

    private func reference(_ context: PassContext) -> SourceReference {
        SourceReference(name: context.source.name, kind: context.source.kind, location: context.source.location)
    }

    private func announce(
        _ type: EventType, _ context: PassContext, sourceID: Int64, data: EventData, summary: inout PassSummary
    ) throws {
        let event = Event(type: type, id: Event.makeID(at: context.now), timestamp: context.now, data: data)
        try store.append([event], sourceID: sourceID, endpoints: context.endpoints)
        summary.events.append(event)
        context.logger.notice("\(type.rawValue)", metadata: ["event.id": "\(event.id)"])
    }
}
