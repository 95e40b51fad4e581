import Foundation
import ReportModel
import Testing

@testable import Parsing

@Suite struct HTMLDocumentParserTests {
    private func parse(_ bytes: [UInt8], contentType: String? = "text/html", url: String = "https://news.example.com/a")
        throws -> Document
    {
        try DocumentParser().parse(FetchedDocument(url: url, body: bytes, contentType: contentType, fetchedAt: Date()))
    }

    /// Every block's offsets slice exactly its text out of `Document.text`.
    private func expectConsistentOffsets(_ document: Document) {
        let scalars = Array(document.text.unicodeScalars)
        for block in document.blocks {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[block.start..<block.end])
            #expect(String(view) == block.text)
        }
    }

    @Test func messyPageMainTextMetadataAndBlocks() throws {
        let document = try parse(try ParsingFixtures.bytes("html/messy.html"))
        #expect(document.format == .html)
        #expect(document.title == "Acme lifts guidance after strong quarter")
        #expect(document.published == ParsingFixtures.iso("2024-08-14T07:30:00Z"))
        #expect(document.language == "en")
        let text = document.text
        #expect(text.contains("rose 12% to £1.2bn, beating analysts’ forecasts & sending its shares higher."))
        #expect(text.contains("Analysts at several brokers said the upgrade looked conservative"))
        #expect(text.contains("Margins improve"))
        for boilerplate in [
            "not text", "junk", "trackView", "Share on Twitter", "Markets close higher", "Most read",
            "Great news for shareholders", "All rights reserved", "Business",
        ] {
            #expect(!text.contains(boilerplate), "boilerplate leaked: \(boilerplate)")
        }
        let kinds = Dictionary(grouping: document.blocks, by: \.kind)
        #expect(kinds[.heading]?.map(\.text) == ["Margins improve"], "the headline is the title, not a block")
        #expect(
            kinds[.listItem]?.map(\.text) == [
                "Revenue: £1.2bn, up 12%", "Operating profit: £210m, up 18%", "Net cash: £340m",
            ])
        #expect(kinds[.quote]?.first?.text.hasPrefix("We are confident about the second half") == true)
        #expect(
            kinds[.tableRow]?.map(\.text) == [
                "Segment | Revenue | Growth", "Industrial | £800m | 15%", "Consumer | £400m | 6%",
            ])
        expectConsistentOffsets(document)
    }

    @Test func gbkPageWithoutAnyCharsetDeclaration() throws {
        let document = try parse(try ParsingFixtures.bytes("html/gbk-no-charset.html"), contentType: "text/html")
        #expect(document.title == "某科技集团发布第二季度业绩")
        #expect(document.language == "zh")
        #expect(document.text.contains("营业收入同比增长百分之十二"))
        #expect(document.text.contains("行业整体景气度将保持在较高水平"))
        #expect(!document.text.contains("版权所有"))
        #expect(!document.text.contains("\u{FFFD}"))
        #expect(document.published == ParsingFixtures.iso("2024-08-14T10:30:00Z"))
        expectConsistentOffsets(document)
    }

    @Test func big5PageWithoutAnyCharsetDeclaration() throws {
        let document = try parse(
            try ParsingFixtures.bytes("html/big5-no-charset.html"), contentType: nil,
            url: "https://news.example.tw/a.html")
        #expect(document.title == "某電子公司公布第二季財報")
        #expect(document.language == "zh")
        #expect(document.text.contains("伺服器與車用電子產品需求強勁"))
        #expect(!document.text.contains("\u{FFFD}"))
    }

    @Test func headerCharsetWinsOverMetaCharset() throws {
        // Bytes are GBK and the header says so; the page's meta claims UTF-8.
        var bytes = Array("<html><head><meta charset=\"utf-8\"><title>t</title></head><body><p>".utf8)
        bytes += TextDecodingTests.gbk("某科技集团今日发布第二季度业绩报告，营业收入同比增长百分之十二，净利润同比增长百分之十八。")
        bytes += Array("</p></body></html>".utf8)
        let document = try parse(bytes, contentType: "text/html; charset=GBK")
        #expect(document.text.contains("营业收入同比增长百分之十二"))
    }

    @Test func invalidUTF8IsReplacedNotFatal() throws {
        var bytes = Array("<html><body><article><p>Valid start of a reasonably long paragraph ".utf8)
        bytes += [0xFF, 0xC3, 0x28, 0xE2, 0x82]
        bytes += Array(
            " and a valid end of that same paragraph that keeps going for a while.</p></article></body></html>".utf8)
        let document = try parse(bytes, contentType: "text/html; charset=utf-8")
        #expect(document.text.contains("Valid start"))
        #expect(document.text.contains("valid end of that same paragraph"))
        #expect(document.text.contains("\u{FFFD}"))
    }

    @Test func nestedTenThousandDeepDoesNotCrash() throws {
        let depth = 10_000
        let html =
            "<html><body>" + String(repeating: "<div><span>", count: depth)
            + "<p>Deep text that is long enough to count as a paragraph of the page, with a comma, or two.</p>"
            + String(repeating: "</span></div>", count: depth) + "</body></html>"
        let document = try parse(Array(html.utf8))
        #expect(document.format == .html)
        // libxml2 may cut the tree at its depth limit; what matters is a result without a crash.
        #expect(document.text.count < 1000)
    }

    @Test func datesFromJSONLDAndTimeElements() throws {
        let jsonLD = """
            <html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-05-06T07:08:09Z"}</script></head>
            <body><p>Some text that is long enough to be read as the main paragraph of this little page.</p></body></html>
            """
        #expect(try parse(Array(jsonLD.utf8)).published == ParsingFixtures.iso("2023-05-06T07:08:09Z"))
        let time = """
            <html><body><article><time datetime="2021-02-03T04:05:06+00:00">3 Feb</time>
            <p>Some text that is long enough to be read as the main paragraph of this little page.</p></article></body></html>
            """
        #expect(try parse(Array(time.utf8)).published == ParsingFixtures.iso("2021-02-03T04:05:06Z"))
    }

    @Test func formatIsSniffedFromBytesAndNames() {
        func format(_ url: String, _ type: String?, _ body: String) -> DocumentFormat {
            DocumentParser.format(
                of: FetchedDocument(url: url, body: Array(body.utf8), contentType: type, fetchedAt: Date()))
        }
        #expect(format("https://e.com/x", "text/html; charset=gbk", "") == .html)
        #expect(format("https://e.com/r.pdf", nil, "") == .pdf)
        #expect(format("https://e.com/x", nil, "%PDF-1.4") == .pdf)
        #expect(format("https://e.com/x", nil, "<!DOCTYPE html><html>") == .html)
        #expect(format("https://e.com/x", nil, "<?xml version=\"1.0\"?><rss>") == .feed)
        #expect(format("file:///tmp/a.txt", nil, "hello") == .text)
    }

    @Test func feedAsDocumentListsEntries() throws {
        let fetched = FetchedDocument(
            url: "https://ir.example.com/feed.xml", body: try ParsingFixtures.bytes("feeds/rss2.xml"),
            contentType: "application/rss+xml", fetchedAt: Date())
        let document = try DocumentParser().parse(fetched)
        #expect(document.format == .feed)
        #expect(document.blocks.first?.text == "Investor News & Results")
        #expect(document.blocks.dropFirst().first?.text == "Q2 2024 results: Revenue grew 8%.")
    }
}

@Suite struct TextDecodingTests {
    static func gbk(_ text: String) -> [UInt8] { encode(text, "GB18030") }

    static func encode(_ text: String, _ charset: String) -> [UInt8] {
        // iconv the other way round, for test data only.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", charset]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    @Test(arguments: [
        ("GB18030", "公司今日发布第二季度业绩报告，营业收入同比增长，净利润同比增长，业务板块均实现稳健增长。"),
        ("CP950", "公司今天公布第二季財報，營收較去年同期成長，獲利表現優於市場預期，海外市場的營運也持續改善。"),
        ("CP932", "当社は本日、第2四半期の決算を発表しました。売上高は前年同期比で増加し、利益も予想を上回りました。"),
        (
            "WINDOWS-1252",
            "Le chiffre d’affaires a progressé de 12 % au deuxième trimestre, grâce à une forte demande en Europe."
        ),
    ])
    func detectsLegacyEncodingsWithoutDeclaration(charset: String, text: String) {
        let bytes = Self.encode(text, charset)
        #expect(!bytes.isEmpty)
        #expect(TextDecoding.detect(bytes) == charset)
        #expect(TextDecoding.decode(bytes, contentType: nil, markup: true).text == text)
    }

    /// The strict check passes exactly the bytes that decoding leaves unchanged, so that skipping the decoding
    /// for them changes nothing.
    @Test func strictUTF8CheckAgreesWithDecoding() {
        var samples: [[UInt8]] = [
            [], Array("plain ASCII text, long enough for the eight-byte steps".utf8), Array("中文 ½ € 😀".utf8),
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xE4, 0xB8], Array("abcdefgh".utf8) + [0xFF] + Array("ijklmnop".utf8), [0x80], [0xF5, 0x80, 0x80, 0x80],
        ]
        // Deterministic pseudo-random bytes biased towards lead and continuation bytes.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in 1...400 {
            var bytes: [UInt8] = []
            for _ in 0..<(length % 24 + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 59)
                let byte = UInt8(truncatingIfNeeded: state >> 33)
                bytes.append(pick < 8 ? byte & 0x7F : pick < 20 ? 0x80 | (byte & 0x3F) : 0xC0 | (byte & 0x3F))
            }
            samples.append(bytes)
        }
        for bytes in samples {
            let roundTrip = Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
            #expect(TextDecoding.isValidUTF8(bytes[...]) == roundTrip, "\(bytes)")
        }
    }

    @Test func validUTF8PassesThroughAndInvalidBytesAreReplaced() {
        let valid = Array("<p>Umsatz 12 € — 营业收入</p>".utf8)
        #expect(TextDecoding.utf8(valid, contentType: "text/html; charset=utf-8", markup: true).bytes == valid)
        let invalid = Array("<p>a".utf8) + [0xFF] + Array("b</p>".utf8)
        #expect(
            TextDecoding.utf8(invalid, contentType: "text/html; charset=utf-8", markup: true).bytes
                == Array("<p>a\u{FFFD}b</p>".utf8))
        let withMark = [0xEF, 0xBB, 0xBF] + valid
        #expect(TextDecoding.utf8(withMark, contentType: nil, markup: true).bytes == valid)
    }

    @Test func declarationsAreRead() {
        #expect(
            TextDecoding.charset(of: Array("<meta charset=gb2312>".utf8), contentType: nil, markup: true) == "GB18030")
        #expect(
            TextDecoding.charset(
                of: Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\">".utf8),
                contentType: nil,
                markup: true) == "CP950")
        #expect(
            TextDecoding.charset(
                of: Array("<?xml version='1.0' encoding='Shift_JIS'?>".utf8), contentType: nil,
                markup: true) == "CP932")
        #expect(
            TextDecoding.charset(of: [0xEF, 0xBB, 0xBF, 0x41], contentType: "text/html; charset=gbk", markup: true)
                == "UTF-8", "a byte order mark wins")
        #expect(
            TextDecoding.charset(
                of: Array("abc".utf8), contentType: "text/plain; charset=\"ISO-8859-1\"", markup: false)
                == "WINDOWS-1252")
    }

    @Test func invalidBytesBecomeReplacementCharacters() {
        let decoded = TextDecoding.convert([0x41, 0x81, 0x42, 0xD0][...], from: "GB18030")
        #expect(decoded.hasPrefix("A"))
        #expect(decoded.contains("\u{FFFD}"))
        #expect(TextDecoding.convert([0x41, 0xFF, 0x42][...], from: "UTF-8") == "A\u{FFFD}B")
    }
}

@Suite struct ChineseNewsPageTests {
    @Test func gb2312NewsPageMainText() throws {
        let document = try DocumentParser().parse(
            FetchedDocument(
                url: "http://finance.example.cn/2022/0824/a.html",
                body: try ParsingFixtures.bytes("html/chinese-news-gb2312.html"), contentType: "text/html",
                fetchedAt: Date()))
        #expect(document.title == "腾讯发布第二季度可持续社会价值报告")
        #expect(document.language == "zh")
        #expect(document.published == ParsingFixtures.iso("2022-08-24T09:15:32Z"))
        #expect(document.blocks.count == 4)
        #expect(document.blocks.first?.text.hasPrefix("本报北京8月24日讯") == true)
        #expect(document.blocks.last?.text.hasSuffix("是实现可持续社会价值的重要路径。") == true)
        for boilerplate in ["频道1", "热点新闻标题", "责任编辑", "版权所有", "分享到", "首页"] {
            #expect(!document.text.contains(boilerplate), "boilerplate leaked: \(boilerplate)")
        }
    }
}

@Suite struct MislabelledCharsetTests {
    private let chinese = "某科技集团今日发布第二季度业绩报告，营业收入同比增长百分之十二，净利润同比增长百分之十八。"

    @Test func gbkServedAsUTF8IsStillRead() {
        let bytes = TextDecodingTests.gbk(chinese)
        let result = TextDecoding.decode(bytes, contentType: "text/html; charset=utf-8", markup: true)
        #expect(result.charset == "GB18030")
        #expect(result.text == chinese)
    }

    @Test func utf8PageThatStillSaysGB2312IsReadAsUTF8() {
        let bytes = Array("<meta charset=\"gb2312\"><p>\(chinese)</p>".utf8)
        let result = TextDecoding.decode(bytes, contentType: "text/html", markup: true)
        #expect(result.charset == "UTF-8")
        #expect(result.text.contains(chinese))
    }
}

@Suite struct TitleTests {
    @Test(arguments: [
        ("Acme lifts guidance after strong quarter | Example News", "Acme lifts guidance after strong quarter"),
        ("某科技集团发布第二季度业绩_财经频道_新闻中心", "某科技集团发布第二季度业绩"),
        ("Example News - Acme lifts guidance after strong quarter", "Acme lifts guidance after strong quarter"),
        ("Quarterly results", "Quarterly results"),
        ("Acme lifts guidance after strong quarter – Example News", "Acme lifts guidance after strong quarter"),
        ("Acme lifts guidance after strong quarter — Example", "Acme lifts guidance after strong quarter"),
        ("Example :: Acme lifts guidance after strong quarter", "Acme lifts guidance after strong quarter"),
        ("某科技集团发布第二季度业绩｜新闻中心", "某科技集团发布第二季度业绩"),
        ("Q3 2026 results: revenue up 12%", "Q3 2026 results: revenue up 12%"),
    ])
    func siteNameIsStripped(title: String, expected: String) {
        #expect(HTMLDocumentParser.strippingSiteName(title) == expected)
    }

    @Test func titleElementIsUsedWithoutHeadingOrOpenGraph() throws {
        let html =
            "<html><head><title>Board approves dividend | Acme Investor Relations</title></head><body>"
            + "<p>The board approved a final dividend of 12 cents per share, payable in June to holders of record.</p>"
            + "</body></html>"
        let document = try DocumentParser().parse(
            FetchedDocument(
                url: "https://ir.example.com/a", body: Array(html.utf8), contentType: "text/html",
                fetchedAt: Date()))
        #expect(document.title == "Board approves dividend")
    }
}

@Suite struct BoilerplateBlockTests {
    private func blocks(_ texts: [String]) -> [String] {
        TrailingBoilerplate.trim(texts.map { MainTextExtractor.Block(kind: .paragraph, text: $0) }).map(\.text)
    }

    private let body = String(repeating: "Revenue grew in every region and margins improved again. ", count: 8)

    @Test func bylinesAtTheTopGoProseStays() {
        #expect(blocks(["By Jane Reporter - 11/18/19 11:04 PM EST", "Updated at 1:23 p.m.", body]) == [body])
        #expect(blocks(["By the end of June, sales rose 5%.", body]) == ["By the end of June, sales rose 5%.", body])
    }

    @Test func teasersAndClosingSectionsGo() {
        let result = blocks([
            body, "READ MORE: Rival cuts jobs", body, "Plague warning issued by health agency [WARNING]", body,
            "About Acme", "Acme makes widgets in 12 countries.",
        ])
        #expect(result == [body, body, body])
    }

    @Test func endMarkerEndsTheText() {
        #expect(blocks([body, "- END -", "This Expo will open tomorrow"]) == [body])
    }
}

@Suite struct ComparisonFormTests {
    /// The comparison form keeps what Unicode calls alphabetic or numeric, after lower-casing; ASCII is answered
    /// without a property lookup, so every scalar of these planes is checked against the lookup itself.
    @Test func keepsExactlyTheAlphabeticAndNumericScalars() {
        let ranges: [ClosedRange<UInt32>] = [0x0...0x33FF, 0x4E00...0x4FFF, 0xFB00...0xFFEF, 0x1D400...0x1D7FF]
        let scalars = ranges.flatMap { $0 }.compactMap(Unicode.Scalar.init)
        for start in stride(from: 0, to: scalars.count, by: 48) {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<min(start + 48, scalars.count)])
            let string = String(text)
            let expected = String(string.lowercased().unicodeScalars
                .filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
            #expect(MainTextExtractor.normalizedForComparison(string) == expected,
                    "from U+\(String(scalars[start].value, radix: 16))")
        }
    }
}
