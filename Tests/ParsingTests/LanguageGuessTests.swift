import Testing

@testable import Parsing

@Suite struct LanguageGuessTests {
    @Test(arguments: [
        (["The board approved a final dividend."], nil, "en"),
        (["THE BOARD APPROVED A FINAL DIVIDEND."], "de-DE", "de"),
        (["Le conseil a approuvé un dividende final."], "fr", "fr"),
        (["Le conseil a approuvé un dividende final."], "xx", "en"),
        (["腾讯发布第二季度社会价值报告", "Tencent"], nil, "zh"),
        (["第2四半期の決算を発表しました"], nil, "ja"),
        (["2분기 실적을 발표했습니다"], nil, "ko"),
        (["Совет директоров утвердил дивиденды"], nil, "ru"),
        (["Совет директоров утвердил дивиденды"], "uk", "uk"),
        (["وافق مجلس الإدارة على توزيع الأرباح"], nil, "ar"),
        // A few Han characters in a long English text do not make it Chinese.
        (["Revenue rose 12% in the quarter (第二季度), the company said in its statement to investors."], nil, "en"),
    ] as [([String], String?, String)])
    func scriptDecides(texts: [String], declared: String?, expected: String) {
        #expect(LanguageGuess.guess(texts, declared: declared) == expected)
    }

    @Test func noLettersNoGuess() {
        #expect(LanguageGuess.guess([], declared: "en") == nil)
        #expect(LanguageGuess.guess(["12,345 — 67.8% [2026] {} @#"], declared: "en") == nil)
    }

    /// The word-at-a-time letter count agrees with a byte-by-byte one on every byte value in every position.
    @Test func asciiLettersInAWordAreCountedExactly() {
        for value in UInt64(0)..<0x80 {
            for position in 0..<8 {
                let filler: UInt64 = 0x41  // "A": a letter in the other seven places
                var word: UInt64 = 0
                for place in 0..<8 { word |= (place == position ? value : filler) << (8 * UInt64(place)) }
                let letter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                #expect(LanguageGuess.asciiLetters(in: word) == 7 + (letter ? 1 : 0), "byte \(value) at \(position)")
            }
        }
    }

    /// Counting stops at 20,000 letters, read eight bytes or one at a time: what comes after does not count.
    @Test func aLongTextIsJudgedByItsFirstTwentyThousandLetters() {
        let english = String(repeating: "Revenue rose 12% in the quarter. ", count: 1_000)
        let chinese = String(repeating: "营收增长", count: 2_000)
        // 20,000 letters of English before any Chinese: the cap is reached first, so the text counts as Latin.
        #expect(LanguageGuess.guess([english, chinese], declared: nil) == "en")
        #expect(LanguageGuess.guess([chinese, english], declared: nil) == "zh")
    }
}
