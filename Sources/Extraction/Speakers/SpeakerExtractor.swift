import ReportModel

/// Finds the people whose words a document gives (quoted or reported), with their titles, organisations and the
/// sentences where they speak. Rule-based, deterministic, linear in the document's length.
public struct SpeakerExtractor: Sendable {
    public init() {}

    public func extract(from document: Document) -> [Speaker] {
        extract(PreparedText(document))
    }

    func extract(_ text: PreparedText) -> [Speaker] {
        var extraction = SpeakerExtraction(text)
        if let transcript = text.document.transcript, !transcript.turns.isEmpty {
            extraction.readTranscript(transcript)
        } else {
            extraction.readNarrative()
        }
        return extraction.finish()
    }
}

/// The state of one extraction: the document, its sentences and tokens, and the name forms seen so far.
struct SpeakerExtraction {
    let document: Document
    let sentences: [Sentence]
    let scalars: [Unicode.Scalar]
    /// The text's bytes, to slice strings without rebuilding them.
    let decoded: DecodedText
    /// English tokens per sentence; empty for Chinese sentences.
    var tokens: [[SpeakerToken]]
    var han: [Bool]
    var registry = SpeakerRegistry()
    /// Organisation names seen in the document (lower-cased words), to split "Tencent Sustainable Social Value".
    var organizations: Set<[String]> = []
    /// The person a following "he"/"she" refers to, and the sentence where they were last named.
    var lastPerson: (form: Int, sentence: Int)?
    /// The company issuing a press release or holding a call.
    var issuer: String?
    var issuerFromRelease = false
    var isTranscript = false

    init(_ text: PreparedText) {
        document = text.document
        sentences = text.sentences
        scalars = text.scalars
        decoded = text.decoded
        self.tokens = Array(repeating: [], count: sentences.count)
        self.han = Array(repeating: false, count: sentences.count)
        var spellings = SpeakerSpellings(capacity: 512)
        for (index, sentence) in sentences.enumerated() {
            let slice = scalars[sentence.start..<sentence.end]
            var hanCount = 0
            var latinCount = 0
            slice.withUnsafeBufferPointer { slice in
                for scalar in slice {
                    if scalar.value < 0x80 {
                        if (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") { latinCount += 1 }
                    } else if ChineseSpeakerAnalyzer.isHan(scalar) {
                        hanCount += 1
                    }
                }
            }
            // Mixed sentences ("Chen Juhong (陈菊红) said …") are read both ways.
            han[index] = hanCount >= 2
            if hanCount < 2 || latinCount >= 12 {
                tokens[index] = SpeakerTokenizer.tokens(of: slice, offset: sentence.start, spellings: &spellings)
            }
        }
    }

    func text(_ start: Int, _ end: Int) -> String {
        decoded.text(start, end)
    }

    func text(of tokens: ArraySlice<SpeakerToken>) -> String {
        guard let first = tokens.first, let last = tokens.last else { return "" }
        return text(first.start, last.end).speakerNormalizedSpacing
    }

    // MARK: Narrative text

    mutating func readNarrative() {
        collectOrganizations()
        issuer = SpeakerIssuer.fromRelease(self)
        issuerFromRelease = issuer != nil
        var labels = colonLabels()
        let dashed = dashLabels()
        labels.merge(dashed.labels) { colon, _ in colon }
        // Turns run on over unlabelled paragraphs only in a document laid out as turns.
        let personLabels = labels.values.filter { $0 >= 0 }.count
        let isLabelled = personLabels >= 2 || (personLabels == 1 && labels.count - personLabels >= 2)
        if !dashed.labels.isEmpty, issuer == nil {
            // A call transcript: executives without a firm work for the company in the title.
            issuer = SpeakerIssuer.fromTitle(self)
            issuerFromRelease = issuer != nil
        }
        var blockSpeaker: Int?
        var previousBlock = -1
        for index in sentences.indices {
            let block = sentences[index].block
            if block != previousBlock {
                previousBlock = block
                if let label = labels[block] {
                    blockSpeaker = label
                } else if !isLabelled || document.blocks[block].kind == .heading {
                    blockSpeaker = nil
                }
            }
            if let speaker = blockSpeaker, speaker >= 0, !dashed.labelOnly.contains(block) {
                registry.attribute(speaker, sentence: index, strong: true)
                lastPerson = (speaker, index)
            }
            if han[index] { ChineseSpeakerAnalyzer.analyze(sentence: index, in: &self) }
            if !tokens[index].isEmpty { analyzeEnglish(sentence: index) }
        }
        extendOverQuotes()
    }

    /// Organisation names: possessives ("Tencent's"), organisations before titles, the release's issuer.
    mutating func collectOrganizations() {
        for sentenceTokens in tokens where !sentenceTokens.isEmpty {
            for (index, token) in sentenceTokens.enumerated() where token.kind == .possessive && index > 0 {
                var start = index
                while start > 0, sentenceTokens[start - 1].kind == .word, sentenceTokens[start - 1].capitalized,
                    !SpeakerLexicon.functionWords.contains(sentenceTokens[start - 1].lower),
                    !sentenceTokens[start - 1].isRole
                {
                    start -= 1
                }
                guard start < index, index - start <= 4 else { continue }
                let words = sentenceTokens[start..<index].map(\.lower)
                if words.count == 1, SpeakerLexicon.places.contains(words[0]) { continue }
                organizations.insert(words)
            }
        }
    }

    /// Blocks that open with "Name:" as in an interview or a transcript laid out as plain text; -1 for labels
    /// that are not people (Operator), which end the previous speaker's turn.
    mutating func colonLabels() -> [Int: Int] {
        var labels: [Int: Int] = [:]
        for (blockIndex, block) in document.blocks.enumerated() where block.kind != .heading {
            let blockScalars = scalars[block.start..<block.end]
            guard let colon = blockScalars.prefix(48).firstIndex(where: { $0 == ":" || $0 == "：" }) else { continue }
            let label = String(String.UnicodeScalarView(scalars[block.start..<colon]))
                .trimmingSpeakerWhitespace()
            let rest = scalars[(colon + 1)..<block.end]
            guard rest.count >= 2 else { continue }
            // "王明：" in a Chinese interview or call; "主持人：" and other roles end the previous turn.
            let labelScalars = Array(label.unicodeScalars)
            if !labelScalars.isEmpty, labelScalars.allSatisfy(ChineseSpeakerAnalyzer.isHan) {
                if labelScalars.count <= 4, rest.count >= 4, ChineseSpeakerAnalyzer.isName(labelScalars) {
                    let form = registry.form(tokens: [label], han: true, surface: label, honorific: false, offset: block.start)
                    registry.markPerson(form)
                    labels[blockIndex] = form
                } else if labelScalars.count <= 6 {
                    labels[blockIndex] = -1
                }
                continue
            }
            let words = label.split(separator: " ").map(String.init)
            guard !words.isEmpty, words.count <= 4,
                words.allSatisfy({ $0.unicodeScalars.first?.properties.isUppercase == true })
            else { continue }
            // "Operator:", "Interviewer:", "Q:" end the previous speaker's turn.
            guard words.count >= 2 else {
                labels[blockIndex] = -1
                continue
            }
            let normalized = words.map { word -> String in
                let isUpper = word.unicodeScalars.allSatisfy { !$0.properties.isLowercase }
                return isUpper && word.count > 1 ? word.prefix(1) + word.dropFirst().lowercased() : word
            }
            let labelTokens = SpeakerTokenizer.tokens(of: ArraySlice(normalized.joined(separator: " ").unicodeScalars), offset: 0)
            // "Jane Doe: A Life" is a headline; a turn says more.
            guard rest.count >= 12, labelTokens.count == normalized.count,
                labelTokens.allSatisfy({ EnglishSpeakerAnalyzer.isNameToken($0) && $0.lower != "he" })
            else {
                labels[blockIndex] = -1
                continue
            }
            let form = registry.form(
                tokens: normalized, han: false, surface: label, honorific: false, offset: block.start)
            registry.markPerson(form)
            labels[blockIndex] = form
        }
        return labels
    }

    // MARK: English sentences

    mutating func analyzeEnglish(sentence index: Int) {
        let tokens = self.tokens[index]
        guard !tokens.isEmpty else { return }
        let spans = EnglishSpeakerAnalyzer.nameSpans(tokens)
        var attributed: [Int] = []
        var pronounUsed = false
        var seenWithTitle: Int?

        // Names introduced with a description: titles even where they do not speak.
        var appositives = [Range<Int>?](repeating: nil, count: spans.count)
        for (spanIndex, span) in spans.enumerated() {
            if let range = EnglishSpeakerAnalyzer.appositive(after: span, in: tokens, spans: spans) {
                appositives[spanIndex] = range
            }
            guard span.wordCount >= 2 || span.honorific else { continue }
            let hasTitle = span.titleRange != nil
                || appositives[spanIndex].map { EnglishSpeakerAnalyzer.isRoleAppositive(tokens[$0]) } == true
            if hasTitle || appositives[spanIndex] != nil {
                let form = register(span, tokens: tokens, appositive: appositives[spanIndex], inAttribution: false)
                if seenWithTitle == nil { seenWithTitle = form }
            }
        }

        func spanIndex(endingAt end: Int) -> Int? { spans.lastIndex { $0.end == end } }
        func spanIndex(startingAt start: Int) -> Int? { spans.firstIndex { $0.leftmost == start || $0.start == start } }

        var cursor = 0
        while cursor < tokens.count {
            // Prepositional attributions: "according to Jane Doe", "chaired by Jane Doe".
            var matchedPhrase = false
            let opensPhrase = tokens[cursor].flags.contains(.phraseStart)
            for (phrases, strong) in opensPhrase ? SpeakerLexicon.attributionPhraseLists : [] {
                for phrase in phrases where EnglishSpeakerAnalyzer.matches(phrase, at: cursor, in: tokens) {
                    let after = cursor + phrase.count
                    if let found = spanIndex(startingAt: after) {
                        let form = register(
                            spans[found], tokens: tokens, appositive: appositives[found], inAttribution: true)
                        registry.attribute(form, sentence: index, strong: strong)
                        if strong { attributed.append(form) }
                    }
                    matchedPhrase = true
                }
            }
            // "In Jane Doe's view"
            if !matchedPhrase, opensPhrase, tokens[cursor].lower == "in", let found = spanIndex(startingAt: cursor + 1) {
                let span = spans[found]
                if span.end + 1 < tokens.count, tokens[span.end].kind == .possessive,
                    ["view", "opinion", "words", "eyes", "judgment", "judgement"].contains(tokens[span.end + 1].lower)
                {
                    let form = register(span, tokens: tokens, appositive: nil, inAttribution: true)
                    registry.attribute(form, sentence: index, strong: true)
                    attributed.append(form)
                }
            }

            guard let verbEnd = EnglishSpeakerAnalyzer.speechVerb(at: cursor, in: tokens) else {
                cursor += 1
                continue
            }
            // "…," said Jane Doe, CFO of Acme.
            if tokens[cursor].flags.contains(.invertible), verbEnd < tokens.count {
                if let found = spanIndex(startingAt: verbEnd) {
                    let form = register(
                        spans[found], tokens: tokens, appositive: appositives[found], inAttribution: true)
                    registry.attribute(form, sentence: index, strong: true)
                    attributed.append(form)
                    // "…," said Jane Doe: only people are quoted this way round.
                    let afterQuote = cursor >= 2 && tokens[cursor - 1].kind == .quote && tokens[cursor - 2].kind == .comma
                    if afterQuote, spans[found].wordCount >= 2 { registry.markPerson(form) }
                    cursor = verbEnd
                    continue
                }
                // "…," said he — unless a name stands before the verb ("Brown said he had sold").
                var before = cursor - 1
                while before >= 0, EnglishSpeakerAnalyzer.isModifier(tokens[before]) { before -= 1 }
                if EnglishSpeakerAnalyzer.isPronoun(tokens[verbEnd]), before < 0 || spanIndex(endingAt: before + 1) == nil {
                    pronounUsed = true
                    cursor = verbEnd
                    continue
                }
            }
            // The subject before the verb.
            var left = cursor - 1
            while left >= 0, EnglishSpeakerAnalyzer.isModifier(tokens[left]) { left -= 1 }
            if left >= 0 {
                let token = tokens[left]
                if let found = spanIndex(endingAt: left + 1) {
                    let form = register(
                        spans[found], tokens: tokens, appositive: appositives[found], inAttribution: true)
                    registry.attribute(form, sentence: index, strong: true)
                    attributed.append(form)
                } else if EnglishSpeakerAnalyzer.isPronoun(token) {
                    pronounUsed = true
                } else if token.kind == .comma || token.kind == .close {
                    // "Jane Doe, chief financial officer of Acme, said", "Jane Doe (CFO) said"
                    if let found = spans.indices.last(where: { appositives[$0]?.upperBound == left }) {
                        let form = register(
                            spans[found], tokens: tokens, appositive: appositives[found], inAttribution: true)
                        registry.attribute(form, sentence: index, strong: true)
                        attributed.append(form)
                    }
                } else if token.lower == "to" || token.lower == "and" {
                    // "Jane Doe … used examples to introduce", "… explained X and discussed Y"
                    if let subject = clauseSubject(before: left, tokens: tokens, spans: spans, appositives: appositives) {
                        let form = register(
                            spans[subject], tokens: tokens, appositive: appositives[subject], inAttribution: true)
                        registry.attribute(form, sentence: index, strong: true)
                        attributed.append(form)
                    } else if tokens[..<left].contains(where: EnglishSpeakerAnalyzer.isPronoun) {
                        pronounUsed = true
                    }
                }
            }
            cursor = verbEnd
        }

        // "He said" belongs to the person named before, unless this sentence names its speaker ("He said no,"
        // Doe recalled).
        if pronounUsed, attributed.isEmpty {
            _ = attributePronoun(sentence: index)
        }
        if let last = attributed.last {
            lastPerson = (last, index)
        } else if let titled = seenWithTitle {
            lastPerson = (titled, index)
        }
    }

    /// The subject of the clause that ends at `index`: the nearest name at the start of a clause, followed by a verb.
    private func clauseSubject(
        before index: Int, tokens: [SpeakerToken], spans: [SpeakerNameSpan], appositives: [Range<Int>?]
    ) -> Int? {
        for spanIndex in spans.indices.reversed() where spans[spanIndex].end <= index {
            let span = spans[spanIndex]
            guard span.wordCount >= 2 || span.honorific, index - span.end <= 60 else { continue }
            let opensClause = span.leftmost == 0 || [.comma, .quote].contains(tokens[span.leftmost - 1].kind)
                || ["and", "but", "while", "that"].contains(tokens[span.leftmost - 1].lower)
            guard opensClause else { continue }
            var next = appositives[spanIndex]?.upperBound ?? span.end
            if next < tokens.count, tokens[next].kind == .comma { next += 1 }
            while next < tokens.count, EnglishSpeakerAnalyzer.isModifier(tokens[next]) { next += 1 }
            guard next < tokens.count, tokens[next].kind == .word, !tokens[next].capitalized else { continue }
            let verb = tokens[next].lower
            guard verb.hasSuffix("s") || verb.hasSuffix("ed") || SpeakerLexicon.speechVerbs.contains(verb)
                || ["took", "gave", "made", "went", "spoke", "drew", "began"].contains(verb)
            else { continue }
            return spanIndex
        }
        return nil
    }

    /// "He pointed out that …": the person named last, if named in the last few sentences.
    mutating func attributePronoun(sentence index: Int) -> Bool {
        guard let person = lastPerson, index - person.sentence <= 5 else { return false }
        registry.attribute(person.form, sentence: index, strong: true)
        registry.markPerson(person.form)
        lastPerson = (person.form, index)
        return true
    }

    /// Registers a name with the title read before it or from its appositive.
    mutating func register(
        _ span: SpeakerNameSpan, tokens: [SpeakerToken], appositive: Range<Int>?, inAttribution: Bool
    ) -> Int {
        let first = tokens[span.leftmost]
        let surface = text(first.start, tokens[span.end - 1].end)
        let form = registry.form(
            tokens: tokens[span.start..<span.end].map(\.text), han: false, surface: surface, honorific: span.honorific,
            offset: tokens[span.start].start)
        if span.honorific { registry.markPerson(form) }
        if let titleRange = span.titleRange {
            let organization = span.organizationRange.map { text(of: tokens[$0]) }
            registry.addTitle(
                form,
                SpeakerTitleCandidate(
                    title: text(of: tokens[titleRange]), organization: organization, inAttribution: inAttribution,
                    order: 0))
        }
        if let appositive {
            let slice = tokens[appositive]
            if EnglishSpeakerAnalyzer.isRoleAppositive(slice) {
                registry.addTitle(form, SpeakerTitleCandidate(tokens: Array(slice), inAttribution: inAttribution, order: 0))
            } else {
                registry.markPerson(form)
            }
        }
        return form
    }

    // MARK: Quotations

    /// A quotation spanning several sentences belongs to the speaker attributed inside it or right after it;
    /// a paragraph that is all quotation belongs to the previous quoted speaker or the next paragraph's speaker.
    mutating func extendOverQuotes() {
        var speakersBySentence: [[Int]] = Array(repeating: [], count: sentences.count)
        for (form, record) in registry.forms.enumerated() {
            for sentence in record.strong { speakersBySentence[sentence].append(form) }
        }
        // Per block index, its sentences (an array, not a dictionary: blocks are numbered from 0).
        var blockSentences = [Range<Int>?](
            repeating: nil, count: max(document.blocks.count, (sentences.map(\.block).max() ?? -1) + 1))
        for (index, sentence) in sentences.enumerated() {
            if let range = blockSentences[sentence.block] {
                blockSentences[sentence.block] = range.lowerBound..<(index + 1)
            } else {
                blockSentences[sentence.block] = index..<(index + 1)
            }
        }
        let blockOrder = blockSentences.indices.filter { blockSentences[$0] != nil }
        var quoteOnlyBlocks: [(block: Int, position: Int)] = []
        for (position, block) in blockOrder.enumerated() {
            guard let range = blockSentences[block] else { continue }
            let spans = SpeakerQuotes.spans(in: decoded, from: document.blocks[block].start, to: document.blocks[block].end)
            var firstOpen = range.lowerBound
            for span in spans where span.isSpeech {
                // Quotations and sentences both come in order: skip the sentences that end before this quotation.
                while firstOpen < range.upperBound, sentences[firstOpen].end <= span.start { firstOpen += 1 }
                var coveredEnd = firstOpen
                while coveredEnd < range.upperBound, sentences[coveredEnd].start < span.end { coveredEnd += 1 }
                let covered = firstOpen..<coveredEnd
                guard let firstCovered = covered.first, let lastCovered = covered.last else { continue }
                var candidates = Set(covered.flatMap { speakersBySentence[$0] })
                if lastCovered + 1 < range.upperBound { candidates.formUnion(speakersBySentence[lastCovered + 1]) }
                if firstCovered > range.lowerBound,
                    let last = scalars[sentences[firstCovered - 1].start..<sentences[firstCovered - 1].end].last,
                    last == ":" || last == "：" || last == ","
                {
                    candidates.formUnion(speakersBySentence[firstCovered - 1])
                }
                if candidates.isEmpty,
                    let previous = range[max(range.lowerBound, firstCovered - 4)..<firstCovered]
                        .last(where: { !speakersBySentence[$0].isEmpty })
                {
                    // "…," said Jane Doe. "A second quotation." continues her words.
                    candidates.formUnion(speakersBySentence[previous])
                }
                if candidates.count == 1, let speaker = candidates.first {
                    for sentence in covered where !speakersBySentence[sentence].contains(speaker) {
                        registry.attribute(speaker, sentence: sentence, strong: true)
                        speakersBySentence[sentence].append(speaker)
                    }
                }
                let blockText = document.blocks[block]
                if span.start <= blockText.start + 1, span.end >= blockText.end - 1, candidates.isEmpty,
                    range.allSatisfy({ speakersBySentence[$0].isEmpty })
                {
                    quoteOnlyBlocks.append((block, position))
                }
            }
        }
        for (block, position) in quoteOnlyBlocks {
            guard let range = blockSentences[block] else { continue }
            var candidates: [Int] = []
            if position > 0, let previous = blockSentences[blockOrder[position - 1]] {
                candidates = speakersBySentence[previous.upperBound - 1]
            }
            if candidates.isEmpty, position + 1 < blockOrder.count, let next = blockSentences[blockOrder[position + 1]] {
                candidates = speakersBySentence[next.lowerBound]
            }
            guard Set(candidates).count == 1, let speaker = candidates.first else { continue }
            for sentence in range {
                registry.attribute(speaker, sentence: sentence, strong: true)
                speakersBySentence[sentence].append(speaker)
            }
        }
    }
}

extension String {
    func trimmingSpeakerWhitespace() -> String {
        var view = Substring(self).unicodeScalars
        while let first = view.first, first.properties.isWhitespace { view.removeFirst() }
        while let last = view.last, last.properties.isWhitespace { view.removeLast() }
        return String(view)
    }
}
