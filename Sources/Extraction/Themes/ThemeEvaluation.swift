import Foundation
import ReportModel

/// Labelled themes of one document and the measure used by the tests and `theme-bench`: how many expected themes
/// appear among the top themes (one returned theme counts for at most one expected theme), and how many of the
/// top themes are names, titles, organisations or bylines.
package struct ThemeTruth: Sendable {
    package struct ExpectedTheme: Sendable, Codable {
        package var id: String
        /// A returned theme matches when its label or key contains one of these (case-insensitive; hyphen and
        /// spacing variants folded), as the seed's truth file defines it.
        package var match: [String]
    }

    package var themes: [ExpectedTheme]
    /// Phrases that make a theme noise when its label contains them as whole words: people's names, job titles,
    /// organisations, bylines.
    package var noise: [String]
    package var speakers: [Speaker]

    package init(themes: [ExpectedTheme], noise: [String], speakers: [Speaker]) {
        self.themes = themes
        self.noise = noise
        self.speakers = speakers
    }

    /// Title words that make any label noise.
    package static let titleWords = [
        "president", "director", "head", "manager", "secretary", "chairman", "chairwoman", "host", "sponsor",
        "initiator", "academician", "deputy", "chief", "officer", "ceo", "cfo", "coo", "founder", "analyst",
        "operator", "general manager", "editor", "reporter", "author",
    ]

    package struct Evaluation: Sendable {
        package var top: Int
        /// Expected theme id → the returned label that covers it.
        package var covered: [String: String]
        package var noise: [String]
        /// Returned themes among the top that match some expected theme.
        package var relevant: Int
        package var expectedCount: Int

        package var precision: Double { top == 0 ? 0 : Double(relevant) / Double(top) }
        package var coverage: Double { expectedCount == 0 ? 0 : Double(covered.count) / Double(expectedCount) }
    }

    package func evaluate(labels: [String], top: Int = 15) -> Evaluation {
        let considered = Array(labels.prefix(top))
        let folded = considered.map(Self.fold)
        let patterns = themes.map { $0.match.map(Self.fold) }
        // matches[i]: expected themes that returned theme i matches.
        let matches = folded.map { label in
            patterns.indices.filter { expected in patterns[expected].contains { label.contains($0) } }
        }
        // One-to-one assignment by augmenting paths (Kuhn's algorithm).
        var owner = Array(repeating: -1, count: themes.count)
        func assign(_ theme: Int, _ visited: inout [Bool]) -> Bool {
            for expected in matches[theme] where !visited[expected] {
                visited[expected] = true
                if owner[expected] < 0 || assign(owner[expected], &visited) {
                    owner[expected] = theme
                    return true
                }
            }
            return false
        }
        for theme in matches.indices {
            var visited = Array(repeating: false, count: themes.count)
            _ = assign(theme, &visited)
        }
        var covered: [String: String] = [:]
        for (expected, theme) in owner.enumerated() where theme >= 0 { covered[themes[expected].id] = considered[theme] }
        // Whole words for alphabetic scripts; plain containment for Chinese, which has no spaces.
        let noisePatterns = (noise + Self.titleWords).map { pattern in
            pattern.unicodeScalars.contains(where: ChineseThemes.isHan) ? Self.fold(pattern) : " " + Self.fold(pattern) + " "
        }
        let noisy = considered.filter { label in
            let padded = " " + Self.fold(label) + " "
            return noisePatterns.contains { padded.contains($0) }
        }
        return Evaluation(
            top: considered.count, covered: covered, noise: noisy,
            relevant: matches.filter { !$0.isEmpty }.count, expectedCount: themes.count)
    }

    /// Lower case, `co -creation` → `co-creation`, other punctuation → space, single spaces.
    package static func fold(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character == "-" {
                while result.hasSuffix(" ") { result.removeLast() }
                result.append("-")
                pendingSpace = false
            } else if character.isLetter || character.isNumber {
                if pendingSpace, !result.isEmpty, !result.hasSuffix("-") { result.append(" ") }
                pendingSpace = false
                result.append(character)
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    // MARK: - Loading

    private struct SeedTruthFile: Decodable {
        struct Document: Decodable { var publisher_byline: String? }
        struct Person: Decodable {
            var name: String
            var surface_forms: [String]?
            var titles: [String]?
            var organisation: String?
        }
        var document: Document?
        var speakers: [Person]
        var non_speaker_persons: [Person]?
        var organisations: [String]?
        var themes: [ExpectedTheme]
    }

    /// The seed's truth file format: themes with `match` lists, speakers, other persons, organisations, byline.
    /// Words of organisations and titles that the document only ever capitalises (`Tencent`, `Sociology`) are
    /// noise on their own too, unless an expected theme's match uses them.
    package static func seedTruth(_ data: Data, documentText: String) throws -> ThemeTruth {
        let file = try JSONDecoder().decode(SeedTruthFile.self, from: data)
        var noise: [String] = []
        let people = file.speakers + (file.non_speaker_persons ?? [])
        for person in people {
            let forms = [person.name] + (person.surface_forms ?? [])
            noise += forms
            // Given names and family names on their own, when long enough not to be English words.
            noise += forms.flatMap { $0.split(separator: " ").map(String.init) }.filter { $0.count >= 3 }
        }
        for organisation in file.organisations ?? [] {
            noise += organisationNames(organisation)
        }
        if let byline = file.document?.publisher_byline { noise.append(byline) }
        let byline = (file.document?.publisher_byline).map { [$0] } ?? []
        let named = (file.organisations ?? []).flatMap(organisationNames) + byline
            + file.speakers.flatMap { ($0.titles ?? []) + [$0.organisation].compactMap { $0 } }
        noise += file.speakers.flatMap { ($0.titles ?? []) + [$0.organisation].compactMap { $0 } }
        let lowerWords = Set(
            documentText.split(whereSeparator: { !$0.isLetter }).filter { $0.first?.isLowercase == true }.map(String.init))
        let matchWords = Set(file.themes.flatMap { $0.match.flatMap { fold($0).split(separator: " ").map(String.init) } })
        for name in named {
            for word in name.split(whereSeparator: { !$0.isLetter }) where word.count >= 3 && word.first?.isUppercase == true {
                let lower = word.lowercased()
                if !lowerWords.contains(lower), !matchWords.contains(lower) { noise.append(String(word)) }
            }
        }
        let speakers = file.speakers.map { person in
            Speaker(
                name: person.name, aliases: (person.surface_forms ?? []).filter { $0 != person.name },
                title: person.titles?.joined(separator: "; "), organization: person.organisation, mentions: 1,
                evidence: [])
        }
        return ThemeTruth(themes: file.themes, noise: Array(Set(noise)).sorted(), speakers: speakers)
    }

    /// `Tencent (Division A; Lab B)` → Tencent, Division A, Lab B; a parenthesis without `;` is a note.
    static func organisationNames(_ entry: String) -> [String] {
        guard let open = entry.firstIndex(of: "(") else { return [entry.trimmingCharacters(in: .whitespaces)] }
        var names = [entry[..<open].trimmingCharacters(in: .whitespaces)]
        let inner = entry[entry.index(after: open)...].replacingOccurrences(of: ")", with: "")
        if inner.contains(";") {
            names += inner.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return names.filter { !$0.isEmpty }
    }

    private struct ExpectedFile: Decodable {
        struct Person: Decodable {
            var name: String
            var aliases: [String]?
            var title: String?
            var organization: String?
        }
        var themes: [ExpectedTheme]
        var noise: [String]
        var speakers: [Person]?
    }

    /// A fixture's `.expected.json`: `themes` (id, match), `noise` (names, titles, organisations, bylines), and
    /// optionally `speakers` (name, aliases, title, organization).
    package static func expected(_ data: Data) throws -> ThemeTruth {
        let file = try JSONDecoder().decode(ExpectedFile.self, from: data)
        let speakers = (file.speakers ?? []).map {
            Speaker(
                name: $0.name, aliases: $0.aliases ?? [], title: $0.title, organization: $0.organization, mentions: 1,
                evidence: [])
        }
        return ThemeTruth(themes: file.themes, noise: file.noise, speakers: speakers)
    }
}
