import Foundation
import ReportModel
import Testing

@testable import Parsing

/// The HTML tokenizer and tree builder, behaviour by behaviour.
@Suite struct HTMLTreeBuilderTests {
    /// The tree as `tag(children)`, text nodes quoted, from <body> down.
    static func outline(_ html: String) -> String {
        outline(HTMLTree(html: Array(html.utf8)))
    }

    static func outline(_ tree: HTMLTree) -> String {
        var result = ""
        var open: [Int] = []
        guard let body = (0..<tree.count).first(where: { tree.tags[$0] == .body }) else { return "" }
        for index in body..<Int(tree.ends[body]) {
            while let last = open.last, last <= index {
                result += ")"
                open.removeLast()
            }
            if tree.tags[index] == .text {
                result += "\"" + String(decoding: tree.textBytes(of: index), as: UTF8.self) + "\""
            } else {
                result += "\(tree.tags[index])("
                open.append(Int(tree.ends[index]))
            }
        }
        return result + String(repeating: ")", count: open.count)
    }

    @Test func rawTextElementsEndOnlyAtTheirOwnEndTag() {
        let tree = HTMLTree(
            html: Array(
                ("<title>T &amp; U</title><p>a<script>if (a<b) { x = \"</p><div>\" }</script>b</p>"
                    + "<style>p::after { content: '<i>' }</STYLE><textarea><p>typed</textarea>c").utf8))
        #expect(Self.outline(tree) == "body(p(\"ab\")\"c\")")
        #expect(tree.metadata.titleElement == "T & U")
    }

    @Test func commentsDoctypeProcessingInstructionsAndCDATAAreNotText() {
        let html = "<!DOCTYPE html><?xml version=\"1.0\"?><p>a<!-- <p>b</p> -->c<![CDATA[d]]>e<!-->f<!--->g</p>"
        #expect(Self.outline(html) == "body(p(\"acefg\"))")
        #expect(Self.outline("<p>a<!-- never closed <p>b") == "body(p(\"a\"))")
    }

    @Test func attributesQuotedUnquotedAndWithReferences() throws {
        let tree = HTMLTree(
            html: Array(
                ("<DIV CLASS=Main id='Top' style=\"DISPLAY : none\"><a href=\"/x?a=1&amp;b=2&copy=3\" class=\"x\" "
                    + "class=\"ignored\">l</a></div><span aria-hidden=TRUE>s</span>").utf8), forLinks: true)
        let div = try #require((0..<tree.count).first { tree.tags[$0] == .div })
        #expect(tree.attributes(of: div)?.classAndID == "main top")
        #expect(tree.attributes(of: div)?.hidden == true)
        let link = try #require((0..<tree.count).first { tree.tags[$0] == .a })
        #expect(tree.attributes(of: link)?.href == "/x?a=1&b=2&copy=3")
        #expect(tree.attributes(of: link)?.classAndID == "x")
        let span = try #require((0..<tree.count).first { tree.tags[$0] == .span })
        #expect(tree.attributes(of: span)?.hidden == true)
    }

    @Test func characterReferencesAsBrowsersReadThem() {
        let html = "<p>&amp; &lt;x&gt; &#8217; &#x4e2d; &#150; &#0; &nbsp;&bogus; &amp</p>"
        #expect(Self.outline(html) == "body(p(\"& <x> ’ 中 – \u{FFFD} &bogus; &\"))")
    }

    @Test func whiteSpaceIsFolded() {
        #expect(Self.outline("<p> a \n\t b\u{A0}\u{A0}c </p>") == "body(p(\" a b c \"))")
    }

    @Test func voidElementsHaveNoContent() {
        #expect(Self.outline("<div>a<br>b<img alt=x>c<wbr>d</div>") == "body(div(\"a\"br()\"b\"img()\"cd\"))")
    }

    @Test func impliedEndTags() {
        let html =
            "<p>one<div>two</div><ul><li>a<li>b</ul><dl><dt>t<dd>d</dl><h2>h<h3>i</h3>"
            + "<table><tr><td>1<td>2<tr><th>3</table>"
        #expect(
            Self.outline(html)
                == "body(p(\"one\")div(\"two\")ul(li(\"a\")li(\"b\"))dl(dt(\"t\")dd(\"d\"))h2(\"h\")h3(\"i\")"
                + "table(tr(td(\"1\")td(\"2\"))tr(th(\"3\"))))")
    }

    @Test func strayEndTagsAreDroppedAndUnclosedElementsEndAtTheEnd() {
        #expect(Self.outline("<div>a</span></p>b<section>c") == "body(div(\"ab\"section(\"c\")))")
        // An end tag does not close through a more structural element.
        #expect(
            Self.outline("<table><tr><td><div>x</td><td>y</span></div>z</table>")
                == "body(table(tr(td(div(\"x\"))td(\"yz\"))))")
    }

    @Test func misnestedInlineFormattingKeepsTheText() {
        #expect(Self.outline("<p><b>bold <i>both</b> italic</i> plain</p>") == "body(p(b(\"bold \"i(\"both\"))\" italic plain\"))")
        #expect(Self.outline("<a href=1>one<a href=2>two") == "body(a(\"one\")a(\"two\"))")
    }

    @Test func neverRenderedElementsLeaveNoNodes() {
        let html = "<p>a<svg><title>icon</title><text>t</text></svg>b<select><option>o1<option>o2</select>c</p>"
        #expect(Self.outline(html) == "body(p(\"a\"\"b\"\"c\"))")
    }

    @Test func nulBytesAreDropped() {
        let html: [UInt8] = Array("<p>a".utf8) + [0] + Array("b</p><p".utf8) + [0] + Array(">c".utf8)
        #expect(Self.outline(HTMLTree(html: html)) == "body(p(\"ab\")other(\"c\"))")
    }

    @Test func tagsCutByTheEndOfInputAreDropped() {
        #expect(Self.outline("<p>a<div class=\"x") == "body(p(\"a\"))")
        #expect(Self.outline("<p>a</p") == "body(p(\"a\"))")
    }

    @Test func selfClosingNonVoidElementsAreEmpty() {
        #expect(Self.outline("<div/>x<script src=a.js />y") == "body(div()\"xy\")")
    }

    @Test func bodyIsImpliedAndHeadMetadataRead() {
        let html =
            "<html lang=en><head><title>Page</title><meta property=\"og:title\" content=\"OG\">"
            + "<script type=\"application/ld+json\">{\"a\": \"<b>\"}</script></head>text<meta name=Author content=X>"
        let tree = HTMLTree(html: Array(html.utf8))
        #expect(Self.outline(tree) == "body(\"text\")")
        #expect(tree.metadata.titleElement == "Page")
        #expect(tree.metadata.meta == ["og:title": "OG", "author": "X"])
        #expect(tree.metadata.jsonLD == ["{\"a\": \"<b>\"}"])
        #expect(tree.metadata.language == "en")
    }

    @Test func deepNestingIsCappedNotRecursed() {
        let depth = 100_000
        let html = String(repeating: "<div>", count: depth) + "deep" + String(repeating: "</div>", count: depth) + "<p>after"
        let tree = HTMLTree(html: Array(html.utf8))
        var maximumDepth = 0
        var depthOf = [Int](repeating: 0, count: tree.count)
        for index in 1..<tree.count {
            depthOf[index] = depthOf[Int(tree.parents[index])] + 1
            maximumDepth = max(maximumDepth, depthOf[index])
        }
        #expect(maximumDepth <= HTMLTreeBuilder.maximumDepth + 1)
        let texts = (0..<tree.count).filter { tree.tags[$0] == .text }.map {
            String(decoding: tree.textBytes(of: $0), as: UTF8.self)
        }
        #expect(texts == ["deep", "after"])
    }

    @Test func theParagraphOfAPageNestedDeeperThanTheCapIsRead() throws {
        let html =
            "<html><head><title>Deep</title></head><body>" + String(repeating: "<div>", count: 10_000)
            + "<p>The deepest paragraph of the report.</p>" + String(repeating: "</div>", count: 10_000)
            + "</body></html>"
        let document = try HTMLDocumentParser().parse(Array(html.utf8), contentType: "text/html", url: "https://e.com/")
        #expect(document.text.contains("The deepest paragraph of the report."))
    }
}
