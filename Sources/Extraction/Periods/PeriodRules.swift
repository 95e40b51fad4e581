import ReportModel

/// The period rules, one scanner each. Each reads at the cursor as its regular expression would match there
/// (the expression is in the comment, case-insensitive, as NSRegularExpression ran it), and returns nil when the
/// expression would not match. Where an expression has alternatives, the comment says why reading once decides.
/// A leading `\b` is tested once the cheaper reads after it have matched: it depends on the start alone.
extension PeriodDetector {
    /// A rule's match. It ends the rule's scan (the next match of that rule starts after it) even when its numbers
    /// make no period, as "Q3 1985" does.
    struct RuleMatch {
        var period: ReportPeriod?
    }

    /// The rules in the order their expressions ran, which orders mentions at the same offset.
    enum Rule: Int, CaseIterable {
        case quarterThenYear, fiscalYearThenQuarter, compactQuarterOrHalf, ordinalQuarterThenYear
        case yearThenOrdinalQuarter, halfThenYear, fullOrFiscalYear
        case chineseQuarter, chineseYearThenQ, chineseHalf, chineseAnnualReport

        /// The characters a match can start with.
        var firstCharacters: String {
            switch self {
            case .quarterThenYear: "Qq"
            case .fiscalYearThenQuarter, .fullOrFiscalYear: "Ff"
            case .compactQuarterOrHalf: "1234"
            case .ordinalQuarterThenYear: "FfSsTt1234"
            case .yearThenOrdinalQuarter: "Ff12"
            case .halfThenYear: "FfSs12Hh"
            case .chineseQuarter: "1234第一二三四"
            case .chineseYearThenQ, .chineseAnnualReport: "12"
            case .chineseHalf: "12上下"
            }
        }

        /// The bytes that can follow a match's first byte. A Chinese rule's first character may take three bytes:
        /// its list holds their second bytes (第 E7 AC, 一 三 上 下 E4 B8, 二 E4 BA, 四 E5 9B), and after a quarter's
        /// digit the first byte of a space or of 季 (E5).
        var secondBytes: [UInt8] {
            let years = Array("90".utf8)
            switch self {
            case .quarterThenYear: return Array("1234".utf8)
            case .fiscalYearThenQuarter: return Array("Yy".utf8)
            case .compactQuarterOrHalf: return Array("QqHh".utf8)
            case .ordinalQuarterThenYear: return Array("IiOoEeHhSsNnRrTt".utf8)
            case .yearThenOrdinalQuarter: return Array("IiYy".utf8) + years
            case .halfThenYear: return Array("IiEeSsNn12".utf8)
            case .fullOrFiscalYear: return Array("UuIiYy".utf8)
            case .chineseQuarter: return years + Self.spaceFirstBytes + [0xE5, 0xAC, 0xB8, 0xBA, 0x9B]
            case .chineseYearThenQ, .chineseAnnualReport: return years
            case .chineseHalf: return years + [0xB8]
            }
        }

        /// First bytes of the white-space characters: ASCII ones, U+0085 and U+00A0 (C2), U+1680 (E1),
        /// U+2000–U+205F (E2), U+3000 (E3).
        static let spaceFirstBytes: [UInt8] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xC2, 0xE1, 0xE2, 0xE3]

        func match(_ cursor: inout PeriodCursor, fallbackYear: Int?) -> RuleMatch? {
            switch self {
            case .quarterThenYear: PeriodDetector.quarterThenYear(&cursor)
            case .fiscalYearThenQuarter: PeriodDetector.fiscalYearThenQuarter(&cursor)
            case .compactQuarterOrHalf: PeriodDetector.compactQuarterOrHalf(&cursor)
            case .ordinalQuarterThenYear: PeriodDetector.ordinalQuarterThenYear(&cursor)
            case .yearThenOrdinalQuarter: PeriodDetector.yearThenOrdinalQuarter(&cursor)
            case .halfThenYear: PeriodDetector.halfThenYear(&cursor)
            case .fullOrFiscalYear: PeriodDetector.fullOrFiscalYear(&cursor)
            case .chineseQuarter: PeriodDetector.chineseQuarter(&cursor, fallbackYear: fallbackYear)
            case .chineseYearThenQ: PeriodDetector.chineseYearThenQ(&cursor)
            case .chineseHalf: PeriodDetector.chineseHalf(&cursor, fallbackYear: fallbackYear)
            case .chineseAnnualReport: PeriodDetector.chineseAnnualReport(&cursor)
            }
        }
    }

    /// For each byte, the rules (bit `i` for the rule whose raw value is `i`) whose matches can start with it.
    static let rulesStartingWith = byteTable { $0.firstCharacters.map { $0.utf8.first ?? 0 } }

    /// For each byte, the rules whose matches can have it as their second byte: with the first, a cheap filter
    /// before a rule is tried ("the" is no ordinal, "has" no half, "15%" no year).
    static let rulesFollowedBy = byteTable(\.secondBytes)

    static func byteTable(_ bytes: (Rule) -> [UInt8]) -> [UInt16] {
        var table = [UInt16](repeating: 0, count: 256)
        for rule in Rule.allCases {
            for byte in bytes(rule) { table[Int(byte)] |= 1 << rule.rawValue }
        }
        return table
    }

    /// 2022 and 2023 are report years; 1985 and 2150 read as years but are not plausible ones.
    static func plausible(_ year: Int) -> Int? {
        (1990...2100).contains(year) ? year : nil
    }

    static let quarterPrepositions: [StaticString] = ["of", "for", "ended", "in"]
    static let chineseNumerals: [StaticString] = ["一", "二", "三", "四"]
    static let chineseReportWords: [StaticString] = ["报告", "业绩", "财报"]
    static let ordinalWords: [StaticString] = ["first", "second", "third", "fourth"]

    /// Q3 2022, Q3 FY2025, Q3 fiscal 2025, Q3'22, Q3-22.
    /// `\bQ([1-4])\s*[-'’]?\s*(FY|fiscal(?:\s+year)?\s*)?((?:19|20)\d{2}|\d{2})\b`
    static func quarterThenYear(_ cursor: inout PeriodCursor) -> RuleMatch? {
        let start = cursor.position
        guard cursor.literal("q"), cursor.isWordBoundary(at: start), let quarter = cursor.digit(in: 1...4) else { return nil }
        cursor.skipSpaces()
        _ = cursor.literal("-") || cursor.literal("'") || cursor.literal("’")
        cursor.skipSpaces()
        let fiscal = cursor.fiscalMarker(spaced: false)
        guard let year = cursor.year(twoDigits: true, boundary: true) else { return nil }
        return RuleMatch(period: plausible(year).map { ReportPeriod(kind: .quarter, year: $0, index: quarter, fiscal: fiscal) })
    }

    /// FY24 Q1, FY2025 Q3, FY2025-Q3.
    /// `\bFY\s?((?:19|20)\d{2}|\d{2})\s*[-/ ]?\s*Q([1-4])\b`; the two-digit year is tried only when no four-digit
    /// one reads, since after "20" of "2025" comes a digit, where `Q` cannot.
    static func fiscalYearThenQuarter(_ cursor: inout PeriodCursor) -> RuleMatch? {
        let start = cursor.position
        guard cursor.literal("fy"), cursor.isWordBoundary(at: start) else { return nil }
        cursor.space()
        guard let year = cursor.year(twoDigits: true, boundary: false) else { return nil }
        cursor.skipSpaces()
        _ = cursor.literal("-") || cursor.literal("/")
        cursor.skipSpaces()
        guard cursor.literal("q"), let quarter = cursor.digit(in: 1...4), cursor.atWordBoundary else { return nil }
        return RuleMatch(period: plausible(year).map { ReportPeriod(kind: .quarter, year: $0, index: quarter, fiscal: true) })
    }

    /// 3Q22, 3Q 2022, 1H23, 2H 2023 ("3H23" reads, but a third half is no period).
    /// `\b([1-4])([QH])\s?((?:19|20)\d{2}|\d{2})\b`
    static func compactQuarterOrHalf(_ cursor: inout PeriodCursor) -> RuleMatch? {
        let start = cursor.position
        guard let index = cursor.digit(in: 1...4) else { return nil }
        let kind: ReportPeriod.Kind
        if cursor.literal("q") {
            kind = .quarter
        } else if cursor.literal("h") {
            kind = .half
        } else {
            return nil
        }
        cursor.space()
        guard let year = cursor.year(twoDigits: true, boundary: true), cursor.isWordBoundary(at: start) else { return nil }
        guard kind == .quarter || index <= 2 else { return RuleMatch(period: nil) }
        return RuleMatch(period: plausible(year).map { ReportPeriod(kind: kind, year: $0, index: index) })
    }

    /// third quarter of 2022, third quarter of fiscal 2025, third quarter 2022, third-quarter fiscal 2025.
    /// `\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?:\s+(?:of|for|ended|in))?\s+`
    /// `(fiscal(?:\s+year)?\s+|FY\s?)?((?:19|20)\d{2})\b`; a preposition read is kept, since without it the year or
    /// fiscal marker would have to start at the preposition.
    static func ordinalQuarterThenYear(_ cursor: inout PeriodCursor) -> RuleMatch? {
        let start = cursor.position
        guard let quarter = cursor.ordinal(upTo: 4), cursor.literal("-") || cursor.literal(" "), cursor.literal("quarter"),
            cursor.isWordBoundary(at: start)
        else { return nil }
        let afterQuarter = cursor.position
        if !(cursor.skipSpaces() && cursor.firstOf(quarterPrepositions) != nil) { cursor.position = afterQuarter }
        guard cursor.skipSpaces() else { return nil }
        let fiscal = cursor.fiscalMarker(spaced: true)
        guard let year = cursor.year(twoDigits: false, boundary: true) else { return nil }
        return RuleMatch(period: plausible(year).map { ReportPeriod(kind: .quarter, year: $0, index: quarter, fiscal: fiscal) })
    }

    /// fiscal 2025 third quarter, 2022 third quarter.
    /// `\b(fiscal(?:\s+year)?\s+|FY\s?)?((?:19|20)\d{2})\s+(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b`
    static func yearThenOrdinalQuarter(_ cursor: inout PeriodCursor) -> RuleMatch? {
        let start = cursor.position
        let fiscal = cursor.fiscalMarker(spaced: true)
        guard let year = cursor.year(twoDigits: false, boundary: false), cursor.isWordBoundary(at: start), cursor.skipSpaces(),
            let quarter = cursor.ordinal(upTo: 4), cursor.literal("-") || cursor.literal(" "),
            cursor.literal("quarter"), cursor.atWordBoundary
        else { return nil }
        return RuleMatch(period: plausible(year).map { ReportPeriod(kind: .quarter, year: $0, index: quarter, fiscal: fiscal) })
    }

    /// first half of 2023, second half 2022, H1 2023, H1 FY24.
    /// `\b(?:(first|second|1st|2nd)\s+half(?:\s+of)?|H([12]))\s+(fiscal(?:\s+year)?\s+|FY\s?)?((?:19|20)\d{2}|\d{2})\b`;
    /// an "of" read is kept, since without it the year or fiscal marker would have to start at "of".
    static func halfThenYear(_ cursor: inout PeriodCursor) -> RuleMatch? {
        let start = cursor.position
        let half: Int
        if let ordinal = cursor.ordinal(upTo: 2) {
            guard cursor.skipSpaces(), cursor.literal("half") else { return nil }
            let afterHalf = cursor.position
            if !(cursor.skipSpaces() && cursor.literal("of")) { cursor.position = afterHalf }
            half = ordinal
        } else if cursor.literal("h"), let digit = cursor.digit(in: 1...2) {
            half = digit
        } else {
            return nil
        }
        guard cursor.isWordBoundary(at: start), cursor.skipSpaces() else { return nil }
        let fiscal = cursor.fiscalMarker(spaced: true)
        guard let year = cursor.year(twoDigits: true, boundary: true) else { return nil }
        return RuleMatch(period: plausible(year).map { ReportPeriod(kind: .half, year: $0, index: half, fiscal: fiscal) })
    }

    /// full year 2022, fiscal year 2024, fiscal 2024 results; not "fiscal 2024 third quarter" nor "FY2024 Q3",
    /// which the quarter rules read.
    /// `\b(?:full[- ]year|fiscal\s+year|fiscal|FY)\s?((?:19|20)\d{2})\b`
    /// `(?!\s*(?:Q[1-4]|first|second|third|fourth|[1-4](?:st|nd|rd|th)))`; when "fiscal year" reads, plain "fiscal"
    /// would leave the year to start at "year".
    static func fullOrFiscalYear(_ cursor: inout PeriodCursor) -> RuleMatch? {
        let start = cursor.position
        if cursor.literal("full") {
            guard cursor.literal("-") || cursor.literal(" "), cursor.literal("year") else { return nil }
        } else if cursor.literal("fiscal") {
            let afterFiscal = cursor.position
            if !(cursor.skipSpaces() && cursor.literal("year")) { cursor.position = afterFiscal }
        } else if !cursor.literal("fy") {
            return nil
        }
        cursor.space()
        guard let year = cursor.year(twoDigits: false, boundary: true), cursor.isWordBoundary(at: start) else { return nil }
        var next = cursor
        next.skipSpaces()
        func follows(_ read: (inout PeriodCursor) -> Bool) -> Bool {
            var lookahead = next
            return read(&lookahead)
        }
        if follows({ $0.literal("q") && $0.digit(in: 1...4) != nil })
            || follows({ $0.firstOf(ordinalWords) != nil })
            || follows({ $0.digit(in: 1...4) != nil && $0.firstOf(PeriodCursor.ordinalSuffixes) != nil })
        {
            return nil
        }
        return RuleMatch(period: plausible(year).map { ReportPeriod(kind: .year, year: $0, fiscal: true) })
    }

    /// 2022年第三季度, 2022年三季度, 2022年度第三季度, 第三季度 (the year from the publish date).
    /// `(?:((?:19|20)\d{2})\s*年\s*(?:度\s*)?)?(?:第\s*)?([一二三四1-4])\s*季度`
    static func chineseQuarter(_ cursor: inout PeriodCursor, fallbackYear: Int?) -> RuleMatch? {
        func quarter(_ cursor: inout PeriodCursor) -> Int? {
            if cursor.literal("第") { cursor.skipSpaces() }
            guard let number = cursor.digit(in: 1...4) ?? cursor.firstOf(chineseNumerals).map({ $0 + 1 }) else { return nil }
            cursor.skipSpaces()
            return cursor.literal("季度") ? number : nil
        }
        return optionalYear(&cursor, fallbackYear: fallbackYear, afterYear: { cursor in
            if cursor.literal("度") { cursor.skipSpaces() }
        }, then: quarter) { ReportPeriod(kind: .quarter, year: $0, index: $1) }
    }

    /// 2022年Q3.
    /// `((?:19|20)\d{2})\s*年\s*Q([1-4])`
    static func chineseYearThenQ(_ cursor: inout PeriodCursor) -> RuleMatch? {
        guard let year = chineseYear(&cursor), cursor.literal("q"), let quarter = cursor.digit(in: 1...4) else { return nil }
        return RuleMatch(period: plausible(year).map { ReportPeriod(kind: .quarter, year: $0, index: quarter) })
    }

    /// 2023年上半年, 上半年, 下半年 (the year from the publish date).
    /// `(?:((?:19|20)\d{2})\s*年\s*)?(上|下)半年`
    static func chineseHalf(_ cursor: inout PeriodCursor, fallbackYear: Int?) -> RuleMatch? {
        func half(_ cursor: inout PeriodCursor) -> Int? {
            let half = cursor.literal("上") ? 1 : cursor.literal("下") ? 2 : 0
            return half > 0 && cursor.literal("半年") ? half : nil
        }
        return optionalYear(&cursor, fallbackYear: fallbackYear, then: half) { ReportPeriod(kind: .half, year: $0, index: $1) }
    }

    /// `(YEAR 年)? PART`: the part after a year when one leads, else the part alone with the publish date's year. An
    /// implausible year falls back to the publish date's too, as the regex's optional group let it.
    private static func optionalYear(
        _ cursor: inout PeriodCursor, fallbackYear: Int?, afterYear: (inout PeriodCursor) -> Void = { _ in },
        then part: (inout PeriodCursor) -> Int?, period: (_ year: Int, _ index: Int) -> ReportPeriod
    ) -> RuleMatch? {
        let start = cursor.position
        if let year = chineseYear(&cursor) {
            afterYear(&cursor)
            if let index = part(&cursor) {
                return RuleMatch(period: (plausible(year) ?? fallbackYear).map { period($0, index) })
            }
            cursor.position = start
        }
        guard let index = part(&cursor) else { return nil }
        return RuleMatch(period: fallbackYear.map { period($0, index) })
    }

    /// 2022年度报告, 2022年年度业绩.
    /// `((?:19|20)\d{2})\s*年\s*(?:年\s*)?度\s*(?:报告|业绩|财报)`
    static func chineseAnnualReport(_ cursor: inout PeriodCursor) -> RuleMatch? {
        guard let year = chineseYear(&cursor) else { return nil }
        if cursor.literal("年") { cursor.skipSpaces() }
        guard cursor.literal("度") else { return nil }
        cursor.skipSpaces()
        guard cursor.firstOf(chineseReportWords) != nil else { return nil }
        return RuleMatch(period: plausible(year).map { ReportPeriod(kind: .year, year: $0) })
    }

    /// `((?:19|20)\d{2})\s*年\s*`, the year any Chinese rule may start with; the position is kept when it fails.
    static func chineseYear(_ cursor: inout PeriodCursor) -> Int? {
        let start = cursor.position
        guard let year = cursor.year(twoDigits: false, boundary: false) else { return nil }
        cursor.skipSpaces()
        guard cursor.literal("年") else {
            cursor.position = start
            return nil
        }
        cursor.skipSpaces()
        return year
    }
}
