/// An HTML page flattened into arrays in document (pre-)order: each node's subtree is the index range
/// `index..<end[index]`, so every pass over the page is a loop, never recursion, whatever the nesting depth.
/// Scripts, styles and other never-visible elements are left out; their metadata (JSON-LD) is kept aside.
/// Built straight from the bytes by `HTMLTreeBuilder`.
struct HTMLTree {
    /// Elements the extractor tells apart, then (from `head`) elements only the tree builder needs to know.
    enum Tag: UInt8 {
        case text, other, html, body, a, p, div, span, br, hr, h1, h2, h3, h4, h5, h6, ul, ol, li, dl, dt, dd,
            blockquote, pre, code, table, thead, tbody, tfoot, tr, td, th, caption, section, article, main, header,
            footer, nav, aside, form, fieldset, figure, figcaption, img, time, address, center, font, details,
            summary, label, menu, hgroup, picture, b, strong, em, i, sup, sub, small, q, cite, abbr, u, s, mark
        case head, title, meta, link, base, script, style, noscript, template, svg, math, iframe, object, embed,
            canvas, button, input, select, textarea, option, optgroup, video, audio, map, area, dialog, frame,
            frameset, applet, datalist, output, progress, meter, wbr, col, colgroup, source, track, param, keygen,
            basefont, bgsound, image, xmp, noembed, noframes, listing, dir, marquee, search

        /// Elements that start a new line of text when rendered.
        var isBlock: Bool {
            switch self {
            case .html, .body, .p, .div, .br, .hr, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd,
                .blockquote, .pre, .table, .thead, .tbody, .tfoot, .tr, .td, .th, .caption, .section, .article, .main,
                .header, .footer, .nav, .aside, .form, .fieldset, .figure, .figcaption, .address, .center, .details,
                .summary, .menu, .hgroup:
                return true
            default: return false
            }
        }

        var isHeading: Bool {
            switch self {
            case .h1, .h2, .h3, .h4, .h5, .h6: return true
            default: return false
            }
        }
    }

    var tags: [Tag] = []
    var parents: [Int32] = []
    var ends: [Int32] = []
    /// Text nodes: a byte range of `text`; elements: an index into `attributes`, or -1.
    var payloadStart: [Int32] = []
    var payloadEnd: [Int32] = []
    var text: [UInt8] = []
    var attributes: [Attributes] = []
    var metadata = Metadata()

    struct Attributes {
        /// `class` and `id`, lowercased, space separated.
        var classAndID: String = ""
        var hidden = false
        var role: String?
        /// On `a` and `area`, kept only when the tree is built for its links.
        var href: String?
        var itemprop: String?
        var datetime: String?
        /// `title` and `alt`, kept only when the tree is built for its links.
        var title: String?
        var alt: String?
    }

    struct Metadata {
        var meta: [String: String] = [:]
        var titleElement: String?
        var jsonLD: [String] = []
        var language: String?
        var times: [String] = []
        /// The first `<base href>`.
        var baseHref: String?
    }

    var count: Int { tags.count }

    /// The tree of UTF-8 HTML. `forLinks` keeps the attributes link extraction needs besides those text needs.
    init(html: [UInt8], forLinks: Bool = false) {
        self = html.withUnsafeBufferPointer { HTMLTreeBuilder.build($0, forLinks: forLinks) }
    }

    init() {}

    func attributes(of index: Int) -> Attributes? {
        guard tags[index] != .text else { return nil }
        let slot = payloadStart[index]
        return slot >= 0 ? attributes[Int(slot)] : nil
    }

    /// The text of a node's subtree; with `alive`, of the live nodes only.
    func text(of node: Int, alive: [Bool]? = nil) -> String {
        var bytes: [UInt8] = []
        var index = node
        let end = Int(ends[node])
        while index < end {
            if let alive, !alive[index] {
                index = Int(ends[index])
                continue
            }
            if tags[index] == .text { bytes.append(contentsOf: textBytes(of: index)) }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func textBytes(of index: Int) -> ArraySlice<UInt8> {
        text[Int(payloadStart[index])..<Int(payloadEnd[index])]
    }
}
