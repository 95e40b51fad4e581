import Foundation
import ReportModel

/// The detector's rules as they were written before the byte scanners replaced them: eleven ICU regular expressions
/// (NSRegularExpression, case-insensitive). Tests only: the reference the scanners must agree with, match for match.
enum PeriodOracle {
    struct Mention: Equatable, CustomStringConvertible {
        var period: ReportPeriod
        /// UTF-16 offset of the match, as NSRange gives it.
        var utf16Offset: Int
        var description: String { "\(period.label)@\(utf16Offset)" }
    }

    /// How a capture group's text is taken from the match.
    enum Groups {
        /// As the regular expressions define them: the UTF-16 range's text.
        case utf16
        /// As the old detector took them, through `Range(_:in:)`, which fails on a range that starts or ends
        /// inside a grapheme cluster ("Q3" before a combining mark, a year after U+0600): the group read as absent.
        case characters
    }

    /// Every rule over the whole text, matches in the order the old detector returned them.
    static func mentions(in text: String, fallbackYear: Int?, groups: Groups = .utf16) -> [Mention] {
        let range = NSRange(text.startIndex..., in: text)
        let utf16 = Array(text.utf16)
        var result: [Mention] = []
        for rule in rules {
            rule.expression.enumerateMatches(in: text, range: range) { match, _, _ in
                guard let match else { return }
                func group(_ name: String) -> String? {
                    let range = match.range(withName: name)
                    guard range.location != NSNotFound else { return nil }
                    switch groups {
                    case .utf16:
                        return String(decoding: utf16[range.location..<range.location + range.length], as: UTF16.self)
                    case .characters:
                        return Range(range, in: text).map { String(text[$0]) }
                    }
                }
                if let period = rule.build(group, fallbackYear) {
                    result.append(Mention(period: period, utf16Offset: match.range.location))
                }
            }
        }
        return result.sorted { $0.utf16Offset < $1.utf16Offset }
    }

    struct Rule: @unchecked Sendable {
        let expression: NSRegularExpression
        let build: @Sendable ((String) -> String?, Int?) -> ReportPeriod?

        init(_ pattern: String, build: @escaping @Sendable ((String) -> String?, Int?) -> ReportPeriod?) {
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

    static func year(_ text: String?) -> Int? {
        guard var digits = text?.filter(\.isNumber), !digits.isEmpty else { return nil }
        if digits.count == 2 { digits = "20" + digits }
        guard digits.count == 4, let value = Int(digits), (1990...2100).contains(value) else { return nil }
        return value
    }

    static let rules: [Rule] = [
        Rule(#"\bQ(?<q>[1-4])\s*[-'’]?\s*(?<fy>FY|fiscal(?:\s+year)?\s*)?(?<y>(?:19|20)\d{2}|\d{2})\b"#) { group, _ in
            guard let quarter = group("q").flatMap(Int.init), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: group("fy") != nil)
        },
        Rule(#"\bFY\s?(?<y>(?:19|20)\d{2}|\d{2})\s*[-/ ]?\s*Q(?<q>[1-4])\b"#) { group, _ in
            guard let quarter = group("q").flatMap(Int.init), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: true)
        },
        Rule(#"\b(?<n>[1-4])(?<k>[QH])\s?(?<y>(?:19|20)\d{2}|\d{2})\b"#) { group, _ in
            guard let index = group("n").flatMap(Int.init), let year = year(group("y")) else { return nil }
            if group("k")?.uppercased() == "H" {
                return index <= 2 ? ReportPeriod(kind: .half, year: year, index: index) : nil
            }
            return ReportPeriod(kind: .quarter, year: year, index: index)
        },
        Rule(#"\b(?<o>"# + ordinals + #")[- ]quarter(?:\s+(?:of|for|ended|in))?\s+(?<fy>fiscal(?:\s+year)?\s+|FY\s?)?(?<y>(?:19|20)\d{2})\b"#) { group, _ in
            guard let quarter = ordinal(group("o")), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: group("fy") != nil)
        },
        Rule(#"\b(?<fy>fiscal(?:\s+year)?\s+|FY\s?)?(?<y>(?:19|20)\d{2})\s+(?<o>"# + ordinals + #")[- ]quarter\b"#) { group, _ in
            guard let quarter = ordinal(group("o")), let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .quarter, year: year, index: quarter, fiscal: group("fy") != nil)
        },
        Rule(#"\b(?:(?<o>first|second|1st|2nd)\s+half(?:\s+of)?|H(?<h>[12]))\s+(?<fy>fiscal(?:\s+year)?\s+|FY\s?)?(?<y>(?:19|20)\d{2}|\d{2})\b"#) { group, _ in
            guard let year = year(group("y")) else { return nil }
            let index = group("h").flatMap(Int.init) ?? ordinal(group("o"))
            guard let index, index <= 2 else { return nil }
            return ReportPeriod(kind: .half, year: year, index: index, fiscal: group("fy") != nil)
        },
        Rule(#"\b(?:full[- ]year|fiscal\s+year|fiscal|FY)\s?(?<y>(?:19|20)\d{2})\b(?!\s*(?:Q[1-4]|first|second|third|fourth|[1-4](?:st|nd|rd|th)))"#) { group, _ in
            guard let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .year, year: year, fiscal: true)
        },
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
        Rule(#"(?:(?<y>(?:19|20)\d{2})\s*年\s*)?(?<h>上|下)半年"#) { group, fallback in
            guard let year = year(group("y")) ?? fallback else { return nil }
            return ReportPeriod(kind: .half, year: year, index: group("h") == "上" ? 1 : 2)
        },
        Rule(#"(?<y>(?:19|20)\d{2})\s*年\s*(?:年\s*)?度\s*(?:报告|业绩|财报)"#) { group, _ in
            guard let year = year(group("y")) else { return nil }
            return ReportPeriod(kind: .year, year: year)
        },
    ]
}
