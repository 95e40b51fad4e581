import Delivery
import Foundation
import ReportWatchTesting
import Testing

@Suite struct WebhookSignatureTests {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    let body = Array(#"{"test": 2432232314}"#.utf8)

    @Test func matchesTheStandardWebhooksTestVector() throws {
        let header = try WebhookSignature.header(secrets: [secret], id: id, timestamp: 1614265330, body: body)
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func signsWithEverySecretDuringARotation() throws {
        let next = "whsec_" + Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let header = try WebhookSignature.header(secrets: [next, secret], id: id, timestamp: 1614265330, body: body)
        let parts = header.split(separator: " ").map(String.init)
        #expect(parts.count == 2)
        #expect(parts[1] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        for key in [try WebhookSignature.key(of: next), try WebhookSignature.key(of: secret)] {
            #expect(WebhookSignature.verify(keys: [key], id: id, timestamp: 1614265330, body: body, header: header))
        }
    }

    @Test func verificationRejectsAnyChange() throws {
        let key = try WebhookSignature.key(of: secret)
        let header = try WebhookSignature.header(secrets: [secret], id: id, timestamp: 1614265330, body: body)
        #expect(WebhookSignature.verify(keys: [key], id: id, timestamp: 1614265330, body: body, header: header))
        #expect(!WebhookSignature.verify(keys: [key], id: id, timestamp: 1614265331, body: body, header: header))
        #expect(!WebhookSignature.verify(keys: [key], id: id + "x", timestamp: 1614265330, body: body, header: header))
        #expect(!WebhookSignature.verify(keys: [key], id: id, timestamp: 1614265330, body: body + [32], header: header))
        #expect(!WebhookSignature.verify(keys: [key], id: id, timestamp: 1614265330, body: body, header: "v1,AAAA"))
        let other = try WebhookSignature.key(of: "whsec_" + Data(repeating: 7, count: 32).base64EncodedString())
        #expect(!WebhookSignature.verify(keys: [other], id: id, timestamp: 1614265330, body: body, header: header))
    }

    @Test func aBadSecretIsRejectedWithoutBeingQuoted() {
        let bad = "whsec_not*base64"
        #expect(throws: WebhookSignature.InvalidSecret.self) { try WebhookSignature.key(of: bad) }
        #expect(!WebhookSignature.InvalidSecret().description.contains("not*base64"))
    }
}
