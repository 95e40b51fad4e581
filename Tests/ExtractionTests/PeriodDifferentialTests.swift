import Foundation
import ReportModel
import ReportWatchTesting
import Testing

@testable import Extraction

/// The byte scanners against the regular expressions they replaced (`PeriodOracle`): same periods, same order, and
/// matches at the same place, on generated phrases, hand-picked edge cases and every fixture document.
@Suite struct PeriodDifferentialTests {
    /// The scanners' mentions in the oracle's terms: UTF-8 offsets turned into UTF-16 ones.
    static func scanned(_ text: String, fallbackYear: Int?) -> [PeriodOracle.Mention] {
        PeriodDetector().mentions(in: text, fallbackYear: fallbackYear).map { mention in
            let index = text.utf8.index(text.utf8.startIndex, offsetBy: mention.offset)
            return PeriodOracle.Mention(period: mention.period, utf16Offset: index.utf16Offset(in: text))
        }
    }

    /// The texts on which the scanners and the oracle disagree, each with both answers (at most `limit`).
    static func disagreements(_ texts: [String], fallbackYear: Int? = 2024, limit: Int = 10) -> [String] {
        var found: [String] = []
        for text in texts {
            let expected = PeriodOracle.mentions(in: text, fallbackYear: fallbackYear)
            let actual = scanned(text, fallbackYear: fallbackYear)
            if actual != expected {
                found.append("\(text.debugDescription): oracle \(expected), scanners \(actual)")
                if found.count == limit { break }
            }
        }
        return found
    }

    // MARK: - Generated phrases

    /// A deterministic pseudo-random source, so a failure reproduces.
    struct Generator {
        var random: SplitMix64
        init(state: UInt64) { random = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { random.next() }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    }

    /// Pieces that make a rule's phrase, and pieces that almost do.
    struct Pieces {
        var good: [String]
        var odd: [String]
        func pick(_ generator: inout Generator) -> String {
            generator.chance(80) ? generator.pick(good) : generator.pick(odd)
        }
    }

    static let spaces = Pieces(good: [" ", " ", " ", "  ", "\u{A0}", "\u{3000}", "\t", "\n"], odd: ["", " \u{2009}", "\u{200B}", "\r\n"])
    static let separators = Pieces(good: ["-", "'", "’", "/", " - ", " / "], odd: ["_", ".", ",", "–", "\u{301}"])
    static let years = Pieces(
        good: ["2022", "22", "1990", "2099", "19", "99", "'22", "’23", "2024", "24", "1999", "05"],
        odd: ["1985", "2100", "2150", "202", "20221", "1899", "2O22", "0", "١٩٩٩"])
    static let quarters = Pieces(
        good: ["Q3", "q1", "Q4", "Q2", "3Q", "2q", "1H", "2h", "H1", "h2"], odd: ["Q5", "Q0", "5Q", "3H", "H3", "H", "Q"])
    static let fiscals = Pieces(
        good: ["FY", "fy", "Fy", "fiscal", "Fiscal", "fiscal year", "FISCAL  YEAR", "fiscal\u{A0}year", "full year", "full-year", "Full Year"],
        odd: ["fiscalyear", "FYI", "fiscally", "fiscal years", "fullyear", "full  year", "full\tyear"])
    static let ordinals = Pieces(
        good: ["first", "Second", "THIRD", "fourth", "1st", "2nd", "3rd", "4th"], odd: ["fifth", "5th", "1th", "3st", "firsts", "2ND"])
    static let nouns = Pieces(good: ["quarter", "Quarter", "half", "Half", "QUARTER"], odd: ["quarterly", "quarters", "halves", "half-year"])
    static let prepositions = Pieces(good: ["of", "for", "ended", "in", "Of", "FOR"], odd: ["on", "offset", "inx", "ending"])
    static let chineseYearMarks = Pieces(good: ["年", "年度", "年 ", "年\u{3000}度", "年年度"], odd: ["度", "", "年年"])
    static let chineseOrdinalMarks = Pieces(good: ["第", "", "第 "], odd: ["第五", "季", "年"])
    static let chineseNumbers = Pieces(good: ["一", "二", "三", "四", "1", "2", "3", "4"], odd: ["五", "0", "5", "Q3"])
    static let chineseQuarterMarks = Pieces(good: ["季度", " 季度"], odd: ["季", "度", "季 度"])
    static let chineseHalves = Pieces(good: ["上半年", "下半年"], odd: ["半年", "上", "下", "上 半年"])
    static let chineseReports = Pieces(good: ["报告", "业绩", "财报", "度报告", " 度 财报"], odd: ["报", "告", "财"])
    static let chineseQuarters = Pieces(good: ["Q3", "q2", " Q1", "Q4"], odd: ["Q", "Q5", "3Q"])
    static let before = Pieces(
        good: ["", "", "The ", "(", "\n", "。", "—", "in "],
        odd: ["x", "年", "é", "\u{301}", "_", "1", "\u{3000}", "a\u{301}", "\u{200D}", "Q3", "FY", "2022", "\u{00AD}", "ǅ", "٣", "\u{600}"])
    static let after = Pieces(
        good: ["", "", " results", ".", ",", " and", "。", "\n"],
        odd: ["x", "\u{301}", "1", " Q3", " q4", " third", " 2nd", "4th", "年", "季度", "_", "é", "\u{200B}", " first half", "\u{200D}", "\u{00AD}", "Q1", " 4TH", " fourth-quarter", "st"])

    /// The shapes of the rules' phrases, as slots to fill; `nil` marks a slot that may stay empty.
    static let shapes: [[Pieces?]] = [
        [quarters, nil, years],
        [quarters, fiscals, years],
        [fiscals, years, quarters],
        [quarters, years],
        [ordinals, nouns, nil, fiscals, years],
        [ordinals, nouns, prepositions, fiscals, years],
        [ordinals, nouns, prepositions, years],
        [fiscals, years, ordinals, nouns],
        [years, ordinals, nouns],
        [ordinals, nouns, prepositions, nil, years],
        [fiscals, years],
        [fiscals, years, nil, ordinals],
        [years, chineseYearMarks, chineseOrdinalMarks, chineseNumbers, chineseQuarterMarks],
        [chineseOrdinalMarks, chineseNumbers, chineseQuarterMarks],
        [years, chineseYearMarks, chineseQuarters],
        [years, chineseYearMarks, chineseHalves],
        [chineseHalves],
        [years, chineseYearMarks, chineseReports],
    ]

    /// One phrase: a shape filled from the pieces (or, one time in five, any pieces in any order), joined by
    /// spaces or separators, between bits of context.
    static func phrase(_ generator: inout Generator) -> String {
        let all = [
            spaces, years, quarters, fiscals, ordinals, nouns, prepositions, chineseYearMarks, chineseOrdinalMarks,
            chineseNumbers, chineseQuarterMarks, chineseHalves, chineseReports,
        ]
        let slots: [Pieces?] =
            generator.chance(20)
            ? (0..<Int(1 + generator.next() % 6)).map { _ in generator.pick(all) } : generator.pick(shapes)
        var text = before.pick(&generator)
        for (index, slot) in slots.enumerated() {
            guard let slot else {
                if generator.chance(50) { text += years.pick(&generator) }
                continue
            }
            if index > 0 {
                text += generator.chance(85) ? spaces.pick(&generator) : separators.pick(&generator)
            }
            text += slot.pick(&generator)
        }
        return text + after.pick(&generator)
    }

    @Test func generatedPhrasesAgree() {
        var generator = Generator(state: 2022)
        let phrases = (0..<80_000).map { _ in Self.phrase(&generator) }
        #expect(Self.disagreements(phrases) == [])
        // Many phrases must hold periods, or the agreement would prove little.
        let withPeriods = phrases.filter { !PeriodOracle.mentions(in: $0, fallbackYear: nil).isEmpty }.count
        #expect(withPeriods > phrases.count / 20)
    }

    @Test func paragraphsOfGeneratedPhrasesAgree() {
        // Long texts: each rule's next match starts where its previous one ended.
        var generator = Generator(state: 11)
        let paragraphs = (0..<1_500).map { _ in
            (0..<25).map { _ in Self.phrase(&generator) }.joined(separator: Self.spaces.pick(&generator))
        }
        #expect(Self.disagreements(paragraphs) == [])
        #expect(Self.disagreements(Array(paragraphs.prefix(300)), fallbackYear: nil) == [])
    }

    @Test(arguments: [
        "Q3 2022", "q4'23", "Q3 - 22", "Q3’FY24", "Q3 fiscal year 2025", "Q3 fiscal  2025", "Q3 FY 2025", "Q3 1985",
        "Q3 1985 and Q4 2022", "xQ3 2022", "Q3 2022x", "Q3 2022\u{301}", "\u{301}Q3 2022", "a\u{301}Q3 2022",
        "_Q3 2022", "Q3 2022_", "年Q3 2022", "Q3 2022年", "Q3\u{3000}2022", "Q3\u{A0}\u{A0}'22", "FY24 Q1", "FY2025-Q3",
        "FY 2025 / Q3", "FY  2025 Q3", "FY2025Q3", "FY20 Q3", "FY2025 Q5", "fy25q1x", "3q22 and 2H 2023", "3H 2023",
        "3Q20221", "1h\u{3000}23", "Third-Quarter 2024", "third quarter ended 2024", "third quarter in fiscal year 2024",
        "third quarter of  FY 2024", "third quarter offiscal 2024", "third quarter of fiscal year2024", "third  quarter 2024",
        "fiscal 2025 third quarter", "fiscal year 2025 4th-quarter", "FY 2025 first quarterly", "xfiscal 2024 third quarter",
        "the FIRST HALF of 2023", "h1 fy24", "H1 FY  2024", "first half offset 2023", "second half of fiscal year 24",
        "Full-year 2022", "full year 2022 Q3", "fiscal year 2024", "fiscal year  2024", "fiscal 2024 Q5", "FY2024 Q3",
        "FY2024  4TH", "FY2024 fifth", "fiscal2024", "FY\u{3000}2024", "FY\u{00A0}24 Q2", "2022年第三季度", "第二季度",
        "2022 年 度 第 3 季度", "1985年第三季度", "2022年第五季度 第四季度", "2022年Q3", "2022 年 q4", "2023年上半年", "下半年",
        "1985年下半年", "2022年度报告", "2022年 年 度 财报", "2022年年度业绩", "2022年度第三季度报告", "12022年Q3",
        "Revenue grew in the quarter ended June 30, 2024, and in 2023.", "No period here.", "",
        "On behalf of the board, second half 2022", "identify 2023 goals",
        "the quarterly report of the 2nd-quarter 2024", "Half of the 1st half 2021", "a full year 2021 and full-year 2022",
        "fiscal year 2024 fourth quarter", "Q3", "\u{200D}Q3 2022", "Q3 2022\u{200D}", "Q3 2022\u{00AD}", "ǅQ3 2022",
        "٣Q3 2022", "Q3 2022٣", "Ⅻ Q3 2022", "Q3 2022Ⅻ",
    ])
    func handPickedCasesAgree(text: String) {
        #expect(Self.disagreements([text]) == [])
        #expect(Self.disagreements([text], fallbackYear: nil) == [])
    }

    @Test func fixtureDocumentsAgree() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folders = ["Tests/ExtractionTests/Fixtures", "Tests/ParsingTests/Fixtures", "Tests/ReportWatchTests/Fixtures", "seeds"]
        var texts: [String] = []
        for folder in folders {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if let text = try? String(contentsOf: url, encoding: .utf8) { texts.append(text) }
            }
        }
        #expect(texts.count > 40)
        #expect(Self.disagreements(texts) == [])
        #expect(texts.contains { !PeriodOracle.mentions(in: $0, fallbackYear: nil).isEmpty })
    }

    // MARK: - Character classes

    /// Every scalar assigned in both Unicode versions, the standard library's and ICU's (\p{Cn} is unassigned).
    static let sharedScalars: [Unicode.Scalar] = {
        let assigned = (0...0x10FFFF).compactMap { value -> Unicode.Scalar? in
            guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned else { return nil }
            return scalar
        }
        let unassignedInICU = Set(icuMatches(#"\p{Cn}"#, in: assigned))
        return assigned.filter { !unassignedInICU.contains($0) }
    }()

    /// The scalars (each tried on its own) that ICU's `pattern`, one character class, matches.
    static func icuMatches(_ pattern: String, in scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // U+0001 between the scalars: no class tested here holds it.
        let text = scalars.map { String(Character($0)) }.joined(separator: "\u{1}")
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let utf16 = Array(text.utf16)
        return expression.matches(in: text, range: NSRange(location: 0, length: utf16.count)).compactMap { match in
            String(decoding: utf16[match.range.location..<match.range.location + match.range.length], as: UTF16.self)
                .unicodeScalars.first
        }
    }

    /// The scalars on which ICU's `pattern` and `predicate` disagree (at most 20, in hexadecimal).
    static func classDifferences(_ pattern: String, _ predicate: (Unicode.Scalar) -> Bool) -> [String] {
        let matched = Set(icuMatches(pattern, in: sharedScalars))
        return sharedScalars.filter { matched.contains($0) != predicate($0) }.prefix(20)
            .map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    @Test func wordCharactersAreICUs() {
        #expect(Self.classDifferences(#"\w"#, PeriodCursor.isWordCharacter) == [])
    }

    @Test func whiteSpaceIsICUs() {
        let isSpace: (Unicode.Scalar) -> Bool = { scalar in
            let utf8 = Array(String(Character(scalar)).utf8)
            return utf8.withUnsafeBufferPointer { PeriodCursor(bytes: $0, position: 0).spaceLength(at: 0) == $0.count }
        }
        #expect(Self.classDifferences(#"\s"#, isSpace) == [])
    }

    @Test func wordBoundariesAreICUs() throws {
        // "Q" after every scalar, and "2" before it: does `\b` hold between them? Each pair after a line break, so
        // that looking back through combining and format characters ends there.
        let qAfter = Self.sharedScalars.map { "\n" + String(Character($0)) + "Q" }.joined()
        let twoBefore = Self.sharedScalars.map { "\n2" + String(Character($0)) }.joined()
        for (text, pattern, target) in [(qAfter, #"\bQ"#, UInt8(ascii: "Q")), (twoBefore, #"2\b"#, UInt8(ascii: "2"))] {
            let expression = try NSRegularExpression(pattern: pattern)
            let utf16 = text.utf16
            let expected = Set(expression.matches(in: text, range: NSRange(location: 0, length: utf16.count)).map { match in
                text.utf8.distance(from: text.startIndex, to: utf16.index(utf16.startIndex, offsetBy: match.range.location))
            })
            var bytes = text
            let differences = bytes.withUTF8 { bytes in
                bytes.indices.filter { index in
                    guard bytes[index] == target else { return false }
                    let cursor = PeriodCursor(bytes: bytes, position: index)
                    let boundary = target == UInt8(ascii: "Q") ? cursor.atWordBoundary : cursor.isWordBoundary(at: index + 1)
                    return boundary != expected.contains(index)
                }
            }
            let context = differences.prefix(10).map { offset in
                text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: max(0, offset - 4))...].prefix(9)
                    .map { String($0, radix: 16) }.joined(separator: " ")
            }
            #expect(context == [])
        }
    }

    // MARK: - Deliberate differences

    @Test func letterFoldingBeyondASCIIIsDropped() {
        // ICU's case-insensitive matching folds ſ to s and the ligatures ﬀ–ﬆ to their letters, so "ﬁscal 2024"
        // matched "fiscal"; the scanners fold ASCII letters only. (Ordinals so spelled made no period before either:
        // "ſecond" is no ordinal word once lowercased.)
        #expect(PeriodOracle.mentions(in: "\u{FB01}scal 2024 results", fallbackYear: nil).map(\.period.label) == ["FY2024"])
        #expect(Self.scanned("\u{FB01}scal 2024 results", fallbackYear: nil) == [])
        #expect(PeriodOracle.mentions(in: "fiſcal year 2023", fallbackYear: nil).map(\.period.label) == ["FY2023"])
        #expect(Self.scanned("fiſcal year 2023", fallbackYear: nil) == [])
        for text in ["ſecond half of 2022", "ﬁrst half of 2023"] {
            #expect(PeriodOracle.mentions(in: text, fallbackYear: nil) == [])
            #expect(Self.scanned(text, fallbackYear: nil) == [])
        }
    }

    @Test func aCaptureInsideAGraphemeClusterIsNoLongerLost() {
        // The old detector took each capture through Range(_:in:), which fails inside a grapheme cluster: "Q3"
        // followed by a combining mark, a year after a prepended mark (U+0600) lost their group and made no period.
        // The regular expressions match there, and so do the scanners.
        for (text, label) in [("2022年Q3\u{301}", "2022Q3"), ("\u{600}2022年度报告", "2022"), ("\u{600}third quarter 2024", "2024Q3")] {
            #expect(PeriodOracle.mentions(in: text, fallbackYear: nil, groups: .characters) == [])
            #expect(PeriodOracle.mentions(in: text, fallbackYear: nil).map(\.period.label) == [label])
            #expect(Self.scanned(text, fallbackYear: nil).map(\.period.label) == [label])
        }
    }

    @Test func digitsBeyondASCIIAreNoYear() {
        // ICU's `\d` reads "20٢٢" as a year that then makes no period, and the match starts there; the scanners'
        // match starts at 第. Same period, a later offset.
        let text = "20٢٢年第三季度"
        let oracle = PeriodOracle.mentions(in: text, fallbackYear: 2024)
        let scanners = Self.scanned(text, fallbackYear: 2024)
        #expect(oracle.map(\.period) == scanners.map(\.period))
        #expect(oracle.map(\.utf16Offset) == [0])
        #expect(scanners.map(\.utf16Offset) == [5])
    }
}
