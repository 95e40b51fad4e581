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
}
