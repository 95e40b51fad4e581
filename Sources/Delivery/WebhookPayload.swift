import Foundation
import ReportModel

/// Request bodies: the stored event for `format: standard`, a Slack summary for `format: slack`. Both stay within
/// `maximumSize`.
public enum WebhookPayload {
    public static let maximumSize = 64 * 1024

    /// The stored event JSON as is when small enough (the common case: bytes identical to what the store holds),
    /// else a shrunk copy: evidence dropped first, then lists trimmed from the end, with `"truncated": true` in
    /// `data`.
    public static func standard(stored payload: String, limit: Int = maximumSize) -> [UInt8] {
        let bytes = Array(payload.utf8)
        guard bytes.count > limit, let event = try? Event.decoder.decode(Event.self, from: Data(bytes)) else {
            return bytes
        }
        return shrunk(event, limit: limit)
    }

    static func shrunk(_ original: Event, limit: Int) -> [UInt8] {
        var event = original
        for index in event.data.themes.indices { event.data.themes[index].evidence = [] }
        for index in event.data.speakers.indices { event.data.speakers[index].evidence = [] }
        // Room for `,"truncated":true`, added once at the end.
        let budget = limit - 32
        var size = (try? Event.encoder.encode(event).count) ?? 0
        // Trim the longest list a tenth at a time: a few encodings even for thousands of items.
        while size > budget {
            var data = event.data
            let added = data.revision?.paragraphsAdded.count ?? 0
            let removed = data.revision?.paragraphsRemoved.count ?? 0
            let longest = max(data.themes.count, data.speakers.count, added, removed)
            if longest == 0 { break }
            let drop = max(1, longest / 10)
            if added == longest {
                data.revision?.paragraphsAdded.removeLast(drop)
            } else if removed == longest {
                data.revision?.paragraphsRemoved.removeLast(drop)
            } else if data.themes.count == longest {
                data.themes.removeLast(drop)
            } else {
                data.speakers.removeLast(drop)
            }
            event.data = data
            size = (try? Event.encoder.encode(event).count) ?? 0
        }
        return marked(event)
    }

    /// The event's JSON with `data.truncated = true`, keys still sorted.
    private static func marked(_ event: Event) -> [UInt8] {
        guard let data = try? Event.encoder.encode(event),
              var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              var inner = object["data"] as? [String: Any]
        else { return [] }
        inner["truncated"] = true
        object["data"] = inner
        let output = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return output.map(Array.init) ?? []
    }

    /// A Slack incoming-webhook message: `{"text", "blocks"}`, short enough for Slack's block limits.
    public static func slack(_ event: Event) -> [UInt8] {
        let data = event.data
        var headline: String
        switch event.type {
        case .reportPublished: headline = "New report from \(data.source.name)"
        case .reportRevised: headline = "Revised report from \(data.source.name)"
        case .sourceFailing: headline = "Source \(data.source.name) is failing"
        case .sourceRecovered: headline = "Source \(data.source.name) recovered"
        case .sourceOverdue: headline = "Source \(data.source.name) is overdue"
        }
        var lines: [String] = []
        if let report = data.report {
            let title = [report.period, report.title].compactMap { $0 }.joined(separator: " · ")
            lines.append("<\(report.url)|\(escape(title.isEmpty ? report.url : title))>")
        }
        let themes = data.themes.prefix(8).map { "\($0.change.rawValue): \(escape($0.label))" }
        if !themes.isEmpty { lines.append("*Themes* " + themes.joined(separator: "; ")) }
        let speakers = data.speakers.prefix(8).map { "\($0.change.rawValue): \(escape($0.name))" }
        if !speakers.isEmpty { lines.append("*Speakers* " + speakers.joined(separator: "; ")) }
        if let revision = data.revision {
            lines.append("*Paragraphs* +\(revision.paragraphsAdded.count) −\(revision.paragraphsRemoved.count)")
        }
        if let failure = data.failure {
            lines.append("\(failure.consecutiveFailures) failed polls" + (failure.error.map { ": \(escape($0))" } ?? ""))
        }
        if let overdue = data.overdue {
            lines.append("Expected by \(ISO8601DateFormatter().string(from: overdue.expectedBy)) (\(overdue.cadence))")
        }
        headline = escape(headline)
        let body = String(lines.joined(separator: "\n").prefix(2900))
        var blocks: [[String: Any]] = [
            ["type": "header", "text": ["type": "plain_text", "text": String(headline.prefix(150))]],
        ]
        if !body.isEmpty { blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": body]]) }
        blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": "\(event.type.rawValue) · \(event.id)"]]])
        let message: [String: Any] = ["text": headline + (body.isEmpty ? "" : "\n" + body), "blocks": blocks]
        let output = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys, .withoutEscapingSlashes])
        return output.map(Array.init) ?? []
    }

    /// Slack's mrkdwn control characters.
    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
