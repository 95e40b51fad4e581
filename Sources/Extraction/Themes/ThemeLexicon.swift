/// Named themes a user wants tracked under one key, each with the phrases and synonyms that count for it
/// (`"rural revitalisation": ["rural revitalization", "rural rejuvenation", "countryside"]`).
///
/// Phrases match whole words after the same folding the extractor applies (case, plurals, British/American
/// spelling, hyphen and spacing variants), so `"village development"` also matches `"Village-Developments"`.
/// The default lexicon is empty: themes then come from the document alone.
public struct ThemeLexicon: Sendable, Hashable {
    /// Theme name → phrases and synonyms. The name itself always counts as a phrase.
    public var entries: [String: [String]]

    public init(entries: [String: [String]] = [:]) {
        self.entries = entries
    }

    public var isEmpty: Bool { entries.isEmpty }
}
