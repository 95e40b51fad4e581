import Foundation
import ReportModel

/// Recognises the earnings-call layout in a sequence of paragraphs: a roster (`Name -- Title`,
/// `Name -- Firm -- Analyst`, under "Corporate Participants" / "Conference Call Participants" / "Call participants"),
/// then turns, each introduced by a speaker line (`Operator`, `Name -- Title`, a rostered name alone) or by
/// `Name:` at the start of a paragraph.
struct TranscriptParser {
    struct Unit {
        var kind: TextBlock.Kind
        var text: String
    }

    struct Result {
        var blocks: [(kind: TextBlock.Kind, text: String)]
        var participants: [Transcript.Participant]
        /// Per turn: the speaker, the first and last block of its words, and how many scalars of the first block
        /// precede the words (`Name: `).
        var turns: [(speaker: String, first: Int, last: Int, prefix: Int)]
    }

    enum Section { case corporate, analyst, mixed }

    /// Nil when the paragraphs do not read as a call transcript.
    static func recognise(_ units: [Unit]) -> Result? {
        guard units.count >= 4 else { return nil }
        // Cheap look first: a transcript has an Operator, a roster header or `Name -- Title` lines.
        var indicators = 0
        for unit in units where unit.text.utf8.count <= 160 {
            let text = unit.text.trimmedOfSpaces
            if isOperatorLine(text) || rosterHeader(text) != nil || participantLine(text) != nil {
                indicators += 1
                if indicators >= 2 { break }
            }
        }
        guard indicators >= 2 else { return nil }
        var participants: [Transcript.Participant] = []
        var indexByName: [String: Int] = [:]
        var consumed = [Bool](repeating: false, count: units.count)

        func addParticipant(_ participant: Transcript.Participant) {
            let key = participant.name.lowercased()
            if let existing = indexByName[key] {
                if participants[existing].title == nil { participants[existing].title = participant.title }
                if participants[existing].organization == nil {
                    participants[existing].organization = participant.organization
                }
                return
            }
            indexByName[key] = participants.count
            participants.append(participant)
        }

        // The roster.
        var section: Section?
        for (index, unit) in units.enumerated() {
            let text = unit.text.trimmedOfSpaces
            if let header = rosterHeader(text) {
                section = header
                consumed[index] = true
                continue
            }
            guard let current = section else { continue }
            if let line = participantLine(text) {
                addParticipant(participant(from: line, section: current))
                consumed[index] = true
            } else if sectionHeader(text) != nil || !text.isEmpty {
                section = nil
            }
        }

        // The turns.
        var blocks: [(kind: TextBlock.Kind, text: String)] = []
        var turns: [(speaker: String, first: Int, last: Int, prefix: Int)] = []
        var currentSpeaker: String?
        var currentFirst = -1
        var currentPrefix = 0
        var speakerLines = 0
        var operatorTurns = 0

        func closeTurn() {
            if let speaker = currentSpeaker, currentFirst >= 0, currentFirst < blocks.count {
                turns.append((speaker, currentFirst, blocks.count - 1, currentPrefix))
            }
            currentSpeaker = nil
            currentFirst = -1
            currentPrefix = 0
        }

        for (index, unit) in units.enumerated() {
            let text = unit.text.trimmedOfSpaces
            if consumed[index] {
                closeTurn()
                blocks.append((rosterHeader(text) != nil ? .heading : .listItem, text))
                continue
            }
            if sectionHeader(text) != nil {
                closeTurn()
                blocks.append((.heading, text))
                continue
            }
            if text.lowercased() == "operator" {
                closeTurn()
                blocks.append((.paragraph, text))
                currentSpeaker = "Operator"
                currentFirst = blocks.count
                speakerLines += 1
                operatorTurns += 1
                continue
            }
            if let key = indexByName[text.lowercased()] {
                closeTurn()
                blocks.append((.paragraph, text))
                currentSpeaker = participants[key].name
                currentFirst = blocks.count
                speakerLines += 1
                continue
            }
            if let line = participantLine(text) {
                closeTurn()
                let participant = participant(from: line, section: .mixed)
                addParticipant(participant)
                blocks.append((.paragraph, text))
                currentSpeaker = participants[indexByName[participant.name.lowercased()]!].name
                currentFirst = blocks.count
                speakerLines += 1
                continue
            }
            if let (speaker, prefix) = inlineSpeaker(text, known: indexByName, participants: participants) {
                closeTurn()
                blocks.append((unit.kind == .heading ? .paragraph : unit.kind, text))
                currentSpeaker = speaker
                currentFirst = blocks.count - 1
                currentPrefix = prefix
                if speaker == "Operator" { operatorTurns += 1 }
                speakerLines += 1
                continue
            }
            blocks.append((unit.kind, text))
        }
        closeTurn()

        let speakers = Set(turns.map(\.speaker))
        guard turns.count >= 3, speakers.count >= 2, operatorTurns > 0 || participants.count >= 2 else { return nil }
        return Result(blocks: blocks, participants: participants, turns: turns)
    }

    /// Builds the document: blocks joined as usual, turns located by their blocks' offsets.
    static func document(
        _ result: Result, title: String?, published: Date?, language: String?, format: DocumentFormat
    ) -> Document {
        var document = Document(
            title: title, published: published, language: language, format: format, blocks: result.blocks)
        let turns = result.turns.map { turn in
            Transcript.Turn(
                speaker: turn.speaker, start: document.blocks[turn.first].start + turn.prefix,
                end: document.blocks[turn.last].end)
        }
        document.transcript = Transcript(participants: result.participants, turns: turns)
        return document
    }

    // MARK: - Lines

    /// "Operator" or "Operator: …"; lowercasing every line first would cost more than the whole look.
    private static func isOperatorLine(_ text: String) -> Bool {
        guard let first = text.utf8.first, first | 0x20 == UInt8(ascii: "o") else { return false }
        let lower = text.lowercased()
        return lower == "operator" || lower.hasPrefix("operator:")
    }

    static func rosterHeader(_ text: String) -> Section? {
        let key = normalizedHeader(text)
        switch key {
        case "corporate participants", "company participants", "executives", "company representatives",
            "corporate participant", "management":
            return .corporate
        case "conference call participants", "analysts", "other participants", "conference call participant":
            return .analyst
        case "call participants", "participants":
            return .mixed
        default:
            return nil
        }
    }

    static func sectionHeader(_ text: String) -> String? {
        let key = normalizedHeader(text)
        let headers: Set<String> = [
            "prepared remarks", "questions and answers", "question-and-answer session", "question and answer session",
            "questions & answers", "q&a", "presentation", "management discussion section", "question and answer",
            "questions and answers session", "disclaimer", "definitions",
        ]
        if headers.contains(key) { return key }
        if key.hasPrefix("duration:") && key.count < 30 { return key }
        if rosterHeader(text) != nil { return key }
        return nil
    }

    private static func normalizedHeader(_ text: String) -> String {
        guard text.count <= 60 else { return "" }
        var key = text.lowercased().trimmedOfSpaces
        while key.hasSuffix(":") { key.removeLast() }
        return key.trimmedOfSpaces
    }

    /// `Name -- Title` or `Name -- Firm -- Title`, with `--`, `—`, `–` or ` - ` between the parts.
    static func participantLine(_ text: String) -> [String]? {
        guard text.utf8.count <= 480, text.utf8.contains(where: { $0 == 0x2D || $0 == 0xE2 }), text.count <= 160
        else { return nil }
        for separator in [" -- ", " — ", " – ", " - ", "--", "—"] where text.containsUTF8(separator) {
            let parts = text.components(separatedBy: separator).map { $0.trimmedOfSpaces }
            guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 90 }),
                looksLikeName(parts[0])
            else { return nil }
            if let last = text.last, last == "." || last == "?" || last == "!", !text.hasSuffix("Inc.") {
                return nil
            }
            return parts
        }
        return nil
    }

    private static func participant(from parts: [String], section: Section) -> Transcript.Participant {
        let name = parts[0]
        let isAnalyst = parts.dropFirst().contains { $0.lowercased().contains("analyst") } || section == .analyst
        switch parts.count {
        case 3:
            return .init(name: name, title: parts[2], organization: parts[1], side: isAnalyst ? .analyst : .corporate)
        default:
            if isAnalyst {
                let part = parts[1]
                let isTitle = part.lowercased().contains("analyst")
                return .init(
                    name: name, title: isTitle ? part : nil, organization: isTitle ? nil : part, side: .analyst)
            }
            return .init(name: name, title: parts[1], side: .corporate)
        }
    }

    /// `Name: words…` with a rostered name, `Operator`, or two to four capitalised words.
    private static func inlineSpeaker(
        _ text: String, known: [String: Int], participants: [Transcript.Participant]
    ) -> (String, Int)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let label = text[..<colon].trimmedOfSpaces
        guard !label.isEmpty, label.count <= 40 else { return nil }
        let rest = text[text.index(after: colon)...]
        let words = rest.drop(while: { $0 == " " })
        guard !words.isEmpty else { return nil }
        let prefix = text.unicodeScalars.count - String(words).unicodeScalars.count
        if label.lowercased() == "operator" { return ("Operator", prefix) }
        if let index = known[label.lowercased()] { return (participants[index].name, prefix) }
        let parts = label.split(separator: " ")
        if parts.count >= 2 && parts.count <= 4 && looksLikeName(label) { return (label, prefix) }
        return nil
    }

    /// Two to five words, each capitalised (initials, hyphens and name particles allowed), no digits.
    static func looksLikeName(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard (1...5).contains(words.count), text.count <= 45 else { return false }
        if words.count == 1 { return false }
        let particles: Set<String> = ["de", "da", "van", "von", "der", "den", "la", "le", "di", "du", "bin", "al"]
        for word in words {
            if particles.contains(String(word)) { continue }
            guard let first = word.unicodeScalars.first, first.properties.isUppercase else { return false }
            if word.contains(where: { $0.isNumber }) { return false }
        }
        return true
    }
}

extension TranscriptParser {
    /// Lowercased names listed in any roster section of the lines.
    static func rosterNames(_ lines: [String]) -> Set<String> {
        var names = Set<String>()
        var inRoster = false
        for line in lines {
            if rosterHeader(line) != nil {
                inRoster = true
            } else if inRoster, let parts = participantLine(line) {
                names.insert(parts[0].lowercased())
            } else {
                inRoster = false
            }
        }
        return names
    }

    /// A line that introduces a turn on its own: `Operator`, `Name -- Title`, a rostered name, a section header.
    static func isSpeakerLine(_ line: String, rosterNames: Set<String>) -> Bool {
        let lowered = line.lowercased()
        return lowered == "operator" || rosterNames.contains(lowered) || participantLine(line) != nil
            || sectionHeader(line) != nil
    }
}

extension TranscriptParser {
    /// A line that opens a turn with `Name:` (a rostered name, `Operator`, or a capitalised full name).
    static func startsWithSpeaker(_ line: String, rosterNames: Set<String>) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let label = line[..<colon].trimmedOfSpaces
        guard !label.isEmpty, label.count <= 40 else { return false }
        let lowered = label.lowercased()
        return lowered == "operator" || rosterNames.contains(lowered)
            || (label.split(separator: " ").count <= 4 && looksLikeName(label) && !rosterNames.isEmpty)
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (Foundation's trimming is slow on Linux).
    var trimmedOfSpaces: String {
        let scalars = unicodeScalars
        // Most texts have nothing to trim: no new string then.
        if let first = scalars.first, let last = scalars.last, !first.properties.isWhitespace,
            !last.properties.isWhitespace
        {
            return String(self)
        }
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }
}
