#if canImport(FoundationEssentials)
import FoundationEssentials  // Date only: the detector needs no ICU
#else
import Foundation
#endif
import ReportModel

/// Finds the reporting period a document covers: "Q3 2022", "third quarter of fiscal 2025", "FY24 Q1",
/// "first half of 2023", "2022年第三季度", "上半年". The title wins over the text; in the text the most frequent
/// mention wins, the earliest breaking ties. A period without a year takes the publish date's year.
public struct PeriodDetector: Sendable {
    /// Only the opening of a long document is read, this many Unicode scalars: the period is stated early, and later
    /// mentions are often comparisons ("up from the third quarter of 2021").
    public var textLimit = 4000

    public init() {}

    public func period(of document: Document) -> ReportPeriod? {
        period(of: document, opening: { String(document.text.unicodeScalars.prefix(textLimit)) })
    }

    /// The same, with the document's text already decoded: its opening is sliced from the bytes, not walked to.
    func period(of document: Document, text: DecodedText) -> ReportPeriod? {
        period(of: document, opening: { text.text(0, min(textLimit, text.scalars.count)) })
    }

    /// `opening()`: the text's first `textLimit` scalars, asked for only when the text has more bytes than that.
    private func period(of document: Document, opening: () -> String) -> ReportPeriod? {
        // The UTC year, by arithmetic: a Foundation calendar costs more to build than the rest of this detector.
        let fallbackYear = document.published.map {
            CivilDate.date(daysSince1970: Int(($0.timeIntervalSince1970 / 86_400).rounded(.down))).year
        }
        if let title = document.title, let found = mentions(in: title, fallbackYear: fallbackYear).first {
            return found.period
        }
        // No more scalars than bytes: a text of at most `textLimit` bytes is its own opening. Counted in scalars, not
        // characters: walking grapheme clusters was half of this detector's cost.
        let found = mentions(in: document.text.utf8.count <= textLimit ? document.text : opening(), fallbackYear: fallbackYear)
        guard !found.isEmpty else { return nil }
        var counts: [ReportPeriod: (count: Int, first: Int)] = [:]
        for mention in found {
            let entry = counts[mention.period] ?? (0, mention.offset)
            counts[mention.period] = (entry.count + 1, min(entry.first, mention.offset))
        }
        return counts.max { a, b in
            a.value.count != b.value.count ? a.value.count < b.value.count : a.value.first > b.value.first
        }?.key
    }

    struct Mention: Equatable {
        var period: ReportPeriod
        /// UTF-8 offset of the match: it only orders mentions.
        var offset: Int
    }

    /// Every rule's matches, by offset, and at one offset in rule order. As with the regular expressions the rules
    /// replaced, a rule's next match starts after its previous one.
    func mentions(in text: String, fallbackYear: Int?) -> [Mention] {
        var text = text
        return text.withUTF8 { bytes in
            var found: [Mention] = []
            var resumeAt = [Int](repeating: 0, count: Rule.allCases.count)
            let rulesStartingWith = Self.rulesStartingWith
            let rulesFollowedBy = Self.rulesFollowedBy
            for start in bytes.indices {
                var candidates = rulesStartingWith[Int(bytes[start])]
                guard candidates != 0 else { continue }
                candidates &= rulesFollowedBy[start + 1 < bytes.count ? Int(bytes[start + 1]) : 0]
                while candidates != 0 {
                    let index = candidates.trailingZeroBitCount
                    candidates &= candidates - 1
                    guard start >= resumeAt[index], let rule = Rule(rawValue: index) else { continue }
                    var cursor = PeriodCursor(bytes: bytes, position: start)
                    guard let match = rule.match(&cursor, fallbackYear: fallbackYear) else { continue }
                    resumeAt[index] = cursor.position
                    if let period = match.period { found.append(Mention(period: period, offset: start)) }
                }
            }
            return found
        }
    }
}
