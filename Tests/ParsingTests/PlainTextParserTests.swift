import Foundation
import ReportModel
import ReportWatchTesting
import Testing

@testable import Parsing

@Suite struct PlainTextParserTests {
    @Test func seedMainTextStopsBeforeEndMarker() throws {
        let fetched = FetchedDocument(
            url: Fixtures.seedArticle.absoluteString, body: try Fixtures.bytes(Fixtures.seedArticle), fetchedAt: Date())
        let document = try DocumentParser().parse(fetched)
        #expect(document.title == "Tencent released the quarterly social value quarterly report")
        #expect(!document.text.contains("Academician"))
        #expect(!document.text.contains("- END -"))
        #expect(document.text.contains("He Guili, deputy director"))
        for block in document.blocks {
            let scalars = Array(document.text.unicodeScalars)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[block.start..<block.end])
            #expect(String(view) == block.text)
        }
    }

    @Test func blankLinesSeparateWrappedParagraphs() {
        let document = PlainTextParser().parse("Title\n\nfirst line\ncontinues here\n\nsecond paragraph\n")
        #expect(document.blocks.map(\.text) == ["Title", "first line continues here", "second paragraph"])
        #expect(document.blocks.first?.kind == .heading)
    }

    @Test(arguments: ["- END -", "(END)", "###", "—END—"])
    func endMarkersEndTheMainText(marker: String) {
        let document = PlainTextParser().parse("Title\n\nbody\n\n\(marker)\n\nteaser\n")
        #expect(document.blocks.map(\.text) == ["Title", "body"])
    }

    @Test func contentHashIgnoresWhitespaceLayout() {
        #expect(ContentHash.of(text: "a  b\n\nc") == ContentHash.of(text: "a b c"))
        #expect(ContentHash.of(text: "a b c") != ContentHash.of(text: "a b d"))
        #expect(
            ContentHash.sha256Hex(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Stored hashes must stay valid: the folded text is the text with every run of Unicode white space (ideographic
    /// and no-break spaces too) made one ASCII space, trimmed, and hashed as UTF-8, whatever the scripts in it.
    @Test func contentHashFoldsUnicodeWhitespaceAndHashesTheUTF8OfTheFoldedText() {
        let text = "\u{3000} 腾讯\u{00A0}\u{2003}发布 é\t\u{1F600}\r\nend \u{85}"
        #expect(ContentHash.of(text: text) == ContentHash.sha256Hex(Array("腾讯 发布 é \u{1F600} end".utf8)))
    }

    /// The byte scan agrees with Unicode's White_Space property on every scalar up to U+FFFF and a sample above.
    @Test func contentHashRecognisesExactlyTheWhiteSpaceScalars() {
        let scalars = (0...0xFFFF).compactMap(Unicode.Scalar.init) + (0x10000...0x10FFFF).lazy.filter { $0 % 997 == 0 }
            .compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            let text = "a\(Character(scalar))b"
            let expected = scalar.properties.isWhitespace ? "a b" : text
            #expect(ContentHash.of(text: text) == ContentHash.sha256Hex(Array(expected.utf8)), "U+\(String(scalar.value, radix: 16))")
        }
    }
}

@Suite struct PlainTextBylineDateTests {
    @Test(arguments: [
        ("Headline\nAuthor:Chongqing Radio and Television Time:2022.08.24\nBody text that is long enough to be a paragraph.", "2022-08-24"),
        ("标题\n发布时间：2023-07-15 10:00\n正文内容。", "2023-07-15"),
        ("Acme results\nPublished August 24, 2022\nThe body.", "2022-08-24"),
    ])
    func aDatedBylineUnderTheHeadlineGivesThePublishDate(text: String, expected: String) throws {
        let document = PlainTextParser().parse(text)
        let published = try #require(document.published)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        #expect(formatter.string(from: published) == expected)
    }

    @Test func aDateDeepInTheTextIsNotThePublishDate() {
        let text = "Headline\nFirst paragraph.\nSecond paragraph.\nThird paragraph.\nOn 2021-05-01 something happened."
        #expect(PlainTextParser().parse(text).published == nil)
    }
}
