/// Text with every run of Unicode White_Space folded to one space and none at either end: the form in which two
/// copies of a text that differ only in wrapping or indentation compare (and hash) alike. Works on UTF-8 bytes: a
/// Unicode property lookup per character was most of the cost of comparing paragraphs.
public enum WhitespaceFolding {
    public static func fold(_ text: String) -> String {
        var text = text
        let unchanged = text.withUTF8 { bytes in
            // Most paragraphs are already folded: single ASCII spaces between other characters.
            guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else {
                return bytes.isEmpty
            }
            var previous: UInt8 = 0
            for byte in bytes {
                if byte < 0x21 && (byte != 0x20 || previous == 0x20) || byte == 0xC2 || byte >= 0xE1 && byte <= 0xE3 {
                    return false
                }
                previous = byte
            }
            return true
        }
        if unchanged { return text }
        return String(decoding: foldedUTF8(text), as: UTF8.self)
    }

    public static func foldedUTF8(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { bytes -> [UInt8] in
            // Folding never lengthens the text: written straight into storage of its size (appending byte by byte
            // checked capacity and uniqueness per byte, most of the cost).
            [UInt8](unsafeUninitializedCapacity: bytes.count) { folded, count in
                var written = 0
                var pendingSpace = false
                var index = 0
                // Bytes are copied as they are; only white space (a byte or a short sequence) needs recognising.
                while index < bytes.count {
                    let byte = bytes[index]
                    let space = byte < 0x80
                        ? (byte == 0x20 || (0x09...0x0D).contains(byte) ? 1 : 0)
                        : whitespaceLength(bytes, at: index)
                    if space > 0 {
                        pendingSpace = written > 0
                        index += space
                        continue
                    }
                    if pendingSpace {
                        folded[written] = 0x20
                        written += 1
                        pendingSpace = false
                    }
                    folded[written] = byte
                    written += 1
                    index += 1
                }
                count = written
            }
        }
    }

    /// The byte length of the non-ASCII White_Space character starting at `index` (U+0085, U+00A0, U+1680,
    /// U+2000–200A, U+2028, U+2029, U+202F, U+205F, U+3000), else 0. Continuation bytes never start one.
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        func byte(_ offset: Int) -> UInt8 { index + offset < bytes.count ? bytes[index + offset] : 0 }
        switch bytes[index] {
        case 0xC2:
            return byte(1) == 0x85 || byte(1) == 0xA0 ? 2 : 0
        case 0xE1:
            return byte(1) == 0x9A && byte(2) == 0x80 ? 3 : 0
        case 0xE2:
            if byte(1) == 0x80 {
                let last = byte(2)
                return (0x80...0x8A).contains(last) || last == 0xA8 || last == 0xA9 || last == 0xAF ? 3 : 0
            }
            return byte(1) == 0x81 && byte(2) == 0x9F ? 3 : 0
        case 0xE3:
            return byte(1) == 0x80 && byte(2) == 0x80 ? 3 : 0
        default:
            return 0
        }
    }
}
