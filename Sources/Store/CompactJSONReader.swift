import Foundation
import ReportModel

/// Reads back the JSON columns `CompactJSON` writes. JSONDecoder builds a tree of boxes for every value and was most
/// of the cost of reading an analysis; these shapes are fixed, so they are read directly, byte by byte, in the exact
/// form `CompactJSON` writes. Anything else (rows written by JSONEncoder before CompactJSON, whitespace, other key
/// orders, numbers that are not plain integers, lone surrogates) goes to JSONDecoder, which keeps the last word on
/// what is valid.
enum CompactJSONReader {
    static func evidence(_ json: String) throws -> [Evidence] {
        try decode(json) { $0.evidence() }
    }

    static func strings(_ json: String) throws -> [String] {
        try decode(json) { $0.string() }
    }

    static func blocks(_ json: String) throws -> [TextBlock] {
        try decode(json) { $0.block() }
    }

    /// A block without its text, as `CompactJSON.blockSpans` writes it.
    struct Span: Decodable, Equatable {
        var kind: TextBlock.Kind
        var start: Int
        var end: Int
    }

    static func spans(_ json: String) throws -> [Span] {
        try decode(json) { $0.span() }
    }

    /// The array read by `element` for each item, or JSONDecoder's reading when the text is not in the exact form
    /// expected.
    private static func decode<Element: Decodable>(
        _ json: String, element: (inout Reader) -> Element?
    ) throws -> [Element] {
        if let elements = fastArray(json, element: element) { return elements }
        return try JSONDecoder().decode([Element].self, from: Data(json.utf8))
    }

    /// nil when the text is not exactly `[e,e,…]` with every `e` read by `element`.
    static func fastArray<Element>(_ json: String, element: (inout Reader) -> Element?) -> [Element]? {
        var json = json
        return json.withUTF8 { bytes -> [Element]? in
            var reader = Reader(bytes: bytes)
            guard reader.skip("[") else { return nil }
            var elements: [Element] = []
            if reader.skip("]") { return reader.isAtEnd ? elements : nil }
            repeat {
                guard let next = element(&reader) else { return nil }
                elements.append(next)
            } while reader.skip(",")
            return reader.skip("]") && reader.isAtEnd ? elements : nil
        }
    }

    /// A cursor over UTF-8 JSON text; every read returns nil (or false) on anything but the expected form.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        /// `{"text":…,"start":S,"end":E}`
        mutating func evidence() -> Evidence? {
            guard skip(#"{"text":"#), let text = string(), let (start, end) = offsets() else { return nil }
            return Evidence(text: text, start: start, end: end)
        }

        /// `{"kind":…,"text":…,"start":S,"end":E}`
        mutating func block() -> TextBlock? {
            guard skip(#"{"kind":"#), let kind = string().flatMap(TextBlock.Kind.init(rawValue:)), skip(#","text":"#),
                  let text = string(), let (start, end) = offsets()
            else { return nil }
            return TextBlock(kind: kind, text: text, start: start, end: end)
        }

        /// `{"kind":…,"start":S,"end":E}`
        mutating func span() -> Span? {
            guard skip(#"{"kind":"#), let kind = string().flatMap(TextBlock.Kind.init(rawValue:)), let (start, end) = offsets()
            else { return nil }
            return Span(kind: kind, start: start, end: end)
        }

        /// Moves past `literal` when the text continues with it.
        mutating func skip(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.count - position >= count,
                  memcmp(bytes.baseAddress! + position, literal.utf8Start, count) == 0
            else { return false }
            position += count
            return true
        }

        /// `,"start":S,"end":E}`: the closing fields every record of `CompactJSON` ends with.
        mutating func offsets() -> (Int, Int)? {
            guard skip(#","start":"#), let start = integer(), skip(#","end":"#), let end = integer(), skip("}")
            else { return nil }
            return (start, end)
        }

        /// A JSON integer without fraction or exponent (`-?(0|[1-9][0-9]*)`) that fits an Int.
        mutating func integer() -> Int? {
            let negative = position < bytes.count && bytes[position] == UInt8(ascii: "-")
            if negative { position += 1 }
            let first = position
            // Accumulated with the sign, so that Int.min, whose magnitude is no Int, reads too.
            var value = 0
            while position < bytes.count, case let digit = Int(bytes[position]) &- 48, (0...9).contains(digit) {
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = negative
                    ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                value = next
                position += 1
            }
            let digits = position - first
            guard digits > 0, digits == 1 || bytes[first] != UInt8(ascii: "0") else { return nil }
            // A fraction or exponent: JSONDecoder decides whether it is an Int.
            if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
                return nil
            }
            return value
        }

        /// A JSON string literal; its escapes (including `\uXXXX` and surrogate pairs) decoded.
        mutating func string() -> String? {
            guard skip("\"") else { return nil }
            let start = position
            // The common case: no escape, so the text is the bytes as they are.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { break }
                guard byte >= 0x20 else { return nil }
                position += 1
            }
            guard position < bytes.count else { return nil }
            var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: decoded, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { return nil }
                    let escaped = bytes[position]
                    position += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escaped)
                    case UInt8(ascii: "b"): decoded.append(0x08)
                    case UInt8(ascii: "f"): decoded.append(0x0C)
                    case UInt8(ascii: "n"): decoded.append(0x0A)
                    case UInt8(ascii: "r"): decoded.append(0x0D)
                    case UInt8(ascii: "t"): decoded.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let scalar = escapedScalar() else { return nil }
                        UTF8.encode(scalar) { decoded.append($0) }
                    default: return nil
                    }
                default:
                    guard byte >= 0x20 else { return nil }
                    decoded.append(byte)
                }
            }
            return nil
        }

        /// The scalar of `XXXX` after `\u` (with its low surrogate's `\uXXXX` for a high one); nil for a lone
        /// surrogate.
        private mutating func escapedScalar() -> Unicode.Scalar? {
            guard let unit = hex4() else { return nil }
            switch unit {
            case 0xD800...0xDBFF:
                guard skip("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            case 0xDC00...0xDFFF:
                return nil
            default:
                return Unicode.Scalar(unit)
            }
        }

        private mutating func hex4() -> UInt32? {
            guard bytes.count - position >= 4 else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }
    }
}
