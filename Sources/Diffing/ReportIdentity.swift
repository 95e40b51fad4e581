import ReportModel

/// Decides what a freshly fetched document is to its series.
public enum ReportIdentity {
    public enum Decision: Sendable, Hashable {
        /// The same content is already stored for this source (also an old version flipping back): nothing to do.
        case alreadySeen
        /// A new version of a known report.
        case revision(of: Int64)
        /// A new report of the series.
        case newReport
    }

    /// A report the store knows, reduced to what identity looks at.
    public struct Known: Sendable, Hashable {
        public var id: Int64
        public var url: String
        public var itemID: String?
        public var period: String?

        public init(id: Int64, url: String, itemID: String?, period: String?) {
            self.id = id
            self.url = url
            self.itemID = itemID
            self.period = period
        }
    }

    /// A fetched document is a revision of a known report when it has the same feed id, else the same URL, else the
    /// same period; but two documents with different known periods are different reports even at one URL (a `page`
    /// source that publishes each quarter in place).
    public static func decide(
        url: String, itemID: String?, period: String?, contentAlreadyStored: Bool, known: [Known]
    ) -> Decision {
        if contentAlreadyStored { return .alreadySeen }
        func periodsConflict(_ report: Known) -> Bool {
            if let period, let other = report.period { return period != other }
            return false
        }
        // Newest first: a revision belongs to the latest report that matches.
        let candidates = known.reversed()
        if let itemID, let match = candidates.first(where: { $0.itemID == itemID && !periodsConflict($0) }) {
            return .revision(of: match.id)
        }
        if let match = candidates.first(where: { $0.url == url && !periodsConflict($0) }) {
            return .revision(of: match.id)
        }
        if let period, let match = candidates.first(where: { $0.period == period }) {
            return .revision(of: match.id)
        }
        return .newReport
    }
}
