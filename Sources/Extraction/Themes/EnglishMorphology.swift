import Foundation

/// Folds English word forms so that one theme gets one key: plurals, British/American spellings, possessives.
/// Deliberately light (no verb or derivational stemming) so keys stay readable words.
enum EnglishMorphology {
    /// The folded form of a lower-case word without hyphens or apostrophes.
    static func lemma(_ word: String) -> String {
        var w = spelling(word)
        if w.count > 3, w.hasSuffix("s"), !EnglishWords.pluralExceptions.contains(w) {
            w = singular(w)
        }
        return w
    }

    static func singular(_ w: String) -> String {
        if w.hasSuffix("ss") || w.hasSuffix("us") || w.hasSuffix("is") || w.hasSuffix("ous") { return w }
        if w.hasSuffix("ies"), w.count > 4 { return String(w.dropLast(3)) + "y" }
        if w.hasSuffix("sses") || w.hasSuffix("ches") || w.hasSuffix("shes") || w.hasSuffix("xes")
            || w.hasSuffix("zzes")
        {
            return String(w.dropLast(2))
        }
        if w.hasSuffix("oes"), w.count > 4 { return String(w.dropLast(2)) }
        return String(w.dropLast())
    }

    /// British and American spellings meet at the British form for `-isation` and `-yse`, and at one form for a
    /// few frequent pairs; the rules only touch endings that are unambiguous.
    static func spelling(_ w: String) -> String {
        if let range = w.range(of: "ization") { return w.replacingCharacters(in: range, with: "isation") }
        for (american, british) in [("yzed", "ysed"), ("yzes", "yses"), ("yzing", "ysing"), ("yze", "yse")]
        where w.hasSuffix(american) && w.count > american.count + 2 {
            return String(w.dropLast(american.count)) + british
        }
        for (variant, canonical) in Self.variants where w.hasPrefix(variant) {
            return canonical + w.dropFirst(variant.count)
        }
        if w.hasSuffix("our"), let base = Self.ourWords[w] { return base }
        if w.hasSuffix("ours"), let base = Self.ourWords[String(w.dropLast())] { return base + "s" }
        return w
    }

    private static let variants: [(String, String)] = [
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
        if EnglishWords.nounExceptions.contains(w) { return true }
        let n = w.count
        if n >= 5, w.hasSuffix("al") { return false }
        if n >= 6, w.hasSuffix("ive") { return false }
        if n >= 6, w.hasSuffix("able") || w.hasSuffix("ible") { return false }
        if n >= 5, w.hasSuffix("ous") || w.hasSuffix("ful") || w.hasSuffix("less") { return false }
        if n >= 5, w.hasSuffix("ic") { return false }
        if n >= 5, w.hasSuffix("ed") { return false }
        if n >= 4, w.hasSuffix("ly") { return false }
        if n >= 6, w.hasSuffix("est"), !w.hasSuffix("interest"), !w.hasSuffix("harvest"), !w.hasSuffix("quest"),
            !w.hasSuffix("forest"), !w.hasSuffix("protest"), !w.hasSuffix("contest")
        {
            return false
        }
        return true
    }

    /// Adverbs in `-ly` end a phrase wherever they occur.
    static func isAdverb(_ w: String) -> Bool {
        w.count >= 5 && w.hasSuffix("ly") && !EnglishWords.nounExceptions.contains(w)
    }

    /// A past participle or past tense, by ending.
    static func isParticiple(_ w: String) -> Bool {
        w.count >= 5 && w.hasSuffix("ed") && !EnglishWords.nounExceptions.contains(w)
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
        for verb in EnglishWords.verbs {
            forms.insert(verb)
            forms.formUnion(irregular[verb] ?? [])
            let stem = verb.hasSuffix("e") && !verb.hasSuffix("ee") ? String(verb.dropLast()) : verb
            if verb.hasSuffix("y"), let last = verb.dropLast().last, !"aeiou".contains(last) {
                let base = String(verb.dropLast())
                forms.formUnion([base + "ies", base + "ied", verb + "ing"])
            } else {
                let esEnding = verb.hasSuffix("s") || verb.hasSuffix("sh") || verb.hasSuffix("ch") || verb.hasSuffix("x")
                    || verb.hasSuffix("o")
                forms.insert(esEnding ? verb + "es" : verb + "s")
                forms.insert(verb.hasSuffix("e") ? verb + "d" : stem + "ed")
                forms.insert(stem + "ing")
            }
        }
        return forms
    }()
}
