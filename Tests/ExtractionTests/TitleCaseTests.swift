import Testing

@testable import Extraction

/// A heading in Title Case: at most 25 words, at least 85 % of its content words capitalised.
@Suite struct TitleCaseTests {
    static func isTitleCase(_ text: String) -> Bool { EnglishThemes.isTitleCase(Array(text.unicodeScalars)[...]) }

    @Test func threeSmallWordsAmongSeventeenCapitalsAreStillTitleCase() {
        let capitals = (1...17).map { "Word\($0)" }
        #expect(Self.isTitleCase((["growth", "beyond", "markets"] + capitals).joined(separator: " ")))
        #expect(Self.isTitleCase((capitals + ["growth", "beyond", "markets"]).joined(separator: " ")))
    }

    @Test func fourSmallWordsAreNotAndNeitherIsProse() {
        let capitals = (1...20).map { "Word\($0)" }
        #expect(!Self.isTitleCase((["growth", "beyond", "markets", "today"] + capitals).joined(separator: " ")))
        #expect(!Self.isTitleCase("Revenue rose in the quarter as demand for cloud services grew."))
        #expect(Self.isTitleCase("Acme Reports Record Revenue for the Third Quarter"))
        #expect(!Self.isTitleCase(Array(repeating: "Growth", count: 26).joined(separator: " ")))
    }
}
