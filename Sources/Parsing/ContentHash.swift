import COpenSSL
import ReportModel

/// The identity of a document's content: SHA-256 of its main text with white space folded, so that re-wrapped
/// or re-indented copies of the same text hash alike.
public enum ContentHash {
    public static func of(_ document: Document) -> String {
        of(text: document.text)
    }

    public static func of(text: String) -> String {
        sha256Hex(WhitespaceFolding.foldedUTF8(text))
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
