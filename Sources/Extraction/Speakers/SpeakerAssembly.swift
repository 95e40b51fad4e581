import ReportModel

extension SpeakerExtraction {
    /// Merges name forms into people, keeps those who speak, and gives each a title, organisation, mention count
    /// and evidence, in order of first appearance.
    func finish() -> [Speaker] {
        let clusters = registry.clusters()
        let mentionIndex = SpeakerMentionIndex(self)
        var familyOwners: [String: Set<Int>] = [:]
        for (clusterIndex, cluster) in clusters.enumerated() {
            for formIndex in cluster where registry.forms[formIndex].tokens.count >= 2 {
                let tokens = registry.forms[formIndex].tokens
                familyOwners[tokens.last!, default: []].insert(clusterIndex)
                familyOwners[tokens.first!, default: []].insert(clusterIndex)
            }
        }

        var speakers: [(first: Int, speaker: Speaker)] = []
        for (clusterIndex, cluster) in clusters.enumerated() {
            let forms = cluster.map { registry.forms[$0] }
            var strong = Set<Int>()
            var all = Set<Int>()
            for form in forms {
                strong.formUnion(form.strong)
                all.formUnion(form.strong)
                all.formUnion(form.weak)
            }
            guard !strong.isEmpty, forms.contains(where: \.personEvidence) else { continue }
            let canonical = forms[0]
            let name = canonical.tokens.count == 1 && canonical.hasHonorific && !canonical.han
                ? canonical.surface : canonical.key

            var mentions = 0
            var first = Int.max
            var aliases: [(offset: Int, text: String)] = []
            for form in forms {
                let found: (count: Int, first: Int)
                if form.han {
                    found = mentionIndex.hanOccurrences(of: form.tokens[0])
                } else if form.tokens.count >= 2 {
                    found = mentionIndex.occurrences(of: form.tokens)
                } else if familyOwners[form.tokens[0]]?.count ?? 0 <= 1 {
                    found = mentionIndex.isolatedOccurrences(of: form.tokens[0])
                } else {
                    found = (0, Int.max)
                }
                mentions += found.count
                first = min(first, found.first, form.firstOffset)
                let surface = form.tokens.count == 1 && form.hasHonorific && !form.han ? form.surface : form.key
                if surface != name, !aliases.contains(where: { $0.text == surface }) {
                    aliases.append((min(found.first, form.firstOffset), surface))
                }
            }
            _ = clusterIndex
            let evidence = all.sorted().map { sentences[$0].evidence }
            if let firstEvidence = evidence.first { first = min(first, firstEvidence.start) }
            mentions = max(mentions, forms.map(\.mentionsHint).max() ?? 0, 1)

            var (title, organization) = chooseTitle(forms.flatMap(\.titles))
            if organization == nil, let issuer, issuerFromRelease || isTranscript,
                let title, SpeakerRoleReader.isCorporateRole(title)
            {
                organization = issuer
            }
            speakers.append(
                (
                    first,
                    Speaker(
                        name: name, aliases: aliases.sorted { ($0.offset, $0.text) < ($1.offset, $1.text) }.map(\.text),
                        title: title, organization: organization, mentions: mentions, evidence: evidence)
                ))
        }
        return speakers.sorted { ($0.first, $0.speaker.name) < ($1.first, $1.speaker.name) }.map(\.speaker)
    }

    /// The most informative title: roster first, then the one naming the most (capitalised words, then words),
    /// then one from an attribution, then the earliest.
    func chooseTitle(_ candidates: [SpeakerTitleCandidate]) -> (String?, String?) {
        let reader = SpeakerRoleReader(extraction: self)
        struct Ranked {
            var capitals: Int
            var words: Int
            var candidate: SpeakerTitleCandidate
        }
        let ranked = candidates.map { candidate -> Ranked in
            if !candidate.tokens.isEmpty {
                var capitals = 0
                var words = 0
                for token in candidate.tokens where token.kind == .word {
                    words += 1
                    if token.capitalized { capitals += 1 }
                }
                return Ranked(capitals: capitals, words: words, candidate: candidate)
            }
            let phrase = [candidate.organization, candidate.title].compactMap { $0 }.joined(separator: " ")
            let words = phrase.split(separator: " ")
            let capitals = words.filter { $0.first?.isUppercase == true }.count
            return Ranked(capitals: capitals, words: max(words.count, phrase.count / 3), candidate: candidate)
        }.sorted { a, b in
            if a.candidate.priority != b.candidate.priority { return a.candidate.priority > b.candidate.priority }
            if a.capitals != b.capitals { return a.capitals > b.capitals }
            if a.words != b.words { return a.words > b.words }
            if a.candidate.inAttribution != b.candidate.inAttribution { return a.candidate.inAttribution }
            return a.candidate.order < b.candidate.order
        }
        // Titles and organisations are read from appositives only for the candidates looked at.
        var reads: [Int: (title: String?, organization: String?)] = [:]
        func read(_ index: Int) -> (title: String?, organization: String?) {
            if let done = reads[index] { return done }
            let candidate = ranked[index].candidate
            let result = candidate.tokens.isEmpty
                ? (candidate.title, candidate.organization) : reader.read(candidate.tokens)
            reads[index] = result
            return result
        }
        guard !ranked.isEmpty else { return (nil, nil) }
        let bestIndex = ranked.indices.first { read($0).title?.isEmpty == false } ?? 0
        let best = read(bestIndex)
        // A roster entry without a firm is not completed from running text ("Head of Investor Relations").
        let priority = ranked[bestIndex].candidate.priority
        let organization = best.organization
            ?? ranked.indices.lazy.filter { ranked[$0].candidate.priority == priority }
            .compactMap { read($0).organization }.first
        guard var title = best.title, !title.isEmpty else { return (nil, organization) }
        // Another role the person is given where they speak ("…, the salon host, said") is added to the title.
        let bestTokens = ranked[bestIndex].candidate.tokens
        var roles = bestTokens.isEmpty ? Self.roleHeads(of: title) : Set(bestTokens.lazy.filter(\.isRoleHead).map(\.lower))
        var added = 0
        for index in ranked.indices where index != bestIndex && added < 2 {
            let candidate = ranked[index].candidate
            guard candidate.inAttribution, candidate.priority == 0 else { continue }
            // Role words are compared first, from the tokens when there are any, before any title is read.
            let otherRoles = candidate.tokens.isEmpty
                ? Self.roleHeads(of: candidate.title ?? "")
                : Set(candidate.tokens.lazy.filter(\.isRoleHead).map(\.lower))
            if !otherRoles.isEmpty, otherRoles.isSubset(of: roles) { continue }
            guard let other = read(index).title, !other.isEmpty, !title.contains(other) else { continue }
            let isNew = otherRoles.isEmpty
                ? (!other.contains(where: \.isASCII) && !other.contains(title)) : !otherRoles.isSubset(of: roles)
            guard isNew else { continue }
            title += "; " + other
            roles.formUnion(otherRoles)
            added += 1
        }
        return (title, organization)
    }
}

extension SpeakerExtraction {
    static func roleHeads(of title: String) -> Set<String> {
        Set(title.lowercased().split { !$0.isLetter }.map(String.init).filter { SpeakerLexicon.roleHeads.contains($0) })
    }
}

/// Where names occur in the document, for mention counts and first appearances.
struct SpeakerMentionIndex {
    /// Where each capitalised word occurs, by text: texts are numbered once per spelling rather than hashed at
    /// every token (the document's tokens share one set of spellings).
    private var groups: [String: Int] = [:]
    private var positions: [[(sentence: Int, token: Int)]] = []
    private let tokens: [[SpeakerToken]]
    private let hanSentences: [Sentence]
    private let scalars: [Unicode.Scalar]

    init(_ extraction: SpeakerExtraction) {
        tokens = extraction.tokens
        scalars = extraction.scalars
        hanSentences = extraction.sentences.indices.filter { extraction.han[$0] }.map { extraction.sentences[$0] }
        var groupOfSpelling: [Int] = []
        for (sentence, sentenceTokens) in tokens.enumerated() {
            for (index, token) in sentenceTokens.enumerated() where token.kind == .word && token.capitalized {
                let spelling = Int(token.spelling)
                let group: Int
                if spelling >= 0, spelling < groupOfSpelling.count, groupOfSpelling[spelling] >= 0 {
                    group = groupOfSpelling[spelling]
                } else {
                    if let known = groups[token.text] {
                        group = known
                    } else {
                        group = positions.count
                        groups[token.text] = group
                        positions.append([])
                    }
                    if spelling >= 0 {
                        let missing = spelling + 1 - groupOfSpelling.count
                        if missing > 0 { groupOfSpelling.append(contentsOf: repeatElement(-1, count: missing)) }
                        groupOfSpelling[spelling] = group
                    }
                }
                positions[group].append((sentence, index))
            }
        }
    }

    private func occurrences(ofWord word: String) -> [(sentence: Int, token: Int)] {
        groups[word].map { positions[$0] } ?? []
    }

    /// Occurrences of a full name, not counting those inside a longer proper noun ("Qin Shuo Friends Circle").
    func occurrences(of name: [String]) -> (count: Int, first: Int) {
        var count = 0
        var first = Int.max
        for (sentence, index) in occurrences(ofWord: name[0]) {
            let sentenceTokens = tokens[sentence]
            guard index + name.count <= sentenceTokens.count else { continue }
            var matched = true
            for (offset, word) in name.enumerated().dropFirst() where sentenceTokens[index + offset].text != word {
                matched = false
                break
            }
            guard matched else { continue }
            let next = index + name.count
            if next < sentenceTokens.count, sentenceTokens[next].kind == .word, sentenceTokens[next].capitalized,
                !sentenceTokens[next].isRole
            {
                continue
            }
            count += 1
            first = min(first, sentenceTokens[index].start)
        }
        return (count, first)
    }

    /// A family name standing alone ("Chen said", "Mr. Blair").
    func isolatedOccurrences(of word: String) -> (count: Int, first: Int) {
        var count = 0
        var first = Int.max
        for (sentence, index) in occurrences(ofWord: word) {
            let sentenceTokens = tokens[sentence]
            if index > 0, sentenceTokens[index - 1].kind == .word, sentenceTokens[index - 1].capitalized,
                !EnglishSpeakerAnalyzer.isHonorific(sentenceTokens[index - 1]), !sentenceTokens[index - 1].isRole
            {
                continue
            }
            if index + 1 < sentenceTokens.count, sentenceTokens[index + 1].kind == .word,
                sentenceTokens[index + 1].capitalized
            {
                continue
            }
            count += 1
            first = min(first, sentenceTokens[index].start)
        }
        return (count, first)
    }

    func hanOccurrences(of name: String) -> (count: Int, first: Int) {
        let pattern = Array(name.unicodeScalars)
        guard let head = pattern.first else { return (0, Int.max) }
        var count = 0
        var first = Int.max
        for sentence in hanSentences {
            var index = sentence.start
            while index + pattern.count <= sentence.end {
                if scalars[index] == head, Array(scalars[index..<(index + pattern.count)]) == pattern {
                    count += 1
                    first = min(first, index)
                    index += pattern.count
                } else {
                    index += 1
                }
            }
        }
        return (count, first)
    }
}
