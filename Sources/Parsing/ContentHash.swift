import COpenSSL
import ReportModel

/// The identity of a document's content: SHA-256 of its main text with white space folded, so that re-wrapped
/// or re-indented copies of the same text hash alike.
public enum ContentHash {
    public static func of(_ document: Document) -> String {
        of(text: document.text)
    }

    public static func of(text: String) -> String {
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        // Bytes straight into the buffer: the property lookup is only needed outside ASCII, and most text is ASCII.
        for scalar in text.unicodeScalars {
            let isWhitespace = scalar.isASCII
                ? (scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value))
                : scalar.properties.isWhitespace
            if isWhitespace {
                pendingSpace = !folded.isEmpty
                continue
            }
            if pendingSpace {
                folded.append(0x20)
                pendingSpace = false
            }
            appendUTF8(scalar.value, to: &folded)
        }
        return sha256Hex(folded)
    }

    private static func appendUTF8(_ value: UInt32, to bytes: inout [UInt8]) {
        switch value {
        case ..<0x80:
            bytes.append(UInt8(value))
        case ..<0x800:
            bytes.append(UInt8(0xC0 | value >> 6))
            bytes.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            bytes.append(UInt8(0xE0 | value >> 12))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | value >> 18))
            bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
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
