import CLibXML2

/// An HTML page flattened into arrays in document (pre-)order: each node's subtree is the index range
/// `index..<end[index]`, so every pass over the page is a loop, never recursion, whatever the nesting depth.
/// Scripts, styles and other never-visible elements are left out; their metadata (JSON-LD) is kept aside.
struct HTMLTree {
    enum Tag: UInt8 {
        case text, other, html, body, a, p, div, span, br, hr, h1, h2, h3, h4, h5, h6, ul, ol, li, dl, dt, dd,
            blockquote, pre, code, table, thead, tbody, tfoot, tr, td, th, caption, section, article, main, header,
            footer, nav, aside, form, fieldset, figure, figcaption, img, time, address, center, font, details,
            summary, label, menu, hgroup, picture, b, strong, em, i, sup, sub, small, q, cite, abbr, u, s, mark

        static let byName: [String: Tag] = {
            var table: [String: Tag] = [:]
            let names: [(String, Tag)] = [
                ("html", .html), ("body", .body), ("a", .a), ("p", .p), ("div", .div), ("span", .span), ("br", .br),
                ("hr", .hr), ("h1", .h1), ("h2", .h2), ("h3", .h3), ("h4", .h4), ("h5", .h5), ("h6", .h6),
                ("ul", .ul), ("ol", .ol), ("li", .li), ("dl", .dl), ("dt", .dt), ("dd", .dd),
                ("blockquote", .blockquote), ("pre", .pre), ("code", .code), ("table", .table), ("thead", .thead),
                ("tbody", .tbody), ("tfoot", .tfoot), ("tr", .tr), ("td", .td), ("th", .th), ("caption", .caption),
                ("section", .section), ("article", .article), ("main", .main), ("header", .header),
                ("footer", .footer), ("nav", .nav), ("aside", .aside), ("form", .form), ("fieldset", .fieldset),
                ("figure", .figure), ("figcaption", .figcaption), ("img", .img), ("time", .time),
                ("address", .address), ("center", .center), ("font", .font), ("details", .details),
                ("summary", .summary), ("label", .label), ("menu", .menu), ("hgroup", .hgroup),
                ("picture", .picture), ("b", .b), ("strong", .strong), ("em", .em), ("i", .i), ("sup", .sup),
                ("sub", .sub), ("small", .small), ("q", .q), ("cite", .cite), ("abbr", .abbr), ("u", .u),
                ("s", .s), ("mark", .mark),
            ]
            for (name, tag) in names { table[name] = tag }
            return table
        }()

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

    /// Never rendered as text; skipped while the tree is built.
    static let skippedElements: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "button",
        "input", "select", "textarea", "option", "video", "audio", "map", "head", "link", "meta", "dialog", "frame",
        "frameset", "applet", "datalist", "output", "progress", "meter",
    ]

    /// What to do with an element, found from its name's bytes: no string is made for the elements kept.
    static let elementKinds = ElementKinds(tags: Tag.byName, skipped: skippedElements)

    struct ElementKinds: Sendable {
        enum Kind: Equatable {
            case tag(Tag)
            case skipped

            var tag: Tag {
                if case .tag(let tag) = self { return tag }
                return .other
            }
        }

        private var names: [[UInt8]] = []
        private var kinds: [Kind] = []
        /// Open addressing by FNV-1a of the name: 1 + index, 0 when empty.
        private var slots = [Int16](repeating: 0, count: 512)

        init(tags: [String: Tag], skipped: Set<String>) {
            let entries = tags.map { ($0.key, Kind.tag($0.value)) } + skipped.map { ($0, Kind.skipped) }
            for (name, kind) in entries.sorted(by: { $0.0 < $1.0 }) {
                let bytes = Array(name.utf8)
                var slot = bytes.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count) } & (slots.count - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
                names.append(bytes)
                kinds.append(kind)
                slots[slot] = Int16(names.count)
            }
        }

        private static func hash(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for index in 0..<count { hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: hash >> 7)
        }

        /// The kind of the element named by a NUL-terminated name; unknown names are `.tag(.other)`.
        func kind(_ name: UnsafePointer<xmlChar>) -> Kind {
            let count = Int(xmlStrlen(name))
            var slot = Self.hash(name, count) & (slots.count - 1)
            while slots[slot] != 0 {
                let index = Int(slots[slot]) - 1
                let candidate = names[index]
                if candidate.count == count, (0..<count).allSatisfy({ candidate[$0] == name[$0] }) { return kinds[index] }
                slot = (slot + 1) & (slots.count - 1)
            }
            return .tag(.other)
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
        var href: String?
        var itemprop: String?
        var datetime: String?
    }

    struct Metadata {
        var meta: [String: String] = [:]
        var titleElement: String?
        var jsonLD: [String] = []
        var language: String?
        var times: [String] = []
    }

    var count: Int { tags.count }

    init(document: xmlDocPtr) {
        guard let root = xmlDocGetRootElement(document) else { return }
        tags.reserveCapacity(4096)
        var stack: [(node: XMLNodePointer, index: Int32)] = []
        var cursor: XMLNodePointer? = root
        var first = true
        while true {
            if let node = cursor {
                if node.pointee.type == XML_ELEMENT_NODE {
                    let kind = node.pointee.name.map(Self.elementKinds.kind) ?? .tag(.other)
                    if case .skipped = kind {
                        collectSkippedMetadata(node, name: node.pointee.name.map { String(cString: $0) } ?? "")
                        cursor = first ? nil : node.pointee.next
                        if first { break }
                        continue
                    }
                    first = false
                    let index = appendElement(node, tag: kind.tag, parent: stack.last?.index ?? -1)
                    stack.append((node, index))
                    cursor = node.pointee.children
                    continue
                }
                if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE,
                    let content = node.pointee.content, let parent = stack.last?.index
                {
                    appendText(content, parent: parent)
                }
                cursor = node.pointee.next
            } else {
                guard let finished = stack.popLast() else { break }
                ends[Int(finished.index)] = Int32(tags.count)
                if stack.isEmpty { break }
                cursor = finished.node.pointee.next
            }
        }
    }

    private mutating func appendElement(_ node: XMLNodePointer, tag: Tag, parent: Int32) -> Int32 {
        let index = Int32(tags.count)
        tags.append(tag)
        parents.append(parent)
        ends.append(index + 1)
        var attributes = Attributes()
        var hasAttributes = false
        var property = node.pointee.properties
        var metaKey: String?
        var metaContent: String?
        while let attribute = property {
            defer { property = attribute.pointee.next }
            guard let rawName = attribute.pointee.name else { continue }
            // Most attributes (src, data-*, width…) are of no interest: decide on the name's bytes before
            // building any string.
            guard let name = Self.interestingAttribute(rawName) else { continue }
            let value = Self.value(of: attribute)
            switch name {
            case .classOrID:
                hasAttributes = true
                attributes.classAndID += attributes.classAndID.isEmpty ? value.lowercased() : " " + value.lowercased()
            case .hidden:
                hasAttributes = true
                attributes.hidden = true
            case .ariaHidden:
                if value.lowercased() == "true" {
                    hasAttributes = true
                    attributes.hidden = true
                }
            case .style:
                let style = value.lowercased().filter { $0 != " " }
                if style.contains("display:none") || style.contains("visibility:hidden") {
                    hasAttributes = true
                    attributes.hidden = true
                }
            case .role:
                hasAttributes = true
                attributes.role = value.lowercased()
            case .href:
                if tag == .a {
                    hasAttributes = true
                    attributes.href = value
                }
            case .itemprop:
                hasAttributes = true
                attributes.itemprop = value.lowercased()
            case .datetime:
                hasAttributes = true
                attributes.datetime = value
                if tag == .time { metadata.times.append(value) }
            case .lang:
                if tag == .html, metadata.language == nil { metadata.language = value }
            case .property:
                metaKey = value.lowercased()
            case .content:
                metaContent = value
            }
        }
        if let metaKey, let metaContent, metadata.meta[metaKey] == nil { metadata.meta[metaKey] = metaContent }
        if hasAttributes {
            payloadStart.append(Int32(self.attributes.count))
            self.attributes.append(attributes)
        } else {
            payloadStart.append(-1)
        }
        payloadEnd.append(-1)
        return index
    }

    /// Text with runs of white space folded to one space. The bytes between white space are copied in runs:
    /// appending byte by byte costs several times more.
    private mutating func appendText(_ content: UnsafePointer<xmlChar>, parent: Int32) {
        let start = Int32(text.count)
        let length = Int(xmlStrlen(content))
        var lastWasSpace = text.last == 0x20
        var runStart = 0
        var index = 0
        while index < length {
            let byte = content[index]
            let spaceLength: Int
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                spaceLength = 1
            } else if byte == 0xC2 && index + 1 < length && content[index + 1] == 0xA0 {  // no-break space
                spaceLength = 2
            } else {
                index += 1
                continue
            }
            if index > runStart {
                text.append(contentsOf: UnsafeBufferPointer(start: content + runStart, count: index - runStart))
                lastWasSpace = false
            }
            if !lastWasSpace {
                text.append(0x20)
                lastWasSpace = true
            }
            index += spaceLength
            runStart = index
        }
        if length > runStart {
            text.append(contentsOf: UnsafeBufferPointer(start: content + runStart, count: length - runStart))
        }
        guard Int32(text.count) > start else { return }
        tags.append(.text)
        parents.append(parent)
        ends.append(Int32(tags.count))
        payloadStart.append(start)
        payloadEnd.append(Int32(text.count))
    }

    private mutating func collectSkippedMetadata(_ node: XMLNodePointer, name: String) {
        switch name {
        case "head":
            // The head is skipped as content but read for <title>, <meta> and JSON-LD.
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, let raw = current.pointee.name {
                    let childName = String(cString: raw)
                    switch childName {
                    case "title":
                        if metadata.titleElement == nil { metadata.titleElement = LibXML.textContent(current) }
                    case "meta":
                        readMeta(current)
                    case "script":
                        collectSkippedMetadata(current, name: "script")
                    default:
                        break
                    }
                }
                child = current.pointee.next
            }
        case "meta":
            readMeta(node)
        case "script":
            if let type = LibXML.attribute(node, "type")?.lowercased(), type.contains("ld+json") {
                metadata.jsonLD.append(LibXML.textContent(node))
            }
        default:
            break
        }
    }

    private mutating func readMeta(_ node: XMLNodePointer) {
        let key =
            (LibXML.attribute(node, "property") ?? LibXML.attribute(node, "name")
            ?? LibXML.attribute(node, "itemprop"))?.lowercased()
        if let key, let content = LibXML.attribute(node, "content"), metadata.meta[key] == nil {
            metadata.meta[key] = content
        }
        if let charset = LibXML.attribute(node, "http-equiv"), charset.lowercased() == "content-language",
            let content = LibXML.attribute(node, "content"), metadata.language == nil
        {
            metadata.language = content
        }
    }

    enum InterestingAttribute {
        case classOrID, hidden, ariaHidden, style, role, href, itemprop, datetime, lang, property, content
    }

    private static func interestingAttribute(_ name: UnsafePointer<xmlChar>) -> InterestingAttribute? {
        switch name[0] {
        case UInt8(ascii: "c"):
            if LibXML.strcmpUTF8(name, "class") { return .classOrID }
            if LibXML.strcmpUTF8(name, "content") { return .content }
        case UInt8(ascii: "i"):
            if LibXML.strcmpUTF8(name, "id") { return .classOrID }
            if LibXML.strcmpUTF8(name, "itemprop") { return .itemprop }
        case UInt8(ascii: "h"):
            if LibXML.strcmpUTF8(name, "href") { return .href }
            if LibXML.strcmpUTF8(name, "hidden") { return .hidden }
        case UInt8(ascii: "s"):
            if LibXML.strcmpUTF8(name, "style") { return .style }
        case UInt8(ascii: "a"):
            if LibXML.strcmpUTF8(name, "aria-hidden") { return .ariaHidden }
        case UInt8(ascii: "r"):
            if LibXML.strcmpUTF8(name, "role") { return .role }
        case UInt8(ascii: "d"):
            if LibXML.strcmpUTF8(name, "datetime") { return .datetime }
        case UInt8(ascii: "l"):
            if LibXML.strcmpUTF8(name, "lang") { return .lang }
        case UInt8(ascii: "p"):
            if LibXML.strcmpUTF8(name, "property") { return .property }
        case UInt8(ascii: "n"):
            if LibXML.strcmpUTF8(name, "name") { return .property }
        default:
            break
        }
        return nil
    }

    private static func value(of attribute: UnsafeMutablePointer<xmlAttr>) -> String {
        guard let child = attribute.pointee.children else { return "" }
        if child.pointee.next == nil, let content = child.pointee.content { return String(cString: content) }
        var value = ""
        var node: XMLNodePointer? = child
        while let current = node {
            if let content = current.pointee.content { value += String(cString: content) }
            node = current.pointee.next
        }
        return value
    }

    func attributes(of index: Int) -> Attributes? {
        guard tags[index] != .text else { return nil }
        let slot = payloadStart[index]
        return slot >= 0 ? attributes[Int(slot)] : nil
    }

    func textBytes(of index: Int) -> ArraySlice<UInt8> {
        text[Int(payloadStart[index])..<Int(payloadEnd[index])]
    }
}
