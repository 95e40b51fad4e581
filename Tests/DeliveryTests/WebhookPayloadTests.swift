import Delivery
import Foundation
import ReportModel
import Testing

@Suite struct WebhookPayloadTests {
    func event(themes: Int, evidenceLength: Int) -> Event {
        let evidence = (0..<3).map { _ in Evidence(text: String(repeating: "e", count: evidenceLength), start: 0, end: evidenceLength) }
        let changes = ChangeSet(themes: (0..<themes).map { index in
            ThemeChange(change: .added, key: "theme-\(index)", label: "Theme \(index) " + String(repeating: "l", count: 100),
                        previous: nil, current: .init(score: 1, rank: index + 1), evidence: evidence)
        })
        return Event(
            type: .reportPublished, id: "evt_01TEST", timestamp: Date(timeIntervalSince1970: 1_700_000_000),
            data: EventData(source: SourceReference(name: "s", kind: .directory, location: "/x"),
                            report: ReportReference(id: 1, title: "Q3", url: "https://example.org/q3", period: "2025Q3",
                                                    published: nil, revision: 1),
                            changes: changes))
    }

    func stored(_ event: Event) throws -> String {
        String(decoding: try Event.encoder.encode(event), as: UTF8.self)
    }

    @Test func aSmallEventIsSentAsStored() throws {
        let payload = try stored(event(themes: 3, evidenceLength: 200))
        #expect(WebhookPayload.standard(stored: payload) == Array(payload.utf8))
    }

    @Test func evidenceGoesFirstWhenTheEventIsTooLarge() throws {
        let payload = try stored(event(themes: 60, evidenceLength: 280))
        #expect(payload.utf8.count > WebhookPayload.maximumSize)
        let body = WebhookPayload.standard(stored: payload)
        #expect(body.count <= WebhookPayload.maximumSize)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["truncated"] as? Bool == true)
        let themes = try #require(data["themes"] as? [[String: Any]])
        #expect(themes.count == 60)
        #expect(themes.allSatisfy { ($0["evidence"] as? [Any])?.isEmpty == true })
        #expect(object["id"] as? String == "evt_01TEST")
    }

    @Test func listsAreTrimmedWhenDroppingEvidenceIsNotEnough() throws {
        let payload = try stored(event(themes: 1500, evidenceLength: 10))
        let body = WebhookPayload.standard(stored: payload, limit: 16 * 1024)
        #expect(body.count <= 16 * 1024)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["truncated"] as? Bool == true)
        let themes = try #require(data["themes"] as? [[String: Any]])
        #expect(themes.count > 10 && themes.count < 1500)
        #expect(themes.first?["key"] as? String == "theme-0")
    }

    @Test func slackFormatIsAnIncomingWebhookMessage() throws {
        let body = WebhookPayload.slack(event(themes: 2, evidenceLength: 20))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let text = try #require(object["text"] as? String)
        #expect(text.contains("New report from s"))
        #expect(text.contains("Theme 0"))
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        #expect(blocks.contains { $0["type"] as? String == "section" })
    }
}
