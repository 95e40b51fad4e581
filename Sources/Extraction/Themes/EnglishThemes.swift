import Foundation
import ReportModel

/// English key-phrase discovery: candidate noun phrases between stop words and punctuation, proper-noun runs and
/// speaker names removed, scored by nesting-aware frequency (C-value), first position (PositionRank) and spread.
struct EnglishThemes {
    let speakers: [Speaker]
    let lexicon: ThemeLexicon

    /// One word of the text.
    struct Token {
        var start: Int
        var end: Int
        var surface: String
        /// Lower case, hyphens and apostrophes removed.
        var lower: String
        var lemma: Int
        var sentence: Int
        var capitalised: Bool
        var allCaps: Bool
        var hasLetter: Bool
        var hasDigit: Bool
        /// Punctuation (not a joining hyphen) separates it from the previous token.
        var breakBefore: Bool
        /// At a sentence start, after an opening quote, colon or bracket, or in a title-case heading: its capital
        /// says nothing about being a name.
        var ambiguousCase: Bool
        var possessive: Bool
        var hyphenParts: [String]
    }

    func analyse(_ document: Document) -> ThemeAnalysis {
        let scalars = Array(document.text.unicodeScalars)
        let sentences = SentenceSplitter.sentences(of: document)
        let blockWeights = Boilerplate.blockWeights(document)
        let sentenceWeights = Boilerplate.sentenceWeights(sentences, blockWeights: blockWeights)
        let titleCaseBlocks = Set(document.blocks.indices.filter { Self.isTitleCase(document.blocks[$0].text) })

        var lemmaIDs: [String: Int] = [:]
        var lemmas: [String] = []
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 5)
        for (index, sentence) in sentences.enumerated() {
            tokenize(
                scalars, sentence: sentence, index: index, titleCase: titleCaseBlocks.contains(sentence.block),
                lemmaIDs: &lemmaIDs, lemmas: &lemmas, into: &tokens)
        }

        // Capitalisation statistics per folded word: how often it is capitalised where case is informative.
        var capitalisedCount = Array(repeating: 0, count: lemmas.count)
        var lowerCount = Array(repeating: 0, count: lemmas.count)
        for token in tokens where token.hasLetter && sentenceWeights[token.sentence] > 0 {
            if !token.capitalised {
                lowerCount[token.lemma] += 1
            } else if !token.ambiguousCase {
                capitalisedCount[token.lemma] += 1
            }
        }
        func isProperWord(_ lemma: Int) -> Bool {
            capitalisedCount[lemma] > 0 && lowerCount[lemma] <= capitalisedCount[lemma] / 2
        }

        let breaks = breakFlags(
            tokens, lemmas: lemmas, sentenceWeights: sentenceWeights, isProperWord: isProperWord)

        let verbs = EnglishMorphology.verbForms
        var headOK = lemmas.map { lemma in
            lemma.count >= 2 && EnglishMorphology.canHead(lemma)
        }
        // `value-driven`, `silver-haired`: a compound is as good a head as its last part.
        for token in tokens where token.hyphenParts.count > 1 {
            if let last = token.hyphenParts.last, !EnglishMorphology.canHead(last) || verbs.contains(last) {
                headOK[token.lemma] = false
            }
        }
        var wordCount = Array(repeating: 0, count: lemmas.count)
        for token in tokens where sentenceWeights[token.sentence] > 0 { wordCount[token.lemma] += 1 }

        // Candidate phrases: every 1–4-word window of each unbroken run, keyed by packed folded-word ids.
        var index: [UInt64: Int] = [:]
        var phrases: [Phrase] = []
        var runStart = 0
        let totalTokens = max(tokens.count, 1)
        var contentMass = 0.0
        func flushRun(_ end: Int) {
            guard end > runStart else { return }
            for first in runStart..<end {
                var key: UInt64 = 0
                for length in 1...Self.maxLength where first + length <= end {
                    let token = tokens[first + length - 1]
                    key = key << 16 | UInt64(token.lemma + 1)
                    let weight = sentenceWeights[token.sentence]
                        * (1 + 0.5 * (1 - Double(first) / Double(totalTokens)))
                    if let existing = index[key] {
                        phrases[existing].add(first, weight: weight, sentence: token.sentence)
                    } else {
                        index[key] = phrases.count
                        var phrase = Phrase(
                            words: (first..<(first + length)).map { tokens[$0].lemma }, length: length,
                            headOK: headOK[token.lemma])
                        phrase.add(first, weight: weight, sentence: token.sentence)
                        phrases.append(phrase)
                    }
                }
            }
        }
        for (position, token) in tokens.enumerated() {
            if breaks[position] || token.breakBefore || (position > 0 && tokens[position - 1].possessive)
                || (position > 0 && tokens[position - 1].sentence != token.sentence)
            {
                flushRun(position)
                runStart = breaks[position] ? position + 1 : position
            }
            if !breaks[position] { contentMass += sentenceWeights[token.sentence] }
        }
        flushRun(tokens.count)

        // Occurrences inside a longer repeated phrase count little on their own (C-value): `innovation` used
        // only as part of `social innovation` is not a theme by itself.
        var covered = Array(repeating: UInt8(0), count: tokens.count)
        for phrase in phrases where phrase.length >= 2 && phrase.count >= 2 && phrase.headOK {
            for start in phrase.starts {
                for offset in 0..<phrase.length {
                    for length in 1...(phrase.length - offset) where length < phrase.length {
                        covered[start + offset] |= UInt8(1 << length)
                    }
                }
            }
        }

        let minimumCount = contentMass < 150 ? 1 : 2
        func spread(_ sentenceIndexes: [Int]) -> Double {
            Self.spread(blocks: Set(sentenceIndexes.map { sentences[$0].block }).count, occurrences: sentenceIndexes.count)
        }

        // Lexicon themes claim their words first, so a tracked phrase is not listed again as a discovered one.
        var claimed = Array(repeating: false, count: tokens.count)
        var candidates: [ThemeCandidate] = []
        var firstPositions: [Int: [Int]] = [:]
        if !lexicon.isEmpty {
            for (position, token) in tokens.enumerated() { firstPositions[token.lemma, default: []].append(position) }
        }
        for entry in lexiconPhrases(lemmaIDs: lemmaIDs, lemmas: lemmas) {
            var weight = 0.0
            var count = 0
            var longest = 1
            var hitSentences: [Int] = []
            for ids in entry.phrases {
                for start in firstPositions[ids[0]] ?? [] where start + ids.count <= tokens.count {
                    let range = start..<(start + ids.count)
                    guard range.allSatisfy({ tokens[$0].lemma == ids[$0 - start] && !claimed[$0] }),
                        tokens[range.upperBound - 1].sentence == tokens[start].sentence
                    else { continue }
                    for position in range { claimed[position] = true }
                    let sentence = tokens[start].sentence
                    weight += sentenceWeights[sentence] * (1 + 0.5 * (1 - Double(start) / Double(totalTokens)))
                    count += 1
                    longest = max(longest, ids.count)
                    hitSentences.append(sentence)
                }
            }
            guard count > 0, weight > 0 else { continue }
            var hits: [Int: Int] = [:]
            for sentence in hitSentences { hits[sentence, default: 0] += 1 }
            candidates.append(
                ThemeCandidate(
                    key: entry.key, label: entry.name,
                    raw: weight * Self.lengthFactor[max(2, min(Self.maxLength, longest))] * spread(hitSentences),
                    occurrences: count, sentenceHits: hits, units: entry.key.split(separator: "-").map(String.init),
                    fromLexicon: true))
        }

        // Dice coefficient of adjacent words: how much more they occur together than apart (`disadvantaged
        // groups` holds together, `innovation exploration` is a chance meeting of a frequent word).
        func cohesion(_ words: [Int]) -> Double {
            guard words.count >= 2 else { return 1 }
            var total = 0.0
            for i in 1..<words.count {
                let key = UInt64(words[i - 1] + 1) << 16 | UInt64(words[i] + 1)
                let together = Double(index[key].map { phrases[$0].count } ?? 0)
                total += 2 * together / Double(max(1, wordCount[words[i - 1]] + wordCount[words[i]]))
            }
            return total / Double(words.count - 1)
        }

        for phrase in phrases where phrase.headOK && phrase.count >= minimumCount && phrase.weight > 0 {
            var independent = 0.0
            for (offset, start) in phrase.starts.enumerated()
            where !(start..<(start + phrase.length)).contains(where: { claimed[$0] }) {
                let nested = covered[start] & UInt8(1 << phrase.length) != 0
                independent += phrase.weights[offset] * (nested ? Self.nestedCredit : 1)
            }
            guard independent > 0 else { continue }
            var raw = independent * Self.lengthFactor[phrase.length] * spread(phrase.sentences)
            if phrase.length == 1 {
                if EnglishWords.broadNouns.contains(lemmas[phrase.words[0]]) { raw *= Self.broadPenalty }
            } else {
                raw *= 0.5 + cohesion(phrase.words)
            }
            let units = phrase.words.map { lemmas[$0] }
            var hits: [Int: Int] = [:]
            for sentence in phrase.sentences { hits[sentence, default: 0] += 1 }
            candidates.append(
                ThemeCandidate(
                    key: units.joined(separator: "-"), label: label(phrase, tokens: tokens), raw: raw,
                    occurrences: phrase.count, sentenceHits: hits, units: units))
        }
        return ThemeAnalysis(
            candidates: candidates, contentMass: contentMass, sentences: sentences, sentenceWeights: sentenceWeights)
    }

    /// Each lexicon theme's phrases as folded-word ids of this text; phrases with a word absent from the text
    /// cannot match and are left out.
    private func lexiconPhrases(lemmaIDs: [String: Int], lemmas: [String]) -> [(name: String, key: String, phrases: [[Int]])] {
        guard !lexicon.isEmpty else { return [] }
        var ids = lemmaIDs
        var names = lemmas
        let known = lemmas.count
        return lexicon.entries.keys.sorted().map { name in
            var key = ""
            let phrases = ([name] + (lexicon.entries[name] ?? [])).enumerated().compactMap { index, phrase -> [Int]? in
                let scalars = Array(phrase.unicodeScalars)
                var tokens: [Token] = []
                tokenize(
                    scalars, sentence: Sentence(text: phrase, start: 0, end: scalars.count, block: 0), index: 0,
                    titleCase: false, lemmaIDs: &ids, lemmas: &names, into: &tokens)
                if index == 0 { key = tokens.map { names[$0.lemma] }.joined(separator: "-") }
                let result = tokens.map(\.lemma)
                return result.isEmpty || result.contains { $0 >= known } ? nil : result
            }
            return (name, key.isEmpty ? name : key, phrases)
        }
    }

    static let maxLength = 4

    /// 0.6–1: how evenly a theme spreads over paragraphs rather than clustering in one (a list of names, a
    /// caption). Depends on the ratio only, so a longer document with the same emphasis scores the same.
    static func spread(blocks: Int, occurrences: Int) -> Double {
        0.6 + 0.4 * (Double(blocks) / Double(max(1, occurrences))).squareRoot()
    }
    /// Longer phrases are more specific; single words are usually too broad to be a theme on their own.
    static let lengthFactor: [Double] = [0, 0.45, 1.0, 1.2, 1.3]
    /// Single words of general vocabulary (`development`, `company`) are rarely a theme by themselves.
    static let broadPenalty = 0.3
    static let nestedCredit = 0.3

    struct Phrase {
        var words: [Int]
        var length: Int
        var headOK: Bool
        var starts: [Int] = []
        var weights: [Double] = []
        var sentences: [Int] = []
        var weight = 0.0
        var count: Int { starts.count }

        mutating func add(_ start: Int, weight: Double, sentence: Int) {
            // Overlapping repeats (`value value`) count once.
            if let last = starts.last, start < last + length { return }
            starts.append(start)
            weights.append(weight)
            sentences.append(sentence)
            self.weight += weight
        }
    }

    /// The most frequent written form, lower-cased unless it is an acronym.
    private func label(_ phrase: Phrase, tokens: [Token]) -> String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for start in phrase.starts {
            let form = (start..<(start + phrase.length)).map { position -> String in
                let token = tokens[position]
                return token.allCaps && token.surface.count > 1 ? token.surface : token.surface.lowercased()
            }.joined(separator: " ")
            if counts[form] == nil { order.append(form) }
            counts[form, default: 0] += 1
        }
        return order.max { (counts[$0] ?? 0, $1) < (counts[$1] ?? 0, $0) } ?? ""
    }

    // MARK: - Which tokens cannot be part of a theme

    private func breakFlags(
        _ tokens: [Token], lemmas: [String], sentenceWeights: [Double], isProperWord: (Int) -> Bool
    ) -> [Bool] {
        var breaks = Array(repeating: false, count: tokens.count)
        let stop = EnglishWords.stopWords
        let verbs = EnglishMorphology.verbForms
        let titles = EnglishWords.titleWords
        let anyCaseOrganisation = EnglishWords.organisationWordsAnyCase

        for (position, token) in tokens.enumerated() {
            let lower = token.lower
            let lemma = lemmas[token.lemma]
            if sentenceWeights[token.sentence] == 0 || !token.hasLetter || token.lemma >= 0xFFFE || lower.count < 2 && !token.allCaps
                || stop.contains(lower) || stop.contains(lemma) || verbs.contains(lower)
                || titles.contains(lemma) || token.hyphenParts.contains(where: { titles.contains($0) })
                || anyCaseOrganisation.contains(lemma) || EnglishMorphology.isAdverb(lower)
            {
                breaks[position] = true
            } else if EnglishMorphology.isParticiple(lower) {
                // A participle is a verb after its subject (`Tencent promoted`) or before a function word or
                // punctuation (`revenue increased by`); before a noun it modifies (`disadvantaged groups`).
                let previous = position > 0 && tokens[position - 1].sentence == token.sentence ? tokens[position - 1] : nil
                let next = position + 1 < tokens.count && tokens[position + 1].sentence == token.sentence
                    ? tokens[position + 1] : nil
                let afterSubject = previous.map { previous in
                    !token.breakBefore && !stop.contains(previous.lower) && !verbs.contains(previous.lower)
                        && !EnglishWords.participleLicensors.contains(previous.lower)
                } ?? false
                let beforeNoun = next.map { next in
                    !next.breakBefore && next.hasLetter && !stop.contains(next.lower) && !verbs.contains(next.lower)
                } ?? false
                if afterSubject || !beforeNoun { breaks[position] = true }
            }
        }

        // Proper-noun runs: names, organisations, places (`Chen Juhong`, `China Internet Association`).
        let connectors = EnglishWords.nameConnectors
        var position = 0
        while position < tokens.count {
            guard tokens[position].capitalised, tokens[position].hasLetter else {
                position += 1
                continue
            }
            var end = position + 1
            var capitalisedInRun = 1
            while end < tokens.count, tokens[end].sentence == tokens[position].sentence, !tokens[end].breakBefore {
                if tokens[end].capitalised, tokens[end].hasLetter {
                    capitalisedInRun += 1
                    end += 1
                } else if connectors.contains(tokens[end].lower), end + 1 < tokens.count,
                    tokens[end + 1].capitalised, tokens[end + 1].sentence == tokens[position].sentence,
                    !tokens[end + 1].breakBefore
                {
                    end += 1
                } else {
                    break
                }
            }
            let run = position..<end
            let hasProperWord = run.contains { i in
                let token = tokens[i]
                guard token.capitalised, !(token.allCaps && token.surface.count <= 6) else { return false }
                return isProperWord(token.lemma)
            }
            let hasOrganisationWord = capitalisedInRun >= 2 && run.contains { i in
                tokens[i].capitalised && EnglishWords.organisationSuffixes.contains(lemmas[tokens[i].lemma])
            }
            let isName: Bool
            if capitalisedInRun >= 2 {
                // A multi-word capitalised run is a name unless every word is a common word capitalised for
                // emphasis (`Social Innovation and Sustainable Social Value`).
                isName = hasProperWord || hasOrganisationWord
            } else {
                isName = hasProperWord
            }
            if isName { for i in run { breaks[i] = true } }
            position = end
        }

        // What the speaker extractor knows: names (capitalised), titles and organisations (as phrases).
        if !speakers.isEmpty {
            var nameWords = Set<String>()
            var phrases: [[String]] = []
            for speaker in speakers {
                for name in [speaker.name] + speaker.aliases {
                    nameWords.formUnion(Self.words(of: name))
                }
                for field in [speaker.title, speaker.organization].compactMap({ $0 }) {
                    for part in field.split(whereSeparator: { ";,()".contains($0) }) {
                        let words = Self.words(of: String(part))
                        if !words.isEmpty { phrases.append(words) }
                    }
                }
            }
            for (i, token) in tokens.enumerated() where token.capitalised && nameWords.contains(token.lower) {
                breaks[i] = true
            }
            for phrase in phrases where phrase.count >= 2 {
                var i = 0
                while i + phrase.count <= tokens.count {
                    if tokens[i].lower == phrase[0],
                        (1..<phrase.count).allSatisfy({ tokens[i + $0].lower == phrase[$0] })
                    {
                        for j in i..<(i + phrase.count) { breaks[j] = true }
                        i += phrase.count
                    } else {
                        i += 1
                    }
                }
            }
        }
        return breaks
    }

    static func words(of text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map {
            String($0)
        }
    }

    /// A heading in Title Case: its capitals say nothing about names. In title case every word but short
    /// function words is capitalised, verbs included.
    static func isTitleCase(_ text: String) -> Bool {
        let words = text.unicodeScalars.split(whereSeparator: isSpace)
        guard words.count <= 25 else { return false }
        var content = 0
        var capitalised = 0
        for word in words {
            guard let first = word.first, isLetter(first) else { continue }
            if titleCaseFunctionWords.contains(String(String.UnicodeScalarView(word)).lowercased()) { continue }
            content += 1
            if isUpper(first) { capitalised += 1 }
        }
        return content >= 2 && Double(capitalised) >= 0.85 * Double(content)
    }

    static let titleCaseFunctionWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "from", "by", "as",
        "vs", "vs.", "via", "per", "into", "over", "up",
    ]

    // MARK: - Tokenizer

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 97 && v <= 122) || (v >= 65 && v <= 90) || (v >= 48 && v <= 57)
        }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }
    private static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s == " " || s == "\n" || s == "\t" || s == "\r" : s.properties.isWhitespace
    }
    private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? (s.value >= 97 && s.value <= 122) || (s.value >= 65 && s.value <= 90) : s.properties.isAlphabetic
    }
    private static func isUpper(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s.value >= 65 && s.value <= 90 : s.properties.isUppercase
    }
    private static func isHyphen(_ s: Unicode.Scalar) -> Bool { s == "-" || s == "\u{2010}" || s == "\u{2011}" }
    private static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }
    private static func opensClause(_ s: Unicode.Scalar) -> Bool {
        "\"“‘'(（[「『《:：—–".unicodeScalars.contains(s)
    }

    private func tokenize(
        _ scalars: [Unicode.Scalar], sentence: Sentence, index: Int, titleCase: Bool,
        lemmaIDs: inout [String: Int], lemmas: inout [String], into tokens: inout [Token]
    ) {
        var i = sentence.start
        let end = sentence.end
        var pendingBreak = true
        var caseAmbiguous = true
        while i < end {
            let scalar = scalars[i]
            guard Self.isWordScalar(scalar) else {
                if !Self.isSpace(scalar) {
                    pendingBreak = true
                    if Self.opensClause(scalar) { caseAmbiguous = true }
                }
                i += 1
                continue
            }
            let start = i
            var parts: [String] = []
            var wordEnd = i
            // One word, then hyphen-joined words: `co-creation`, `co -creation`, `co- creation`.
            while true {
                var j = wordEnd
                while j < end, Self.isWordScalar(scalars[j])
                    || (Self.isApostrophe(scalars[j]) && j + 1 < end && Self.isLetter(scalars[j + 1])
                        && j > wordEnd)
                {
                    j += 1
                }
                var part = String.UnicodeScalarView()
                part.append(contentsOf: scalars[wordEnd..<j])
                parts.append(String(part))
                wordEnd = j
                var k = j
                var spacesBefore = 0
                while k < end, scalars[k] == " ", spacesBefore < 2 {
                    k += 1
                    spacesBefore += 1
                }
                guard k < end, Self.isHyphen(scalars[k]) else { break }
                var m = k + 1
                var spacesAfter = 0
                while m < end, scalars[m] == " ", spacesAfter < 2 {
                    m += 1
                    spacesAfter += 1
                }
                guard m < end, Self.isWordScalar(scalars[m]), spacesBefore <= 1, spacesAfter <= 1,
                    spacesBefore == 0 || spacesAfter == 0
                else { break }
                wordEnd = m
            }
            var possessive = false
            if var last = parts.last {
                for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] where last.hasSuffix(suffix) && last.count > suffix.count {
                    last = String(last.dropLast(suffix.count))
                    possessive = suffix.hasSuffix("s") || suffix.count == 1
                    parts[parts.count - 1] = last
                    break
                }
            }
            let surface = parts.joined(separator: "-")
            let lowerParts = parts.map { $0.lowercased().filter { $0 != "'" && $0 != "\u{2019}" } }
            let lower = lowerParts.joined()
            let lemma: Int
            if let id = lemmaIDs[lower] {
                lemma = id  // Seen before, in this form or folded.
            } else {
                let folded = EnglishMorphology.lemma(lower)
                if let id = lemmaIDs[folded] {
                    lemma = id
                } else {
                    lemma = lemmas.count
                    lemmaIDs[folded] = lemma
                    lemmas.append(folded)
                }
                lemmaIDs[lower] = lemma
            }
            let first = surface.unicodeScalars.first
            let letters = surface.unicodeScalars.filter { Self.isLetter($0) }
            let capitalised = first.map(Self.isUpper) ?? false
            tokens.append(
                Token(
                    start: start, end: wordEnd, surface: surface, lower: lower, lemma: lemma, sentence: index,
                    capitalised: capitalised,
                    allCaps: letters.count >= 2 && letters.allSatisfy(Self.isUpper),
                    hasLetter: !letters.isEmpty,
                    hasDigit: surface.unicodeScalars.contains { $0.isASCII ? $0.value >= 48 && $0.value <= 57 : $0.properties.numericType != nil },
                    breakBefore: pendingBreak, ambiguousCase: caseAmbiguous || titleCase, possessive: possessive,
                    hyphenParts: parts.count > 1 ? lowerParts.map { EnglishMorphology.lemma($0) } : []))
            pendingBreak = false
            caseAmbiguous = false
            i = wordEnd
        }
    }
}
