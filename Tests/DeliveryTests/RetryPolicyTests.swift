import Foundation
import HTTPTransport
import ReportModel
import Testing

@testable import Delivery

@Suite struct RetryPolicyTests {
    @Test func retryAfterTakesSecondsOrAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(HTTPDate.retryAfter("120", now: now) == .seconds(120))
        #expect(HTTPDate.retryAfter(" 0 ", now: now) == .seconds(0))
        // 2023-11-14T22:13:20Z is `now`; ninety seconds later:
        #expect(HTTPDate.retryAfter("Tue, 14 Nov 2023 22:14:50 GMT", now: now) == .seconds(90))
        #expect(HTTPDate.retryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now: now) == .zero)
        #expect(HTTPDate.retryAfter("soon", now: now) == nil)
        #expect(HTTPDate.retryAfter("-5", now: now) == nil)
    }

    @Test func defaultJitterStaysWithinTenPercent() {
        for _ in 0..<1000 {
            let jittered = WebhookDispatcher.defaultJitter(.seconds(100))
            #expect(jittered >= .seconds(90) && jittered <= .seconds(110))
        }
    }

    @Test func fingerprintsChangeWithTheConfigurationOnly() {
        let base = WebhookConfig(url: "https://hooks.example.org/x", secrets: [WebhookSecret("whsec_AAAA")])
        #expect(WebhookDispatcher.fingerprint(base) == WebhookDispatcher.fingerprint(base))
        var rotated = base
        rotated.secrets.append(WebhookSecret("whsec_BBBB"))
        var retimed = base
        retimed.timeout = .seconds(5)
        #expect(WebhookDispatcher.fingerprint(rotated) != WebhookDispatcher.fingerprint(base))
        #expect(WebhookDispatcher.fingerprint(retimed) != WebhookDispatcher.fingerprint(base))
        #expect(!WebhookDispatcher.fingerprint(base).contains("AAAA"))
    }
}
