import Foundation
import ReportModel
import ReportWatchTesting
import Testing

@testable import Parsing

@Suite struct SeedArticleTests {
    private func seedText() throws -> String { try Fixtures.text(Fixtures.seedArticle) }

    @Test func mainTextRunsFromHeadlineToTheLineBeforeTheEndMarker() throws {
        let text = try seedText()
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let end = try #require(lines.firstIndex(of: "- END -"))
        let document = PlainTextParser().parse(text)
        #expect(document.blocks.map(\.text) == Array(lines[..<end]))
        #expect(document.blocks.first?.kind == .heading)
        #expect(document.language == "en")
    }

    @Test func teaserTailIsDroppedEvenWithoutTheEndMarker() throws {
        let text = try seedText().replacingOccurrences(of: "- END -\n", with: "")
        let document = PlainTextParser().parse(text)
        #expect(!document.text.contains("Expo"))
        #expect(!document.text.contains("Academician"))
        #expect(document.text.hasSuffix("The moment of creation \"together."))
    }

    @Test func shortTextsKeepTheirLastLines() {
        let document = PlainTextParser().parse("Title\n\nA short note.\n\nSee you soon\n\nBye now\n")
        #expect(document.blocks.map(\.text) == ["Title", "A short note.", "See you soon", "Bye now"])
    }

    @Test func chineseTextIsGuessedAsChinese() {
        let document = PlainTextParser().parse("腾讯发布季度报告\n\n报告显示，公司在多个领域持续投入，推动社会创新。\n")
        #expect(document.language == "zh")
        #expect(document.title == "腾讯发布季度报告")
    }
}
