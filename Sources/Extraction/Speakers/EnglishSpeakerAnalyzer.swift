/// A person's name in a sentence, with the title and organisation written before it, if any.
struct SpeakerNameSpan: Sendable {
    /// Words in the name (its texts are read from the tokens only for the names that are registered).
    var wordCount: Int { end - start }

    /// Token range of the name itself (honorific excluded).
    var start: Int
    var end: Int
    var honorific: Bool
    /// First token of the whole phrase: organisation, title, honorific, name.
    var leftmost: Int
    var titleRange: Range<Int>?
    var organizationRange: Range<Int>?
}

/// Finds names and reporting structures in English sentences.
enum EnglishSpeakerAnalyzer {
    static let particles: Set<String> = ["de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "bin", "al", "ibn", "dos", "das"]

    static func isNameToken(_ token: SpeakerToken) -> Bool {
        token.kind == .word && token.flags.contains(.nameShaped)
    }

    static func isHonorific(_ token: SpeakerToken) -> Bool {
        token.kind == .word && token.capitalized && token.flags.contains(.honorific) && token.lower != "professor"
    }

    /// Names in a sentence: runs of capitalised words split after the last title or organisation word.
    static func nameSpans(_ tokens: [SpeakerToken]) -> [SpeakerNameSpan] {
        var spans: [SpeakerNameSpan] = []
        var index = 0
        while index < tokens.count {
            guard tokens[index].kind == .word, tokens[index].capitalized else {
                index += 1
                continue
            }
            var end = index + 1
            while end < tokens.count {
                let token = tokens[end]
                if token.kind == .word, token.capitalized {
                    end += 1
                } else if token.kind == .word, token.flags.contains(.particle), end + 1 < tokens.count,
                    tokens[end + 1].kind == .word, tokens[end + 1].capitalized
                {
                    end += 2
                } else {
                    break
                }
            }
            // The name is the tail of the run after anything that cannot be part of a name.
            var nameStart = end
            while nameStart > index, isNameToken(tokens[nameStart - 1]) || tokens[nameStart - 1].flags.contains(.particle) {
                nameStart -= 1
            }
            while nameStart < end, tokens[nameStart].flags.contains(.particle) { nameStart += 1 }
            let count = end - nameStart
            let isPronoun = count == 1 && tokens[nameStart].lower == "he"
            if count >= 1, count <= 4, !isPronoun {
                var span = SpeakerNameSpan(
                    start: nameStart, end: end, honorific: false,
                    leftmost: nameStart)
                var left = nameStart
                if left > 0, isHonorific(tokens[left - 1]) {
                    span.honorific = true
                    left -= 1
                }
                // A title written before the name: role words, then an organisation before them.
                var titleStart = left
                while titleStart > 0, tokens[titleStart - 1].isRole { titleStart -= 1 }
                if titleStart < left, tokens[titleStart..<left].contains(where: \.isRoleHead) {
                    span.titleRange = titleStart..<left
                    var organizationStart = titleStart
                    if organizationStart > 0, tokens[organizationStart - 1].kind == .possessive {
                        organizationStart -= 1
                    }
                    let afterPossessive = organizationStart
                    while organizationStart > 0 {
                        let token = tokens[organizationStart - 1]
                        if token.kind == .word, token.capitalized, !token.flags.contains(.function), !token.isRole {
                            organizationStart -= 1
                        } else if ["of", "for", "and", "&"].contains(token.lower), organizationStart < afterPossessive,
                            organizationStart >= 2, tokens[organizationStart - 2].kind == .word,
                            tokens[organizationStart - 2].capitalized
                        {
                            organizationStart -= 1  // "Bank of Japan Governor …"
                        } else {
                            break
                        }
                    }
                    // "Energy Minister", "U.S. Treasury Secretary": a portfolio is part of the title.
                    var organizationEnd = afterPossessive
                    if afterPossessive == titleStart {
                        while organizationEnd > organizationStart, tokens[organizationEnd - 1].flags.contains(.portfolio) {
                            organizationEnd -= 1
                        }
                        span.titleRange = organizationEnd..<left
                    }
                    // A country alone ("U.S.", "China's") is not the organisation.
                    if organizationStart < organizationEnd,
                        !tokens[organizationStart..<organizationEnd].allSatisfy({ $0.flags.contains(.place) })
                    {
                        span.organizationRange = organizationStart..<organizationEnd
                    }
                    left = organizationStart < afterPossessive ? organizationStart : titleStart
                }
                span.leftmost = left
                // Drop single words that are plainly not names ("Tencent said" is resolved later or dropped).
                if count >= 2 || span.honorific || span.titleRange != nil || count == 1 {
                    spans.append(span)
                }
            }
            index = end
        }
        // A word that is the organisation before another name's title ("Acme" in "Acme chief executive Jane Doe")
        // is not a name of its own.
        guard spans.contains(where: { $0.leftmost < $0.start }) else { return spans }
        var covered = [Bool](repeating: false, count: tokens.count)
        for span in spans where span.leftmost < span.start {
            for index in span.leftmost..<span.start { covered[index] = true }
        }
        return spans.filter { !covered[$0.start] }
    }

    /// The appositive after a name: "Jane Doe, chief financial officer of Acme, said" → the tokens between commas.
    /// Returns the token range, or nil when what follows the comma is not a description of a person.
    static func appositive(after span: SpeakerNameSpan, in tokens: [SpeakerToken], spans: [SpeakerNameSpan])
        -> Range<Int>?
    {
        var cursor = span.end
        // "Jane Doe (chief executive, Acme) said"
        if cursor < tokens.count, tokens[cursor].kind == .open {
            guard let close = tokens[cursor...].prefix(20).firstIndex(where: { $0.kind == .close }), close > cursor + 1
            else { return nil }
            if describesPerson(tokens[(cursor + 1)..<close]) { return (cursor + 1)..<close }
            // "Chen Juhong (陈菊红), vice president …": the name in another script, then the appositive.
            cursor = close + 1
        }
        guard cursor < tokens.count, tokens[cursor].kind == .comma else { return nil }
        cursor += 1
        let start = cursor
        var end = segmentEnd(from: start, in: tokens)
        guard end > start, end - start <= 40 else { return nil }
        guard describesPerson(tokens[start..<end]) else { return nil }
        // ", and the head of …" continues the description.
        while end + 2 < tokens.count, tokens[end].kind == .comma, tokens[end + 1].lower == "and" {
            let next = segmentEnd(from: end + 2, in: tokens)
            let segment = tokens[(end + 2)..<next]
            guard next - end <= 30, segment.prefix(4).contains(where: \.isRoleHead),
                !spans.contains(where: { $0.wordCount >= 2 && $0.start >= end && $0.end <= next })
            else { break }
            end = next
        }
        // "Jane Doe, CEO, Acme Corp., said": a firm as a segment of its own.
        if end + 1 < tokens.count, tokens[end].kind == .comma, isRoleAppositive(tokens[start..<end]) {
            let next = segmentEnd(from: end + 1, in: tokens)
            let segment = tokens[(end + 1)..<next]
            if !segment.isEmpty, segment.count <= 6,
                segment.allSatisfy({ ($0.kind == .word && ($0.capitalized || $0.text == "&")) || $0.kind == .possessive }),
                !spans.contains(where: { $0.wordCount >= 2 && $0.start >= end + 1 && $0.end <= next })
            {
                end = next
            }
        }
        return start..<end
    }

    /// The end of a comma-delimited segment; quotes inside it are skipped over.
    private static func segmentEnd(from start: Int, in tokens: [SpeakerToken]) -> Int {
        var cursor = start
        var inQuote = false
        // Appositives longer than this are rejected anyway; the cap keeps long comma-less blocks linear.
        let limit = min(tokens.count, start + 41)
        while cursor < limit {
            let token = tokens[cursor]
            if token.kind == .quote {
                // A quotation opening after a full stop starts a new sentence the splitter did not see ("Ltd. “…").
                if !inQuote, cursor > start, tokens[cursor - 1].lower.hasSuffix(".") { break }
                inQuote.toggle()
            } else if !inQuote, token.kind == .comma || token.kind == .colon || token.text == ";" {
                break
            }
            cursor += 1
        }
        return cursor
    }

    /// An appositive that names a role ("deputy director of …"), a relative clause about a person, or an age.
    static func describesPerson(_ tokens: ArraySlice<SpeakerToken>) -> Bool {
        guard let first = tokens.first else { return false }
        if first.lower == "who" || first.lower == "whose" { return true }
        if tokens.count == 1, first.text.unicodeScalars.allSatisfy({ $0.properties.numericType != nil }) {
            return true
        }
        if tokens.contains(where: { $0.kind == .word && !$0.capitalized && $0.flags.contains(.speech) }) {
            return false
        }
        return tokens.contains(where: \.isRoleHead) || describesOccupation(tokens)
    }

    static func isRoleAppositive(_ tokens: ArraySlice<SpeakerToken>) -> Bool {
        guard let first = tokens.first, first.lower != "who", first.lower != "whose" else { return false }
        return tokens.contains(where: \.isRoleHead) || describesOccupation(tokens)
    }

    /// "a virologist at the University of Hong Kong": an occupation the role list does not know, at a named place.
    private static func describesOccupation(_ tokens: ArraySlice<SpeakerToken>) -> Bool {
        guard let first = tokens.first, first.lower == "a" || first.lower == "an", tokens.count <= 14 else {
            return false
        }
        guard let preposition = tokens.firstIndex(where: { ["at", "of", "with", "from"].contains($0.lower) }),
            preposition > tokens.startIndex + 1
        else { return false }
        let next = tokens[(preposition + 1)...].first { $0.lower != "the" }
        return next?.capitalized == true
    }

    /// A reporting verb at `index`; returns the index after the verb phrase, or nil.
    /// Verbs that report speech only with what follows ("pointed out", "used … as an example").
    static let phrasalVerbs: Set<String> = ["pointed", "points", "point", "used", "uses", "took", "takes"]

    static func speechVerb(at index: Int, in tokens: [SpeakerToken]) -> Int? {
        // Read off the flags: most words are neither kind of verb, and their strings are not looked at.
        let flags = tokens[index].flags
        guard tokens[index].kind == .word, !tokens[index].capitalized || index == 0,
            !flags.isDisjoint(with: [.speech, .phrasalVerb])
        else { return nil }
        let lower = tokens[index].lower
        let mayBePhrasal = flags.contains(.phrasalVerb)
        if mayBePhrasal, lower == "pointed" || lower == "points" || lower == "point" {
            return index + 1 < tokens.count && tokens[index + 1].lower == "out" ? index + 2 : nil
        }
        if mayBePhrasal, lower == "used" || lower == "uses" || lower == "took" || lower == "takes" {
            // "used rural projects as an example"
            var cursor = index + 1
            while cursor < tokens.count, cursor < index + 16 {
                if tokens[cursor].lower == "as", cursor + 2 < tokens.count, tokens[cursor + 1].lower == "an" || tokens[cursor + 1].lower == "a",
                    tokens[cursor + 2].lower == "example"
                {
                    return index + 1
                }
                cursor += 1
            }
            return nil
        }
        guard flags.contains(.speech) else { return nil }
        if let objects = SpeakerLexicon.verbsNeedingObject[lower] {
            guard index + 1 < tokens.count, objects.contains(tokens[index + 1].lower) else { return nil }
        }
        return index + 1
    }

    static func isModifier(_ token: SpeakerToken) -> Bool {
        guard token.kind == .word, !token.capitalized else { return false }
        if token.flags.contains(.modifier) { return true }
        return token.lower.count > 4 && token.lower.hasSuffix("ly")
    }

    static func isPronoun(_ token: SpeakerToken) -> Bool {
        token.kind == .word && (token.lower == "he" || token.lower == "she")
    }

    static func matches(_ phrase: [String], at index: Int, in tokens: [SpeakerToken]) -> Bool {
        guard index + phrase.count <= tokens.count else { return false }
        for (offset, word) in phrase.enumerated() where tokens[index + offset].lower != word { return false }
        return true
    }
}
