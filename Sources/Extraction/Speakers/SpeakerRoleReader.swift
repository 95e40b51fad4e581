/// Reads a title and an organisation from an English appositive ("deputy director and deputy secretary-general of
/// the China Internet Association" → "deputy director and deputy secretary-general", "China Internet Association").
struct SpeakerRoleReader {
    let extraction: SpeakerExtraction

    private static let determiners: Set<String> = ["the", "a", "an"]
    private static let connectors: Set<String> = ["of", "and", "for", "the", "&", "de"]

    func read(_ tokens: [SpeakerToken]) -> (title: String?, organization: String?) {
        var start = 0
        var end = tokens.count
        while start < end, Self.determiners.contains(tokens[start].lower) { start += 1 }
        while end > start, tokens[end - 1].kind == .comma || tokens[end - 1].kind == .other { end -= 1 }
        guard start < end else { return (nil, nil) }

        // "the company's chief executive": a generic owner says nothing about which organisation.
        if start + 2 < end, tokens[start].kind == .word, !tokens[start].capitalized, tokens[start + 1].kind == .possessive {
            start += 2
        }
        // "Acme's chief financial officer"
        if let possessive = tokens[start..<end].firstIndex(where: { $0.kind == .possessive }), possessive > start,
            possessive + 1 < end,
            tokens[start..<possessive].allSatisfy({ $0.kind == .word && $0.capitalized })
        {
            return (
                extraction.text(of: tokens[(possessive + 1)..<end]),
                extraction.text(of: tokens[start..<possessive])
            )
        }

        // "chief executive, Acme Corp.": the firm after the last comma.
        if let comma = tokens[start..<end].lastIndex(where: { $0.kind == .comma }), comma > start, comma + 1 < end,
            tokens[(comma + 1)..<end].allSatisfy({ $0.kind == .word && ($0.capitalized || $0.text == "&") }),
            !tokens[(comma + 1)..<end].allSatisfy({ $0.flags.contains(.place) })
        {
            return (extraction.text(of: tokens[start..<comma]), extraction.text(of: tokens[(comma + 1)..<end]))
        }
        var index = start
        while index < end {
            guard tokens[index].lower == "of" || tokens[index].lower == "at" else {
                index += 1
                continue
            }
            var nameStart = index + 1
            if nameStart < end, Self.determiners.contains(tokens[nameStart].lower) { nameStart += 1 }
            var cursor = nameStart
            var nameEnd = nameStart
            while cursor < end {
                let token = tokens[cursor]
                // "the London-based website …": an adjective of place, not the start of a name.
                if token.kind == .word, token.capitalized, !token.lower.hasSuffix("-based") {
                    cursor += 1
                    nameEnd = cursor
                    continue
                }
                if token.kind == .word, Self.connectors.contains(token.lower) {
                    var next = cursor + 1
                    if next < end, tokens[next].lower == "the" { next += 1 }
                    if next < end, tokens[next].kind == .word, tokens[next].capitalized {
                        cursor = next
                        continue
                    }
                }
                break
            }
            guard nameEnd > nameStart else {
                index += 1
                continue
            }
            // "Head of Research at ICICI Securities": the unit comes first, the institution after "at".
            if tokens[index].lower == "of", nameEnd + 1 < end, tokens[nameEnd].lower == "at" {
                index = nameEnd
                continue
            }
            // "head of China economics": a country alone is not the organisation.
            if tokens[nameStart..<nameEnd].allSatisfy({ $0.kind != .word || $0.flags.contains(.place) }) {
                index = nameEnd
                continue
            }
            if let organization = organization(in: tokens, nameStart, nameEnd) {
                let trailing = nameEnd == end && organization.lowerBound == nameStart
                // "deputy director and deputy secretary-general of X": X belongs to every role; split it off.
                let before = tokens[start..<index]
                let shared = trailing && before.contains { $0.lower == "and" || $0.kind == .comma }
                    && !before.contains { $0.lower == "of" }
                let titleEnd = shared ? index : end
                return (extraction.text(of: tokens[start..<titleEnd]), extraction.text(of: tokens[organization]))
            }
            index = nameEnd
        }
        return (extraction.text(of: tokens[start..<end]), nil)
    }

    /// The organisation inside a capitalised phrase: the institution it names, skipping units inside it
    /// ("Research Office of the Institute of …"), or the known company that opens a unit's name.
    private func organization(in tokens: [SpeakerToken], _ start: Int, _ end: Int) -> Range<Int>? {
        // Segments split at "of (the)".
        var segments: [Range<Int>] = []
        var segmentStart = start
        var index = start
        while index < end {
            if tokens[index].lower == "of" {
                if index > segmentStart { segments.append(segmentStart..<index) }
                index += 1
                if index < end, tokens[index].lower == "the" { index += 1 }
                segmentStart = index
                continue
            }
            index += 1
        }
        if end > segmentStart { segments.append(segmentStart..<end) }
        for (position, segment) in segments.enumerated() {
            let words = tokens[segment].filter { $0.kind == .word }.map(\.lower)
            guard let head = words.first, let last = words.last else { continue }
            let hasNext = position + 1 < segments.count
            if SpeakerLexicon.institutionHeads.contains(head), hasNext { return segment.lowerBound..<end }
            if SpeakerLexicon.unitWords.contains(last) {
                if hasNext { continue }
                return knownPrefix(tokens, segment)
            }
            if SpeakerLexicon.institutionWords.contains(last) || SpeakerLexicon.institutionHeads.contains(head) {
                return segment.lowerBound..<end
            }
            if let prefix = knownPrefix(tokens, segment) { return prefix }
            return segment.lowerBound..<end
        }
        return nil
    }

    /// The longest known organisation that the segment starts with.
    private func knownPrefix(_ tokens: [SpeakerToken], _ segment: Range<Int>) -> Range<Int>? {
        var words: [String] = []
        var best: Range<Int>?
        for index in segment {
            words.append(tokens[index].lower)
            if extraction.organizations.contains(words) { best = segment.lowerBound..<(index + 1) }
        }
        return best
    }

    static func isCorporateRole(_ title: String) -> Bool {
        let words = title.lowercased().split { !$0.isLetter }
        let corporate: Set<String> = [
            "ceo", "cfo", "coo", "cto", "cio", "cmo", "chief", "president", "chairman", "chairwoman", "chair",
            "officer", "director", "head", "manager", "founder", "cofounder", "executive", "vp", "svp", "evp",
            "treasurer", "controller", "counsel", "secretary", "partner", "relations",
        ]
        return words.contains { corporate.contains(String($0)) }
    }
}
