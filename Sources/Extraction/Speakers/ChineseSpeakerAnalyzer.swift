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
    private static let phraseBoundaries: Set<Unicode.Scalar> = punctuation.subtracting(["、"]).union("据被让请".unicodeScalars)
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
            // A title the list lacks ("首席统计师") still ends in a title character.
            let weakTitleEnd = !titleEnd && before > 1 && titleEndings.contains(characters[before - 1])
                && isHan(characters[before - 2])
            let atBoundary = before == 0 || boundaries.contains(characters[before - 1])
            let score = titleEnd ? 4 : atBoundary ? 3 : weakTitleEnd ? 2 : 0
            guard score > bestScore else { continue }
            if bylines.contains(where: { ends(with: $0, at: before, in: characters) }) { return nil }
            bestScore = score
            var match = Match(name: String(String.UnicodeScalarView(candidate)), nameOffset: start)
            if titleEnd || weakTitleEnd { splitTitle(before: before, in: characters, into: &match) }
            best = match
        }
        return best
    }

    /// Institutions that a unit's name never ends with, to cut "…研究所|经济与科技社会学研究室".
    private static let strongInstitutions: [[Unicode.Scalar]] = [
        "研究所", "研究院", "科学院", "委员会", "研究中心", "大学", "学院", "协会", "学会", "联合会", "集团", "公司",
        "银行", "统计局", "管理局", "总局", "中心", "改革委", "发改委", "证监会", "外汇局", "财政部", "商务部",
        "工业和信息化部", "人力资源和社会保障部",
    ].map { Array($0.unicodeScalars) }

    /// Last characters of titles ("统计师", "理事", "处长"), for titles not in the list.
    private static let titleEndings: Set<Unicode.Scalar> = Set("师长员人家官席任理裁监授士事表使督".unicodeScalars)

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
        var titleStart: Int
        if let title = titles.first(where: { ends(with: $0, at: phrase.count, in: phrase) }) {
            titleStart = titleBeginning(phrase, phrase.count - title.count)
            // Several titles: "副局长、新闻发言人", "董事长兼总裁" (兼, "concurrently", is taken as a modifier).
            while titleStart > 1 {
                let joiner = phrase[titleStart - 1] == "、" ? 1 : 0
                guard let other = titles.first(where: { ends(with: $0, at: titleStart - joiner, in: phrase) }) else {
                    break
                }
                titleStart = titleBeginning(phrase, titleStart - joiner - other.count)
            }
            // "汽车行业首席分析师": the sector named before 行业 ("industry") belongs to the title, not the organisation.
            let industry: [Unicode.Scalar] = ["行", "业"]
            if has(industry, at: titleStart, in: phrase),
                let cut = lastInstitutionEnd(in: Array(phrase[..<titleStart]), multiCharacterOnly: true),
                (1...4).contains(titleStart - cut)
            {
                titleStart = cut
            }
        } else {
            // An unlisted title: what follows the last institution word, if short.
            guard let cut = lastInstitutionEnd(in: phrase, multiCharacterOnly: false), phrase.count - cut <= 8,
                phrase.count - cut >= 2
            else { return }
            titleStart = cut
        }
        let rest = Array(phrase[..<titleStart])
        var organizationEnd = rest.count
        // A unit inside the organisation ("…研究所经济研究室") goes with the title.
        let company: [Unicode.Scalar] = ["公", "司"]
        if units.contains(where: { ends(with: $0, at: rest.count, in: rest) }), !ends(with: company, at: rest.count, in: rest),
            let cut = lastInstitutionEnd(in: rest, multiCharacterOnly: true)
        {
            organizationEnd = cut
        }
        let organization = String(String.UnicodeScalarView(rest[..<organizationEnd]))
        let unit = String(String.UnicodeScalarView(rest[organizationEnd...]))
        match.title = unit + String(String.UnicodeScalarView(phrase[titleStart...]))
        match.organization = organization.unicodeScalars.count >= 2 ? organization : nil
    }

    /// Extends a title leftwards over its modifiers ("常务副" in "常务副总裁").
    private static func titleBeginning(_ phrase: [Unicode.Scalar], _ start: Int) -> Int {
        var titleStart = start
        while let modifier = modifiers.first(where: { ends(with: $0, at: titleStart, in: phrase) }) {
            titleStart -= modifier.count
        }
        return titleStart
    }

    /// Where the last institution word in `text` ends, before its last character (so a unit can follow).
    private static func lastInstitutionEnd(in text: [Unicode.Scalar], multiCharacterOnly: Bool) -> Int? {
        var index = text.count - 1
        while index > 0 {
            let words = multiCharacterOnly ? strongInstitutions : institutions
            if words.contains(where: { ends(with: $0, at: index, in: text) }) {
                return index
            }
            index -= 1
        }
        return nil
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
