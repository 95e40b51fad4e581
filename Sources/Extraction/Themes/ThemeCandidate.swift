import ReportModel

/// A scored theme before de-duplication and normalisation.
struct ThemeCandidate {
    var key: String
    var label: String
    /// Unnormalised salience: weighted occurrences × phrase-length and spread factors (see `ThemeExtractor`).
    var raw: Double
    var occurrences: Int
    /// The sentence of each occurrence, for evidence (counted per sentence only for the themes listed).
    var hitSentences: [Int]
    /// Folded words (English) or characters (Chinese), to tell a phrase contained in another.
    var units: [String]
    /// Came from the lexicon: never merged into a discovered phrase.
    var fromLexicon: Bool = false
    /// Where the analysis finds it again to write its label (English: token positions of occurrences).
    var source: [Int] = []

    /// Sentence index → occurrences in that sentence.
    var sentenceHits: [(sentence: Int, count: Int)] {
        var counts: [(sentence: Int, count: Int)] = []
        for sentence in hitSentences.sorted() {
            if let last = counts.last, last.sentence == sentence {
                counts[counts.count - 1].count += 1
            } else {
                counts.append((sentence, 1))
            }
        }
        return counts
    }

    /// Whether `units` occur contiguously inside `other`'s units.
    func isContained(in other: ThemeCandidate) -> Bool {
        let inner = units
        let outer = other.units
        guard inner.count < outer.count, !inner.isEmpty else { return false }
        for start in 0...(outer.count - inner.count) where outer[start] == inner[0] {
            if (1..<inner.count).allSatisfy({ outer[start + $0] == inner[$0] }) { return true }
        }
        return false
    }
}

/// What one language's analysis hands to the extractor.
struct ThemeAnalysis {
    var candidates: [ThemeCandidate]
    /// Content words (or Chinese character bigram equivalents) in the weighted text: the length normaliser.
    var contentMass: Double
    var sentences: [Sentence]
    /// Per sentence, 0 for boilerplate and bylines.
    var sentenceWeights: [Double]
    /// The readable label of a candidate whose `label` is empty, computed only for listed themes.
    var label: (ThemeCandidate) -> String = { $0.key }
}
