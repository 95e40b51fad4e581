import ReportModel

/// Finds a page's main text in the spirit of Mozilla Readability: paragraphs score the containers they sit in (by
/// length and commas), scores decay up the ancestry and shrink with link density, class/id names weigh in, and the
/// best container is kept with its related siblings. Navigation, asides, share bars, comments, "related" and
/// "read more" teasers are dropped by name and by shape. When the strict pass finds too little, looser passes run.
struct MainTextExtractor {
    typealias Tag = HTMLTree.Tag

    let tree: HTMLTree
    /// Per node: text length with CJK characters counted thrice (a Chinese character carries about as much as a
    /// short English word), commas, and whether it is a block. Mode-independent, computed once.
    private var length: [Int32]
    private var commas: [Int32]
    private var classWeight: [Int16]
    private var unlikely: [Bool]
    private var hidden: [Bool]
    /// Named as a caption, photo credit or byline.
    private var caption: [Bool]
    private var dataTable: [Bool]

    struct Options {
        var stripUnlikely: Bool
        var weightClasses: Bool
        var cleanConditionally: Bool
    }

    init(tree: HTMLTree) {
        self.tree = tree
        let count = tree.count
        length = [Int32](repeating: 0, count: count)
        commas = [Int32](repeating: 0, count: count)
        classWeight = [Int16](repeating: 0, count: count)
        unlikely = [Bool](repeating: false, count: count)
        hidden = [Bool](repeating: false, count: count)
        caption = [Bool](repeating: false, count: count)
        dataTable = [Bool](repeating: false, count: count)
        for index in 0..<count {
            if tree.tags[index] == .text {
                let (scalars, cjk, commaCount) = Self.measure(tree.textBytes(of: index))
                length[index] = Int32(scalars + 2 * cjk)
                commas[index] = Int32(commaCount)
                continue
            }
            let slot = Int(tree.payloadStart[index])
            guard slot >= 0 else { continue }
            hidden[index] = tree.attributes[slot].hidden
            let role = tree.attributes[slot].role
            let names = tree.attributes[slot].classAndID
            guard !names.isEmpty || role != nil else { continue }
            let hints = ClassHints.hints(names)
            classWeight[index] = Int16(hints.weight)
            caption[index] = hints.caption
            unlikely[index] = hints.unlikely || (role.map(ClassHints.unlikelyRoles.contains) ?? false)
        }
        for index in 0..<count where tree.tags[index] == .table {
            dataTable[index] = isDataTable(index)
        }
    }

    /// Scalars, CJK scalars and commas of UTF-8 text.
    private static func measure(_ bytes: ArraySlice<UInt8>) -> (Int, Int, Int) {
        var scalars = 0
        var cjk = 0
        var commaCount = 0
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                scalars += 1
                if byte == 0x2C { commaCount += 1 }
                index += 1
            } else if byte < 0xE0 {
                scalars += 1
                index += 2
            } else if byte < 0xF0 {
                scalars += 1
                // U+2E80–U+9FFF (CJK) and U+AC00–U+D7AF (Hangul) start with E2 BA… through E9, and EA–ED.
                if (byte >= 0xE3 && byte <= 0xE9) || (byte >= 0xEA && byte <= 0xED) { cjk += 1 }
                // "，" U+FF0C = EF BC 8C, "、" U+3001 = E3 80 81
                if index + 2 < end {
                    let b1 = bytes[index + 1]
                    let b2 = bytes[index + 2]
                    if (byte == 0xEF && b1 == 0xBC && b2 == 0x8C) || (byte == 0xE3 && b1 == 0x80 && b2 == 0x81) {
                        commaCount += 1
                    }
                }
                index += 3
            } else {
                scalars += 1
                cjk += 1
                index += 4
            }
        }
        return (scalars, cjk, commaCount)
    }

    // MARK: - Passes

    struct Block {
        var kind: TextBlock.Kind
        var text: String
    }

    /// The main text as blocks; `title` lets a heading that repeats the title be left out.
    func extract(title: String?) -> [Block] {
        let passes = [
            Options(stripUnlikely: true, weightClasses: true, cleanConditionally: true),
            Options(stripUnlikely: false, weightClasses: true, cleanConditionally: true),
            Options(stripUnlikely: false, weightClasses: false, cleanConditionally: true),
            Options(stripUnlikely: false, weightClasses: false, cleanConditionally: false),
        ]
        var best: [Block] = []
        var bestLength = 0
        for options in passes {
            let blocks = extract(options: options, title: title)
            let textLength = blocks.reduce(0) { $0 + $1.text.utf8.count }
            if textLength >= 500 { return blocks }
            if textLength > bestLength {
                best = blocks
                bestLength = textLength
            }
        }
        return best
    }

    func extract(options: Options, title: String?) -> [Block] {
        let count = tree.count
        guard count > 0 else { return [] }
        let tags = tree.tags
        let parents = tree.parents

        // Which nodes take part: hidden ones never; unlikely ones and page furniture in the strict pass.
        var alive = [Bool](repeating: true, count: count)
        var inTable = [Bool](repeating: false, count: count)
        for index in 1..<count {
            let parent = Int(parents[index])
            inTable[index] = inTable[parent] || tags[parent] == .table
            guard alive[parent] else {
                alive[index] = false
                continue
            }
            let tag = tags[index]
            if tag == .text { continue }
            if hidden[index] {
                alive[index] = false
                continue
            }
            if options.stripUnlikely {
                switch tag {
                case .nav, .aside, .footer, .header, .menu:
                    alive[index] = false
                    continue
                case .body, .html, .a:
                    break
                default:
                    if unlikely[index] && !inTable[index] { alive[index] = false }
                }
            }
        }

        // Bottom-up sums over live nodes.
        var textLength = [Int32](repeating: 0, count: count)
        var linkLength = [Int32](repeating: 0, count: count)
        var commaCount = [Int32](repeating: 0, count: count)
        var ownLength = [Int32](repeating: 0, count: count)
        var ownCommas = [Int32](repeating: 0, count: count)
        var blockOf = [Int32](repeating: 0, count: count)
        for index in 1..<count where alive[index] {
            let parent = Int(parents[index])
            blockOf[index] = tags[parent].isBlock ? Int32(parent) : blockOf[parent]
        }
        for index in stride(from: count - 1, through: 0, by: -1) where alive[index] {
            if tags[index] == .text {
                textLength[index] = length[index]
                commaCount[index] = commas[index]
                let block = Int(blockOf[index])
                ownLength[block] += length[index]
                ownCommas[block] += commas[index]
            } else if tags[index] == .a {
                linkLength[index] = textLength[index]
            }
            if index > 0 {
                let parent = Int(parents[index])
                textLength[parent] += textLength[index]
                linkLength[parent] += linkLength[index]
                commaCount[parent] += commaCount[index]
            }
        }

        // Paragraphs score their containers.
        var score = [Float](repeating: 0, count: count)
        var scored = [Bool](repeating: false, count: count)
        var candidates: [Int] = []
        func initialize(_ node: Int) {
            scored[node] = true
            candidates.append(node)
            var value: Float
            switch tags[node] {
            case .div: value = 5
            case .pre, .td, .blockquote: value = 3
            case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: value = -3
            case .h1, .h2, .h3, .h4, .h5, .h6, .th: value = -5
            default: value = 0
            }
            if options.weightClasses { value += Float(classWeight[node]) }
            score[node] = value
        }
        for index in 0..<count where alive[index] && tags[index].isBlock && ownLength[index] >= 25 {
            let tag = tags[index]
            let startsAtParent: Bool
            switch tag {
            case .p, .pre, .td, .h2, .h3, .h4, .h5, .h6, .section, .blockquote: startsAtParent = true
            case .div, .article, .main, .center, .form, .fieldset, .details, .address, .figure, .body:
                startsAtParent = false
            default: continue
            }
            let points = 1 + Float(ownCommas[index]) + Float(min(ownLength[index] / 100, 3))
            var node = startsAtParent ? Int(parents[index]) : index
            var level = 0
            while node >= 0 && level < 5 && tags[node] != .html {
                if !scored[node] { initialize(node) }
                let divider: Float = level == 0 ? 1 : (level == 1 ? 2 : Float(level * 3))
                score[node] += points / divider
                node = Int(parents[node])
                level += 1
            }
        }
        for node in candidates {
            let total = max(1, textLength[node])
            score[node] *= 1 - Float(linkLength[node]) / Float(total)
        }

        let body = (0..<count).first(where: { tags[$0] == .body }) ?? 0
        func isAncestor(_ ancestor: Int, of node: Int) -> Bool {
            ancestor <= node && node < Int(tree.ends[ancestor])
        }
        var sorted = candidates.sorted { score[$0] > score[$1] }
        sorted = Array(sorted.prefix(5))
        var top = sorted.first ?? body
        if top == body || tags[top] == .html {
            return blocks(
                of: [body], alive: alive, options: options, title: title,
                textLength: textLength, linkLength: linkLength, commaCount: commaCount)
        }

        // Several strong candidates under one ancestor: that ancestor holds the article.
        let strong = sorted.dropFirst().filter { score[$0] >= 0.75 * score[top] }
        if strong.count >= 3 {
            var ancestor = Int(parents[top])
            while ancestor > body {
                if strong.filter({ isAncestor(ancestor, of: $0) }).count >= 3 {
                    top = ancestor
                    break
                }
                ancestor = Int(parents[ancestor])
            }
            if !scored[top] { initialize(top) }
        }

        // Climb while the parent scores better: the article is often split over sibling containers.
        var parent = Int(parents[top])
        var lastScore = score[top]
        let threshold = lastScore / 3
        while parent > body && parent >= 0 {
            if !scored[parent] {
                parent = Int(parents[parent])
                continue
            }
            if score[parent] < threshold { break }
            if score[parent] > lastScore {
                top = parent
                break
            }
            lastScore = score[parent]
            parent = Int(parents[parent])
        }
        // An only child stands for its parent.
        parent = Int(parents[top])
        while parent > body && liveElementChildren(of: parent, alive: alive).count == 1 {
            top = parent
            parent = Int(parents[top])
        }

        // Siblings that look like more of the same article join it.
        var selected: [Int] = []
        let topScore = score[top]
        let siblingThreshold = max(10, topScore * 0.2)
        let topClass = tree.attributes(of: top)?.classAndID ?? ""
        for sibling in liveElementChildren(of: Int(parents[top]), alive: alive) {
            if sibling == top {
                selected.append(sibling)
                continue
            }
            var bonus: Float = 0
            if !topClass.isEmpty, tree.attributes(of: sibling)?.classAndID == topClass { bonus += topScore * 0.2 }
            if scored[sibling] && score[sibling] + bonus >= siblingThreshold {
                selected.append(sibling)
            } else if tags[sibling] == .p {
                let length = textLength[sibling]
                let density = Float(linkLength[sibling]) / Float(max(1, length))
                if length > 80 && density < 0.25 {
                    selected.append(sibling)
                } else if length > 0 && length <= 80 && linkLength[sibling] == 0 && endsSentence(sibling) {
                    selected.append(sibling)
                }
            }
        }
        return blocks(
            of: selected, alive: alive, options: options, title: title,
            textLength: textLength, linkLength: linkLength, commaCount: commaCount)
    }

    private func liveElementChildren(of node: Int, alive: [Bool]) -> [Int] {
        var children: [Int] = []
        var child = node + 1
        let end = Int(tree.ends[node])
        while child < end {
            if alive[child] && tree.tags[child] != .text { children.append(child) }
            child = Int(tree.ends[child])
        }
        return children
    }

    private func endsSentence(_ node: Int) -> Bool {
        let end = Int(tree.ends[node])
        var last: UInt8 = 0
        for index in node..<end where tree.tags[index] == .text {
            for byte in tree.textBytes(of: index) where byte != 0x20 { last = byte }
        }
        return last == UInt8(ascii: ".") || last == 0x82  // "." or the tail byte of "。" (E3 80 82)
    }

    // MARK: - Tables

    /// A table of data (rows and columns of short cells) rather than page layout.
    private func isDataTable(_ table: Int) -> Bool {
        if let attributes = tree.attributes(of: table), attributes.role == "presentation" { return false }
        var rows = 0
        var maxColumns = 0
        var columns = 0
        var hasHeader = false
        var index = table + 1
        let end = Int(tree.ends[table])
        while index < end {
            switch tree.tags[index] {
            case .table, .p, .div, .ul, .ol, .h1, .h2, .h3, .blockquote, .section, .article:
                return false
            case .tr:
                rows += 1
                maxColumns = max(maxColumns, columns)
                columns = 0
            case .td:
                columns += 1
            case .th, .thead, .caption:
                hasHeader = true
                if tree.tags[index] == .th { columns += 1 }
            default:
                break
            }
            index += 1
        }
        maxColumns = max(maxColumns, columns)
        if rows < 2 && !hasHeader { return false }
        return hasHeader || (maxColumns >= 2 && rows >= 2)
    }

    // MARK: - Cleaning

    /// Readability's "clean conditionally": containers whose shape says boilerplate (many links, more images than
    /// paragraphs, lists of teasers, forms) are left out of the article.
    private func looksLikeBoilerplate(
        _ node: Int, alive: [Bool], options: Options, textLength: [Int32], linkLength: [Int32], commaCount: [Int32]
    ) -> Bool {
        let tag = tree.tags[node]
        if tag == .table && dataTable[node] { return false }
        let weight = options.weightClasses ? Int(classWeight[node]) : 0
        if weight < 0 { return true }
        if commaCount[node] >= 10 { return false }
        var paragraphs = 0
        var images = 0
        var listItems = 0
        var headingLength: Int32 = 0
        var listLength: Int32 = 0
        var index = node + 1
        let end = Int(tree.ends[node])
        while index < end {
            if !alive[index] {
                index = Int(tree.ends[index])
                continue
            }
            switch tree.tags[index] {
            case .p: paragraphs += 1
            case .img: images += 1
            case .li: listItems += 1
            case .h1, .h2, .h3, .h4, .h5, .h6:
                headingLength += textLength[index]
            case .ul, .ol:
                listLength += textLength[index]
            // counted once: skip nested lists' own nesting
            default: break
            }
            index += 1
        }
        let contentLength = textLength[node]
        let isList = tag == .ul || tag == .ol || (contentLength > 0 && Float(listLength) / Float(contentLength) > 0.9)
        let linkDensity = Float(linkLength[node]) / Float(max(1, contentLength))
        let headingDensity = Float(headingLength) / Float(max(1, contentLength))
        let inFigure = hasAncestor(node, tag: .figure)
        if images > 1 && Float(paragraphs) / Float(images) < 0.5 && !inFigure { return true }
        if !isList && listItems - 100 > paragraphs { return true }
        if !isList && headingDensity < 0.9 && contentLength < 25 && (images == 0 || images > 2) && !inFigure {
            return true
        }
        if !isList && weight < 25 && linkDensity > 0.2 { return true }
        if weight >= 25 && linkDensity > 0.5 { return true }
        if isList && linkDensity > 0.5 && contentLength < 1000 { return true }
        return false
    }

    private func hasAncestor(_ node: Int, tag: Tag) -> Bool {
        var parent = Int(tree.parents[node])
        var steps = 0
        while parent >= 0 && steps < 64 {
            if tree.tags[parent] == tag { return true }
            parent = Int(tree.parents[parent])
            steps += 1
        }
        return false
    }

    // MARK: - Blocks

    private func blocks(
        of roots: [Int], alive: [Bool], options: Options, title: String?, textLength: [Int32], linkLength: [Int32],
        commaCount: [Int32]
    ) -> [Block] {
        var builder = BlockBuilder()
        let normalizedTitle = title.map(Self.normalizedForComparison)
        for root in roots {
            var index = root
            let end = Int(tree.ends[root])
            var open: [(end: Int, tag: Tag, isDataRow: Bool)] = []
            while index < end {
                while let last = open.last, last.end <= index {
                    open.removeLast()
                    builder.exit(last.tag, isDataRow: last.isDataRow)
                }
                if !alive[index] {
                    index = Int(tree.ends[index])
                    continue
                }
                let tag = tree.tags[index]
                if tag == .text {
                    builder.append(tree.textBytes(of: index))
                    index += 1
                    continue
                }
                if index != root && options.cleanConditionally {
                    switch tag {
                    case .form, .fieldset, .table, .ul, .ol, .div, .section, .dl, .aside, .footer, .header, .nav:
                        if looksLikeBoilerplate(
                            index, alive: alive, options: options, textLength: textLength, linkLength: linkLength,
                            commaCount: commaCount)
                        {
                            index = Int(tree.ends[index])
                            continue
                        }
                    case .h1, .h2, .h3, .h4, .h5, .h6:
                        if options.weightClasses && classWeight[index] < 0 {
                            index = Int(tree.ends[index])
                            continue
                        }
                    default:
                        break
                    }
                }
                // Captions and photo credits are not the article's text.
                if tag == .figcaption || (options.weightClasses && textLength[index] < 400 && caption[index]) {
                    index = Int(tree.ends[index])
                    continue
                }
                if tag.isHeading, let normalizedTitle, !normalizedTitle.isEmpty,
                    Self.normalizedForComparison(tree.text(of: index, alive: alive)) == normalizedTitle
                {
                    index = Int(tree.ends[index])
                    continue
                }
                let isDataRow = tag == .tr && isInDataTable(index)
                builder.enter(
                    tag, isDataRow: isDataRow, inDataRow: open.last(where: { $0.tag == .tr })?.isDataRow ?? false)
                open.append((Int(tree.ends[index]), tag, isDataRow))
                index += 1
            }
            while let last = open.popLast() { builder.exit(last.tag, isDataRow: last.isDataRow) }
            builder.flush()
        }
        return builder.blocks
    }

    private func isInDataTable(_ row: Int) -> Bool {
        var parent = Int(tree.parents[row])
        while parent >= 0 {
            if tree.tags[parent] == .table { return dataTable[parent] }
            parent = Int(tree.parents[parent])
        }
        return false
    }

    static func normalizedForComparison(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            // ASCII answers without a Unicode property lookup: its alphabetic and numeric scalars are a–z and 0–9.
            let keep = scalar.isASCII
                ? (0x61...0x7A).contains(scalar.value) || (0x30...0x39).contains(scalar.value)
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if keep { kept.append(scalar) }
        }
        return String(kept)
    }
}

/// Accumulates inline text into blocks, starting a block at each block-level boundary.
private struct BlockBuilder {
    typealias Tag = HTMLTree.Tag
    var blocks: [MainTextExtractor.Block] = []
    var current: [UInt8] = []
    var headingDepth = 0
    var listDepth = 0
    var quoteDepth = 0
    var rowDepth = 0
    var cellsInRow = 0

    mutating func enter(_ tag: Tag, isDataRow: Bool, inDataRow: Bool) {
        if inDataRow && (tag == .td || tag == .th) {
            if !current.isEmpty && current.last != 0x20 { current.append(0x20) }
            if cellsInRow > 0 { current.append(contentsOf: [0x7C, 0x20]) }  // "| "
            cellsInRow += 1
            return
        }
        if inDataRow && rowDepth > 0 && tag != .tr { return }
        guard tag.isBlock else { return }
        flush()
        switch tag {
        case .h1, .h2, .h3, .h4, .h5, .h6: headingDepth += 1
        case .li, .dd, .dt: listDepth += 1
        case .blockquote: quoteDepth += 1
        case .tr where isDataRow:
            rowDepth += 1
            cellsInRow = 0
        default: break
        }
    }

    mutating func exit(_ tag: Tag, isDataRow: Bool) {
        if rowDepth > 0 && (tag == .td || tag == .th) { return }
        if rowDepth > 0 && tag != .tr && !tag.isBlock { return }
        if rowDepth > 0 && tag != .tr { return }
        guard tag.isBlock else { return }
        flush()
        switch tag {
        case .h1, .h2, .h3, .h4, .h5, .h6: headingDepth = max(0, headingDepth - 1)
        case .li, .dd, .dt: listDepth = max(0, listDepth - 1)
        case .blockquote: quoteDepth = max(0, quoteDepth - 1)
        case .tr where isDataRow: rowDepth = max(0, rowDepth - 1)
        default: break
        }
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        if current.isEmpty {
            current.append(contentsOf: bytes.drop(while: { $0 == 0x20 }))
        } else if current.last == 0x20 && bytes.first == 0x20 {
            current.append(contentsOf: bytes.dropFirst())
        } else {
            current.append(contentsOf: bytes)
        }
    }

    mutating func flush() {
        // Trailing and leading spaces, ASCII or ideographic (U+3000, the indent of Chinese paragraphs).
        while true {
            if current.last == 0x20 {
                current.removeLast()
            } else if current.count >= 3, current[current.count - 3] == 0xE3, current[current.count - 2] == 0x80,
                current[current.count - 1] == 0x80
            {
                current.removeLast(3)
            } else {
                break
            }
        }
        var leading = 0
        while true {
            if leading < current.count, current[leading] == 0x20 {
                leading += 1
            } else if leading + 2 < current.count, current[leading] == 0xE3, current[leading + 1] == 0x80,
                current[leading + 2] == 0x80
            {
                leading += 3
            } else {
                break
            }
        }
        if leading > 0 { current.removeFirst(leading) }
        guard !current.isEmpty else { return }
        let kind: TextBlock.Kind
        if headingDepth > 0 {
            kind = .heading
        } else if rowDepth > 0 {
            kind = .tableRow
        } else if listDepth > 0 {
            kind = .listItem
        } else if quoteDepth > 0 {
            kind = .quote
        } else {
            kind = .paragraph
        }
        blocks.append(.init(kind: kind, text: String(decoding: current, as: UTF8.self)))
        current.removeAll(keepingCapacity: true)
    }
}
