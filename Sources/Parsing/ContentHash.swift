import COpenSSL
import ReportModel

/// The identity of a document's content: SHA-256 of its main text with white space folded, so that re-wrapped
/// or re-indented copies of the same text hash alike.
public enum ContentHash {
    public static func of(_ document: Document) -> String {
        of(text: document.text)
    }

    public static func of(text: String) -> String {
        var text = text
        let folded = text.withUTF8 { bytes -> [UInt8] in
            var folded: [UInt8] = []
            folded.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            // Bytes are copied as they are; only white space (a byte or a short sequence) needs recognising.
            while index < bytes.count {
                let byte = bytes[index]
                let space = byte < 0x80
                    ? (byte == 0x20 || (0x09...0x0D).contains(byte) ? 1 : 0)
                    : whitespaceLength(bytes, at: index)
                if space > 0 {
                    pendingSpace = !folded.isEmpty
                    index += space
                    continue
                }
                if pendingSpace {
                    folded.append(0x20)
                    pendingSpace = false
                }
                folded.append(byte)
                index += 1
            }
            return folded
        }
        return sha256Hex(folded)
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

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            _ = SHA256(input.baseAddress, input.count, &digest)
        }
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
