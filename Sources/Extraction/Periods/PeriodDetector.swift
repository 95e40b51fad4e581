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
        let fallbackYear = document.published.map { Calendar(identifier: .gregorian).component(.year, from: $0) }
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

    struct Mention {
        var period: ReportPeriod
        var offset: Int
    }

    func mentions(in text: String, fallbackYear: Int?) -> [Mention] {
        let range = NSRange(text.startIndex..., in: text)
        var result: [Mention] = []
        for rule in Self.rules {
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
        let build: @Sendable ((String) -> String?, Int?) -> ReportPeriod?

        init(_ pattern: String, build: @escaping @Sendable ((String) -> String?, Int?) -> ReportPeriod?) {
            // The patterns are constants of this file: a failure here is a programming error.
            expression = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            self.build = build
        }
    }

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
        Rule(#"\bQ(?<q>[1-4])\s*[-'’]?\s*(?<fy>FY|fiscal(?:\s+year)?\s*)?(?<y>(?:19|20)\d{2}|\d{2})\b"#) { group, _ in
            guard let quarter = group("q").flatMap(Int.init), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: group("fy") != nil)
        },
        // FY24 Q1, FY2025 Q3, FY2025-Q3
        Rule(#"\bFY\s?(?<y>(?:19|20)\d{2}|\d{2})\s*[-/ ]?\s*Q(?<q>[1-4])\b"#) { group, _ in
            guard let quarter = group("q").flatMap(Int.init), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: true)
        },
        // 3Q22, 3Q 2022, 1H23, 2H 2023
        Rule(#"\b(?<n>[1-4])(?<k>[QH])\s?(?<y>(?:19|20)\d{2}|\d{2})\b"#) { group, _ in
            guard let index = group("n").flatMap(Int.init), let year = year(group("y")) else { return nil }
            if group("k")?.uppercased() == "H" {
                return index <= 2 ? ReportPeriod(kind: .half, year: year, index: index) : nil
            }
            return ReportPeriod(kind: .quarter, year: year, index: index)
        },
        // third quarter of 2022, third quarter of fiscal 2025, third quarter 2022, third-quarter fiscal 2025
        Rule(#"\b(?<o>"# + ordinals + #")[- ]quarter(?:\s+(?:of|for|ended|in))?\s+(?<fy>fiscal(?:\s+year)?\s+|FY\s?)?(?<y>(?:19|20)\d{2})\b"#) { group, _ in
            guard let quarter = ordinal(group("o")), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: group("fy") != nil)
        },
        // fiscal 2025 third quarter, 2022 third quarter
        Rule(#"\b(?<fy>fiscal(?:\s+year)?\s+|FY\s?)?(?<y>(?:19|20)\d{2})\s+(?<o>"# + ordinals + #")[- ]quarter\b"#) { group, _ in
            guard let quarter = ordinal(group("o")), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: group("fy") != nil)
        },
        // first half of 2023, second half 2022, H1 2023, H1 FY24
        Rule(#"\b(?:(?<o>first|second|1st|2nd)\s+half(?:\s+of)?|H(?<h>[12]))\s+(?<fy>fiscal(?:\s+year)?\s+|FY\s?)?(?<y>(?:19|20)\d{2}|\d{2})\b"#) { group, _ in
            guard let year = year(group("y")) else { return nil }
            let index = group("h").flatMap(Int.init) ?? ordinal(group("o"))
            guard let index, index <= 2 else { return nil }
            return ReportPeriod(kind: .half, year: year, index: index, fiscal: group("fy") != nil)
        },
        // full year 2022, fiscal year 2024, fiscal 2024 results
        Rule(#"\b(?:full[- ]year|fiscal\s+year|fiscal|FY)\s?(?<y>(?:19|20)\d{2})\b(?!\s*(?:Q[1-4]|first|second|third|fourth|[1-4](?:st|nd|rd|th)))"#) { group, _ in
            guard let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .year, year: year, fiscal: true)
        },
        // 2022年第三季度, 2022年三季度, 2022年Q3, 第三季度 (year from the publish date)
        Rule(#"(?:(?<y>(?:19|20)\d{2})\s*年\s*(?:度\s*)?)?(?:第\s*)?(?<q>[一二三四1-4])\s*季度"#) { group, fallback in
            guard let character = group("q")?.first, let quarter = chineseNumbers[character],
                  let year = year(group("y")) ?? fallback
            else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter)
        },
        Rule(#"(?<y>(?:19|20)\d{2})\s*年\s*Q(?<q>[1-4])"#) { group, _ in
            guard let quarter = group("q").flatMap(Int.init), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter)
        },
        // 2023年上半年, 上半年, 下半年
        Rule(#"(?:(?<y>(?:19|20)\d{2})\s*年\s*)?(?<h>上|下)半年"#) { group, fallback in
            guard let year = year(group("y")) ?? fallback else { return nil }
            return ReportPeriod(kind: .half, year: year, index: group("h") == "上" ? 1 : 2)
        },
        // 2022年度报告, 2022年年度
        Rule(#"(?<y>(?:19|20)\d{2})\s*年\s*(?:年\s*)?度\s*(?:报告|业绩|财报)"#) { group, _ in
            guard let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .year, year: year)
        },
    ]
}
