/// Chinese reporting structures without a word segmenter: [organisation][title]name(2–3 characters)[adverb]verb,
/// "据…介绍", "name 在…时表示", read from the verb leftwards.
enum ChineseSpeakerAnalyzer {
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    private static let verbsByFirst: [Unicode.Scalar: [[Unicode.Scalar]]] = {
        var map: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
        for verb in ChineseSpeakerLexicon.verbs {
            let characters = Array(verb.unicodeScalars)
            map[characters[0], default: []].append(characters)
        }
        for key in map.keys { map[key]!.sort { $0.count > $1.count } }
        return map
    }()
    private static let titles: [[Unicode.Scalar]] = ChineseSpeakerLexicon.titles.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
    private static let modifiers: [[Unicode.Scalar]] = ChineseSpeakerLexicon.titleModifiers.map { Array($0.unicodeScalars) }
    private static let adverbs: [[Unicode.Scalar]] = ChineseSpeakerLexicon.adverbs.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
    private static let units: [[Unicode.Scalar]] = ChineseSpeakerLexicon.unitSuffixes.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
    private static let institutions: [[Unicode.Scalar]] = ChineseSpeakerLexicon.institutionSuffixes.map { Array($0.unicodeScalars) }
        .sorted { $0.count > $1.count }
    private static let compounds: [[Unicode.Scalar]] = ChineseSpeakerLexicon.compoundSurnames.map { Array($0.unicodeScalars) }
    private static let bylines: [[Unicode.Scalar]] = ChineseSpeakerLexicon.bylineMarkers.map { Array($0.unicodeScalars) }
    /// Characters that end the phrase before a name.
    private static let punctuation: Set<Unicode.Scalar> = Set("，。；：、！？“”‘’\"'（）()《》【】「」 ,;:".unicodeScalars)
    private static let boundaries: Set<Unicode.Scalar> = punctuation.union("据由被经让请向对与和及".unicodeScalars)
    /// Characters that end the title-and-organisation phrase ("与" and "和" occur inside organisation names).
    private static let phraseBoundaries: Set<Unicode.Scalar> = punctuation.union("据被让请".unicodeScalars)
    /// Words after a name that lead to the verb ("付凌晖在发布会上表示", "温彬对记者表示").
    private static let gapOpeners: [[Unicode.Scalar]] = ["在", "对", "向", "接受", "于", "近日", "日前", "此前", "日", "昨天", "今天"]
        .map { Array($0.unicodeScalars) }

    struct Match {
        var name: String
        var title: String?
        var organization: String?
        var nameOffset: Int
    }

    static func analyze(sentence index: Int, in extraction: inout SpeakerExtraction) {
        let sentence = extraction.sentences[index]
        let characters = Array(extraction.scalars[sentence.start..<sentence.end])
        let base = sentence.start

        var position = 0
        var attributed: [Int] = []
        while position < characters.count {
            guard let candidates = verbsByFirst[characters[position]],
                let verb = candidates.first(where: { has($0, at: position, in: characters) })
            else {
                position += 1
                continue
            }
            defer { position += verb.count }
            var end = position
            // "陈菊红也表示"
            while let adverb = adverbs.first(where: { ends(with: $0, at: end, in: characters) }) { end -= adverb.count }
            if end > 0, characters[end - 1] == "，" { end -= 1 }
            if end > 0, characters[end - 1] == "他" || characters[end - 1] == "她" {
                if let person = extraction.lastPerson, index - person.sentence <= 5 {
                    extraction.registry.attribute(person.form, sentence: index, strong: true)
                    extraction.lastPerson = (person.form, index)
                }
                continue
            }
            var match = name(endingAt: end, in: characters)
            var pronoun = false
            if match == nil {
                // "付凌晖在国新办发布会上表示": look back for the opener of the phrase between name and verb.
                var cursor = end - 1
                let limit = max(0, end - 30)
                while cursor > limit, match == nil {
                    if punctuation.contains(characters[cursor]) { break }
                    if gapOpeners.contains(where: { has($0, at: cursor, in: characters) }) {
                        match = name(endingAt: cursor, in: characters)
                        if match == nil, cursor > 0, characters[cursor - 1] == "他" || characters[cursor - 1] == "她" {
                            pronoun = true
                            break
                        }
                    }
                    cursor -= 1
                }
            }
            if pronoun, let person = extraction.lastPerson, index - person.sentence <= 5 {
                extraction.registry.attribute(person.form, sentence: index, strong: true)
                extraction.lastPerson = (person.form, index)
            }
            guard let found = match else { continue }
            let form = extraction.registry.form(
                tokens: [found.name], han: true, surface: found.name, honorific: false,
                offset: base + found.nameOffset)
            extraction.registry.markPerson(form)
            if found.title != nil || found.organization != nil {
                extraction.registry.addTitle(
                    form,
                    SpeakerTitleCandidate(
                        title: found.title, organization: found.organization, inAttribution: true, order: 0))
            }
            extraction.registry.attribute(form, sentence: index, strong: true)
            attributed.append(form)
        }
        if let last = attributed.last { extraction.lastPerson = (last, index) }
    }

    /// The name that ends at `end`, with the title and organisation before it.
    static func name(endingAt end: Int, in characters: [Unicode.Scalar]) -> Match? {
        var best: Match?
        var bestScore = 0
        for length in [3, 2, 4] where end - length >= 0 {
            let start = end - length
            let candidate = Array(characters[start..<end])
            guard isName(candidate) else { continue }
            let before = start
            let titleEnd = titles.contains { ends(with: $0, at: before, in: characters) }
            let atBoundary = before == 0 || boundaries.contains(characters[before - 1])
            let score = titleEnd ? 3 : atBoundary ? 2 : 0
            guard score > bestScore else { continue }
            if bylines.contains(where: { ends(with: $0, at: before, in: characters) }) { return nil }
            bestScore = score
            var match = Match(name: String(String.UnicodeScalarView(candidate)), nameOffset: start)
            if titleEnd { splitTitle(before: before, in: characters, into: &match) }
            best = match
        }
        return best
    }

    static func isName(_ candidate: [Unicode.Scalar]) -> Bool {
        guard candidate.allSatisfy(isHan) else {
            return false
        }
        let compound = compounds.contains { candidate.starts(with: $0) }
        let given: ArraySlice<Unicode.Scalar>
        if compound {
            given = candidate.dropFirst(2)
        } else {
            guard ChineseSpeakerLexicon.surnames.contains(candidate[0]), candidate.count <= 3 else { return false }
            given = candidate.dropFirst()
        }
        guard !given.isEmpty, given.count <= 2 else { return false }
        if given.contains(where: { ChineseSpeakerLexicon.nonNameCharacters.contains($0) }) { return false }
        if ChineseSpeakerLexicon.nonNames.contains(String(String.UnicodeScalarView(candidate.prefix(2)))) { return false }
        return true
    }

    /// Splits "国家统计局新闻发言人" into organisation "国家统计局" and title "新闻发言人"; a unit inside the
    /// organisation ("…研究室") stays with the title, as in English.
    static func splitTitle(before end: Int, in characters: [Unicode.Scalar], into match: inout Match) {
        var start = end
        while start > 0, !phraseBoundaries.contains(characters[start - 1]), end - start < 40 { start -= 1 }
        let phrase = Array(characters[start..<end])
        guard let title = titles.first(where: { phrase.count >= $0.count && Array(phrase.suffix($0.count)) == $0 })
        else { return }
        var titleStart = phrase.count - title.count
        while let modifier = modifiers.first(where: { titleStart >= $0.count && Array(phrase[(titleStart - $0.count)..<titleStart]) == $0 }) {
            titleStart -= modifier.count
        }
        let rest = Array(phrase[..<titleStart])
        var organizationEnd = rest.count
        if !institutions.contains(where: { rest.count >= $0.count && Array(rest.suffix($0.count)) == $0 }) {
            // The organisation ends after the last institution word of two characters or more.
            var cut = 0
            var index = rest.count - 1
            while index > 0 {
                if let word = institutions.first(where: { $0.count >= 2 && index + 1 >= $0.count
                    && Array(rest[(index + 1 - $0.count)...index]) == $0 })
                {
                    cut = index + 1
                    _ = word
                    break
                }
                index -= 1
            }
            let endsWithUnit = units.contains { rest.count >= $0.count && Array(rest.suffix($0.count)) == $0 }
            if cut > 0, endsWithUnit { organizationEnd = cut }
        }
        let organization = String(String.UnicodeScalarView(rest[..<organizationEnd]))
        let unit = String(String.UnicodeScalarView(rest[organizationEnd...]))
        match.title = unit + String(String.UnicodeScalarView(phrase[titleStart...]))
        match.organization = organization.unicodeScalars.count >= 2 ? organization : nil
    }

    private static func has(_ word: [Unicode.Scalar], at index: Int, in characters: [Unicode.Scalar]) -> Bool {
        guard index >= 0, index + word.count <= characters.count else { return false }
        for (offset, character) in word.enumerated() where characters[index + offset] != character { return false }
        return true
    }

    private static func ends(with word: [Unicode.Scalar], at end: Int, in characters: [Unicode.Scalar]) -> Bool {
        has(word, at: end - word.count, in: characters)
    }
}
