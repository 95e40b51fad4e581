import Foundation

/// Folds English word forms so that one theme gets one key: plurals, British/American spellings, possessives.
/// Deliberately light (no verb or derivational stemming) so keys stay readable words.
enum EnglishMorphology {
    /// The folded form of a lower-case word without hyphens or apostrophes.
    static func lemma(_ word: String) -> String {
        if isSettled(word) { return word }
        var w = spelling(word)
        if w.utf8.count > 3, w.endsWith("s"), !EnglishWords.pluralExceptions.contains(w) {
            w = singular(w)
        }
        return w
    }

    /// Whether no rule of `lemma` can apply, read off the bytes at once: no `z`, no variant starting it, not
    /// ending in `our`, `ours` or (beyond three letters) `s`. Most words are.
    static func isSettled(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last else { return true }
            if last == UInt8(ascii: "s") && bytes.count > 3 { return false }
            if bytes.count >= 3, last == UInt8(ascii: "r"), bytes[bytes.count - 2] == UInt8(ascii: "u"),
                bytes[bytes.count - 3] == UInt8(ascii: "o")
            {
                return false
            }
            for index in variantsByInitial[Int(first)] {
                let variant = variants[index].0
                let count = variant.utf8CodeUnitCount
                if bytes.count >= count, (0..<count).allSatisfy({ bytes[$0] == variant.utf8Start[$0] }) { return false }
            }
            return !bytes.contains(UInt8(ascii: "z"))
        }
    }

    private enum SingularRule {
        case keep, iesToY
        case drop(Int)
    }

    static func singular(_ w: String) -> String {
        var word = w
        return word.withUTF8 { bytes in
            func ends(_ suffix: StaticString) -> Bool { Self.ends(bytes, with: suffix) }
            let rule: SingularRule
            if ends("ss") || ends("us") || ends("is") || ends("ous") {
                rule = .keep
            } else if ends("ies"), bytes.count > 4 {
                rule = .iesToY
            } else if ends("sses") || ends("ches") || ends("shes") || ends("xes") || ends("zzes") {
                rule = .drop(2)
            } else if ends("oes"), bytes.count > 4 {
                rule = .drop(2)
            } else {
                rule = .drop(1)
            }
            // An ASCII word is cut by bytes; any other by characters, as `dropLast` counts them.
            let isASCII = !bytes.contains { $0 >= 0x80 }
            switch rule {
            case .keep: return w
            case .iesToY:
                return (isASCII ? String(decoding: bytes[..<(bytes.count - 3)], as: UTF8.self) : String(w.dropLast(3)))
                    + "y"
            case .drop(let count):
                return isASCII ? String(decoding: bytes[..<(bytes.count - count)], as: UTF8.self) : String(w.dropLast(count))
            }
        }
    }

    /// British and American spellings meet at the British form for `-isation` and `-yse`, and at one form for a
    /// few frequent pairs; the rules only touch endings that are unambiguous.
    static func spelling(_ w: String) -> String {
        // What the rules look at, read off the bytes at once.
        var word = w
        let (hasZ, variant, endsOur, endsOurs) = word.withUTF8 { bytes -> (Bool, Int?, Bool, Bool) in
            var variant: Int?
            if let first = bytes.first {
                variant = Self.variantsByInitial[Int(first)].first { Self.begins(bytes, with: Self.variants[$0].0) }
            }
            return (bytes.contains(UInt8(ascii: "z")), variant, Self.ends(bytes, with: "our"), Self.ends(bytes, with: "ours"))
        }
        if hasZ {
            if let range = w.range(of: "ization") { return w.replacingCharacters(in: range, with: "isation") }
            for (american, british) in Self.americanEndings
            where w.endsWith(american) && w.utf8.count > american.utf8CodeUnitCount + 2 {
                return String(decoding: w.utf8.dropLast(american.utf8CodeUnitCount), as: UTF8.self) + british
            }
        }
        if let index = variant {
            let (variant, canonical) = Self.variants[index]
            return canonical + String(decoding: w.utf8.dropFirst(variant.utf8CodeUnitCount), as: UTF8.self)
        }
        if endsOur, let base = Self.ourWords[w] { return base }
        if endsOurs, let base = Self.ourWords[String(w.dropLast())] { return base + "s" }
        return w
    }

    static func begins(_ bytes: UnsafeBufferPointer<UInt8>, with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        for i in 0..<count where bytes[i] != prefix.utf8Start[i] { return false }
        return true
    }

    private static let americanEndings: [(StaticString, String)] = [
        ("yzed", "ysed"), ("yzes", "yses"), ("yzing", "ysing"), ("yze", "yse"),
    ]
    /// Indexes of `variants` by their first byte, so that a word is compared with the few that may start it.
    private static let variantsByInitial: [[Int]] = {
        var table = [[Int]](repeating: [], count: 256)
        for (index, (variant, _)) in variants.enumerated() { table[Int(variant.utf8Start.pointee)].append(index) }
        return table
    }()
    private static let variants: [(StaticString, String)] = [
        ("ageing", "aging"), ("centre", "center"), ("programme", "program"), ("labour", "labor"),
        ("behaviour", "behavior"), ("favour", "favor"), ("colour", "color"), ("honour", "honor"),
        ("neighbour", "neighbor"), ("defence", "defense"), ("licence", "license"), ("catalogue", "catalog"),
        ("modelling", "modeling"), ("travelling", "traveling"), ("fulfil", "fulfill"), ("enrol", "enroll"),
    ]
    private static let ourWords: [String: String] = [
        "labour": "labor", "behaviour": "behavior", "favour": "favor", "colour": "color", "honour": "honor",
        "neighbour": "neighbor", "harbour": "harbor", "rumour": "rumor", "vigour": "vigor",
    ]

    /// Adjectives, adverbs and participles cannot head a noun phrase (`sustainable social`, `rapidly`).
    static func canHead(_ w: String) -> Bool {
        // The exceptions are looked up only for words an ending rules out: most words pass without hashing.
        hasNonHeadEnding(w) ? EnglishWords.nounExceptions.contains(w) : true
    }

    private static func hasNonHeadEnding(_ w: String) -> Bool {
        // One look at the bytes for all the endings (called for every distinct word).
        var w = w
        return w.withUTF8 { bytes in
            func ends(_ suffix: StaticString) -> Bool { Self.ends(bytes, with: suffix) }
            let n = bytes.count
            if n >= 5, ends("al") { return true }
            if n >= 6, ends("ive") { return true }
            if n >= 6, ends("able") || ends("ible") { return true }
            if n >= 5, ends("ous") || ends("ful") || ends("less") { return true }
            if n >= 5, ends("ic") { return true }
            if n >= 5, ends("ed") { return true }
            if n >= 4, ends("ly") { return true }
            if n >= 6, ends("est"), !ends("interest"), !ends("harvest"), !ends("quest"), !ends("forest"),
                !ends("protest"), !ends("contest")
            {
                return true
            }
            return false
        }
    }

    static func ends(_ bytes: UnsafeBufferPointer<UInt8>, with suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let offset = bytes.count - count
        for i in 0..<count where bytes[offset + i] != suffix.utf8Start[i] { return false }
        return true
    }

    /// Adverbs in `-ly` end a phrase wherever they occur.
    static func isAdverb(_ w: String) -> Bool {
        w.utf8.count >= 5 && w.endsWith("ly") && !EnglishWords.nounExceptions.contains(w)
    }

    /// A past participle or past tense, by ending.
    static func isParticiple(_ w: String) -> Bool {
        w.utf8.count >= 5 && w.endsWith("ed") && !EnglishWords.nounExceptions.contains(w)
    }

    /// Every inflection of the listed verbs, for the stop list.
    static let verbForms: Set<String> = {
        var forms = Set<String>()
        let irregular: [String: [String]] = [
            "be": ["is", "are", "was", "were", "been", "being", "am"], "have": ["has", "had", "having"],
            "do": ["does", "did", "done", "doing"], "say": ["says", "said", "saying"],
            "make": ["made"], "take": ["took", "taken"], "give": ["gave", "given"], "get": ["got", "gotten"],
            "go": ["went", "gone", "goes"], "come": ["came"], "see": ["saw", "seen"], "know": ["knew", "known"],
            "think": ["thought"], "find": ["found"], "tell": ["told"], "feel": ["felt"], "leave": ["left"],
            "keep": ["kept"], "begin": ["began", "begun"], "show": ["shown"], "hear": ["heard"],
            "become": ["became"], "bring": ["brought"], "write": ["wrote", "written"], "stand": ["stood"],
            "lose": ["lost"], "meet": ["met"], "lead": ["led"], "understand": ["understood"],
            "speak": ["spoke", "spoken"], "read": [], "spend": ["spent"], "grow": ["grew", "grown"],
            "win": ["won"], "buy": ["bought"], "send": ["sent"], "build": ["built"], "fall": ["fell", "fallen"],
            "sell": ["sold"], "hold": ["held"], "pay": ["paid"], "mean": ["meant"], "run": ["ran"],
            "sit": ["sat"], "rise": ["rose", "risen"], "seek": ["sought"], "lay": ["laid"], "lie": ["lay", "lain"],
            "drive": ["drove", "driven"], "beat": ["beaten"], "feed": ["fed"], "split": [], "put": [], "cut": [],
            "set": [], "let": [], "hit": [], "forecast": [],
        ]
        // The verbs are ASCII: their endings are read off the bytes (grapheme-wise suffix tests cost far more).
        func isVowel(_ byte: UInt8) -> Bool { "aeiou".utf8.contains(byte) }
        for verb in EnglishWords.verbs {
            forms.insert(verb)
            forms.formUnion(irregular[verb] ?? [])
            let bytes = Array(verb.utf8)
            let allButLast = String(decoding: bytes.dropLast(), as: UTF8.self)
            let stem = verb.endsWith("e") && !verb.endsWith("ee") ? allButLast : verb
            if verb.endsWith("y"), bytes.count >= 2, !isVowel(bytes[bytes.count - 2]) {
                forms.formUnion([allButLast + "ies", allButLast + "ied", verb + "ing"])
            } else {
                let esEnding = verb.endsWith("s") || verb.endsWith("sh") || verb.endsWith("ch") || verb.endsWith("x")
                    || verb.endsWith("o")
                forms.insert(esEnding ? verb + "es" : verb + "s")
                forms.insert(verb.endsWith("e") ? verb + "d" : stem + "ed")
                forms.insert(stem + "ing")
            }
            // One-syllable consonant-vowel-consonant verbs double the consonant: get → getting, stop → stopped.
            if bytes.count >= 3, bytes.count <= 4, let last = bytes.last, !"aeiouwxy".utf8.contains(last),
                isVowel(bytes[bytes.count - 2]), !isVowel(bytes[bytes.count - 3]), bytes.filter(isVowel).count == 1
            {
                let doubled = String(decoding: [last], as: UTF8.self)
                forms.formUnion([verb + doubled + "ing", verb + doubled + "ed"])
            }
        }
        return forms
    }()
}

extension String {
    /// Byte-wise suffix test against a literal: the word lists are ASCII, and `hasSuffix` compares by grapheme.
    func endsWith(_ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: count)
        return utf8.withContiguousStorageIfAvailable { word -> Bool in
            guard word.count >= count else { return false }
            let offset = word.count - count
            for i in 0..<count where word[offset + i] != tail[i] { return false }
            return true
        } ?? utf8.reversed().starts(with: tail.reversed())
    }
}
