import Foundation

/// What changed in substance between two analyses of a series.
public struct ChangeSet: Sendable, Codable, Hashable {
    public var themes: [ThemeChange]
    public var speakers: [SpeakerChange]
    /// For a revision: the paragraphs the edit added and removed.
    public var revision: RevisionSummary?

    public init(themes: [ThemeChange] = [], speakers: [SpeakerChange] = [], revision: RevisionSummary? = nil) {
        self.themes = themes
        self.speakers = speakers
        self.revision = revision
    }

    public var isEmpty: Bool {
        themes.isEmpty && speakers.isEmpty && (revision?.isEmpty ?? true)
    }
}

public struct ThemeChange: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable { case added, removed, rising, falling }

    /// A theme's standing in one report.
    public struct Standing: Sendable, Codable, Hashable {
        public var score: Double
        public var rank: Int
        public init(score: Double, rank: Int) {
            self.score = score
            self.rank = rank
        }
    }

    public var change: Kind
    public var key: String
    public var label: String
    public var previous: Standing?
    public var current: Standing?
    /// From the report where the theme appears (the new one, except for `removed`).
    public var evidence: [Evidence]

    public init(change: Kind, key: String, label: String, previous: Standing?, current: Standing?, evidence: [Evidence]) {
        self.change = change
        self.key = key
        self.label = label
        self.previous = previous
        self.current = current
        self.evidence = evidence
    }
}

public struct SpeakerChange: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable { case added, removed, changed }

    /// Title and organisation as one report gives them.
    public struct Role: Sendable, Codable, Hashable {
        public var title: String?
        public var organization: String?
        public init(title: String?, organization: String?) {
            self.title = title
            self.organization = organization
        }
    }

    public var change: Kind
    public var name: String
    public var previous: Role?
    public var current: Role?
    public var evidence: [Evidence]

    public init(change: Kind, name: String, previous: Role?, current: Role?, evidence: [Evidence]) {
        self.change = change
        self.name = name
        self.previous = previous
        self.current = current
        self.evidence = evidence
    }
}

public struct RevisionSummary: Sendable, Codable, Hashable {
    public var paragraphsAdded: [String]
    public var paragraphsRemoved: [String]

    public init(paragraphsAdded: [String], paragraphsRemoved: [String]) {
        self.paragraphsAdded = paragraphsAdded
        self.paragraphsRemoved = paragraphsRemoved
    }

    public var isEmpty: Bool { paragraphsAdded.isEmpty && paragraphsRemoved.isEmpty }

    enum CodingKeys: String, CodingKey {
        case paragraphsAdded = "paragraphs_added"
        case paragraphsRemoved = "paragraphs_removed"
    }
}
