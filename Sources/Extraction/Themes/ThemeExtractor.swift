import Foundation
import ReportModel

/// Finds what a document is about: a ranked list of themes with canonical keys, readable labels, normalised
/// scores, occurrence counts and evidence sentences. Deterministic; no built-in vocabulary of topics.
///
/// English: candidate noun phrases (runs of content words between stop words and punctuation, 1–4 words, headed
/// by a noun-like word), folded for plurals, British/American spelling and hyphen or spacing variants
/// (`co -creation` = `co-creation`; the key drops the inner hyphen: `cocreation-mechanism`). Names, titles,
/// organisations, bylines and boilerplate are removed, using the given speakers and general cues (capitalised
/// runs, title words, organisation suffixes). Chinese: character n-grams kept when they repeat, hold together and
/// are freely bounded (no segmenter). A phrase contained in a better-ranked one is merged into it, and so is a
/// rare extension of one. Lexicon themes gather their phrases and synonyms under the lexicon's key.
///
/// **Score normalisation.** A theme's raw salience is the sum over its occurrences of
/// `sentence weight × (1 + 0.5 × (1 − relative position))` (boilerplate and bylines weigh 0; an occurrence nested
/// in a longer repeated phrase counts 0.3), times
/// - a length factor: English 1 word 0.45 (0.3 × that for general nouns such as `development`), 2 words 1,
///   3 words 1.2, 4 words 1.3; Chinese 2 characters 0.45, 3 0.8, 4 1, longer up to 1.3;
/// - for English phrases, `0.5 + cohesion`, the mean Dice coefficient of adjacent words (0–1);
/// - a spread factor `0.6 + 0.4 × √(paragraphs / occurrences)`.
///
/// The raw salience is divided by the document's content length, giving a density per 1000 content words
/// (Chinese: per 2000 Han characters), and `score = 1 − exp(−density / 20)`. Every factor is a ratio or a
/// per-occurrence weight, so the score is absolute rather than relative to the document's best theme: a theme
/// given the same emphasis per word in two quarters scores about the same whatever the reports' lengths, a rising
/// score means more emphasis, and added boilerplate changes nothing.
public struct ThemeExtractor: Sendable {
    public var lexicon: ThemeLexicon
    /// How many themes to return at most.
    public var limit: Int

    public init(lexicon: ThemeLexicon = ThemeLexicon()) {
        self.lexicon = lexicon
        self.limit = 30
    }

    /// Density (per 1000 content words) that maps to a score of 1 − 1/e ≈ 0.63.
    static let densityScale = 20.0
    static let evidencePerTheme = 3
    static let minimumExtensionCount = 3

    public func extract(from document: Document, speakers: [Speaker]) -> [Theme] {
        extract(PreparedText(document), speakers: speakers)
    }

    func extract(_ text: PreparedText, speakers: [Speaker]) -> [Theme] {
        let analysis =
            Self.isChinese(text.document)
            ? ChineseThemes(speakers: speakers, lexicon: lexicon).analyse(text)
            : EnglishThemes(speakers: speakers, lexicon: lexicon).analyse(text)
        guard !analysis.candidates.isEmpty else { return [] }

        let ranked = analysis.candidates.sorted { a, b in
            if a.raw != b.raw { return a.raw > b.raw }
            return a.key < b.key
        }
        // A phrase contained in a better one is merged into it, not listed twice; so is a rare extension of a
        // better one (`public welfare projects` after `public welfare`), while an extension used often enough
        // to be a theme of its own stays (`sustainable social value` next to `social value`).
        var selected: [ThemeCandidate] = []
        for candidate in ranked {
            if !candidate.fromLexicon, selected.contains(where: { candidate.isContained(in: $0) }) { continue }
            if !candidate.fromLexicon, selected.contains(where: { better in
                better.isContained(in: candidate)
                    && candidate.occurrences < max(Self.minimumExtensionCount, better.occurrences / 4)
            }) {
                continue
            }
            if selected.contains(where: { $0.key == candidate.key }) { continue }
            selected.append(candidate)
            if selected.count == limit { break }
        }

        let perThousand = 1000 / max(analysis.contentMass, 200)
        return selected.map { candidate in
            let density = candidate.raw * perThousand
            let score = 1 - exp(-density / Self.densityScale)
            return Theme(
                key: candidate.key, label: candidate.label.isEmpty ? analysis.label(candidate) : candidate.label,
                score: (score * 1000).rounded() / 1000,
                occurrences: candidate.occurrences, evidence: evidence(for: candidate, in: analysis))
        }
    }

    /// The sentences where the theme is densest, preferring ones of readable length, then earlier ones.
    private func evidence(for candidate: ThemeCandidate, in analysis: ThemeAnalysis) -> [Evidence] {
        let ranked = candidate.sentenceHits.filter { analysis.sentenceWeights[$0.sentence] > 0 }.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            let readableA = Self.isReadable(analysis.sentences[a.sentence])
            let readableB = Self.isReadable(analysis.sentences[b.sentence])
            if readableA != readableB { return readableA }
            return a.sentence < b.sentence
        }
        return ranked.prefix(Self.evidencePerTheme).map { analysis.sentences[$0.sentence].evidence }
    }

    private static func isReadable(_ sentence: Sentence) -> Bool {
        let length = sentence.end - sentence.start
        return length >= 30 && length <= 400
    }

    /// Chinese when the language says so, or when CJK characters outnumber Latin letters.
    static func isChinese(_ document: Document) -> Bool {
        if let language = document.language?.lowercased() {
            if language.hasPrefix("zh") { return true }
            if language.hasPrefix("en") { return false }
        }
        // UTF-8 lead bytes E3–E9 start CJK characters (U+3000–U+9FFF).
        var cjk = 0
        var latin = 0
        var text = document.text
        text.withUTF8 { bytes in
            for byte in bytes.prefix(60_000) {
                if byte >= 0xE3 && byte <= 0xE9 {
                    cjk += 1
                } else if (byte | 32) >= 97 && (byte | 32) <= 122 {
                    latin += 1
                }
            }
        }
        return cjk * 2 > latin
    }
}
