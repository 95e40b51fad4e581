import Foundation
import ReportModel
import Testing

@testable import Parsing

/// Hostile and broken input: every parser returns a result or a ParseError, never crashes or hangs.
@Suite struct RobustnessTests {
    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    static let fragments = [
        "<html>", "<body>", "<div class=\"content\">", "</div>", "<p>", "</p>", "<a href=\"/x\">", "</a>", "<table>",
        "<tr><td>", "<script>", "</script>", "<!--", "-->", "&amp;", "&#x4e2d;", "&bogus;", "<![CDATA[", "]]>",
        "<?xml version=\"1.0\"?>", "<rss>", "<channel>", "<item>", "<title>", "</title>", "<link>", "<entry>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "Operator", "\n", "John Smith -- CEO", "- END -", "中文内容，",
        "\u{FFFD}", "<br>", "<li>", "<h2>", "%PDF-1.4", "{\"items\": [", "]}",
    ]

    @Test func randomBytesAndMarkupSoupNeverCrash() {
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15)
        let parser = DocumentParser()
        for round in 0..<150 {
            var body: [UInt8]
            if round % 3 == 0 {
                body = generator.bytes(Int(generator.next() % 3000))
            } else {
                body = []
                for _ in 0..<Int(generator.next() % 200) {
                    let fragment = Self.fragments[Int(generator.next() % UInt64(Self.fragments.count))]
                    body += Array(fragment.utf8)
                    if generator.next() % 5 == 0 { body += generator.bytes(3) }
                }
            }
            for format in [DocumentFormat.html, .text, .feed] {
                let fetched = FetchedDocument(
                    url: "https://e.com/\(round)", body: body, formatHint: format, fetchedAt: Date())
                if let document = try? parser.parse(fetched) {
                    let scalars = document.text.unicodeScalars.count
                    #expect(document.blocks.allSatisfy { $0.start <= $0.end && $0.end <= scalars })
                }
            }
            _ = try? FeedParser().parse(body, contentType: nil, url: "https://e.com/feed")
            _ = HTMLLinkExtractor.links(in: body, contentType: nil, baseURL: "https://e.com/")
        }
    }

    @Test func hugeFlatPageIsParsed() throws {
        let paragraph = "<p>" + String(repeating: "Revenue grew, margins improved. ", count: 20) + "</p>"
        let html = "<html><body><article>" + String(repeating: paragraph, count: 2000) + "</article></body></html>"
        let document = try DocumentParser().parse(
            FetchedDocument(
                url: "https://e.com/big", body: Array(html.utf8), contentType: "text/html", fetchedAt: Date()))
        #expect(document.blocks.count == 2000)
    }
}
