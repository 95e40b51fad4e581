import ReportModel

/// JSON for the columns written with every stored document (blocks, evidence, aliases). Foundation's JSONEncoder
/// goes through Codable's boxes for every value and was a fifth of the cost of storing a document; these shapes are
/// fixed and flat, so they are written directly, and read back by `CompactJSONReader`.
enum CompactJSON {
    static func blocks(_ blocks: [TextBlock]) -> String {
        array(blocks) { block, out in
            out.appendLiteral(#"{"kind":"#)
            string(block.kind.rawValue, into: &out)
            out.appendLiteral(#","text":"#)
            string(block.text, into: &out)
            offsets(block.start, block.end, into: &out)
        }
    }

    /// Blocks without their text: `[{"kind":…,"start":S,"end":E}]`, for blocks that are slices of the stored text.
    static func blockSpans(_ blocks: [TextBlock]) -> String {
        array(blocks) { block, out in
            out.appendLiteral(#"{"kind":"#)
            string(block.kind.rawValue, into: &out)
            offsets(block.start, block.end, into: &out)
        }
    }

    static func evidence(_ evidence: [Evidence]) -> String {
        array(evidence) { item, out in
            out.appendLiteral(#"{"text":"#)
            string(item.text, into: &out)
            offsets(item.start, item.end, into: &out)
        }
    }

    static func strings(_ strings: [String]) -> String {
        array(strings) { string($0, into: &$1) }
    }

    private static func array<Element>(_ elements: [Element], _ write: (Element, inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(element, &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `,"start":S,"end":E}`: the closing fields every record here ends with.
    private static func offsets(_ start: Int, _ end: Int, into out: inout [UInt8]) {
        out.appendLiteral(#","start":"#)
        out.appendDecimal(start)
        out.appendLiteral(#","end":"#)
        out.appendDecimal(end)
        out.append(UInt8(ascii: "}"))
    }

    /// How control characters without a two-character escape in `CompactJSON`'s own columns are written.
    enum Escapes {
        /// `\n`, `\r`, `\t`, every other control character as `\u00XX` (the stored columns' form).
        case compact
        /// Also `\b` and `\f`, as JSONEncoder writes them (event payloads).
        case jsonEncoder
    }

    /// A JSON string literal: quote, backslash and control characters escaped, everything else as UTF-8.
    static func string(_ value: String, into out: inout [UInt8], escapes: Escapes = .compact) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            out.reserveCapacity(out.count + bytes.count + 1)
            var runStart = 0
            var index = 0
            while index < bytes.count {
                if bytes.count - index >= 8,
                   !mayNeedEscape(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                    index += 1
                    continue
                }
                // Runs with nothing to escape, the common case, are copied whole.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                runStart = index
                switch byte {
                case 0x22: out.appendLiteral(#"\""#)
                case 0x5C: out.appendLiteral(#"\\"#)
                case 0x0A: out.appendLiteral(#"\n"#)
                case 0x0D: out.appendLiteral(#"\r"#)
                case 0x09: out.appendLiteral(#"\t"#)
                case 0x08 where escapes == .jsonEncoder: out.appendLiteral(#"\b"#)
                case 0x0C where escapes == .jsonEncoder: out.appendLiteral(#"\f"#)
                default:
                    out.appendLiteral(#"\u00"#)
                    out.append(hexDigit(byte >> 4))
                    out.append(hexDigit(byte & 0x0F))
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of the 8 bytes in `word` is a control character, a quote or a backslash (exact as to "any"; a
    /// word that may is then read byte by byte). Texts are mostly long runs with nothing to escape.
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highs != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}

extension [UInt8] {
    /// Appends a literal's bytes in one copy (`+= "…".utf8` goes through the generic, per-byte path).
    mutating func appendLiteral(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends `value` in decimal without making a String first.
    mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        // The magnitude as UInt, so that Int.min has one.
        var rest = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            append(contentsOf: buffer[start...])
        }
    }
}
