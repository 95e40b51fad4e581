/// The kinds of event ReportWatch emits; the webhook `type` field.
public enum EventType: String, Sendable, Codable, Hashable, CaseIterable {
    case reportPublished = "report.published"
    case reportRevised = "report.revised"
    case sourceFailing = "source.failing"
    case sourceRecovered = "source.recovered"
    case sourceOverdue = "source.overdue"
}
