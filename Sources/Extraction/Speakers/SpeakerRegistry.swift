/// A title seen next to a name: an appositive ("Jane Doe, CFO of Acme"), a phrase before the name, a roster entry.
struct SpeakerTitleCandidate: Sendable {
    /// The appositive's tokens, when the title and organisation are still to be read from it.
    var tokens: [SpeakerToken] = []
    /// A title already split from its organisation (Chinese, rosters, titles before the name).
    var title: String?
    var organization: String?
    var inAttribution: Bool
    /// Roster entries outrank anything read from running text.
    var priority: Int = 0
    var order: Int
}

/// One surface form of a name and what was seen of it.
struct SpeakerForm: Sendable {
    /// Name tokens without honorific ("Jane", "Doe"); a Chinese name is one token.
    var tokens: [String]
    var han: Bool
    /// How the form was written when first seen ("Mr. Blair").
    var surface: String
    var hasHonorific: Bool
    var firstOffset: Int
    var strong: [Int] = []
    var weak: [Int] = []
    var titles: [SpeakerTitleCandidate] = []
    /// Something shows this is a person: a title, an honorific, a pronoun, a speaker label, a roster.
    var personEvidence: Bool = false
    var mentionsHint: Int = 0

    var key: String { tokens.joined(separator: " ") }
}

/// Collects name forms during the pass over the document, then merges them into speakers.
struct SpeakerRegistry: Sendable {
    private(set) var forms: [SpeakerForm] = []
    private var indexByKey: [String: Int] = [:]
    private var titleOrder = 0

    mutating func form(tokens: [String], han: Bool, surface: String, honorific: Bool, offset: Int) -> Int {
        let key = tokens.joined(separator: " ")
        if let index = indexByKey[key] {
            if honorific { forms[index].hasHonorific = true }
            if offset < forms[index].firstOffset { forms[index].firstOffset = offset }
            return index
        }
        forms.append(
            SpeakerForm(tokens: tokens, han: han, surface: surface, hasHonorific: honorific, firstOffset: offset))
        indexByKey[key] = forms.count - 1
        return forms.count - 1
    }

    mutating func attribute(_ form: Int, sentence: Int, strong: Bool) {
        if strong {
            if forms[form].strong.last != sentence { forms[form].strong.append(sentence) }
        } else if forms[form].weak.last != sentence {
            forms[form].weak.append(sentence)
        }
    }

    mutating func addTitle(_ form: Int, _ candidate: SpeakerTitleCandidate) {
        var candidate = candidate
        candidate.order = titleOrder
        titleOrder += 1
        forms[form].titles.append(candidate)
        forms[form].personEvidence = true
    }

    mutating func markPerson(_ form: Int) { forms[form].personEvidence = true }

    mutating func setMentionsHint(_ form: Int, _ count: Int) { forms[form].mentionsHint = count }

    /// Groups forms that name the same person; returns clusters of form indices, the fullest form first.
    /// Single-word forms join the one full name they are a family name of, or stand alone with an honorific.
    func clusters() -> [[Int]] {
        var parent = Array(forms.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { x = parent[x] }
            return x
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a)
            let rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        let full = forms.indices.filter { forms[$0].han || forms[$0].tokens.count >= 2 }
        // The same first and last word ("Jane M. Doe", "Jane Doe").
        var byEnds: [String: Int] = [:]
        for index in full where !forms[index].han {
            let tokens = forms[index].tokens
            let key = tokens.first! + " " + tokens.last!
            if let other = byEnds[key] { union(other, index) } else { byEnds[key] = index }
        }
        // A truncated last word ("He Gui" for "He Guili") joins the only full name it prefixes; only names that
        // share all but the last word are compared.
        var byLeading: [[String]: [Int]] = [:]
        for index in full where !forms[index].han { byLeading[Array(forms[index].tokens.dropLast()), default: []].append(index) }
        for index in full where !forms[index].han {
            let tokens = forms[index].tokens
            guard let last = tokens.last, last.count >= 2 else { continue }
            let longer = (byLeading[Array(tokens.dropLast())] ?? []).filter { other in
                let otherLast = forms[other].tokens.last!
                return other != index && otherLast.count > last.count && otherLast.hasPrefix(last)
            }
            if longer.count == 1 { union(longer[0], index) }
        }
        // Family names: the last word, or the first for Chinese names written family name first.
        var familyOwners: [String: Set<Int>] = [:]
        for index in full where !forms[index].han {
            let tokens = forms[index].tokens
            familyOwners[tokens.last!, default: []].insert(find(index))
            // Family name first in Chinese, Korean and Hungarian names: "Kang said" after "Kang Yi".
            if tokens.count == 2 || SpeakerLexicon.pinyinSurnames.contains(tokens.first!.lowercased()) {
                familyOwners[tokens.first!, default: []].insert(find(index))
            }
        }
        var dropped = Set<Int>()
        for index in forms.indices where !forms[index].han && forms[index].tokens.count == 1 {
            let owners = familyOwners[forms[index].tokens[0]] ?? []
            if owners.count == 1 {
                union(owners.first!, index)
            } else if !forms[index].hasHonorific || owners.count > 1 {
                dropped.insert(index)
            }
        }
        var groups: [Int: [Int]] = [:]
        for index in forms.indices where !dropped.contains(index) { groups[find(index), default: []].append(index) }
        return groups.keys.sorted().map { root in
            groups[root]!.sorted { a, b in
                let fa = forms[a]
                let fb = forms[b]
                if fa.tokens.count != fb.tokens.count { return fa.tokens.count > fb.tokens.count }
                let la = fa.key.unicodeScalars.count
                let lb = fb.key.unicodeScalars.count
                if la != lb { return la > lb }
                return fa.firstOffset < fb.firstOffset
            }
        }
    }
}
