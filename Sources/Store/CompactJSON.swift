import ReportModel

/// JSON for the columns written with every stored document (blocks, evidence, aliases). Foundation's JSONEncoder
/// goes through Codable's boxes for every value and was a fifth of the cost of storing a document; these shapes are
/// fixed and flat, so they are written directly. Reading them back uses JSONDecoder and the types' Codable keys.
enum CompactJSON {
    static func blocks(_ blocks: [TextBlock]) -> String {
        array(blocks) { block, out in
            out += #"{"kind":"#.utf8
            string(block.kind.rawValue, into: &out)
            out += #","text":"#.utf8
            string(block.text, into: &out)
            offsets(block.start, block.end, into: &out)
        }
    }

    /// Blocks without their text: `[{"kind":…,"start":S,"end":E}]`, for blocks that are slices of the stored text.
    static func blockSpans(_ blocks: [TextBlock]) -> String {
        array(blocks) { block, out in
            out += #"{"kind":"#.utf8
            string(block.kind.rawValue, into: &out)
            offsets(block.start, block.end, into: &out)
        }
    }

    static func evidence(_ evidence: [Evidence]) -> String {
        array(evidence) { item, out in
            out += #"{"text":"#.utf8
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
        out += #","start":"#.utf8
        out += String(start).utf8
        out += #","end":"#.utf8
        out += String(end).utf8
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
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                // Runs with nothing to escape, the common case, are copied whole.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case 0x22: out += #"\""#.utf8
                case 0x5C: out += #"\\"#.utf8
                case 0x0A: out += #"\n"#.utf8
                case 0x0D: out += #"\r"#.utf8
                case 0x09: out += #"\t"#.utf8
                case 0x08 where escapes == .jsonEncoder: out += #"\b"#.utf8
                case 0x0C where escapes == .jsonEncoder: out += #"\f"#.utf8
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out += #"\u00"#.utf8
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0x0F)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
