import Foundation
import ReportModel

/// Finds the reporting period a document covers: "Q3 2022", "third quarter of fiscal 2025", "FY24 Q1",
/// "first half of 2023", "2022年第三季度", "上半年". The title wins over the text; in the text the most frequent
/// mention wins, the earliest breaking ties. A period without a year takes the publish date's year.
public struct PeriodDetector: Sendable {
    /// Only the opening of a long document is read: the period is stated early, and later mentions are often
    /// comparisons ("up from the third quarter of 2021").
    public var textLimit = 4000

    public init() {}

    public func period(of document: Document) -> ReportPeriod? {
        // The UTC year, by arithmetic: a Foundation calendar costs more to build than the rest of this detector.
        let fallbackYear = document.published.map {
            CivilDate.date(daysSince1970: Int(($0.timeIntervalSince1970 / 86_400).rounded(.down))).year
        }
        if let title = document.title, let found = mentions(in: title, fallbackYear: fallbackYear).first {
            return found.period
        }
        let opening = String(document.text.prefix(textLimit))
        let found = mentions(in: opening, fallbackYear: fallbackYear)
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
        var offset: Int
    }

    /// `prefilter: false` runs every rule whatever the text holds: the reference the cue scan must agree with.
    func mentions(in text: String, fallbackYear: Int?, prefilter: Bool = true) -> [Mention] {
        let range = NSRange(text.startIndex..., in: text)
        var result: [Mention] = []
        let cues = prefilter ? Self.cues(in: text) : .all
        for rule in Self.rules where !rule.cues.isDisjoint(with: cues) {
            rule.expression.enumerateMatches(in: text, range: range) { match, _, _ in
                guard let match else { return }
                func group(_ name: String) -> String? {
                    let range = match.range(withName: name)
                    guard range.location != NSNotFound, let swiftRange = Range(range, in: text) else { return nil }
                    return String(text[swiftRange])
                }
                if let period = rule.build(group, fallbackYear) {
                    result.append(Mention(period: period, offset: match.range.location))
                }
            }
        }
        return result.sorted { $0.offset < $1.offset }
    }

    // MARK: - Rules

    struct Rule: @unchecked Sendable {
        let expression: NSRegularExpression
        /// Literal pieces of which every match holds at least one: without them the expression cannot match.
        let cues: Cues
        let build: @Sendable ((String) -> String?, Int?) -> ReportPeriod?

        init(
            _ pattern: String, cues: Cues, build: @escaping @Sendable ((String) -> String?, Int?) -> ReportPeriod?
        ) {
            // The patterns are constants of this file: a failure here is a programming error.
            expression = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            self.cues = cues
            self.build = build
        }
    }

    /// Regular expressions are slow and most text mentions no period: one pass over the bytes notes which
    /// literal cues occur, and a rule runs only when one of its cues does.
    struct Cues: OptionSet {
        let rawValue: UInt16
        /// `Q` then a digit 1–4.
        static let qDigit = Cues(rawValue: 1 << 0)
        /// A digit 1–4 then `Q` or `H`.
        static let digitQH = Cues(rawValue: 1 << 1)
        /// `FY` then a digit, at most one white-space character between.
        static let fy = Cues(rawValue: 1 << 2)
        /// An ordinal, `-` or a space, then `quarter`.
        static let quarter = Cues(rawValue: 1 << 3)
        /// `half` in a text that has `first`, `second`, `1st` or `2nd`.
        static let half = Cues(rawValue: 1 << 4)
        /// `H` then 1 or 2.
        static let hDigit = Cues(rawValue: 1 << 5)
        static let fiscal = Cues(rawValue: 1 << 6)
        /// `full-year` or `full year`.
        static let full = Cues(rawValue: 1 << 7)
        static let jidu = Cues(rawValue: 1 << 8)  // 季度
        static let nian = Cues(rawValue: 1 << 9)  // 年
        static let banNian = Cues(rawValue: 1 << 10)  // 半年
        /// Whatever the bytes say: for text the byte scan cannot vouch for.
        static let all = Cues(rawValue: 0xFFFF)
    }

    static func cues(in text: String) -> Cues {
        var cues: Cues = []
        var sawHalf = false
        var sawHalfOrdinal = false
        var text = text
        return text.withUTF8 { bytes -> Cues in
            let count = bytes.count
            func lower(_ i: Int) -> UInt8 { i < count ? bytes[i] | 0x20 : 0 }
            func matches(_ i: Int, _ word: StaticString) -> Bool {
                let length = word.utf8CodeUnitCount
                guard i >= 0, i + length <= count else { return false }
                for k in 0..<length where bytes[i + k] | 0x20 != word.utf8Start[k] { return false }
                return true
            }
            /// Whether one of the ordinals ends just before `end`.
            func ordinalEnds(at end: Int, _ ordinals: [StaticString]) -> Bool {
                ordinals.contains { matches(end - $0.utf8CodeUnitCount, $0) }
            }
            func isDigit(_ i: Int) -> Bool { i < count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
            for i in 0..<count {
                let byte = bytes[i]
                switch byte < 0x80 ? byte | 0x20 : byte {
                case UInt8(ascii: "q"):
                    let next = lower(i + 1)
                    if next >= 0x31 && next <= 0x34 { cues.insert(.qDigit) }
                    if matches(i, "quarter"), i >= 1, bytes[i - 1] == UInt8(ascii: "-") || bytes[i - 1] == UInt8(ascii: " "),
                        ordinalEnds(at: i - 1, Self.quarterOrdinals)
                    {
                        cues.insert(.quarter)
                    }
                case UInt8(ascii: "s"):
                    if matches(i, "second") { sawHalfOrdinal = true }
                case UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "4"):
                    if matches(i, "1st") || matches(i, "2nd") { sawHalfOrdinal = true }
                    let next = lower(i + 1)
                    if byte >= 0x31 && byte <= 0x34, next == UInt8(ascii: "q") || next == UInt8(ascii: "h") {
                        cues.insert(.digitQH)
                    }
                case UInt8(ascii: "f"):
                    // A white-space character takes at most three bytes.
                    if lower(i + 1) == UInt8(ascii: "y"), (2...5).contains(where: { isDigit(i + $0) }) { cues.insert(.fy) }
                    if matches(i, "fiscal") { cues.insert(.fiscal) }
                    if matches(i, "full"), i + 4 < count, bytes[i + 4] == UInt8(ascii: "-") || bytes[i + 4] == UInt8(ascii: " "),
                        matches(i + 5, "year")
                    {
                        cues.insert(.full)
                    }
                    if matches(i, "first") { sawHalfOrdinal = true }
                case UInt8(ascii: "h"):
                    if lower(i + 1) == 0x31 || lower(i + 1) == 0x32 { cues.insert(.hDigit) }
                    if matches(i, "half") { sawHalf = true }
                case 0xE5:
                    // 季度 E5 AD A3 E5 BA A6, 年 E5 B9 B4, 半 E5 8D 8A
                    guard i + 2 < count else { break }
                    let b1 = bytes[i + 1]
                    let b2 = bytes[i + 2]
                    if b1 == 0xAD && b2 == 0xA3 && i + 5 < count && bytes[i + 3] == 0xE5 && bytes[i + 4] == 0xBA
                        && bytes[i + 5] == 0xA6
                    {
                        cues.insert(.jidu)
                    } else if b1 == 0xB9 && b2 == 0xB4 {
                        cues.insert(.nian)
                    } else if b1 == 0x8D && b2 == 0x8A && i + 5 < count && bytes[i + 3] == 0xE5
                        && bytes[i + 4] == 0xB9 && bytes[i + 5] == 0xB4
                    {
                        cues.insert(.banNian)
                    }
                case 0xC5, 0xE2, 0xEF:
                    // Case-insensitive matching folds a few letters into ASCII ones: ſ U+017F (C5 BF), the Kelvin
                    // sign U+212A (E2 84 AA), the ligatures U+FB00–FB06 (EF AC 80–86). Then every rule runs.
                    let b1 = i + 1 < count ? bytes[i + 1] : 0
                    let b2 = i + 2 < count ? bytes[i + 2] : 0
                    if (byte == 0xC5 && b1 == 0xBF) || (byte == 0xE2 && b1 == 0x84 && b2 == 0xAA)
                        || (byte == 0xEF && b1 == 0xAC && b2 >= 0x80 && b2 <= 0x86)
                    {
                        return .all
                    }
                default:
                    break
                }
            }
            if sawHalf && sawHalfOrdinal { cues.insert(.half) }
            return cues
        }
    }

    static let quarterOrdinals: [StaticString] = ["first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"]

    static let ordinals = "first|second|third|fourth|1st|2nd|3rd|4th"
    static let chineseNumbers: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4]

    static func ordinal(_ text: String?) -> Int? {
        switch text?.lowercased() {
        case "first", "1st": return 1
        case "second", "2nd": return 2
        case "third", "3rd": return 3
        case "fourth", "4th": return 4
        default: return nil
        }
    }

    /// 2022, 22, '22 → 2022; plausible report years only.
    static func year(_ text: String?) -> Int? {
        guard var digits = text?.filter(\.isNumber), !digits.isEmpty else { return nil }
        if digits.count == 2 { digits = "20" + digits }
        guard digits.count == 4, let value = Int(digits), (1990...2100).contains(value) else { return nil }
        return value
    }

    static let rules: [Rule] = [
        // Q3 2022, Q3 FY2025, Q3 fiscal 2025, Q3'22, Q3-22
        Rule(#"\bQ(?<q>[1-4])\s*[-'’]?\s*(?<fy>FY|fiscal(?:\s+year)?\s*)?(?<y>(?:19|20)\d{2}|\d{2})\b"#, cues: .qDigit) { group, _ in
            guard let quarter = group("q").flatMap(Int.init), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: group("fy") != nil)
        },
        // FY24 Q1, FY2025 Q3, FY2025-Q3
        Rule(#"\bFY\s?(?<y>(?:19|20)\d{2}|\d{2})\s*[-/ ]?\s*Q(?<q>[1-4])\b"#, cues: .fy) { group, _ in
            guard let quarter = group("q").flatMap(Int.init), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: true)
        },
        // 3Q22, 3Q 2022, 1H23, 2H 2023
        Rule(#"\b(?<n>[1-4])(?<k>[QH])\s?(?<y>(?:19|20)\d{2}|\d{2})\b"#, cues: .digitQH) { group, _ in
            guard let index = group("n").flatMap(Int.init), let year = year(group("y")) else { return nil }
            if group("k")?.uppercased() == "H" {
                return index <= 2 ? ReportPeriod(kind: .half, year: year, index: index) : nil
            }
            return ReportPeriod(kind: .quarter, year: year, index: index)
        },
        // third quarter of 2022, third quarter of fiscal 2025, third quarter 2022, third-quarter fiscal 2025
        Rule(#"\b(?<o>"# + ordinals + #")[- ]quarter(?:\s+(?:of|for|ended|in))?\s+(?<fy>fiscal(?:\s+year)?\s+|FY\s?)?(?<y>(?:19|20)\d{2})\b"#, cues: .quarter) { group, _ in
            guard let quarter = ordinal(group("o")), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: group("fy") != nil)
        },
        // fiscal 2025 third quarter, 2022 third quarter
        Rule(#"\b(?<fy>fiscal(?:\s+year)?\s+|FY\s?)?(?<y>(?:19|20)\d{2})\s+(?<o>"# + ordinals + #")[- ]quarter\b"#, cues: .quarter) { group, _ in
            guard let quarter = ordinal(group("o")), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: group("fy") != nil)
        },
        // first half of 2023, second half 2022, H1 2023, H1 FY24
        Rule(#"\b(?:(?<o>first|second|1st|2nd)\s+half(?:\s+of)?|H(?<h>[12]))\s+(?<fy>fiscal(?:\s+year)?\s+|FY\s?)?(?<y>(?:19|20)\d{2}|\d{2})\b"#, cues: [.half, .hDigit]) { group, _ in
            guard let year = year(group("y")) else { return nil }
            let index = group("h").flatMap(Int.init) ?? ordinal(group("o"))
            guard let index, index <= 2 else { return nil }
            return ReportPeriod(kind: .half, year: year, index: index, fiscal: group("fy") != nil)
        },
        // full year 2022, fiscal year 2024, fiscal 2024 results
        Rule(#"\b(?:full[- ]year|fiscal\s+year|fiscal|FY)\s?(?<y>(?:19|20)\d{2})\b(?!\s*(?:Q[1-4]|first|second|third|fourth|[1-4](?:st|nd|rd|th)))"#, cues: [.full, .fiscal, .fy]) { group, _ in
            guard let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .year, year: year, fiscal: true)
        },
        // 2022年第三季度, 2022年三季度, 2022年Q3, 第三季度 (year from the publish date)
        Rule(#"(?:(?<y>(?:19|20)\d{2})\s*年\s*(?:度\s*)?)?(?:第\s*)?(?<q>[一二三四1-4])\s*季度"#, cues: .jidu) { group, fallback in
            guard let character = group("q")?.first, let quarter = chineseNumbers[character],
                  let year = year(group("y")) ?? fallback
            else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter)
        },
        Rule(#"(?<y>(?:19|20)\d{2})\s*年\s*Q(?<q>[1-4])"#, cues: .nian) { group, _ in
            guard let quarter = group("q").flatMap(Int.init), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter)
        },
        // 2023年上半年, 上半年, 下半年
        Rule(#"(?:(?<y>(?:19|20)\d{2})\s*年\s*)?(?<h>上|下)半年"#, cues: .banNian) { group, fallback in
            guard let year = year(group("y")) ?? fallback else { return nil }
            return ReportPeriod(kind: .half, year: year, index: group("h") == "上" ? 1 : 2)
        },
        // 2022年度报告, 2022年年度
        Rule(#"(?<y>(?:19|20)\d{2})\s*年\s*(?:年\s*)?度\s*(?:报告|业绩|财报)"#, cues: .nian) { group, _ in
            guard let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .year, year: year)
        },
    ]
}
