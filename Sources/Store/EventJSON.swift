import Foundation
import ReportModel

/// Event payloads exactly as `Event.encoder` writes them (keys sorted bytewise, no escaped slashes, ISO 8601 dates
/// in whole seconds, doubles as their description without a trailing ".0"), written directly: JSONEncoder boxed every
/// value and sorted every object's keys, a fifth of the cost of storing a changed document. Values it cannot write
/// the same way (non-finite doubles, dates outside 1970...9999) go to JSONEncoder. Tests compare both byte for byte.
enum EventJSON {
    static func encode(_ event: Event) throws -> String {
        var writer = Writer()
        if writer.event(event) { return String(decoding: writer.out, as: UTF8.self) }
        return String(decoding: try Event.encoder.encode(event), as: UTF8.self)
    }

    /// Fields are written in sorted key order by hand; `false` from any write means "not representable here".
    struct Writer {
        var out: [UInt8] = []
        private var isFirstField = true

        init() { out.reserveCapacity(2048) }

        mutating func event(_ event: Event) -> Bool {
            object { w in
                w.key("data")
                guard w.data(event.data) else { return false }
                w.key("id"); w.string(event.id)
                w.key("timestamp")
                guard w.date(event.timestamp) else { return false }
                w.key("type"); w.string(event.type.rawValue)
                return true
            }
        }

        private mutating func data(_ data: EventData) -> Bool {
            object { w in
                if let failure = data.failure {
                    w.key("failure")
                    guard w.object({ w in
                        w.key("consecutive_failures"); w.integer(failure.consecutiveFailures)
                        if let error = failure.error { w.key("error"); w.string(error) }
                        if let since = failure.since { w.key("since"); return w.date(since) }
                        return true
                    }) else { return false }
                }
                if let overdue = data.overdue {
                    w.key("overdue")
                    guard w.object({ w in
                        w.key("cadence"); w.string(overdue.cadence)
                        w.key("expected_by")
                        guard w.date(overdue.expectedBy) else { return false }
                        if let last = overdue.lastReportAt { w.key("last_report_at"); return w.date(last) }
                        return true
                    }) else { return false }
                }
                if let previous = data.previous {
                    w.key("previous")
                    guard w.report(previous) else { return false }
                }
                if let report = data.report {
                    w.key("report")
                    guard w.report(report) else { return false }
                }
                if let revision = data.revision {
                    w.key("revision")
                    _ = w.object { w in
                        w.key("paragraphs_added"); w.strings(revision.paragraphsAdded)
                        w.key("paragraphs_removed"); w.strings(revision.paragraphsRemoved)
                        return true
                    }
                }
                w.key("schema_version"); w.integer(data.schemaVersion)
                w.key("source")
                _ = w.object { w in
                    w.key("kind"); w.string(data.source.kind.rawValue)
                    w.key("location"); w.string(data.source.location)
                    w.key("name"); w.string(data.source.name)
                    return true
                }
                w.key("speakers")
                guard w.array(data.speakers, { w, speaker in w.speakerChange(speaker) }) else { return false }
                w.key("themes")
                return w.array(data.themes, { w, theme in w.themeChange(theme) })
            }
        }

        private mutating func report(_ report: ReportReference) -> Bool {
            object { w in
                w.key("id"); w.integer(report.id)
                if let period = report.period { w.key("period"); w.string(period) }
                if let published = report.published {
                    w.key("published")
                    guard w.date(published) else { return false }
                }
                w.key("revision"); w.integer(report.revision)
                if let title = report.title { w.key("title"); w.string(title) }
                w.key("url"); w.string(report.url)
                return true
            }
        }

        private mutating func themeChange(_ change: ThemeChange) -> Bool {
            object { w in
                w.key("change"); w.string(change.change.rawValue)
                if let current = change.current {
                    w.key("current")
                    guard w.standing(current) else { return false }
                }
                w.key("evidence"); w.evidence(change.evidence)
                w.key("key"); w.string(change.key)
                w.key("label"); w.string(change.label)
                if let previous = change.previous {
                    w.key("previous")
                    return w.standing(previous)
                }
                return true
            }
        }

        private mutating func standing(_ standing: ThemeChange.Standing) -> Bool {
            object { w in
                w.key("rank"); w.integer(standing.rank)
                w.key("score")
                return w.double(standing.score)
            }
        }

        private mutating func speakerChange(_ change: SpeakerChange) -> Bool {
            object { w in
                w.key("change"); w.string(change.change.rawValue)
                if let current = change.current { w.key("current"); w.role(current) }
                w.key("evidence"); w.evidence(change.evidence)
                w.key("name"); w.string(change.name)
                if let previous = change.previous { w.key("previous"); w.role(previous) }
                return true
            }
        }

        private mutating func role(_ role: SpeakerChange.Role) {
            _ = object { w in
                if let organization = role.organization { w.key("organization"); w.string(organization) }
                if let title = role.title { w.key("title"); w.string(title) }
                return true
            }
        }

        private mutating func evidence(_ evidence: [Evidence]) {
            _ = array(evidence) { w, item in
                w.object { w in
                    w.key("end"); w.integer(item.end)
                    w.key("start"); w.integer(item.start)
                    w.key("text"); w.string(item.text)
                    return true
                }
            }
        }

        private mutating func strings(_ strings: [String]) {
            _ = array(strings) { w, string in
                w.string(string)
                return true
            }
        }

        // MARK: - Primitives

        private mutating func object(_ fields: (inout Writer) -> Bool) -> Bool {
            out.append(UInt8(ascii: "{"))
            let outerIsFirst = isFirstField
            isFirstField = true
            let written = fields(&self)
            isFirstField = outerIsFirst
            out.append(UInt8(ascii: "}"))
            return written
        }

        private mutating func array<Element>(_ elements: [Element], _ write: (inout Writer, Element) -> Bool) -> Bool {
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard write(&self, element) else { return false }
            }
            out.append(UInt8(ascii: "]"))
            return true
        }

        private mutating func key(_ name: StaticString) {
            if !isFirstField { out.append(UInt8(ascii: ",")) }
            isFirstField = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.appendLiteral(#"":"#)
        }

        private mutating func string(_ value: String) {
            CompactJSON.string(value, into: &out, escapes: .jsonEncoder)
        }

        private mutating func integer(_ value: Int) {
            out.appendDecimal(value)
        }

        private mutating func integer(_ value: Int64) {
            out.appendDecimal(Int(value))
        }

        /// JSONEncoder's form: the shortest round-tripping description, without a trailing ".0".
        private mutating func double(_ value: Double) -> Bool {
            guard value.isFinite else { return false }
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            out += text.utf8
            return true
        }

        /// `"yyyy-MM-ddTHH:mm:ssZ"`, the fraction of a second dropped as ISO8601 formatting does.
        private mutating func date(_ date: Date) -> Bool {
            let sinceReference = date.timeIntervalSinceReferenceDate.rounded(.down)
            // 1970-01-01 and 10000-01-01 from the reference date.
            guard sinceReference >= -978_307_200, sinceReference < 252_423_993_600 else { return false }
            let seconds = Int(sinceReference) + 978_307_200
            let (year, month, day) = CivilDate.date(daysSince1970: seconds / 86_400)
            let inDay = seconds % 86_400
            out.append(UInt8(ascii: "\""))
            out.appendDateTime(year: year, month: month, day: day, secondsInDay: inDay, separator: UInt8(ascii: "T"))
            out.appendLiteral(#"Z""#)
            return true
        }
    }
}
