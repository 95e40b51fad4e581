#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// UTF-8 HTML → `HTMLTree` in one pass over the bytes, with the parts of HTML's parsing rules that decide which
/// text ends up where: raw-text elements, comments, character references, void elements, implied end tags, stray
/// end tags, unclosed elements. Text is folded (runs of white space → one space) straight into the tree's text
/// buffer; elements never rendered are tracked on the stack of open elements but leave no node.
struct HTMLTreeBuilder {
    typealias Tag = HTMLTree.Tag

    struct Flags: OptionSet {
        let rawValue: UInt8
        /// Never rendered: no node, nor any for its content.
        static let skipped = Flags(rawValue: 1 << 0)
        static let void = Flags(rawValue: 1 << 1)
        /// Its content is text up to its own end tag (script, style, title…).
        static let rawText = Flags(rawValue: 1 << 2)
        /// HTML's "special" elements: a list item's implied end stops at them.
        static let special = Flags(rawValue: 1 << 3)
        /// Implied paragraph ends do not look past these (table cells, tables…).
        static let scopeBoundary = Flags(rawValue: 1 << 4)
        static let closesParagraph = Flags(rawValue: 1 << 5)
        /// SVG and MathML, whose `title` is no page title.
        static let foreign = Flags(rawValue: 1 << 6)
        /// May come before `<body>` without starting it.
        static let headContent = Flags(rawValue: 1 << 7)
    }

    struct Element: Sendable {
        var tag: Tag
        var flags: Flags
    }

    static let elements: ByteNameTable<Element> = {
        let block: Flags = [.special, .closesParagraph]
        let hidden: Flags = [.skipped, .special]
        let entries: [(String, Tag, Flags)] = [
            ("html", .html, [.special, .scopeBoundary]), ("body", .body, .special), ("head", .head, .special),
            ("a", .a, []), ("p", .p, block), ("div", .div, block), ("span", .span, []), ("br", .br, [.void, .special]),
            ("hr", .hr, [.void, .special, .closesParagraph]), ("h1", .h1, block), ("h2", .h2, block),
            ("h3", .h3, block), ("h4", .h4, block), ("h5", .h5, block), ("h6", .h6, block), ("ul", .ul, block),
            ("ol", .ol, block), ("li", .li, block), ("dl", .dl, block), ("dt", .dt, block), ("dd", .dd, block),
            ("blockquote", .blockquote, block), ("pre", .pre, block), ("code", .code, []),
            ("table", .table, [.special, .scopeBoundary, .closesParagraph]), ("thead", .thead, .special),
            ("tbody", .tbody, .special), ("tfoot", .tfoot, .special), ("tr", .tr, .special),
            ("td", .td, [.special, .scopeBoundary]), ("th", .th, [.special, .scopeBoundary]),
            ("caption", .caption, [.special, .scopeBoundary]), ("section", .section, block),
            ("article", .article, block), ("main", .main, block), ("header", .header, block),
            ("footer", .footer, block), ("nav", .nav, block), ("aside", .aside, block), ("form", .form, block),
            ("fieldset", .fieldset, block), ("figure", .figure, block), ("figcaption", .figcaption, block),
            ("img", .img, [.void, .special]), ("image", .img, [.void, .special]), ("time", .time, []),
            ("address", .address, block), ("center", .center, block), ("font", .font, []),
            ("details", .details, block), ("summary", .summary, block), ("label", .label, []), ("menu", .menu, block),
            ("hgroup", .hgroup, block), ("picture", .picture, []), ("b", .b, []), ("strong", .strong, []),
            ("em", .em, []), ("i", .i, []), ("sup", .sup, []), ("sub", .sub, []), ("small", .small, []),
            ("q", .q, []), ("cite", .cite, []), ("abbr", .abbr, []), ("u", .u, []), ("s", .s, []),
            ("mark", .mark, []), ("area", .area, [.void, .special]), ("listing", .listing, block),
            ("dir", .dir, block), ("marquee", .marquee, [.special, .scopeBoundary]), ("search", .search, block),
            // Never rendered.
            ("title", .title, hidden.union([.rawText, .headContent])),
            ("script", .script, hidden.union([.rawText, .headContent])),
            ("style", .style, hidden.union([.rawText, .headContent])),
            ("noscript", .noscript, hidden.union([.rawText, .headContent])),
            ("template", .template, hidden.union([.scopeBoundary, .headContent])),
            ("meta", .meta, hidden.union([.void, .headContent])), ("link", .link, hidden.union([.void, .headContent])),
            ("base", .base, hidden.union([.void, .headContent])),
            ("basefont", .basefont, hidden.union([.void, .headContent])),
            ("bgsound", .bgsound, hidden.union([.void, .headContent])), ("svg", .svg, [.skipped, .foreign]),
            ("math", .math, [.skipped, .foreign]), ("iframe", .iframe, hidden.union(.rawText)),
            ("textarea", .textarea, hidden.union(.rawText)), ("xmp", .xmp, hidden.union([.rawText, .closesParagraph])),
            ("noembed", .noembed, hidden.union(.rawText)), ("noframes", .noframes, hidden.union(.rawText)),
            ("object", .object, hidden.union(.scopeBoundary)), ("applet", .applet, hidden.union(.scopeBoundary)),
            ("embed", .embed, hidden.union(.void)), ("input", .input, hidden.union(.void)),
            ("frame", .frame, hidden.union(.void)), ("wbr", .wbr, hidden.union(.void)),
            ("col", .col, hidden.union(.void)), ("source", .source, hidden.union(.void)),
            ("track", .track, hidden.union(.void)), ("param", .param, hidden.union(.void)),
            ("keygen", .keygen, hidden.union(.void)), ("canvas", .canvas, .skipped), ("button", .button, hidden),
            ("select", .select, hidden), ("option", .option, .skipped), ("optgroup", .optgroup, .skipped),
            ("video", .video, .skipped), ("audio", .audio, .skipped), ("map", .map, .skipped),
            ("dialog", .dialog, hidden.union(.closesParagraph)), ("frameset", .frameset, hidden),
            ("colgroup", .colgroup, hidden), ("datalist", .datalist, .skipped), ("output", .output, .skipped),
            ("progress", .progress, .skipped), ("meter", .meter, .skipped),
        ]
        return ByteNameTable(entries.map { ($0.0, Element(tag: $0.1, flags: $0.2)) }, caseInsensitive: true)
    }()

    enum AttributeName: UInt8 {
        case classNames, id, hidden, ariaHidden, style, role, href, itemprop, datetime, lang, property, name, content,
            type, httpEquiv, title, alt
    }

    /// The attribute named by `count` bytes at `name`, in any case, when it is one the tree keeps. The length and
    /// the first letter settle most names (src, data-…, width) at once.
    static func attributeName(_ name: UnsafePointer<UInt8>, count: Int) -> AttributeName? {
        func named(_ candidate: StaticString) -> Bool {
            let bytes = candidate.utf8Start
            for index in 1..<count where ByteNameTable<Element>.lowercased(name[index]) != bytes[index] { return false }
            return true
        }
        let first = ByteNameTable<Element>.lowercased(name[0])
        switch (count, first) {
        case (2, UInt8(ascii: "i")): return named("id") ? .id : nil
        case (3, UInt8(ascii: "a")): return named("alt") ? .alt : nil
        case (4, UInt8(ascii: "h")): return named("href") ? .href : nil
        case (4, UInt8(ascii: "r")): return named("role") ? .role : nil
        case (4, UInt8(ascii: "l")): return named("lang") ? .lang : nil
        case (4, UInt8(ascii: "n")): return named("name") ? .name : nil
        case (4, UInt8(ascii: "t")): return named("type") ? .type : nil
        case (5, UInt8(ascii: "c")): return named("class") ? .classNames : nil
        case (5, UInt8(ascii: "s")): return named("style") ? .style : nil
        case (5, UInt8(ascii: "t")): return named("title") ? .title : nil
        case (6, UInt8(ascii: "h")): return named("hidden") ? .hidden : nil
        case (7, UInt8(ascii: "c")): return named("content") ? .content : nil
        case (8, UInt8(ascii: "i")): return named("itemprop") ? .itemprop : nil
        case (8, UInt8(ascii: "d")): return named("datetime") ? .datetime : nil
        case (8, UInt8(ascii: "p")): return named("property") ? .property : nil
        case (10, UInt8(ascii: "h")): return named("http-equiv") ? .httpEquiv : nil
        case (11, UInt8(ascii: "a")): return named("aria-hidden") ? .ariaHidden : nil
        default: return nil
        }
    }

    /// Elements deeper than this are not opened (their content joins the deepest open one): every walk over the
    /// stack of open elements stays short, whatever the page. Browsers cap the depth likewise.
    static let maximumDepth = 512

    /// The attributes of the tag being read that matter to text, metadata or links.
    struct TagAttributes {
        var seen: UInt32 = 0
        var hasClassOrID = false
        /// What the tree keeps of the element.
        var kept = HTMLTree.Attributes()
        var lang: String?
        var property: String?
        var name: String?
        /// Lowercased, whichever of `property` and `name` came last.
        var propertyOrName: String?
        var content: String?
        /// A script of `type="application/ld+json"`.
        var isJSONLD = false
        var httpEquiv: String?
    }

    private struct OpenElement {
        var nameHash: UInt64
        /// The node, or -1 when the element (or an ancestor) is skipped.
        var index: Int32
        var tag: Tag
        var flags: Flags
    }

    private let input: UnsafePointer<UInt8>
    private let end: Int
    private let out: UnsafeMutablePointer<UInt8>
    private let forLinks: Bool
    private var position = 0
    private var written = 0
    private var pendingTextStart = 0
    private var tree = HTMLTree()
    private var stack: [OpenElement] = []
    private var skipDepth = 0
    private var foreignDepth = 0
    /// How many elements of each tag are open: implied and explicit end tags look for an element only when one is.
    private var openTags = [Int32](repeating: 0, count: 256)
    private var bodyOpened = false
    private var attributes = TagAttributes()
    private var scratch: [UInt8] = []

    private init(input: UnsafePointer<UInt8>, end: Int, out: UnsafeMutablePointer<UInt8>, forLinks: Bool) {
        self.input = input
        self.end = end
        self.out = out
        self.forLinks = forLinks
    }

    static func build(_ bytes: UnsafeBufferPointer<UInt8>, forLinks: Bool) -> HTMLTree {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return HTMLTree() }
        // Folded text and decoded references are never longer than their source.
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count + 8)
        defer { out.deallocate() }
        var builder = HTMLTreeBuilder(input: base, end: bytes.count, out: out, forLinks: forLinks)
        builder.run()
        builder.tree.text = Array(UnsafeBufferPointer(start: out, count: builder.written))
        return builder.tree
    }

    // MARK: - Tokenizing

    private mutating func run() {
        let expectedNodes = end / 40 + 16
        tree.tags.reserveCapacity(expectedNodes)
        tree.parents.reserveCapacity(expectedNodes)
        tree.ends.reserveCapacity(expectedNodes)
        tree.payloadStart.reserveCapacity(expectedNodes)
        tree.payloadEnd.reserveCapacity(expectedNodes)
        stack.reserveCapacity(64)
        appendElement(.html)
        push(OpenElement(nameHash: Self.nameHash("html"), index: 0, tag: .html, flags: [.special, .scopeBoundary]))
        while position < end {
            let byte = input[position]
            if byte == UInt8(ascii: "<") && isMarkupStart(position) {
                readMarkup()
            } else if skipDepth > 0 {
                position = find(UInt8(ascii: "<"), from: position + 1) ?? end
            } else if !bodyOpened && Self.isSpace(byte) {
                position += 1
            } else {
                if !bodyOpened { openBody(withAttributes: false) }
                readText()
            }
        }
        commitText()
        popTo(0)
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    @inline(__always) private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    private static func nameHash(_ name: StaticString) -> UInt64 {
        ByteNameTable<Element>.hash(name.utf8Start, count: name.utf8CodeUnitCount, caseInsensitive: true)
    }

    private func isMarkupStart(_ index: Int) -> Bool {
        guard index + 1 < end else { return false }
        let next = input[index + 1]
        return Self.isLetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?")
    }

    private func find(_ byte: UInt8, from start: Int) -> Int? {
        guard start < end, let found = memchr(input + start, Int32(byte), end - start) else { return nil }
        return input.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Text up to the next tag, folded into `out`. Plain bytes are copied in runs.
    private mutating func readText() {
        // White space, NUL, "&", "<" below 64; 0xC2 leads a no-break space.
        let stops: UInt64 = 1 << 0 | 1 << 9 | 1 << 10 | 1 << 12 | 1 << 13 | 1 << 32 | 1 << 38 | 1 << 60
        var index = position
        var runStart = index
        while index < end {
            let byte = input[index]
            if byte >= 64 {
                if byte != 0xC2 {
                    index += 1
                    continue
                }
            } else if (stops >> UInt64(byte)) & 1 == 0 {
                index += 1
                continue
            }
            if index > runStart {
                (out + written).update(from: input + runStart, count: index - runStart)
                written += index - runStart
            }
            switch byte {
            case 0xC2:
                if index + 1 < end && input[index + 1] == 0xA0 {
                    emitSpace()
                    index += 2
                } else {
                    out[written] = byte
                    written += 1
                    index += 1
                }
            case UInt8(ascii: "<"):
                if index > position && isMarkupStart(index) {
                    position = index
                    return
                }
                out[written] = byte
                written += 1
                index += 1
            case UInt8(ascii: "&"):
                if let (scalar, length) = HTMLEntities.reference(input, at: index, end: end, inAttribute: false) {
                    emit(scalar)
                    index += length
                } else {
                    out[written] = byte
                    written += 1
                    index += 1
                }
            case 0:
                index += 1
            default:
                // A run of white space folds to one space.
                index += 1
                while index < end && Self.isSpace(input[index]) { index += 1 }
                emitSpace()
            }
            runStart = index
        }
        if index > runStart {
            (out + written).update(from: input + runStart, count: index - runStart)
            written += index - runStart
        }
        position = end
    }

    @inline(__always) private mutating func emitSpace() {
        if written == 0 || out[written - 1] != 0x20 {
            out[written] = 0x20
            written += 1
        }
    }

    private mutating func emit(_ scalar: UInt32) {
        switch scalar {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D, 0xA0: emitSpace()
        default: written += HTMLEntities.writeUTF8(scalar, to: out + written)
        }
    }

    private mutating func readMarkup() {
        let next = input[position + 1]
        if Self.isLetter(next) {
            readStartTag()
        } else if next == UInt8(ascii: "/") {
            readEndTag()
        } else if next == UInt8(ascii: "!") && hasPrefix("<!--", at: position) {
            skipComment()
        } else if next == UInt8(ascii: "!") && hasPrefix("<![CDATA[", at: position) {
            // Character data only means something in SVG and MathML, which are not rendered as text here.
            position = findTerminator("]]>", from: position + 9)
        } else {
            // <!DOCTYPE …>, <?xml …?> and other bogus comments end at the first ">".
            position = (find(UInt8(ascii: ">"), from: position + 2) ?? end - 1) + 1
        }
    }

    private func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index >= 0 && index + count <= end else { return false }
        return memcmp(input + index, prefix.utf8Start, count) == 0
    }

    /// The index just past `terminator`, searched from `start`, or the end of the input.
    private func findTerminator(_ terminator: StaticString, from start: Int) -> Int {
        let count = terminator.utf8CodeUnitCount
        let last = terminator.utf8Start[count - 1]
        var from = start
        while let found = find(last, from: from) {
            if found - start >= count - 1 && hasPrefix(terminator, at: found - count + 1) { return found + 1 }
            from = found + 1
        }
        return end
    }

    private mutating func skipComment() {
        let contentStart = position + 4
        // "<!-->" and "<!--->" are complete comments.
        if contentStart < end && input[contentStart] == UInt8(ascii: ">") {
            position = contentStart + 1
            return
        }
        if contentStart + 1 < end && input[contentStart] == UInt8(ascii: "-") && input[contentStart + 1] == UInt8(ascii: ">") {
            position = contentStart + 2
            return
        }
        var from = contentStart
        while let close = find(UInt8(ascii: ">"), from: from) {
            if close - 2 >= contentStart && input[close - 1] == UInt8(ascii: "-") && input[close - 2] == UInt8(ascii: "-") {
                position = close + 1
                return
            }
            if close - 3 >= contentStart && input[close - 1] == UInt8(ascii: "!") && input[close - 2] == UInt8(ascii: "-")
                && input[close - 3] == UInt8(ascii: "-")
            {
                position = close + 1
                return
            }
            from = close + 1
        }
        position = end
    }

    private mutating func readEndTag() {
        let nameStart = position + 2
        var index = nameStart
        guard index < end, Self.isLetter(input[index]) else {
            // "</>" is dropped, "</ …>" is a bogus comment.
            position = (find(UInt8(ascii: ">"), from: nameStart) ?? end - 1) + 1
            return
        }
        while index < end {
            let byte = input[index]
            if Self.isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") { break }
            index += 1
        }
        let nameLength = index - nameStart
        guard let close = find(UInt8(ascii: ">"), from: index) else {
            position = end  // a tag cut by the end of the input is dropped
            return
        }
        position = close + 1
        let hash = ByteNameTable<Element>.hash(input + nameStart, count: nameLength, caseInsensitive: true)
        let tag = Self.elements.value(input + nameStart, count: nameLength, hash: hash)?.tag ?? .other
        closeElement(tag, nameHash: hash)
    }

    private mutating func readStartTag() {
        let nameStart = position + 1
        var index = nameStart
        while index < end {
            let byte = input[index]
            if Self.isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") { break }
            index += 1
        }
        let nameLength = index - nameStart
        let hash = ByteNameTable<Element>.hash(input + nameStart, count: nameLength, caseInsensitive: true)
        var element =
            Self.elements.value(input + nameStart, count: nameLength, hash: hash) ?? Element(tag: .other, flags: [])
        if forLinks { element = Self.forLinkExtraction(element, inForeignContent: foreignDepth > 0) }
        let tag = element.tag
        // Attributes only matter on rendered elements and on the few never-rendered ones that carry metadata.
        let wantsAttributes =
            (skipDepth == 0 && !element.flags.contains(.skipped)) || tag == .meta || tag == .script || tag == .base
        if attributes.seen != 0 { attributes = TagAttributes() }  // every field set marks `seen`
        var selfClosing = false
        while true {
            while index < end && Self.isSpace(input[index]) { index += 1 }
            guard index < end else {
                position = end  // a tag cut by the end of the input is dropped
                return
            }
            let byte = input[index]
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            if byte == UInt8(ascii: "/") {
                if index + 1 < end && input[index + 1] == UInt8(ascii: ">") {
                    selfClosing = true
                    index += 2
                    break
                }
                index += 1
                continue
            }
            let attributeStart = index
            index += 1
            while index < end {
                let byte = input[index]
                if Self.isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=") {
                    break
                }
                index += 1
            }
            let attributeEnd = index
            while index < end && Self.isSpace(input[index]) { index += 1 }
            var valueStart = index
            var valueEnd = index
            if index < end && input[index] == UInt8(ascii: "=") {
                index += 1
                while index < end && Self.isSpace(input[index]) { index += 1 }
                if index < end && (input[index] == UInt8(ascii: "\"") || input[index] == UInt8(ascii: "'")) {
                    valueStart = index + 1
                    guard let quote = find(input[index], from: valueStart) else {
                        position = end
                        return
                    }
                    valueEnd = quote
                    index = quote + 1
                } else {
                    valueStart = index
                    while index < end && !Self.isSpace(input[index]) && input[index] != UInt8(ascii: ">") { index += 1 }
                    valueEnd = index
                }
            }
            if wantsAttributes {
                readAttribute(attributeStart..<attributeEnd, value: valueStart..<valueEnd, tag: tag)
            }
        }
        position = index
        openElement(element, nameHash: hash, nameStart: nameStart, nameLength: nameLength, selfClosing: selfClosing)
    }

    private mutating func readAttribute(_ name: Range<Int>, value: Range<Int>, tag: Tag) {
        guard let which = Self.attributeName(input + name.lowerBound, count: name.count) else { return }
        let bit: UInt32 = 1 << which.rawValue
        guard attributes.seen & bit == 0 else { return }  // the first of duplicate attributes counts
        attributes.seen |= bit
        switch which {
        case .classNames, .id:
            let names = string(value, lowercased: true)
            attributes.hasClassOrID = true
            attributes.kept.classAndID = attributes.kept.classAndID.isEmpty ? names : attributes.kept.classAndID + " " + names
        case .hidden:
            attributes.kept.hidden = true
        case .ariaHidden:
            if string(value, lowercased: true) == "true" { attributes.kept.hidden = true }
        case .style:
            if styleHides(value) { attributes.kept.hidden = true }
        case .role:
            attributes.kept.role = string(value, lowercased: true)
        case .href:
            if forLinks && (tag == .a || tag == .area || tag == .base) {
                attributes.kept.href = string(value, lowercased: false)
            }
        case .itemprop:
            attributes.kept.itemprop = string(value, lowercased: true)
        case .datetime:
            attributes.kept.datetime = string(value, lowercased: false)
        case .lang:
            if tag == .html { attributes.lang = string(value, lowercased: false) }
        case .property:
            attributes.property = string(value, lowercased: true)
            attributes.propertyOrName = attributes.property
        case .name:
            attributes.name = string(value, lowercased: true)
            attributes.propertyOrName = attributes.name
        case .content:
            attributes.content = string(value, lowercased: false)
        case .type:
            if tag == .script { attributes.isJSONLD = contains(value, "ld+json") }
        case .httpEquiv:
            if tag == .meta { attributes.httpEquiv = string(value, lowercased: true) }
        case .title:
            if forLinks { attributes.kept.title = string(value, lowercased: false) }
        case .alt:
            if forLinks { attributes.kept.alt = string(value, lowercased: false) }
        }
    }

    /// An attribute value with its character references decoded; ASCII letters lowercased when asked.
    private mutating func string(_ range: Range<Int>, lowercased: Bool) -> String {
        var plain = true
        for index in range {
            let byte = input[index]
            if byte == UInt8(ascii: "&") || (lowercased && byte &- 0x41 < 26) {
                plain = false
                break
            }
        }
        if plain { return String(decoding: UnsafeBufferPointer(start: input + range.lowerBound, count: range.count), as: UTF8.self) }
        scratch.removeAll(keepingCapacity: true)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = input[index]
            if byte == UInt8(ascii: "&"),
                let (scalar, length) = HTMLEntities.reference(input, at: index, end: range.upperBound, inAttribute: true)
            {
                HTMLEntities.appendUTF8(scalar, to: &scratch)
                index += length
            } else {
                scratch.append(lowercased ? ByteNameTable<Element>.lowercased(byte) : byte)
                index += 1
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// `display: none` or `visibility: hidden` in a style attribute, in any case and spacing.
    private mutating func styleHides(_ range: Range<Int>) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        for index in range where input[index] != 0x20 {
            scratch.append(ByteNameTable<Element>.lowercased(input[index]))
        }
        return scratch.withUnsafeBufferPointer { Self.contains($0, "display:none") || Self.contains($0, "visibility:hidden") }
    }

    /// Whether an attribute value contains an ASCII needle, in any case.
    private func contains(_ range: Range<Int>, _ needle: StaticString) -> Bool {
        Self.contains(UnsafeBufferPointer(start: input + range.lowerBound, count: range.count), needle)
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        ByteSearch.contains(
            haystack, UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount),
            ignoringASCIICase: true)
    }

    /// The content of a raw-text element up to its end tag; the position moves past that end tag.
    private mutating func readRawText(nameStart: Int, nameLength: Int) -> Range<Int> {
        let contentStart = position
        var from = position
        while let open = find(UInt8(ascii: "<"), from: from) {
            let afterName = open + 2 + nameLength
            if afterName <= end && input[open + 1] == UInt8(ascii: "/")
                && (afterName == end || Self.isSpace(input[afterName]) || input[afterName] == UInt8(ascii: ">")
                    || input[afterName] == UInt8(ascii: "/"))
                && (0..<nameLength).allSatisfy({
                    ByteNameTable<Element>.lowercased(input[open + 2 + $0])
                        == ByteNameTable<Element>.lowercased(input[nameStart + $0])
                })
            {
                position = (find(UInt8(ascii: ">"), from: afterName) ?? end - 1) + 1
                return contentStart..<open
            }
            from = open + 1
        }
        position = end
        return contentStart..<end
    }

    // MARK: - Tree building

    private mutating func openElement(
        _ element: Element, nameHash: UInt64, nameStart: Int, nameLength: Int, selfClosing: Bool
    ) {
        let tag = element.tag
        let flags = element.flags
        switch tag {
        case .html:
            // Attributes of <html> (lang) go to the root, which exists from the start.
            if skipDepth == 0 && tree.payloadStart[0] < 0 { tree.payloadStart[0] = recordAttributes(tag) }
            return
        case .head:
            return
        case .body:
            if !bodyOpened && skipDepth == 0 { openBody(withAttributes: true) }
            return
        case .meta:
            readMeta()
            return
        case .base:
            if tree.metadata.baseHref == nil { tree.metadata.baseHref = attributes.kept.href }
            return
        default:
            break
        }
        if !bodyOpened && skipDepth == 0 && !flags.contains(.headContent) { openBody(withAttributes: false) }
        if flags.contains(.rawText) {
            guard !selfClosing else { return }
            let content = readRawText(nameStart: nameStart, nameLength: nameLength)
            readRawTextMetadata(tag, content: content)
            return
        }
        closeImpliedElements(before: tag, flags: flags)
        let isVoid = flags.contains(.void) || selfClosing
        if skipDepth == 0 && !flags.contains(.skipped) {
            commitText()
            let index = appendElement(tag)
            if !isVoid && stack.count < Self.maximumDepth {
                push(OpenElement(nameHash: nameHash, index: index, tag: tag, flags: flags))
            }
        } else if !isVoid && stack.count < Self.maximumDepth {
            commitText()
            push(OpenElement(nameHash: nameHash, index: -1, tag: tag, flags: flags))
            skipDepth += 1
        }
    }

    /// Link extraction also reads what is not rendered as text but holds links or names them: buttons, image maps,
    /// <noscript>, fallback content, and the titles of SVG icons (a link's only text when it is an icon).
    private static func forLinkExtraction(_ element: Element, inForeignContent: Bool) -> Element {
        switch element.tag {
        case .button, .map, .noscript, .object, .applet, .video, .audio, .canvas, .dialog, .svg, .math:
            return Element(tag: element.tag, flags: element.flags.subtracting([.skipped, .rawText]))
        case .title where inForeignContent:
            return Element(tag: .other, flags: [])
        default:
            return element
        }
    }

    private mutating func openBody(withAttributes: Bool) {
        commitText()
        let index = withAttributes ? appendElement(.body) : appendElementWithoutAttributes(.body)
        push(OpenElement(nameHash: Self.nameHash("body"), index: index, tag: .body, flags: .special))
        bodyOpened = true
    }

    /// The end tags a start tag implies: a paragraph ends at a block, a list item at the next item, a cell at the
    /// next cell or row, a heading at a heading, a link at a link.
    private mutating func closeImpliedElements(before tag: Tag, flags: Flags) {
        if flags.contains(.closesParagraph) && isOpen(.p) {
            closeOpen(where: { $0.tag == .p }, stopAt: { $0.flags.contains(.scopeBoundary) || $0.tag == .button })
        }
        switch tag {
        case .li where isOpen(.li):
            closeOpen(where: { $0.tag == .li }, stopAt: Self.stopsListItemEnd)
        case .dd where isOpen(.dd) || isOpen(.dt), .dt where isOpen(.dd) || isOpen(.dt):
            closeOpen(where: { $0.tag == .dd || $0.tag == .dt }, stopAt: Self.stopsListItemEnd)
        case .h1, .h2, .h3, .h4, .h5, .h6:
            if let top = stack.last, top.tag.isHeading { popTo(stack.count - 1) }
        case .td where isOpen(.td) || isOpen(.th), .th where isOpen(.td) || isOpen(.th):
            closeOpen(where: { $0.tag == .td || $0.tag == .th }, stopAt: { Self.isTableContext($0.tag) || $0.tag == .tr })
        case .tr where isOpen(.tr):
            closeOpen(where: { $0.tag == .tr }, stopAt: { Self.isTableContext($0.tag) })
        case .thead, .tbody, .tfoot:
            closeOpen(
                where: { $0.tag == .thead || $0.tag == .tbody || $0.tag == .tfoot },
                stopAt: { $0.tag == .table || $0.tag == .html || $0.tag == .template })
        case .a where isOpen(.a):
            closeOpen(where: { $0.tag == .a }, stopAt: { $0.flags.contains(.special) })
        case .option, .optgroup:
            if let top = stack.last, top.tag == .option { popTo(stack.count - 1) }
        default:
            break
        }
    }

    private static func stopsListItemEnd(_ element: OpenElement) -> Bool {
        element.flags.contains(.special) && element.tag != .address && element.tag != .div && element.tag != .p
    }

    private static func isTableContext(_ tag: Tag) -> Bool {
        switch tag {
        case .table, .tbody, .thead, .tfoot, .html, .template: return true
        default: return false
        }
    }

    @inline(__always) private func isOpen(_ tag: Tag) -> Bool { openTags[Int(tag.rawValue)] > 0 }

    private mutating func push(_ element: OpenElement) {
        stack.append(element)
        openTags[Int(element.tag.rawValue)] += 1
        if element.flags.contains(.foreign) { foreignDepth += 1 }
    }

    /// Pops through the nearest open element that `matches`, unless one that `stopAt` comes first.
    private mutating func closeOpen(where matches: (OpenElement) -> Bool, stopAt: (OpenElement) -> Bool) {
        var level = stack.count - 1
        while level > 0 {
            let element = stack[level]
            if matches(element) {
                popTo(level)
                return
            }
            if stopAt(element) { return }
            level -= 1
        }
    }

    /// An end tag closes the nearest open element of its name and everything opened since, unless a more
    /// structural element comes first: `</span>` never closes a `div`, nor `</div>` a table cell. An end tag
    /// with nothing to close is dropped.
    private mutating func closeElement(_ tag: Tag, nameHash: UInt64) {
        switch tag {
        case .br:
            // "</br>" is read as "<br>", as browsers do.
            if bodyOpened && skipDepth == 0 {
                commitText()
                appendElementWithoutAttributes(.br)
            }
            return
        case .html, .body, .head:
            return
        default:
            break
        }
        // Elements of other names are told apart by their name's hash; a known one that is not open ends nothing.
        guard tag == .other || isOpen(tag) else { return }
        let priority = Self.endPriority(tag)
        var level = stack.count - 1
        while level > 0 {
            let element = stack[level]
            if element.nameHash == nameHash {
                popTo(level)
                return
            }
            if Self.endPriority(element.tag) > priority { return }
            level -= 1
        }
    }

    private static func endPriority(_ tag: Tag) -> Int {
        switch tag {
        case .div: return 150
        case .td, .th: return 160
        case .tr: return 170
        case .thead, .tbody, .tfoot: return 180
        case .table: return 190
        case .head, .body: return 200
        case .html: return 220
        default: return 100
        }
    }

    /// Closes the open elements from the top of the stack down to `level` included.
    private mutating func popTo(_ level: Int) {
        commitText()
        let count = Int32(tree.tags.count)
        while stack.count > level {
            let element = stack.removeLast()
            openTags[Int(element.tag.rawValue)] -= 1
            if element.flags.contains(.foreign) { foreignDepth -= 1 }
            if element.index >= 0 {
                tree.ends[Int(element.index)] = count
            } else {
                skipDepth -= 1
            }
        }
    }

    /// Ends the current text node, if any text was written since the last element.
    private mutating func commitText() {
        guard written > pendingTextStart else { return }
        let index = Int32(tree.tags.count)
        tree.tags.append(.text)
        tree.parents.append(stack.last?.index ?? 0)
        tree.ends.append(index + 1)
        tree.payloadStart.append(Int32(pendingTextStart))
        tree.payloadEnd.append(Int32(written))
        pendingTextStart = written
    }

    @discardableResult
    private mutating func appendElement(_ tag: Tag) -> Int32 {
        let index = appendElementWithoutAttributes(tag)
        tree.payloadStart[Int(index)] = recordAttributes(tag)
        return index
    }

    @discardableResult
    private mutating func appendElementWithoutAttributes(_ tag: Tag) -> Int32 {
        let index = Int32(tree.tags.count)
        tree.tags.append(tag)
        tree.parents.append(stack.last?.index ?? -1)
        tree.ends.append(index + 1)
        tree.payloadStart.append(-1)
        tree.payloadEnd.append(-1)
        return index
    }

    /// The kept attributes of the current tag, and the metadata they carry; the attributes' slot or -1.
    private mutating func recordAttributes(_ tag: Tag) -> Int32 {
        guard attributes.seen != 0 else { return -1 }
        let kept = attributes.kept
        if tag == .time, let datetime = kept.datetime { tree.metadata.times.append(datetime) }
        if let language = attributes.lang, tree.metadata.language == nil { tree.metadata.language = language }
        if let key = attributes.propertyOrName, let content = attributes.content, tree.metadata.meta[key] == nil {
            tree.metadata.meta[key] = content
        }
        // title and alt are set only when the tree is built for its links.
        let hasAttributes = attributes.hasClassOrID || kept.hidden || kept.role != nil || kept.href != nil
            || kept.itemprop != nil || kept.datetime != nil || kept.title != nil || kept.alt != nil
        guard hasAttributes else { return -1 }
        tree.attributes.append(kept)
        return Int32(tree.attributes.count - 1)
    }

    private mutating func readMeta() {
        if let key = attributes.property ?? attributes.name ?? attributes.kept.itemprop, let content = attributes.content,
            tree.metadata.meta[key] == nil
        {
            tree.metadata.meta[key] = content
        }
        if attributes.httpEquiv == "content-language", let content = attributes.content, tree.metadata.language == nil {
            tree.metadata.language = content
        }
    }

    /// The page title (the first `<title>` outside SVG and MathML) and JSON-LD scripts.
    private mutating func readRawTextMetadata(_ tag: Tag, content: Range<Int>) {
        switch tag {
        case .title:
            guard tree.metadata.titleElement == nil && foreignDepth == 0 else { return }
            tree.metadata.titleElement = decodedText(content)
        case .script:
            if attributes.isJSONLD {
                tree.metadata.jsonLD.append(
                    String(decoding: UnsafeBufferPointer(start: input + content.lowerBound, count: content.count), as: UTF8.self))
            }
        default:
            break
        }
    }

    /// Text with its character references decoded, white space kept.
    private mutating func decodedText(_ range: Range<Int>) -> String {
        scratch.removeAll(keepingCapacity: true)
        var index = range.lowerBound
        while index < range.upperBound {
            if input[index] == UInt8(ascii: "&"),
                let (scalar, length) = HTMLEntities.reference(input, at: index, end: range.upperBound, inAttribute: false)
            {
                HTMLEntities.appendUTF8(scalar, to: &scratch)
                index += length
            } else {
                if input[index] != 0 { scratch.append(input[index]) }
                index += 1
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }
}
