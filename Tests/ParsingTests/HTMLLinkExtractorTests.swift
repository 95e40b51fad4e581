import Foundation
import Testing

@testable import Parsing

@Suite struct HTMLLinkExtractorTests {
    @Test func absoluteHTTPLinksInOrderDeduplicated() throws {
        let links = HTMLLinkExtractor.links(
            in: try ParsingFixtures.bytes("html/links.html"), contentType: "text/html",
            baseURL: "https://www.example.com/index.html")
        #expect(
            links.map(\.url) == [
                "https://www.example.com/",
                "https://www.example.com/press/2024/q2.html",
                "https://other.example.org/x?a=1&b=2",
                "https://cdn.example.com/report.pdf",
                "https://www.example.com/about%20us.html",
            ])
        #expect(links.map(\.text) == ["Home", "Q2 2024 results", "Other & site", "Annual report PDF", "About us"])
    }

    @Test func gbkAnchorTextWithoutDeclaredCharset() {
        // <a href="/n/1">新闻发布会</a> in GBK, no charset anywhere: detection must pick GB18030.
        var bytes = Array("<html><body><p>".utf8)
        let news: [UInt8] = [0xD0, 0xC2, 0xCE, 0xC5, 0xB7, 0xA2, 0xB2, 0xBC, 0xBB, 0xE1]
        bytes += Array("<a href=\"/n/1\">".utf8) + news + Array("</a></p></body></html>".utf8)
        let links = HTMLLinkExtractor.links(in: bytes, contentType: "text/html", baseURL: "http://news.example.cn/")
        #expect(links == [HTMLLink(url: "http://news.example.cn/n/1", text: "新闻发布会")])
    }

    @Test func deepNestingDoesNotCrash() {
        let depth = 10_000
        let html =
            "<html><body>" + String(repeating: "<div>", count: depth) + "<a href=\"/deep\">deep</a>"
            + String(repeating: "</div>", count: depth) + "</body></html>"
        let links = HTMLLinkExtractor.links(in: Array(html.utf8), contentType: nil, baseURL: "https://e.com/")
        #expect(links.count <= 1)
    }

    @Test func emptyAndGarbageInputGiveNoLinks() {
        #expect(HTMLLinkExtractor.links(in: [], contentType: nil, baseURL: "https://e.com/").isEmpty)
        #expect(HTMLLinkExtractor.links(in: [0xFF, 0xFE, 0x00], contentType: nil, baseURL: "https://e.com/").isEmpty)
    }

    @Test func linksInButtonsImageMapsNoscriptAndIconsAreFound() {
        let html = """
            <body><button><a href="/a">In a button</a></button>
            <map name="m"><area href="/b" alt="Map area"></map>
            <noscript><a href="/c">Without scripts</a></noscript>
            <a href="/d"><svg><title>Subscribe</title><path d="M0"/></svg></a>
            <a href="/e">Text<script>document.write("x")</script></a>
            <template><a href="/f">Inert</a></template></body>
            """
        let links = HTMLLinkExtractor.links(in: Array(html.utf8), contentType: "text/html", baseURL: "https://e.com/")
        #expect(
            links == [
                HTMLLink(url: "https://e.com/a", text: "In a button"), HTMLLink(url: "https://e.com/b", text: "Map area"),
                HTMLLink(url: "https://e.com/c", text: "Without scripts"), HTMLLink(url: "https://e.com/d", text: "Subscribe"),
                HTMLLink(url: "https://e.com/e", text: "Text"),
            ])
    }
}
