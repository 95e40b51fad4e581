import Foundation
import ReportModel
import ReportWatchTesting
import Testing

@testable import Store

/// The hand-written JSON reader and event writer must agree with Foundation's JSONDecoder and `Event.encoder` on
/// everything: generated texts full of escapes, \u sequences, surrogate pairs and non-ASCII, texts in other forms
/// (which go to JSONDecoder), and broken texts.
@Suite struct FastJSONTests {
    /// Scalars chosen to hit every escaping rule: controls, quote, backslash, slash, DEL, 2-, 3- and 4-byte UTF-8,
    /// U+2028, a combining accent.
    static let scalarPool: [Unicode.Scalar] = {
        var pool = (0x00...0x1F).compactMap(Unicode.Scalar.init)
        pool += ["\"", "\\", "/", "\u{7F}", "a", "Z", "0", " ", "é", "ß", "\u{301}", "腾", "讯", "“", "\u{2028}",
                 "\u{2029}", "\u{FEFF}", "\u{FFFD}", "\u{1F600}", "\u{10FFFF}", "\u{E000}"]
        return pool
    }()

    static func randomString(_ random: inout SplitMix64, maxLength: Int = 24) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int(random.next() % UInt64(maxLength + 1)) {
            // Half plain ASCII letters, so runs without escapes occur too.
            if random.next() % 2 == 0 {
                text.append(Unicode.Scalar(UInt8(97 + random.next() % 26)))
            } else {
                text.append(scalarPool[Int(random.next() % UInt64(scalarPool.count))])
            }
        }
        return String(text)
    }

    static func randomInt(_ random: inout SplitMix64) -> Int {
        switch random.next() % 4 {
        case 0: return 0
        case 1: return Int(random.next() % 1000)
        case 2: return Int(truncatingIfNeeded: random.next())
        default: return [Int.max, Int.min, -1, 10, 100].randomElement(using: &random)!
        }
    }

    static func randomEvidence(_ random: inout SplitMix64) -> [Evidence] {
        (0..<Int(random.next() % 4)).map { _ in
            Evidence(text: randomString(&random), start: randomInt(&random), end: randomInt(&random))
        }
    }

    // MARK: - Reader

    @Test func readsWhatCompactJSONWritesWithoutJSONDecoder() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let evidence = Self.randomEvidence(&random)
            let evidenceJSON = CompactJSON.evidence(evidence)
            #expect(try CompactJSONReader.evidence(evidenceJSON) == evidence)
            #expect(try JSONDecoder().decode([Evidence].self, from: Data(evidenceJSON.utf8)) == evidence)
            #expect(CompactJSONReader.fastArray(evidenceJSON) { $0.evidence() } == evidence)

            let strings = (0..<Int(random.next() % 4)).map { _ in Self.randomString(&random) }
            let stringsJSON = CompactJSON.strings(strings)
            #expect(CompactJSONReader.fastArray(stringsJSON, element: { $0.string() }) == strings)

            let blocks = (0..<Int(random.next() % 4)).map { _ in
                TextBlock(kind: TextBlock.Kind.allCases.randomElement(using: &random)!, text: Self.randomString(&random),
                          start: Self.randomInt(&random), end: Self.randomInt(&random))
            }
            #expect(try CompactJSONReader.blocks(CompactJSON.blocks(blocks)) == blocks)
            #expect(try CompactJSONReader.spans(CompactJSON.blockSpans(blocks))
                == blocks.map { CompactJSONReader.Span(kind: $0.kind, start: $0.start, end: $0.end) })
        }
    }

    /// The stored form is unchanged: the same escapes and digits as CompactJSON always wrote.
    @Test func writesTheStoredFormAsBefore() {
        let evidence = [Evidence(text: "a\"\\\n\r\t\u{8}\u{C}\u{1F}\u{7F}/é😀", start: Int.min, end: 42),
                        Evidence(text: "", start: 0, end: Int.max)]
        #expect(CompactJSON.evidence(evidence) == #"[{"text":"a\"\\\n\r\t\u0008\u000c\u001f\#u{7F}/é😀","start":-9223372036854775808,"end":42},{"text":"","start":0,"end":9223372036854775807}]"#)
        #expect(CompactJSON.strings([]) == "[]")
    }

    /// Every escaped character at every place in a word of the 8-byte scan, as JSONEncoder escapes it.
    @Test func escapesEveryCharacterAtEveryPlaceAsJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        for scalar in Self.scalarPool {
            for position in 0..<18 {
                var text = String(repeating: "a", count: 18)
                text.insert(Character(scalar), at: text.index(text.startIndex, offsetBy: position))
                var out: [UInt8] = []
                CompactJSON.string(text, into: &out, escapes: .jsonEncoder)
                #expect(String(decoding: out, as: UTF8.self) == String(decoding: try encoder.encode(text), as: UTF8.self))
            }
        }
    }

    /// Older rows were written by JSONEncoder (slashes escaped, its own key order).
    @Test func readsJSONEncoderOutputLikeJSONDecoder() throws {
        var random = SplitMix64(seed: 12)
        for _ in 0..<500 {
            let evidence = Self.randomEvidence(&random)
            let json = String(decoding: try JSONEncoder().encode(evidence), as: UTF8.self)
            #expect(try CompactJSONReader.evidence(json) == evidence)
            let strings = (0..<Int(random.next() % 4)).map { _ in Self.randomString(&random) }
            #expect(try CompactJSONReader.strings(String(decoding: try JSONEncoder().encode(strings), as: UTF8.self))
                == strings)
        }
    }

    /// A string literal with each scalar written at random as itself, `\uXXXX` (upper or lower case hex, surrogate
    /// pairs for astral scalars) or its short escape.
    static func randomlyEscaped(_ text: String, _ random: inout SplitMix64) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            let hexDigits = random.next() % 2 == 0 ? "%04x" : "%04X"
            let needsEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            switch random.next() % 3 {
            case 0 where !needsEscape:
                out.unicodeScalars.append(scalar)
            case 1 where ["\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}"].contains(scalar):
                let short: [Unicode.Scalar: String] = [
                    "\"": "\\\"", "\\": "\\\\", "/": "\\/", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u{8}": "\\b", "\u{C}": "\\f",
                ]
                out += short[scalar]!
            default:
                for unit in String(scalar).utf16 { out += "\\u" + String(format: hexDigits, unit) }
            }
        }
        return out + "\""
    }

    /// The reader's outcome (value or error) is JSONDecoder's.
    static func expectSameOutcome<T: Decodable & Equatable>(
        _ json: String, _ read: (String) throws -> T, _ type: T.Type, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected = try? JSONDecoder().decode(T.self, from: Data(json.utf8))
        let actual = try? read(json)
        #expect(actual == expected, "\(json.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func readsEscapesSurrogatesAndOddFormsLikeJSONDecoder() throws {
        var random = SplitMix64(seed: 13)
        for _ in 0..<2000 {
            let text = Self.randomString(&random)
            let literal = Self.randomlyEscaped(text, &random)
            #expect(try CompactJSONReader.strings("[\(literal)]") == [text])
            Self.expectSameOutcome(
                #"[{"text":\#(literal),"start":1,"end":2}]"#, CompactJSONReader.evidence, [Evidence].self)
        }
        let odd = [
            #"[]"#, #"[ ]"#, #" []"#, #"[] "#, #"["a" ,"b"]"#, #"["\ud83d\ude00"]"#, #"["\uD83D\uDE00"]"#, #"["\ud83d"]"#,
            #"["\ude00"]"#, #"["\ud83dx"]"#, #"["\ud83d\u0041"]"#, #"["\u00"]"#, #"["\x"]"#, #"["a"#, #"["a",]"#,
            #"[,"a"]"#, #"["\u0000"]"#, "[\"\u{1}\"]", "[\"tab\there\"]", #"[null]"#, #"[1]"#, #"{}"#, "",
        ]
        for json in odd { Self.expectSameOutcome(json, CompactJSONReader.strings, [String].self) }
        let oddEvidence = [
            #"[{"text":"a","start":1,"end":2}]"#, #"[{"start":1,"end":2,"text":"a"}]"#,
            #"[{"text":"a","start":1.0,"end":2}]"#, #"[{"text":"a","start":1e2,"end":2}]"#,
            #"[{"text":"a","start":-0,"end":2}]"#, #"[{"text":"a","start":01,"end":2}]"#,
            #"[{"text":"a","start":-,"end":2}]"#, #"[{"text":"a","start":9223372036854775807,"end":-9223372036854775808}]"#,
            #"[{"text":"a","start":9223372036854775808,"end":2}]"#, #"[{"text":"a","start":1,"end":2,"x":3}]"#,
            #"[{"text":"a","start":1}]"#, #"[{"text":"a", "start":1,"end":2}]"#, #"[{"text":"a","start":1,"end":2}"#,
            #"[{"text":"a","start":1,"end":2}]x"#, #"[{"text":null,"start":1,"end":2}]"#,
        ]
        for json in oddEvidence { Self.expectSameOutcome(json, CompactJSONReader.evidence, [Evidence].self) }
        Self.expectSameOutcome(#"[{"kind":"essay","start":0,"end":1}]"#, CompactJSONReader.spans, [CompactJSONReader.Span].self)
    }

    /// Broken texts: cut short or with a byte replaced, the reader fails or succeeds exactly as JSONDecoder does.
    @Test func brokenTextsFailAsWithJSONDecoder() {
        var random = SplitMix64(seed: 14)
        let replacements = Array(#"[]{}",:\u0-1e."#.utf8)
        for _ in 0..<3000 {
            var bytes = Array(CompactJSON.evidence(Self.randomEvidence(&random)).utf8)
            guard !bytes.isEmpty else { continue }
            let index = Int(random.next() % UInt64(bytes.count))
            if random.next() % 3 == 0 {
                bytes.removeSubrange(index...)
            } else {
                bytes[index] = replacements[Int(random.next() % UInt64(replacements.count))]
            }
            // Replacing a byte of a multi-byte scalar would not be a String; such texts never come from SQLite text.
            guard let json = String(validating: bytes, as: UTF8.self) else { continue }
            Self.expectSameOutcome(json, CompactJSONReader.evidence, [Evidence].self)
        }
    }

    // MARK: - Event writer

    static func randomDate(_ random: inout SplitMix64) -> Date {
        switch random.next() % 5 {
        case 0: return Date(timeIntervalSince1970: Double(random.next() % 4_000_000_000))
        case 1: return Date(timeIntervalSince1970: Double(random.next() % 4_000_000_000) + 0.999_999)
        case 2: return Date(timeIntervalSinceReferenceDate: Double(Int64(truncatingIfNeeded: random.next()) % 3_000_000_000) + random.nextUnit())
        case 3: return Date(timeIntervalSince1970: -Double(random.next() % 1_000_000_000) - random.nextUnit())
        default: return Date(timeIntervalSince1970: 253_402_300_799 + random.nextUnit() * 10)
        }
    }

    static func randomScore(_ random: inout SplitMix64) -> Double {
        switch random.next() % 6 {
        case 0: return random.nextUnit()
        case 1: return Double(random.next() % 100)
        case 2: return random.nextUnit() * 1e-6
        case 3: return [0, -0.0, 1e15, 1e16, 1e300, 0.1 + 0.2, 123_456_789.125].randomElement(using: &random)!
        case 4: return -random.nextUnit() * 1e20
        default: return Double(bitPattern: random.next())
        }
    }

    static func maybe<T>(_ random: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
        random.next() % 2 == 0 ? make(&random) : nil
    }

    static func randomEvent(_ random: inout SplitMix64, full: Bool = false) -> Event {
        func optional<T>(_ random: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
            full ? make(&random) : maybe(&random, make)
        }
        func report(_ random: inout SplitMix64) -> ReportReference {
            ReportReference(
                id: Int64(truncatingIfNeeded: random.next()), title: optional(&random) { randomString(&$0) },
                url: randomString(&random), period: optional(&random) { randomString(&$0) }, published: optional(&random) { randomDate(&$0) },
                revision: randomInt(&random))
        }
        func standing(_ random: inout SplitMix64) -> ThemeChange.Standing {
            .init(score: randomScore(&random), rank: randomInt(&random))
        }
        func role(_ random: inout SplitMix64) -> SpeakerChange.Role {
            .init(title: optional(&random) { randomString(&$0) }, organization: optional(&random) { randomString(&$0) })
        }
        let themes = (0..<Int(full ? 2 : random.next() % 4)).map { _ in
            ThemeChange(
                change: ThemeChange.Kind.allCases.randomElement(using: &random)!, key: randomString(&random),
                label: randomString(&random), previous: optional(&random, standing), current: optional(&random, standing),
                evidence: randomEvidence(&random))
        }
        let speakers = (0..<Int(full ? 2 : random.next() % 3)).map { _ in
            SpeakerChange(
                change: SpeakerChange.Kind.allCases.randomElement(using: &random)!, name: randomString(&random),
                previous: optional(&random, role), current: optional(&random, role), evidence: randomEvidence(&random))
        }
        let revision = optional(&random) { random in
            RevisionSummary(
                paragraphsAdded: (0..<Int(random.next() % 3)).map { _ in randomString(&random, maxLength: 80) },
                paragraphsRemoved: (0..<Int(random.next() % 3)).map { _ in randomString(&random, maxLength: 80) })
        }
        let data = EventData(
            source: SourceReference(
                name: randomString(&random), kind: SourceKind.allCases.randomElement(using: &random)!,
                location: randomString(&random)),
            report: optional(&random, report), previous: optional(&random, report),
            changes: ChangeSet(themes: themes, speakers: speakers, revision: revision),
            failure: optional(&random) { random in
                FailureDetails(consecutiveFailures: randomInt(&random), error: optional(&random) { randomString(&$0) },
                               since: optional(&random) { randomDate(&$0) })
            },
            overdue: optional(&random) { random in
                OverdueDetails(cadence: randomString(&random), lastReportAt: optional(&random) { randomDate(&$0) },
                               expectedBy: randomDate(&random))
            })
        return Event(
            type: EventType.allCases.randomElement(using: &random)!, id: randomString(&random),
            timestamp: randomDate(&random), data: data)
    }

    @Test func writesEventsByteForByteAsEventEncoder() throws {
        var random = SplitMix64(seed: 15)
        for round in 0..<3000 {
            let event = Self.randomEvent(&random, full: round % 10 == 0)
            let expected = Result { String(decoding: try Event.encoder.encode(event), as: UTF8.self) }
            let actual = Result { try EventJSON.encode(event) }
            switch (expected, actual) {
            case (.success(let expected), .success(let actual)): #expect(actual == expected)
            case (.failure, .failure): break
            default: Issue.record("outcomes differ for \(event): \(expected) vs \(actual)")
            }
        }
    }

    /// A field added to an event type must be written too: every stored property of a fully populated event
    /// appears in the payload under its snake_case key.
    @Test func writesEveryFieldOfTheEventTypes() throws {
        var random = SplitMix64(seed: 16)
        for _ in 0..<20 {
            let event = Self.randomEvent(&random, full: true)
            // Non-finite scores cannot be written (JSONEncoder throws too).
            guard let json = try? EventJSON.encode(event) else { continue }
            Self.expectSameFields(event, try JSONSerialization.jsonObject(with: Data(json.utf8)), path: "event")
        }
    }

    static func expectSameFields(_ value: Any, _ json: Any, path: String) {
        if value is String || value is Date || value is Double || value is any BinaryInteger { return }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = mirror.children.first { expectSameFields(wrapped.value, json, path: path) }
        case .collection:
            guard let array = json as? [Any] else {
                Issue.record("\(path) is not an array")
                return
            }
            for (index, (element, item)) in zip(mirror.children, array).enumerated() {
                expectSameFields(element.value, item, path: "\(path)[\(index)]")
            }
        case .struct:
            guard let object = json as? [String: Any] else {
                Issue.record("\(path) is not an object")
                return
            }
            #expect(object.count == mirror.children.count, "\(path): \(object.keys.sorted())")
            for child in mirror.children {
                guard let label = child.label else { continue }
                let key = label.reduce(into: "") { key, character in
                    key += character.isUppercase ? "_" + character.lowercased() : String(character)
                }
                guard let field = object[key] else {
                    Issue.record("\(path).\(key) missing")
                    continue
                }
                expectSameFields(child.value, field, path: "\(path).\(key)")
            }
        default:
            return
        }
    }
}
