/// A word or punctuation mark of an English sentence, with Unicode-scalar offsets into `Document.text`.
struct SpeakerToken: Sendable {
    enum Kind: Sendable { case word, comma, colon, quote, open, close, possessive, other }

    var text: String
    var lower: String
    var start: Int
    var end: Int
    var kind: Kind
    /// The word starts with an upper-case letter.
    var capitalized: Bool
    /// What the lexicon says of the word (`SpeakerWordFlags`), looked up once.
    var flags: SpeakerWordFlags = []
    /// The id of its spelling among those of the tokenizer's `SpeakerSpellings`: equal ids, equal texts.
    var spelling: Int32 = -1

    var isWord: Bool { kind == .word }

    /// Whether a role word ("deputy", "secretary-general", "co-director") is in this token.
    var isRole: Bool { kind == .word && flags.contains(.role) }
    var isRoleHead: Bool { kind == .word && flags.contains(.roleHead) }
}

/// Lexicon facts about a word, so that each word is looked up once.
struct SpeakerWordFlags: OptionSet, Sendable {
    let rawValue: UInt32
    static let role = SpeakerWordFlags(rawValue: 1 << 0)
    static let roleHead = SpeakerWordFlags(rawValue: 1 << 1)
    static let speech = SpeakerWordFlags(rawValue: 1 << 2)
    static let invertible = SpeakerWordFlags(rawValue: 1 << 3)
    static let modifier = SpeakerWordFlags(rawValue: 1 << 4)
    static let honorific = SpeakerWordFlags(rawValue: 1 << 5)
    static let function = SpeakerWordFlags(rawValue: 1 << 6)
    static let nonName = SpeakerWordFlags(rawValue: 1 << 7)
    static let place = SpeakerWordFlags(rawValue: 1 << 8)
    static let particle = SpeakerWordFlags(rawValue: 1 << 9)
    static let portfolio = SpeakerWordFlags(rawValue: 1 << 10)
    /// Shaped like a name: capitalised, not an acronym, no digits, not a listed non-name word.
    static let nameShaped = SpeakerWordFlags(rawValue: 1 << 11)
    /// First word of an attribution phrase ("according to", "chaired by").
    static let phraseStart = SpeakerWordFlags(rawValue: 1 << 12)
    /// A verb that reports speech with what follows it (`EnglishSpeakerAnalyzer.phrasalVerbs`).
    static let phrasalVerb = SpeakerWordFlags(rawValue: 1 << 13)

    /// Every listed word with a flag it gets; a word in several lists comes once per list.
    static var listedWords: [(String, SpeakerWordFlags)] {
        var entries: [(String, SpeakerWordFlags)] = []
        func add(_ words: Set<String>, _ flag: SpeakerWordFlags) {
            for word in words { entries.append((word, flag)) }
        }
        add(SpeakerLexicon.roleWords, .role)
        add(SpeakerLexicon.roleHeads, [.role, .roleHead])
        add(SpeakerLexicon.speechVerbs, .speech)
        add(SpeakerLexicon.invertibleVerbs, .invertible)
        add(SpeakerLexicon.verbModifiers, .modifier)
        add(SpeakerLexicon.honorifics, .honorific)
        add(SpeakerLexicon.functionWords, .function)
        add(SpeakerLexicon.nonNameWords, .nonName)
        add(SpeakerLexicon.places, .place)
        add(EnglishSpeakerAnalyzer.particles, .particle)
        add(SpeakerLexicon.portfolios, .portfolio)
        add(EnglishSpeakerAnalyzer.phrasalVerbs, .phrasalVerb)
        add(Set((SpeakerLexicon.attributionPhrases + SpeakerLexicon.weakAttributionPhrases).map { $0[0] }), .phraseStart)
        return entries
    }

    static func of(_ lower: String, hyphenated: Bool) -> SpeakerWordFlags {
        var flags = lookup.flags(of: lower)
        if hyphenated {
            for part in lower.split(separator: "-") {
                flags.formUnion(lookup.flags(of: String(part)).intersection([.role, .roleHead]))
            }
        }
        return flags
    }

    private static let lookup = SpeakerWordTable(listedWords)
}

/// An open-addressing table from lexicon words to their flags, hashed with FNV-1a: the tokenizer looks up every
/// word, and the standard library's seeded hashing dominated the run time.
struct SpeakerWordTable: Sendable {
    /// All keys' bytes back to back; a slot holds its key's start and length in `arena`, or -1 when empty.
    private let arena: [UInt8]
    private let starts: [Int32]
    private let lengths: [Int32]
    private let values: [SpeakerWordFlags]
    private let mask: Int

    /// The words with their flags, merged where a word is given more than once. Placed in the order of their
    /// hashes (then bytes), so that the layout does not depend on the order the words come in (sets iterate in
    /// a different order in each process).
    init(_ entries: [(String, SpeakerWordFlags)]) {
        let words = entries.map { Array($0.0.utf8) }
        let hashes = words.map(Self.hash)
        // Sorted by index pairs rather than by the words themselves: moving arrays in a sort costs far more.
        let order = words.indices.sorted { a, b in
            hashes[a] != hashes[b] ? hashes[a] < hashes[b] : words[a].lexicographicallyPrecedes(words[b])
        }
        // Equal words are neighbours once sorted.
        let distinct = order.indices.filter { $0 == 0 || words[order[$0]] != words[order[$0 - 1]] }.count
        var capacity = 64
        while capacity < distinct * 4 { capacity *= 2 }
        mask = capacity - 1
        var arena: [UInt8] = []
        var starts = [Int32](repeating: -1, count: capacity)
        var lengths = [Int32](repeating: 0, count: capacity)
        var values = [SpeakerWordFlags](repeating: [], count: capacity)
        for entry in order {
            let bytes = words[entry]
            let flags = entries[entry].1
            var slot = hashes[entry] & (capacity - 1)
            while starts[slot] >= 0,
                !(Int(lengths[slot]) == bytes.count
                    && arena[Int(starts[slot])..<(Int(starts[slot]) + bytes.count)].elementsEqual(bytes))
            {
                slot = (slot + 1) & (capacity - 1)
            }
            if starts[slot] < 0 {
                starts[slot] = Int32(arena.count)
                lengths[slot] = Int32(bytes.count)
                arena.append(contentsOf: bytes)
            }
            values[slot].formUnion(flags)
        }
        self.arena = arena
        self.starts = starts
        self.lengths = lengths
        self.values = values
    }

    static func hash<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash >> 7)
    }

    func flags(of word: String) -> SpeakerWordFlags {
        var word = word
        return word.withUTF8 { bytes in
            var slot = Self.hash(bytes) & mask
            while starts[slot] >= 0 {
                if Int(lengths[slot]) == bytes.count {
                    let start = Int(starts[slot])
                    var equal = true
                    for index in 0..<bytes.count where arena[start + index] != bytes[index] {
                        equal = false
                        break
                    }
                    if equal { return values[slot] }
                }
                slot = (slot + 1) & mask
            }
            return []
        }
    }
}

enum SpeakerTokenizer {
    /// Abbreviations whose period belongs to the word.
    private static let dottedWords: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "jr", "sr", "st", "inc", "corp", "co", "ltd", "mme", "messrs", "gov", "sen",
        "rep", "gen", "col", "capt", "u.s", "u.k", "no", "vs",
    ]

    @inline(__always) static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 {
            return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
        }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    @inline(__always) static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return s == " " || (s.value >= 0x09 && s.value <= 0x0D) }
        return s.properties.isWhitespace
    }

    @inline(__always) static func isUppercase(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return s >= "A" && s <= "Z" }
        return s.properties.isUppercase
    }

    static func tokens(of scalars: ArraySlice<Unicode.Scalar>, offset: Int) -> [SpeakerToken] {
        var spellings = SpeakerSpellings(capacity: 64)
        return tokens(of: scalars, offset: offset, spellings: &spellings)
    }

    /// The tokens of `scalars`; what depends only on a token's spelling is taken from `spellings` when the
    /// document had it before (most words repeat).
    static func tokens(
        of scalars: ArraySlice<Unicode.Scalar>, offset: Int, spellings: inout SpeakerSpellings
    ) -> [SpeakerToken] {
        // Read through a buffer: every index below is checked against the slice's bounds.
        scalars.withUnsafeBufferPointer { tokens(of: $0, offset: offset, spellings: &spellings) }
    }

    private static func tokens(
        of scalars: UnsafeBufferPointer<Unicode.Scalar>, offset: Int, spellings: inout SpeakerSpellings
    ) -> [SpeakerToken] {
        var result: [SpeakerToken] = []
        result.reserveCapacity(scalars.count / 5)
        let base = 0
        var index = base
        let end = scalars.count

        while index < end {
            let scalar = scalars[index]
            if isWhitespace(scalar) {
                index += 1
                continue
            }
            let startsWord = isLetter(scalar)
                || (scalar == "-" && index + 1 < end && isLetter(scalars[index + 1])
                    && (index == base || isWhitespace(scalars[index - 1])))
            if startsWord {
                var cursor = index + 1
                while cursor < end {
                    let current = scalars[cursor]
                    if isLetter(current) || (current.value >= 0x80 && current.properties.generalCategory == .nonspacingMark) {
                        cursor += 1
                    } else if current == "-" || current == "'" || current == "’" || current == "&",
                        cursor + 1 < end, isLetter(scalars[cursor + 1])
                    {
                        // "'s" is a possessive of its own; "O'Brien" and "secretary-general" stay whole.
                        if current != "-", current != "&",
                            scalars[cursor + 1] == "s" || scalars[cursor + 1] == "S",
                            cursor + 2 == end || !isLetter(scalars[cursor + 2])
                        {
                            break
                        }
                        cursor += 2
                    } else if current == ".", cursor + 2 < end, isLetter(scalars[cursor + 1]),
                        scalars[cursor + 2] == "."
                    {
                        cursor += 2  // "U.S."
                    } else {
                        break
                    }
                }
                // A period that belongs to an initial or an abbreviation.
                var wordEnd = cursor
                if cursor < end, scalars[cursor] == ".",
                    (cursor - index == 1 && isUppercase(scalar))
                        || (cursor - index <= 5 && isDottedWord(scalars[index..<cursor]))
                {
                    wordEnd = cursor + 1
                }
                let capitalized = isUppercase(scalar)
                let id = spellings.id(of: UnsafeBufferPointer(rebasing: scalars[index..<wordEnd])) {
                    var (text, lower) = texts(scalars[index..<cursor])
                    if wordEnd > cursor {
                        text += "."
                        lower += "."
                    }
                    var flags = SpeakerWordFlags.of(lower, hyphenated: scalars[index..<cursor].contains("-"))
                    if capitalized, isNameShaped(scalars[index..<wordEnd], lower: lower, flags: flags) {
                        flags.insert(.nameShaped)
                    }
                    return SpeakerSpellings.Spelling(text: text, lower: lower, flags: flags)
                }
                result.append(
                    SpeakerToken(
                        text: spellings[id].text, lower: spellings[id].lower, start: offset + (index - base),
                        end: offset + (wordEnd - base), kind: .word, capitalized: capitalized,
                        flags: spellings[id].flags, spelling: Int32(id)))
                index = wordEnd
                continue
            }
            var kind: SpeakerToken.Kind = .other
            var length = 1
            switch scalar {
            case ",", "，": kind = .comma
            case ":", "：": kind = .colon
            case "\"", "“", "”", "«", "»", "「", "」", "『", "』": kind = .quote
            case "'", "‘", "’":
                if index + 1 < end, scalars[index + 1] == "s" || scalars[index + 1] == "S",
                    index + 2 == end || !isLetter(scalars[index + 2]), index > base, isLetter(scalars[index - 1])
                {
                    kind = .possessive
                    length = 2
                } else {
                    kind = .quote
                }
            case "(", "[", "（": kind = .open
            case ")", "]", "）": kind = .close
            default: kind = .other
            }
            let mark = spellings.id(of: UnsafeBufferPointer(rebasing: scalars[index..<(index + length)])) {
                let (text, lower) = texts(scalars[index..<(index + length)])
                return SpeakerSpellings.Spelling(text: text, lower: lower, flags: [])
            }
            result.append(
                SpeakerToken(
                    text: spellings[mark].text, lower: spellings[mark].lower, start: offset + (index - base),
                    end: offset + (index - base) + length, kind: kind, capitalized: false, spelling: Int32(mark)))
            index += length
        }
        return result
    }

    /// Whether the word is one whose period belongs to it: a short ASCII word is compared as a packed integer.
    private static func isDottedWord(_ word: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> Bool {
        if let key = ShortWordKey(word) { return dottedWordKeys.contains(key) }
        return dottedWords.contains(texts(word).1)
    }

    private static let dottedWordKeys = dottedWords.compactMap { ShortWordKey(Array($0.unicodeScalars)) }

    /// The token's text and its lower-case form, written as bytes for ASCII words.
    private static func texts(_ scalars: some Collection<Unicode.Scalar>) -> (String, String) {
        var hasUpper = false
        for scalar in scalars {
            guard scalar.value < 0x80 else {
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars)
                return (text, text.lowercased())
            }
            if scalar.value >= 65 && scalar.value <= 90 { hasUpper = true }
        }
        let count = scalars.count
        let lower = String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for scalar in scalars {
                let byte = UInt8(truncatingIfNeeded: scalar.value)
                buffer[index] = byte >= 65 && byte <= 90 ? byte + 32 : byte
                index += 1
            }
            return count
        }
        guard hasUpper else { return (lower, lower) }
        let text = String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for scalar in scalars {
                buffer[index] = UInt8(truncatingIfNeeded: scalar.value)
                index += 1
            }
            return count
        }
        return (text, lower)
    }

    private static func isNameShaped(
        _ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>, lower: String, flags: SpeakerWordFlags
    )
        -> Bool
    {
        if scalars.count == 2, scalars.last == "." { return true }  // an initial
        guard scalars.count >= 2, scalars.count <= 20, scalars.last != "." else { return false }
        // Acronyms are organisations or titles (CEO, SSV), not names.
        if scalars.dropFirst().allSatisfy({ isUppercase($0) || !isLetter($0) }) { return false }
        if scalars.contains(where: { $0 >= "0" && $0 <= "9" }) { return false }
        return flags.isDisjoint(with: [.function, .nonName, .place, .role, .honorific])
    }
}

/// A document's token spellings, each with its text, lower-case form and lexicon flags, worked out once.
struct SpeakerSpellings {
    struct Spelling {
        var text: String
        var lower: String
        var flags: SpeakerWordFlags
    }

    private var index: ScalarInterner
    private var spellings: [Spelling] = []

    init(capacity: Int) {
        index = ScalarInterner(capacity: capacity)
    }

    /// The id of the spelling of `word`, made by `make` the first time.
    mutating func id(of word: UnsafeBufferPointer<Unicode.Scalar>, make: () -> Spelling) -> Int {
        let hash = ScalarInterner.hash(word)
        if let id = index.find(word, hash: hash) { return id }
        spellings.append(make())
        return index.add(word, hash: hash)
    }

    subscript(id: Int) -> Spelling { spellings[id] }
}

extension String {
    /// Collapses white space and joins spaced hyphens ("secretary -general" → "secretary-general").
    var speakerNormalizedSpacing: String {
        // Most titles need nothing done: no doubled, leading, trailing or non-space white space, no " -x".
        var previous: UInt8 = 0x20
        var clean = true
        for byte in utf8 {
            if byte < 0x20 || byte >= 0x80 || (byte == 0x20 && previous == 0x20) || (byte == 0x2D && previous == 0x20) {
                clean = false
                break
            }
            previous = byte
        }
        if clean, previous != 0x20 { return self }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        let scalars = Array(unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if SpeakerTokenizer.isWhitespace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                let joinsHyphen = scalar == "-" && index + 1 < scalars.count
                    && SpeakerTokenizer.isLetter(scalars[index + 1])
                if !joinsHyphen { out.append(" ") }
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }
}
