import Foundation

/// A sentence (or part of one) that shows a finding, with Unicode-scalar offsets into `Document.text`.
public struct Evidence: Sendable, Codable, Hashable {
    public var text: String
    public var start: Int
    public var end: Int

    public init(text: String, start: Int, end: Int) {
        self.text = text
        self.start = start
        self.end = end
    }
}

/// A named person whose words the document gives.
public struct Speaker: Sendable, Codable, Hashable {
    /// Canonical name: the fullest form used.
    public var name: String
    public var aliases: [String]
    public var title: String?
    public var organization: String?
    public var mentions: Int
    public var evidence: [Evidence]

    public init(
        name: String, aliases: [String] = [], title: String? = nil, organization: String? = nil, mentions: Int,
        evidence: [Evidence]
    ) {
        self.name = name
        self.aliases = aliases
        self.title = title
        self.organization = organization
        self.mentions = mentions
        self.evidence = evidence
    }
}

/// What a document is about.
public struct Theme: Sendable, Codable, Hashable {
    /// Canonical key, stable across documents (`rural-revitalisation`).
    public var key: String
    public var label: String
    /// 0–1, comparable between documents of the same source.
    public var score: Double
    public var occurrences: Int
    public var evidence: [Evidence]

    public init(key: String, label: String, score: Double, occurrences: Int, evidence: [Evidence]) {
        self.key = key
        self.label = label
        self.score = score
        self.occurrences = occurrences
        self.evidence = evidence
    }
}

/// The reporting period a document covers (`2022Q3`, `2023H1`, `FY2025`).
public struct ReportPeriod: Sendable, Codable, Hashable, Comparable {
    public enum Kind: String, Sendable, Codable, Hashable { case quarter, half, year, month }
    public var kind: Kind
    public var year: Int
    /// Quarter 1–4, half 1–2, month 1–12; nil for a year.
    public var index: Int?
    public var fiscal: Bool

    public init(kind: Kind, year: Int, index: Int? = nil, fiscal: Bool = false) {
        self.kind = kind
        self.year = year
        self.index = index
        self.fiscal = fiscal
    }

    /// Compact label used in ids and the CLI: `2022Q3`, `2023H1`, `2024M07`, `FY2025Q1`, `2022`.
    public var label: String {
        let prefix = fiscal ? "FY" : ""
        switch kind {
        case .year: return "\(prefix)\(year)"
        case .quarter: return "\(prefix)\(year)Q\(index ?? 0)"
        case .half: return "\(prefix)\(year)H\(index ?? 0)"
        case .month: return "\(prefix)\(year)M" + (index.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00")
        }
    }

    /// The period's end as months since year 0, for ordering a series.
    public var endMonth: Int {
        switch kind {
        case .year: return year * 12 + 12
        case .half: return year * 12 + (index ?? 2) * 6
        case .quarter: return year * 12 + (index ?? 4) * 3
        case .month: return year * 12 + (index ?? 12)
        }
    }

    public static func < (lhs: ReportPeriod, rhs: ReportPeriod) -> Bool {
        (lhs.endMonth, lhs.kind.rawValue) < (rhs.endMonth, rhs.kind.rawValue)
    }
}

/// Everything extraction found in one document.
public struct Analysis: Sendable, Codable, Hashable {
    public var speakers: [Speaker]
    public var themes: [Theme]
    public var period: ReportPeriod?
    /// Bumped when extraction changes, so stored analyses can be told apart.
    public var extractorVersion: Int

    /// Nothing found: what the first report of a series is compared with.
    public static let empty = Analysis(speakers: [], themes: [], period: nil, extractorVersion: 0)

    public init(speakers: [Speaker], themes: [Theme], period: ReportPeriod?, extractorVersion: Int) {
        self.speakers = speakers
        self.themes = themes
        self.period = period
        self.extractorVersion = extractorVersion
    }
}

extension ReportPeriod {
    /// Parses the compact `label` form back (`2022Q3`, `FY2025Q1`, `2023H1`, `2024M07`, `2022`).
    public init?(label: String) {
        var text = Substring(label)
        let fiscal = text.hasPrefix("FY")
        if fiscal { text = text.dropFirst(2) }
        guard text.count >= 4, let year = Int(text.prefix(4)) else { return nil }
        let rest = text.dropFirst(4)
        if rest.isEmpty {
            self.init(kind: .year, year: year, fiscal: fiscal)
            return
        }
        guard let marker = rest.first, let index = Int(rest.dropFirst()) else { return nil }
        switch marker {
        case "Q" where (1...4).contains(index): self.init(kind: .quarter, year: year, index: index, fiscal: fiscal)
        case "H" where (1...2).contains(index): self.init(kind: .half, year: year, index: index, fiscal: fiscal)
        case "M" where (1...12).contains(index): self.init(kind: .month, year: year, index: index, fiscal: fiscal)
        default: return nil
        }
    }
}
