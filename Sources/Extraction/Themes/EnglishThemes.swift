import ReportModel

/// English key-phrase discovery: candidate noun phrases between stop words and punctuation, proper-noun runs and
/// speaker names removed, scored by nesting-aware frequency (C-value), position (PositionRank), word cohesion
/// (Dice) and spread. Words are interned once per written form, so the per-token work is integer lookups.
struct EnglishThemes {
    let speakers: [Speaker]
    let lexicon: ThemeLexicon

    /// One word of the text (hyphen-joined parts count as one word). Positions and ids are stored in 32 bits
    /// (a document has fewer than 2³¹ scalars): a token array is the largest block a call allocates.
    struct Token {
        private var storedStart: Int32
        private var storedEnd: Int32
        private var storedForm: Int32
        private var storedLemma: Int32
        private var storedSentence: Int32
        var start: Int { Int(storedStart) }
        var end: Int { Int(storedEnd) }
        /// Interned lower-case form, hyphens and apostrophes removed.
        var form: Int { Int(storedForm) }
        /// Interned folded form (plural, spelling).
        var lemma: Int { Int(storedLemma) }
        var sentence: Int { Int(storedSentence) }
        var capitalised: Bool
        var allCaps: Bool
        var hasLetter: Bool
        /// Punctuation (not a joining hyphen) separates it from the previous token.
        var breakBefore: Bool
        /// At a sentence start, after an opening quote, colon or bracket, or in a title-case heading: its capital
        /// says nothing about being a name.
        var ambiguousCase: Bool
        var possessive: Bool
        /// A hyphenated compound with a title part (`secretary-general`).
        var titlePart: Bool
        /// A hyphenated compound whose last part is an adjective or participle (`value-driven`).
        var weakCompound: Bool
        /// Written with word scalars only (no hyphen, apostrophe or space inside).
        var plain: Bool

        init(
            start: Int, end: Int, form: Int, lemma: Int, sentence: Int, capitalised: Bool, allCaps: Bool,
            hasLetter: Bool, breakBefore: Bool, ambiguousCase: Bool, possessive: Bool, titlePart: Bool,
            weakCompound: Bool, plain: Bool
        ) {
            storedStart = Int32(start)
            storedEnd = Int32(end)
            storedForm = Int32(form)
            storedLemma = Int32(lemma)
            storedSentence = Int32(sentence)
            self.capitalised = capitalised
            self.allCaps = allCaps
            self.hasLetter = hasLetter
            self.breakBefore = breakBefore
            self.ambiguousCase = ambiguousCase
            self.possessive = possessive
            self.titlePart = titlePart
            self.weakCompound = weakCompound
            self.plain = plain
        }
    }

    /// Written forms and folded forms of the text's words, with what the word lists say about each. A word seen
    /// before costs no string at all (see `ScalarInterner`).
    struct Vocabulary {
        var forms: [String] = []
        var formLemma: [Int] = []
        var formClass: [EnglishWords.WordClass] = []
        var lemmas: [String] = []
        var lemmaClass: [EnglishWords.WordClass] = []
        private var formIndex = ScalarInterner()
        /// ASCII folded forms by scalars (with their lemma ids); the others by `String`, whose equality also
        /// joins canonically equivalent spellings (composed and decomposed accents).
        private var asciiLemmaIndex = ScalarInterner()
        private var asciiLemmaIDs: [Int] = []
        private var otherLemmaIDs: [String: Int] = [:]
        /// Hyphenated spellings (lower-case parts joined by `-`) with what their parts say: compounds repeat
        /// (`year-over-year`), and reading the parts makes a string and a lemma per part.
        private var compoundIndex = ScalarInterner(capacity: 64)
        private var compoundTraits: [(titlePart: Bool, weakCompound: Bool)] = []

        func formLength(_ form: Int) -> Int { formIndex.length(form) }

        /// The form id of a lower-case word, if the text has it.
        func formID(of word: String) -> Int? { formIndex.find(word) }

        func formID(of word: [Unicode.Scalar]) -> Int? { formIndex.find(word[...], hash: ScalarInterner.hash(word[...])) }

        /// Whether a part of the compound is a title word (`secretary-general`), and whether its last part is an
        /// adjective or participle (`value-driven`).
        mutating func traits(
            ofCompound spelling: UnsafeBufferPointer<Unicode.Scalar>
        ) -> (titlePart: Bool, weakCompound: Bool) {
            let hash = ScalarInterner.hash(spelling)
            if let id = compoundIndex.find(spelling, hash: hash) { return compoundTraits[id] }
            _ = compoundIndex.add(spelling, hash: hash)
            let words = spelling.split(separator: "-").map { EnglishMorphology.lemma(EnglishThemes.string($0)) }
            var traits = (titlePart: words.contains(where: EnglishWords.titleWords.contains), weakCompound: false)
            if let last = words.last {
                traits.weakCompound = !EnglishMorphology.canHead(last) || EnglishMorphology.verbForms.contains(last)
            }
            compoundTraits.append(traits)
            return traits
        }

        /// `hash` is `ScalarInterner.hash(scalars)`, which the tokenizer works out while it lower-cases the word.
        mutating func intern(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, hash: UInt64) -> (form: Int, lemma: Int) {
            // Most tokens repeat a form: a read-only look-up first.
            if let form = formIndex.find(scalars, hash: hash) { return (form, formLemma[form]) }
            let form = formIndex.add(scalars, hash: hash)
            let isASCII = scalars.allSatisfy(\.isASCII)
            let lower = EnglishThemes.string(scalars, isASCII: isASCII)
            let folded = EnglishMorphology.lemma(lower)
            let lemma: Int
            let unchanged = isASCII && folded == lower
            // Folding keeps an ASCII word ASCII.
            if isASCII || EnglishThemes.isASCII(folded) {
                let foldedScalars = unchanged ? [] : ScalarInterner.scalars(of: folded)
                lemma = foldedScalars.withUnsafeBufferPointer { foldedBuffer in
                    let lemmaScalars = unchanged ? scalars : foldedBuffer
                    let lemmaHash = unchanged ? hash : ScalarInterner.hash(lemmaScalars)
                    let (id, isNewLemma) = asciiLemmaIndex.intern(lemmaScalars, hash: lemmaHash)
                    if isNewLemma {
                        asciiLemmaIDs.append(lemmas.count)
                        lemmas.append(folded)
                        lemmaClass.append(EnglishWords.classMap.value(lemmaScalars, hash: lemmaHash) ?? [])
                    }
                    return asciiLemmaIDs[id]
                }
            } else if let id = otherLemmaIDs[folded] {
                lemma = id
            } else {
                lemma = lemmas.count
                otherLemmaIDs[folded] = lemma
                lemmas.append(folded)
                lemmaClass.append(EnglishWords.classes[folded] ?? [])
            }
            forms.append(lower)
            formLemma.append(lemma)
            // A form that is its own lemma has the lemma's classes, looked up from the same scalars.
            formClass.append(
                unchanged
                    ? lemmaClass[lemma]
                    : isASCII ? EnglishWords.classMap.value(scalars, hash: hash) ?? [] : EnglishWords.classes[lower] ?? [])
            return (form, lemma)
        }
    }

    func analyse(_ text: PreparedText) -> ThemeAnalysis {
        let document = text.document
        let scalars = text.scalars
        let sentences = text.sentences
        let blockWeights = Boilerplate.blockWeights(document)
        let sentenceWeights = Boilerplate.sentenceWeights(sentences, blockWeights: blockWeights)
        // A block that is its slice of the text is read from the decoded scalars (a string's scalar view is slow).
        let titleCaseBlocks = document.blocks.map { block in
            text.decoded.holds(block.text, at: block.start..<block.end)
                ? Self.isTitleCase(scalars[block.start..<block.end]) : Self.isTitleCase(block.text.unicodeScalars)
        }

        var vocabulary = Vocabulary()
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 5)
        let scratch = TokenizerScratch(longest: sentences.reduce(0) { max($0, $1.end - $1.start) })
        for (index, sentence) in sentences.enumerated() {
            // A story's dateline ("LAGOS (AP) —") opens the first sentence of one of its first blocks.
            let opensBlock = index == 0 || sentences[index - 1].block != sentence.block
            let start = opensBlock && sentence.block < 4
                ? Dateline.end(in: scalars, sentence.start..<sentence.end) ?? sentence.start : sentence.start
            tokenize(
                scalars, range: start..<sentence.end, sentence: index,
                titleCase: titleCaseBlocks.indices.contains(sentence.block) && titleCaseBlocks[sentence.block],
                vocabulary: &vocabulary, into: &tokens, scratch: scratch)
        }
        let lemmas = vocabulary.lemmas

        // Capitalisation statistics per folded word: how often it is capitalised where case is informative.
        var capitalisedCount = Array(repeating: 0, count: lemmas.count)
        var lowerCount = Array(repeating: 0, count: lemmas.count)
        var wordCount = Array(repeating: 0, count: lemmas.count)
        for token in tokens where token.hasLetter && sentenceWeights[token.sentence] > 0 {
            wordCount[token.lemma] += 1
            if !token.capitalised {
                lowerCount[token.lemma] += 1
            } else if !token.ambiguousCase {
                capitalisedCount[token.lemma] += 1
            }
        }
        let properWord = (0..<lemmas.count).map { lemma in
            capitalisedCount[lemma] > 0 && lowerCount[lemma] <= capitalisedCount[lemma] / 2
        }

        let breaks = breakFlags(
            tokens, text: text.decoded, vocabulary: vocabulary, sentenceWeights: sentenceWeights,
            properWord: properWord)

        var headOK = lemmas.map { Self.hasTwoCharacters($0) && EnglishMorphology.canHead($0) }
        for token in tokens where token.weakCompound { headOK[token.lemma] = false }

        // Candidate phrases: every 1–4-word window of each unbroken run, keyed by packed folded-word ids.
        // Occurrences are kept in flat arrays; a phrase keeps its count, weight and last start.
        var index = PhraseTable(capacity: tokens.count)
        var phrases: [Phrase] = []
        var occurrencePhrase: [Int32] = []
        var occurrenceStart: [Int32] = []
        var occurrenceWeight: [Double] = []
        let totalTokens = Double(max(tokens.count, 1))
        var contentMass = 0.0
        var runStart = 0
        func flushRun(_ end: Int) {
            guard end > runStart else { return }
            for first in runStart..<end {
                var key: UInt64 = 0
                let weight = sentenceWeights[tokens[first].sentence] * (1 + 0.5 * (1 - Double(first) / totalTokens))
                for length in 1...Self.maxLength where first + length <= end {
                    let lemma = tokens[first + length - 1].lemma
                    key = key << 16 | UInt64(lemma + 1)
                    let phraseIndex: Int
                    if let existing = index.find(key) {
                        phraseIndex = existing
                        // Overlapping repeats (`value value`) count once.
                        if first < phrases[existing].lastStart + length { continue }
                    } else {
                        phraseIndex = phrases.count
                        index.insert(key, phraseIndex)
                        phrases.append(Phrase(key: key, length: length, headOK: headOK[lemma]))
                    }
                    phrases[phraseIndex].count += 1
                    phrases[phraseIndex].weight += weight
                    phrases[phraseIndex].lastStart = first
                    occurrencePhrase.append(Int32(phraseIndex))
                    occurrenceStart.append(Int32(first))
                    occurrenceWeight.append(weight)
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

        let minimumCount = contentMass < 150 ? 1 : 2
        // Occurrences grouped by phrase (counting sort), for the phrases that can become themes or cover others.
        var offsets = Array(repeating: 0, count: phrases.count + 1)
        for phrase in occurrencePhrase { offsets[Int(phrase) + 1] += 1 }
        for i in 0..<phrases.count { offsets[i + 1] += offsets[i] }
        var grouped = Array(repeating: 0, count: occurrencePhrase.count)
        var fill = offsets
        for (occurrence, phrase) in occurrencePhrase.enumerated() {
            grouped[fill[Int(phrase)]] = occurrence
            fill[Int(phrase)] += 1
        }
        func occurrences(of phrase: Int) -> ArraySlice<Int> { grouped[offsets[phrase]..<offsets[phrase + 1]] }

        // Occurrences inside a longer repeated phrase count little on their own (C-value): `innovation` used
        // only as part of `social innovation` is not a theme by itself.
        var covered = Array(repeating: UInt8(0), count: tokens.count)
        for (phraseIndex, phrase) in phrases.enumerated() where phrase.length >= 2 && phrase.count >= 2 && phrase.headOK {
            for occurrence in occurrences(of: phraseIndex) {
                let start = Int(occurrenceStart[occurrence])
                for offset in 0..<phrase.length {
                    for length in 1...(phrase.length - offset) where length < phrase.length {
                        covered[start + offset] |= UInt8(1 << length)
                    }
                }
            }
        }

        func words(_ phrase: Phrase) -> [Int] {
            (0..<phrase.length).reversed().map { Int((phrase.key >> (16 * UInt64($0))) & 0xFFFF) - 1 }
        }
        func spread(_ sentenceIndexes: [Int]) -> Double {
            // Occurrences come in text order, where distinct blocks are counted by their changes.
            var blockCount = 0
            var previous = -1
            var ordered = true
            for sentence in sentenceIndexes {
                let block = sentences[sentence].block
                if block < previous { ordered = false }
                if block != previous { blockCount += 1 }
                previous = block
            }
            if !ordered { blockCount = Set(sentenceIndexes.map { sentences[$0].block }).count }
            return Self.spread(blocks: blockCount, occurrences: sentenceIndexes.count)
        }

        // Lexicon themes claim their words first, so a tracked phrase is not listed again as a discovered one.
        var claimed = Array(repeating: false, count: tokens.count)
        var candidates = lexiconCandidates(
            tokens: tokens, vocabulary: vocabulary, sentenceWeights: sentenceWeights, claimed: &claimed,
            spread: spread)

        // Dice coefficient of adjacent words: how much more they occur together than apart (`disadvantaged
        // groups` holds together, `innovation exploration` is a chance meeting of a frequent word).
        func cohesion(_ words: [Int]) -> Double {
            var total = 0.0
            for i in 1..<words.count {
                let key = UInt64(words[i - 1] + 1) << 16 | UInt64(words[i] + 1)
                let together = Double(index.find(key).map { phrases[$0].count } ?? 0)
                total += 2 * together / Double(max(1, wordCount[words[i - 1]] + wordCount[words[i]]))
            }
            return total / Double(words.count - 1)
        }

        var scored: [(raw: Double, phrase: Int)] = []
        for (phraseIndex, phrase) in phrases.enumerated()
        where phrase.headOK && phrase.count >= minimumCount && phrase.weight > 0 {
            var independent = 0.0
            for occurrence in occurrences(of: phraseIndex) {
                let start = Int(occurrenceStart[occurrence])
                if (start..<(start + phrase.length)).contains(where: { claimed[$0] }) { continue }
                let nested = covered[start] & UInt8(1 << phrase.length) != 0
                independent += occurrenceWeight[occurrence] * (nested ? Self.nestedCredit : 1)
            }
            guard independent > 0 else { continue }
            var raw = independent * Self.lengthFactor[phrase.length]
            if phrase.length == 1 {
                if vocabulary.lemmaClass[Int(phrase.key) - 1].contains(.broad) { raw *= Self.broadPenalty }
            } else {
                raw *= 0.5 + cohesion(words(phrase))
            }
            scored.append((raw, phraseIndex))
        }
        // Spread needs each occurrence's sentence: computed for the leading candidates only.
        scored.sort { $0.raw != $1.raw ? $0.raw > $1.raw : $0.phrase < $1.phrase }
        for (raw, phraseIndex) in scored.prefix(Self.candidateLimit) {
            let phrase = phrases[phraseIndex]
            let starts = occurrences(of: phraseIndex).map { Int(occurrenceStart[$0]) }
            let sentencesOfPhrase = starts.map { tokens[$0].sentence }
            let units = words(phrase).map { lemmas[$0] }
            candidates.append(
                ThemeCandidate(
                    key: units.joined(separator: "-"), label: "", raw: raw * spread(sentencesOfPhrase),
                    occurrences: phrase.count, hitSentences: sentencesOfPhrase, units: units, source: starts))
        }
        // Labels only for the themes that are listed.
        let labelLength = { (candidate: ThemeCandidate) in candidate.units.count }
        let formStrings = vocabulary.forms
        return ThemeAnalysis(
            candidates: candidates, contentMass: contentMass, sentences: sentences, sentenceWeights: sentenceWeights,
            label: { candidate in
                var written = WrittenForms(tokens: tokens, scalars: scalars, formStrings: formStrings)
                return Self.label(starts: candidate.source, length: labelLength(candidate), written: &written)
            })
    }

    /// `word.count >= 2` without counting graphemes when the word is ASCII.
    static func hasTwoCharacters(_ word: String) -> Bool {
        if word.utf8.count < 2 { return false }
        return isASCII(word) || word.count >= 2
    }

    static func isASCII(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { !$0.contains { $0 >= 0x80 } }
    }

    /// How many discovered candidates are handed on: far more than are ever listed, so merging has room.
    static let candidateLimit = 200
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

    /// Phrase keys → phrase indexes: open addressing with a multiplicative hash, since keys are never 0 and
    /// the table is filled once per document. It grows with the distinct phrases (far fewer than the windows):
    /// sized for every window, its pages were most of the memory a call touched for the first time.
    struct PhraseTable {
        var keys: [UInt64]
        var values: [Int32]
        var mask: Int
        var count = 0

        init(capacity: Int) {
            var size = 64
            while size < capacity * 2 { size <<= 1 }
            keys = Array(repeating: 0, count: size)
            values = Array(repeating: 0, count: size)
            mask = size - 1
        }

        private mutating func grow() {
            let (oldKeys, oldValues) = (keys, values)
            keys = Array(repeating: 0, count: oldKeys.count * 2)
            values = Array(repeating: 0, count: oldKeys.count * 2)
            mask = keys.count - 1
            count = 0
            for (key, value) in zip(oldKeys, oldValues) where key != 0 { insert(key, Int(value)) }
        }

        private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 29) & mask }

        func find(_ key: UInt64) -> Int? {
            var slot = slot(key)
            while keys[slot] != 0 {
                if keys[slot] == key { return Int(values[slot]) }
                slot = (slot + 1) & mask
            }
            return nil
        }

        mutating func insert(_ key: UInt64, _ value: Int) {
            if (count + 1) * 2 > keys.count { grow() }
            count += 1
            var slot = slot(key)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = Int32(value)
        }
    }

    struct Phrase {
        /// Up to four folded-word ids + 1, 16 bits each, first word highest.
        var key: UInt64
        var length: Int
        var headOK: Bool
        var count = 0
        var weight = 0.0
        var lastStart = Int.min / 2
    }

    /// The most frequent written form, lower-cased unless it is an acronym, hyphen spacing folded.
    private static func label(starts: [Int], length: Int, written: inout WrittenForms) -> String {
        // Occurrences are counted by their words' written forms; strings are made only for the distinct ones.
        var counts: [WrittenForms.Phrase: Int] = [:]
        // Most occurrences are written like the one before: a run of equal ones is counted before hashing.
        var run: (phrase: WrittenForms.Phrase, count: Int)?
        for start in starts {
            let phrase = written.phrase(at: start, length: length)
            if let current = run, current.phrase == phrase {
                run?.count += 1
                continue
            }
            if let current = run { counts[current.phrase, default: 0] += current.count }
            run = (phrase, 1)
        }
        if let current = run { counts[current.phrase, default: 0] += current.count }
        // The most frequent (strings join canonically equivalent spellings), then the first in string order.
        var totals: [String: Int] = [:]
        for (phrase, count) in counts { totals[written.text(of: phrase), default: 0] += count }
        return totals.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
    }

    /// The tokens' written forms (lower-cased unless an acronym, spaces dropped, hyphens plain). A plain word
    /// (word scalars only, not an acronym) is written as its interned form, which already has its string; only
    /// the others are built and interned here.
    struct WrittenForms {
        /// Up to `maxLength` written-form ids: a plain word's form id + 1, another word's id here, negated, − 1.
        struct Phrase: Hashable {
            var ids: (Int32, Int32, Int32, Int32)

            static func == (a: Phrase, b: Phrase) -> Bool {
                a.ids.0 == b.ids.0 && a.ids.1 == b.ids.1 && a.ids.2 == b.ids.2 && a.ids.3 == b.ids.3
            }

            func hash(into hasher: inout Hasher) {
                hasher.combine(ids.0)
                hasher.combine(ids.1)
                hasher.combine(ids.2)
                hasher.combine(ids.3)
            }
        }

        let tokens: [Token]
        let scalars: [Unicode.Scalar]
        let formStrings: [String]
        private var others = ScalarInterner(capacity: 16)
        private var otherStrings: [String] = []
        private var buffer: [Unicode.Scalar] = []

        init(tokens: [Token], scalars: [Unicode.Scalar], formStrings: [String]) {
            self.tokens = tokens
            self.scalars = scalars
            self.formStrings = formStrings
        }

        mutating func phrase(at start: Int, length: Int) -> Phrase {
            var ids: (Int32, Int32, Int32, Int32) = (id(of: start), 0, 0, 0)
            if length > 1 { ids.1 = id(of: start + 1) }
            if length > 2 { ids.2 = id(of: start + 2) }
            if length > 3 { ids.3 = id(of: start + 3) }
            return Phrase(ids: ids)
        }

        func text(of phrase: Phrase) -> String {
            let ids: [Int32] = [phrase.ids.0, phrase.ids.1, phrase.ids.2, phrase.ids.3]
            var words: [String] = []
            for id in ids where id != 0 {
                words.append(id > 0 ? formStrings[Int(id) - 1] : otherStrings[Int(-id) - 1])
            }
            return words.joined(separator: " ")
        }

        private mutating func id(of position: Int) -> Int32 {
            let token = tokens[position]
            if token.plain && !token.allCaps { return Int32(token.form + 1) }
            buffer.removeAll(keepingCapacity: true)
            for scalar in scalars[token.start..<token.end] where !EnglishThemes.isSpace(scalar) {
                if EnglishThemes.isHyphen(scalar) {
                    buffer.append("-")
                } else if token.allCaps || (scalar.isASCII && !EnglishThemes.isUpper(scalar)) {
                    buffer.append(scalar)
                } else if scalar.isASCII {
                    buffer.append(Unicode.Scalar(UInt8(scalar.value + 32)))
                } else {
                    buffer.append(contentsOf: EnglishThemes.lowercased(scalar))
                }
            }
            let (id, isNew) = others.intern(buffer[...], hash: ScalarInterner.hash(buffer[...]))
            if isNew { otherStrings.append(EnglishThemes.string(buffer)) }
            return -Int32(id + 1)
        }
    }

    // MARK: - Lexicon

    private func lexiconCandidates(
        tokens: [Token], vocabulary: Vocabulary, sentenceWeights: [Double], claimed: inout [Bool],
        spread: ([Int]) -> Double
    ) -> [ThemeCandidate] {
        guard !lexicon.isEmpty else { return [] }
        var firstPositions: [Int: [Int]] = [:]
        for (position, token) in tokens.enumerated() { firstPositions[token.lemma, default: []].append(position) }
        let totalTokens = Double(max(tokens.count, 1))
        var extended = vocabulary
        let known = vocabulary.lemmas.count
        var candidates: [ThemeCandidate] = []
        for name in lexicon.entries.keys.sorted() {
            // Each phrase as folded-word ids; a phrase with a word absent from the text cannot match.
            var key = ""
            var phrases: [[Int]] = []
            for (number, phrase) in ([name] + (lexicon.entries[name] ?? [])).enumerated() {
                let phraseScalars = Array(phrase.unicodeScalars)
                var phraseTokens: [Token] = []
                tokenize(
                    phraseScalars, range: 0..<phraseScalars.count, sentence: 0, titleCase: false,
                    vocabulary: &extended, into: &phraseTokens)
                if number == 0 { key = phraseTokens.map { extended.lemmas[$0.lemma] }.joined(separator: "-") }
                let ids = phraseTokens.map(\.lemma)
                if !ids.isEmpty, !ids.contains(where: { $0 >= known }) { phrases.append(ids) }
            }
            var weight = 0.0
            var longest = 1
            var hitSentences: [Int] = []
            for ids in phrases {
                for start in firstPositions[ids[0]] ?? [] where start + ids.count <= tokens.count {
                    let range = start..<(start + ids.count)
                    guard range.allSatisfy({ tokens[$0].lemma == ids[$0 - start] && !claimed[$0] }),
                        tokens[range.upperBound - 1].sentence == tokens[start].sentence
                    else { continue }
                    for position in range { claimed[position] = true }
                    let sentence = tokens[start].sentence
                    weight += sentenceWeights[sentence] * (1 + 0.5 * (1 - Double(start) / totalTokens))
                    longest = max(longest, ids.count)
                    hitSentences.append(sentence)
                }
            }
            guard !hitSentences.isEmpty, weight > 0 else { continue }
            let slug = key.isEmpty ? name : key
            candidates.append(
                ThemeCandidate(
                    key: slug, label: name,
                    raw: weight * Self.lengthFactor[max(2, min(Self.maxLength, longest))] * spread(hitSentences),
                    occurrences: hitSentences.count, hitSentences: hitSentences,
                    units: slug.split(separator: "-").map(String.init), fromLexicon: true))
        }
        return candidates
    }

    // MARK: - Which tokens cannot be part of a theme

    private func breakFlags(
        _ tokens: [Token], text: DecodedText, vocabulary: Vocabulary, sentenceWeights: [Double], properWord: [Bool]
    ) -> [Bool] {
        // What the word lists say, once per written form and folded form.
        let forms = vocabulary.forms
        let lemmaOfForm = vocabulary.formLemma
        let formClass = vocabulary.formClass
        let lemmaClass = vocabulary.lemmaClass
        let functionForm = formClass.map { !$0.isDisjoint(with: [.stop, .verb]) }
        let excludedForm = forms.indices.map { form in
            functionForm[form] || !lemmaClass[lemmaOfForm[form]].isDisjoint(with: [.stop, .title, .organisationAnyCase])
                || EnglishMorphology.isAdverb(forms[form])
        }
        let participleForm = forms.map(EnglishMorphology.isParticiple)
        let licensorForm = formClass.map { $0.contains(.licensor) }
        let connectorForm = formClass.map { $0.contains(.connector) }
        let organisationLemma = lemmaClass.map { $0.contains(.organisationSuffix) }

        var breaks = Array(repeating: false, count: tokens.count)
        for (position, token) in tokens.enumerated() {
            if sentenceWeights[token.sentence] == 0 || !token.hasLetter || token.lemma >= 0xFFFE
                || vocabulary.formLength(token.form) < 2 && !token.allCaps || excludedForm[token.form]
                || token.titlePart
            {
                breaks[position] = true
            } else if participleForm[token.form] {
                // A participle is a verb after its subject (`Tencent promoted`) or before a function word or
                // punctuation (`revenue increased by`); before a noun it modifies (`disadvantaged groups`).
                let previous = position > 0 && tokens[position - 1].sentence == token.sentence ? tokens[position - 1] : nil
                let next = position + 1 < tokens.count && tokens[position + 1].sentence == token.sentence
                    ? tokens[position + 1] : nil
                let afterSubject = previous.map { previous in
                    !token.breakBefore && !functionForm[previous.form] && !licensorForm[previous.form]
                } ?? false
                let beforeNoun = next.map { next in !next.breakBefore && next.hasLetter && !functionForm[next.form] }
                    ?? false
                if afterSubject || !beforeNoun { breaks[position] = true }
            }
        }

        // Proper-noun runs: names, organisations, places (`Chen Juhong`, `China Internet Association`).
        var position = 0
        while position < tokens.count {
            guard tokens[position].capitalised, tokens[position].hasLetter else {
                position += 1
                continue
            }
            let sentence = tokens[position].sentence
            var end = position + 1
            var capitalisedInRun = 1
            while end < tokens.count, tokens[end].sentence == sentence, !tokens[end].breakBefore {
                if tokens[end].capitalised, tokens[end].hasLetter {
                    capitalisedInRun += 1
                    end += 1
                } else if connectorForm[tokens[end].form], end + 1 < tokens.count, tokens[end + 1].capitalised,
                    tokens[end + 1].sentence == sentence, !tokens[end + 1].breakBefore
                {
                    end += 1
                } else {
                    break
                }
            }
            let run = position..<end
            // Short acronyms (`AI`, `ESG`) are themes more often than names.
            let hasProperWord = run.contains { i in
                tokens[i].capitalised && !(tokens[i].allCaps && tokens[i].end - tokens[i].start <= 6)
                    && properWord[tokens[i].lemma]
            }
            // A multi-word capitalised run is a name unless every word is a common word capitalised for
            // emphasis (`Social Innovation and Sustainable Social Value`).
            let hasOrganisationWord = capitalisedInRun >= 2
                && run.contains { tokens[$0].capitalised && organisationLemma[tokens[$0].lemma] }
            if hasProperWord || hasOrganisationWord { for i in run { breaks[i] = true } }
            position = end
        }

        // A ticker names its company wherever it appears.
        let tickerForms = Set(Tickers.find(in: text).compactMap { vocabulary.formID(of: $0) })
        if !tickerForms.isEmpty {
            for (i, token) in tokens.enumerated() where token.allCaps && tickerForms.contains(token.form) {
                breaks[i] = true
            }
        }

        // What the speaker extractor knows: names (capitalised), titles and organisations (as phrases).
        if !speakers.isEmpty {
            // Per form id, not hashed: these are read at every token.
            var nameForm = [Bool](repeating: false, count: vocabulary.forms.count)
            var phrases: [[Int]] = []
            for speaker in speakers {
                // Read as scalar arrays (an ASCII string's from its bytes): iterating a string's scalar view costs
                // several times more.
                for name in [speaker.name] + speaker.aliases {
                    for case let form? in Self.formIDs(ofWordsIn: ScalarInterner.scalars(of: name), vocabulary) {
                        nameForm[form] = true
                    }
                }
                for field in [speaker.title, speaker.organization].compactMap({ $0 }) {
                    for part in ScalarInterner.scalars(of: field).split(whereSeparator: Self.isFieldSeparator) {
                        let words = Self.formIDs(ofWordsIn: part, vocabulary)
                        let ids = words.compactMap { $0 }
                        if ids.count == words.count, ids.count >= 2 { phrases.append(ids) }
                    }
                }
            }
            for (i, token) in tokens.enumerated() where token.capitalised && nameForm[token.form] {
                breaks[i] = true
            }
            // Longest phrase first at each position; phrases indexed by their first word.
            var byFirst = [[[Int]]](repeating: [], count: vocabulary.forms.count)
            for phrase in phrases.sorted(by: { $0.count > $1.count }) { byFirst[phrase[0]].append(phrase) }
            var i = 0
            while i < tokens.count {
                var matched = 0
                do {
                    for phrase in byFirst[tokens[i].form] where i + phrase.count <= tokens.count {
                        var equal = true
                        for k in 1..<phrase.count where tokens[i + k].form != phrase[k] {
                            equal = false
                            break
                        }
                        if equal {
                            matched = phrase.count
                            break
                        }
                    }
                }
                if matched > 0 {
                    for j in i..<(i + matched) { breaks[j] = true }
                    i += matched
                } else {
                    i += 1
                }
            }
        }
        return breaks
    }

    /// The form ids of the lower-case words of a name or title, as the tokenizer forms them (hyphenated parts
    /// joined), nil for a word the text does not have. Each word is looked up as soon as it ends, from one buffer.
    static func formIDs(ofWordsIn text: some Sequence<Unicode.Scalar>, _ vocabulary: Vocabulary) -> [Int?] {
        var ids: [Int?] = []
        var current: [Unicode.Scalar] = []
        for scalar in text {
            if isWordScalar(scalar) {
                if scalar.isASCII {
                    current.append(isUpper(scalar) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar)
                } else {
                    current.append(contentsOf: lowercased(scalar))
                }
            } else if !isHyphen(scalar), !isApostrophe(scalar), !current.isEmpty {
                ids.append(vocabulary.formID(of: current))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { ids.append(vocabulary.formID(of: current)) }
        return ids
    }

    static func isFieldSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == ";" || scalar == "," || scalar == "(" || scalar == ")"
    }

    /// A heading in Title Case: its capitals say nothing about names. In title case every word but short
    /// function words is capitalised, verbs included.
    static func isTitleCase(_ text: some Sequence<Unicode.Scalar>) -> Bool {
        var words = 0
        var content = 0
        var capitalised = 0
        // A word's first letters packed (lower case ASCII), to recognise short function words without strings.
        var packed: UInt32 = 0
        var length = 0
        var first: Unicode.Scalar?
        func finish() {
            guard let initial = first else { return }
            words += 1
            if isLetter(initial), length > 4 || !titleCaseFunctionWordKeys.contains(packed) {
                content += 1
                if isUpper(initial) { capitalised += 1 }
            }
            first = nil
            packed = 0
            length = 0
        }
        for scalar in text {
            if isSpace(scalar) {
                finish()
                // Within 25 words, four small content words already fail the 85 %: prose is told after a few words.
                if words > 25 || content - capitalised >= 4 { return false }
            } else {
                if first == nil { first = scalar }
                if length < 4 {
                    let value = scalar.isASCII && isUpper(scalar) ? scalar.value + 32 : scalar.value
                    packed = packed << 8 | (value & 0xFF)
                }
                length += 1
            }
        }
        finish()
        return words <= 25 && content >= 2 && Double(capitalised) >= 0.85 * Double(content)
    }

    /// A plain array: a scan of two dozen integers is cheaper than hashing.
    static let titleCaseFunctionWordKeys = Array(titleCaseFunctionWords.map { word in
        word.unicodeScalars.prefix(4).reduce(UInt32(0)) { $0 << 8 | ($1.value & 0xFF) }
    })

    static let titleCaseFunctionWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "from", "by", "as",
        "vs", "vs.", "via", "per", "into", "over", "up",
    ]

    // MARK: - Tokenizer

    /// A string from scalars through UTF-8 bytes: appending scalars to a `String.UnicodeScalarView` one by one
    /// is far slower.
    static func string(_ scalars: some Collection<Unicode.Scalar>) -> String {
        string(scalars, isASCII: scalars.allSatisfy(\.isASCII))
    }

    static func string(_ scalars: some Collection<Unicode.Scalar>, isASCII: Bool) -> String {
        // Most words are ASCII: their bytes are written straight into the string's storage.
        if isASCII {
            return String(unsafeUninitializedCapacity: scalars.count) { buffer in
                var index = 0
                for scalar in scalars {
                    buffer[index] = UInt8(truncatingIfNeeded: scalar.value)
                    index += 1
                }
                return index
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + 4)
        for scalar in scalars {
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 97 && v <= 122) || (v >= 65 && v <= 90) || (v >= 48 && v <= 57)
        }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s == " " || s == "\n" || s == "\t" || s == "\r" : s.properties.isWhitespace
    }
    private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? (s.value >= 97 && s.value <= 122) || (s.value >= 65 && s.value <= 90) : s.properties.isAlphabetic
    }
    static func isUpper(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s.value >= 65 && s.value <= 90 : s.properties.isUppercase
    }
    static func isHyphen(_ s: Unicode.Scalar) -> Bool { s == "-" || s == "\u{2010}" || s == "\u{2011}" }
    private static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }
    private static func isClauseOpener(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "\"", "“", "‘", "'", "(", "（", "[", "「", "『", "《", ":", "：", "—", "–": return true
        default: return false
        }
    }
    static func lowercased(_ s: Unicode.Scalar) -> String.UnicodeScalarView {
        if s.isASCII {
            var view = String.UnicodeScalarView()
            view.append(s.value >= 65 && s.value <= 90 ? Unicode.Scalar(UInt8(s.value + 32)) : s)
            return view
        }
        return String(s).lowercased().unicodeScalars
    }

    /// Where the tokenizer lower-cases a word and joins its parts, allocated once per text rather than per
    /// sentence, and written through pointers: appending to arrays scalar by scalar cost more than the words.
    final class TokenizerScratch {
        /// The current word lower-cased (lower-casing a scalar gives at most three).
        let lower: UnsafeMutableBufferPointer<Unicode.Scalar>
        /// Where the current word's second and later hyphen-joined parts begin in `lower`.
        let laterParts: UnsafeMutableBufferPointer<Int>
        /// The parts joined by `-`.
        let compound: UnsafeMutableBufferPointer<Unicode.Scalar>

        /// Room for any word of a range of `longest` scalars.
        init(longest: Int) {
            lower = .allocate(capacity: 3 * longest + 1)
            laterParts = .allocate(capacity: longest + 1)
            compound = .allocate(capacity: 4 * longest + 1)
        }

        deinit {
            lower.deallocate()
            laterParts.deallocate()
            compound.deallocate()
        }
    }

    /// Words of `scalars[range]` appended to `tokens`; hyphen-joined parts make one word (`co-creation`,
    /// `co -creation`, `co- creation`), a possessive `'s` is dropped and marks the word.
    private func tokenize(
        _ scalars: [Unicode.Scalar], range: Range<Int>, sentence: Int, titleCase: Bool,
        vocabulary: inout Vocabulary, into tokens: inout [Token], scratch: TokenizerScratch? = nil
    ) {
        precondition(range.lowerBound >= 0 && range.upperBound <= scalars.count)
        let scratch = scratch ?? TokenizerScratch(longest: range.count)
        // Read through a buffer: every index below is checked against `range`, which lies within the array.
        scalars.withUnsafeBufferPointer { buffer in
            tokenize(
                buffer, range: range, sentence: sentence, titleCase: titleCase, vocabulary: &vocabulary,
                into: &tokens, scratch: scratch)
        }
    }

    private func tokenize(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, range: Range<Int>, sentence: Int, titleCase: Bool,
        vocabulary: inout Vocabulary, into tokens: inout [Token], scratch: TokenizerScratch
    ) {
        var i = range.lowerBound
        let end = range.upperBound
        var pendingBreak = true
        var caseAmbiguous = true
        let lower = scratch.lower
        let laterParts = scratch.laterParts
        let compound = scratch.compound
        precondition(lower.count > 3 * range.count && laterParts.count > range.count)
        while i < end {
            let scalar = scalars[i]
            guard Self.isWordScalar(scalar) else {
                if !Self.isSpace(scalar) {
                    pendingBreak = true
                    if Self.isClauseOpener(scalar) { caseAmbiguous = true }
                }
                i += 1
                continue
            }
            let start = i
            var lowerCount = 0
            var partCount = 0
            var letters = 0
            var uppers = 0
            var possessive = false
            var wordEnd = i
            var wordScalars = 0
            var hash = ScalarInterner.hashSeed
            while true {
                // Every part holds a scalar, so only the first starts at 0.
                if lowerCount > 0 {
                    laterParts[partCount] = lowerCount
                    partCount += 1
                }
                var j = wordEnd
                while j < end {
                    let s = scalars[j]
                    if Self.isWordScalar(s) {
                        if s.isASCII {
                            // An ASCII word scalar is a digit, a capital or a small letter.
                            let v = s.value
                            let isUpper = v >= 65 && v <= 90
                            if v >= 65 { letters += 1 }
                            if isUpper { uppers += 1 }
                            let folded = isUpper ? Unicode.Scalar(UInt8(truncatingIfNeeded: v + 32)) : s
                            lower[lowerCount] = folded
                            lowerCount += 1
                            hash = ScalarInterner.combine(hash, folded)
                        } else {
                            if Self.isLetter(s) {
                                letters += 1
                                if Self.isUpper(s) { uppers += 1 }
                            }
                            for folded in Self.lowercased(s) {
                                lower[lowerCount] = folded
                                lowerCount += 1
                                hash = ScalarInterner.combine(hash, folded)
                            }
                        }
                        j += 1
                        wordScalars += 1
                    } else if Self.isApostrophe(s), j > wordEnd, j + 1 < end, Self.isLetter(scalars[j + 1]) {
                        // `'s` closing the word is a possessive; other apostrophes join (`don't`).
                        if scalars[j + 1] == "s" || scalars[j + 1] == "S",
                            j + 2 >= end || !Self.isWordScalar(scalars[j + 2])
                        {
                            possessive = true
                            break
                        }
                        j += 1
                    } else {
                        break
                    }
                }
                wordEnd = j
                if possessive { break }
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
            let (form, lemma) = vocabulary.intern(UnsafeBufferPointer(rebasing: lower[0..<lowerCount]), hash: hash)
            var titlePart = false
            var weakCompound = false
            if partCount > 0 {
                // The parts joined by `-` (no lower-case word scalar is one), so that the spelling keeps them apart.
                var compoundCount = 0
                var partStart = 0
                for part in 0...partCount {
                    let partEnd = part < partCount ? laterParts[part] : lowerCount
                    if partStart > 0 {
                        compound[compoundCount] = "-"
                        compoundCount += 1
                    }
                    for k in partStart..<partEnd {
                        compound[compoundCount] = lower[k]
                        compoundCount += 1
                    }
                    partStart = partEnd
                }
                (titlePart, weakCompound) = vocabulary.traits(
                    ofCompound: UnsafeBufferPointer(rebasing: compound[0..<compoundCount]))
            }
            let first = scalars[start]
            tokens.append(
                Token(
                    start: start, end: wordEnd, form: form, lemma: lemma, sentence: sentence,
                    capitalised: Self.isUpper(first), allCaps: letters >= 2 && uppers == letters,
                    hasLetter: letters > 0, breakBefore: pendingBreak, ambiguousCase: caseAmbiguous || titleCase,
                    possessive: possessive, titlePart: titlePart, weakCompound: weakCompound,
                    plain: wordScalars == wordEnd - start))
            pendingBreak = false
            caseAmbiguous = false
            i = possessive ? wordEnd + 2 : wordEnd
        }
    }
}
