import COpenSSL
import Foundation

/// Standard Webhooks signing: `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>` where the key is the base64
/// part of a `whsec_` secret. Nothing here logs or describes a secret.
public enum WebhookSignature {
    public struct InvalidSecret: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "a webhook secret must be 'whsec_' followed by base64" }
    }

    /// The HMAC key of a `whsec_…` secret (a bare base64 string is accepted too, as the reference libraries do).
    public static func key(of secret: String) throws(InvalidSecret) -> [UInt8] {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        guard let data = Data(base64Encoded: encoded), !data.isEmpty else { throw InvalidSecret() }
        return Array(data)
    }

    /// One `v1,…` signature of the message.
    public static func sign(key: [UInt8], id: String, timestamp: Int64, body: [UInt8]) -> String {
        "v1," + Data(hmac(key: key, message: signedContent(id: id, timestamp: timestamp, body: body))).base64EncodedString()
    }

    /// The `webhook-signature` value: one signature per secret, space-separated (several during a rotation).
    public static func header(secrets: [String], id: String, timestamp: Int64, body: [UInt8]) throws(InvalidSecret) -> String {
        var signatures: [String] = []
        for secret in secrets {
            signatures.append(sign(key: try key(of: secret), id: id, timestamp: timestamp, body: body))
        }
        return signatures.joined(separator: " ")
    }

    /// Whether any `v1` signature in `header` matches any of the keys, compared in constant time.
    public static func verify(keys: [[UInt8]], id: String, timestamp: Int64, body: [UInt8], header: String) -> Bool {
        let content = signedContent(id: id, timestamp: timestamp, body: body)
        let offered = header.split(separator: " ").compactMap { part -> [UInt8]? in
            guard part.hasPrefix("v1,"), let data = Data(base64Encoded: String(part.dropFirst(3))) else { return nil }
            return Array(data)
        }
        for key in keys {
            let expected = hmac(key: key, message: content)
            for candidate in offered where candidate.count == expected.count {
                let same = candidate.withUnsafeBytes { a in
                    expected.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, expected.count) == 0 }
                }
                if same { return true }
            }
        }
        return false
    }

    static func signedContent(id: String, timestamp: Int64, body: [UInt8]) -> [UInt8] {
        Array("\(id).\(timestamp).".utf8) + body
    }

    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBufferPointer { keyBytes in
            message.withUnsafeBufferPointer { messageBytes in
                output.withUnsafeMutableBufferPointer { out in
                    _ = HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), messageBytes.baseAddress,
                             messageBytes.count, out.baseAddress, &length)
                }
            }
        }
        return Array(output.prefix(Int(length)))
    }
}
