import Foundation
import ReportModel

extension SpeakerExtraction {
    /// A transcript laid out as plain text: "Jane Doe -- Chief Executive Officer" on a line of its own before each
    /// turn, and a run of such lines (the participants section) giving titles and firms. Returns turn labels by
    /// block (-1 for "Operator"), and the blocks that are only labels.
    mutating func dashLabels() -> (labels: [Int: Int], labelOnly: Set<Int>) {
        var entries: [Int: (name: [String], surface: String, parts: [String])] = [:]
        var operators: Set<Int> = []
        for (index, block) in document.blocks.enumerated() where block.end - block.start <= 140 {
            // Cheap test first: a label line has a spaced dash, ends with a colon, or is "Operator".
            let blockScalars = scalars[block.start..<block.end]
            var hasDash = false
            var previousIsSpace = false
            for scalar in blockScalars {
                if previousIsSpace, scalar == "-" || scalar == "—" || scalar == "–" {
                    hasDash = true
                    break
                }
                previousIsSpace = scalar == " "
            }
            guard hasDash || blockScalars.last == ":" || blockScalars.last == "r" || blockScalars.last == "R" else {
                continue
            }
            let text = block.text.trimmingSpeakerWhitespace()
            // "Operator" and section headings ("Questions & Answers:") end the current turn.
            if text.lowercased() == "operator" || (text.hasSuffix(":") && text.unicodeScalars.count <= 60) {
                operators.insert(index)
                continue
            }
            guard let entry = Self.dashEntry(text) else { continue }
            entries[index] = entry
        }
        guard entries.count >= 2 else { return ([:], []) }
        var labels: [Int: Int] = [:]
        var labelOnly = Set(operators)
        for index in operators { labels[index] = -1 }
        for (index, entry) in entries.sorted(by: { $0.key < $1.key }) {
            let form = registry.form(
                tokens: entry.name, han: false, surface: entry.surface, honorific: false,
                offset: document.blocks[index].start)
            registry.markPerson(form)
            let title = entry.parts.last
            let organization = entry.parts.count >= 2 ? entry.parts[0] : nil
            registry.addTitle(
                form,
                SpeakerTitleCandidate(title: title, organization: organization, inAttribution: true, priority: 2, order: 0))
            labelOnly.insert(index)
            // A line followed by another such line is a roster entry; otherwise it opens a turn.
            let isRoster = entries[index + 1] != nil || entries[index - 1] != nil
            if !isRoster { labels[index] = form }
        }
        return (labels, labelOnly)
    }

    /// "Jane Doe -- Chief Executive Officer", "Tom Alvarez -- Barclays -- Analyst".
    static func dashEntry(_ text: String) -> (name: [String], surface: String, parts: [String])? {
        // Every separator is a space then a dash (`-`, or `—` / `–`, E2 80 94 / 93): most texts have none.
        var bytes = text
        let hasSeparator = bytes.withUTF8 { utf8 in
            (1..<max(1, utf8.count)).contains { index in
                utf8[index - 1] == 0x20 && (utf8[index] == 0x2D || (utf8[index] == 0xE2 && index + 2 < utf8.count
                    && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0x94 || utf8[index + 2] == 0x93)))
            }
        }
        guard hasSeparator else { return nil }
        var parts: [String] = []
        var rest = Substring(text)
        for separator in [" -- ", " — ", " – ", " - "] where rest.contains(separator) {
            while let range = rest.range(of: separator) {
                parts.append(String(rest[..<range.lowerBound]))
                rest = rest[range.upperBound...]
            }
            parts.append(String(rest))
            break
        }
        guard parts.count >= 2, parts.count <= 3 else { return nil }
        let name = parts[0].trimmingSpeakerWhitespace()
        let tokens = SpeakerTokenizer.tokens(of: ArraySlice(name.unicodeScalars), offset: 0)
        guard tokens.count >= 2, tokens.count <= 4,
            tokens.allSatisfy({ EnglishSpeakerAnalyzer.isNameToken($0) && $0.lower != "he" })
        else { return nil }
        let details = parts.dropFirst().map { $0.trimmingSpeakerWhitespace() }
        guard details.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.count <= 80 && !$0.contains(". ") }) else {
            return nil
        }
        return (tokens.map(\.text), name, Array(details))
    }
}
