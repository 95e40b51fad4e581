import ReportModel
import Testing

@testable import Extraction

@Suite struct TickerTests {
    static func tickers(_ text: String) -> Set<String> { Tickers.find(in: Array(text.unicodeScalars)) }

    @Test(arguments: [
        ("Acme Robotics Inc. (NASDAQ: ACMR) today reported results.", ["acmr"]),
        ("Shares of Borealis (NYSE: BRL) rose; Borealis trades on the NYSE: BRL.", ["brl"]),
        ("Harborview Logistics (HBVL) Q3 2025 Earnings Call Transcript", ["hbvl"]),
        ("We invest in artificial intelligence (AI) and in edge devices.", []),
        ("Our Environmental, Social and Governance (ESG) report and Artificial Intelligence (AI) plans.", []),
        ("Revenue (GAAP) rose, and the ratio (see note) fell.", []),
        ("Net Income (GAAP) rose; Tesla (TSLA) is a single word and is left alone.", []),
    ] as [(String, Set<String>)])
    func tickersAreFoundAndAcronymsAreNot(text: String, expected: Set<String>) {
        #expect(Self.tickers(text) == expected)
        // Found from the UTF-8 bytes, as the theme extractor does, the same.
        #expect(Tickers.find(in: DecodedText(text)) == expected)
    }

    /// Colons and parentheses found eight bytes at a time are at the scalar indexes a scalar walk gives, whatever
    /// the multi-byte characters before them and wherever they fall in a block of eight.
    @Test(arguments: [
        "", ":", "(((((((((", "a:b(c", "Acme Robotics Inc. (NASDAQ: ACMR) today",
        "腾讯（00700）：营收 (HK: 700) 增长: é(ü):x 🙂(🙂):",
        String(repeating: "abcdefg:", count: 5) + "é(",
        "1234567(" + String(repeating: "中", count: 9) + ":xyz",
    ])
    func marksFromBytesAreAtTheirScalarIndexes(text: String) {
        let scalars = Array(text.unicodeScalars)
        let expected = scalars.indices.filter { scalars[$0] == ":" || scalars[$0] == "(" }
        #expect(DecodedText(text).scalarIndexes(ofASCII: 0x3A, 0x28) == expected)
    }

    @Test func aTickerIsNotAThemeButAnAcronymStaysOne() {
        let document = ThemeExtractorTests.document([
            "Acme Robotics Inc. (NASDAQ: ACMR) said warehouse automation revenue rose, and ACMR shares gained.",
            "Acme uses artificial intelligence (AI) in warehouse automation; AI routing cut picking time.",
            "ACMR expects warehouse automation and AI routing demand to keep growing.",
        ])
        let keys = ThemeExtractor().extract(from: document, speakers: []).map(\.key)
        #expect(!keys.contains("acmr"), "\(keys)")
        #expect(!keys.contains("nasdaq"), "\(keys)")
        #expect(keys.contains { $0.contains("warehouse-automation") }, "\(keys)")
        #expect(keys.contains { $0.hasPrefix("ai") }, "\(keys)")
    }
}
