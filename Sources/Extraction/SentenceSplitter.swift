import ReportModel

/// A sentence of a document, with Unicode-scalar offsets into `Document.text`.
public struct Sentence: Sendable, Hashable {
    public var text: String
    public var start: Int
    public var end: Int
    /// Index of the block it belongs to.
    public var block: Int

    public var evidence: Evidence { Evidence(text: text, start: start, end: end) }
}

/// Splits a document into sentences, never across blocks. English and Chinese punctuation.
public enum SentenceSplitter {
    /// Abbreviations after which a period does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "inc", "ltd", "co", "corp", "no", "vs", "etc", "e.g",
        "i.e", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "gov", "gen", "col", "capt", "sen", "rep", "rev", "hon", "approx", "fig", "est", "dept", "univ", "assn",
    ]

    public static func sentences(of document: Document) -> [Sentence] {
        var result: [Sentence] = []
        for (index, block) in document.blocks.enumerated() {
            split(block.text, offset: block.start, block: index, into: &result)
        }
        return result
    }

    static func split(_ text: String, offset: Int, block: Int, into result: inout [Sentence]) {
        let view = text.unicodeScalars
        let scalars = Array(view)
        var start = 0
        var index = 0
        // Sentences come in order, so a running view index slices the text without re-encoding scalars.
        var viewIndex = view.startIndex
        var viewOffset = 0

        func emit(_ end: Int) {
            var s = start
            var e = end
            while s < e, scalars[s].properties.isWhitespace { s += 1 }
            while e > s, scalars[e - 1].properties.isWhitespace { e -= 1 }
            if e > s {
                viewIndex = view.index(viewIndex, offsetBy: s - viewOffset)
                let sentenceEnd = view.index(viewIndex, offsetBy: e - s)
                let sentence = String(view[viewIndex..<sentenceEnd])
                viewIndex = sentenceEnd
                viewOffset = e
                result.append(Sentence(text: sentence, start: offset + s, end: offset + e, block: block))
            }
            start = end
        }

        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "。", "！", "？", "；", "!", "?", "…":
                var end = index + 1
                while end < scalars.count, isTerminalOrClosing(scalars[end]) { end += 1 }
                emit(end)
                index = end
                continue
            case ".":
                if endsSentence(scalars, at: index) {
                    var end = index + 1
                    while end < scalars.count, isClosing(scalars[end]) { end += 1 }
                    emit(end)
                    index = end
                    continue
                }
            default:
                break
            }
            index += 1
        }
        emit(scalars.count)
    }

    private static func isClosing(_ scalar: Unicode.Scalar) -> Bool {
        "\"'”’)]）」』》".unicodeScalars.contains(scalar)
    }

    private static func isTerminalOrClosing(_ scalar: Unicode.Scalar) -> Bool {
        isClosing(scalar) || "。！？!?…".unicodeScalars.contains(scalar)
    }

    /// A period ends a sentence unless it is a decimal point, part of an abbreviation or initial, or not followed
    /// by space and then a capital, digit, quote or CJK character.
    private static func endsSentence(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var next = index + 1
        while next < scalars.count, isClosing(scalars[next]) { next += 1 }
        if next >= scalars.count { return true }
        guard scalars[next].properties.isWhitespace else { return false }
        while next < scalars.count, scalars[next].properties.isWhitespace { next += 1 }
        if next >= scalars.count { return true }
        let following = scalars[next]
        let startsNew = following.properties.isUppercase || following.properties.numericType != nil
            || "\"“‘'(".unicodeScalars.contains(following) || following.value >= 0x3000
        guard startsNew else { return false }
        // The word before the period.
        var wordStart = index
        while wordStart > 0, !scalars[wordStart - 1].properties.isWhitespace { wordStart -= 1 }
        var word = String.UnicodeScalarView()
        word.append(contentsOf: scalars[wordStart..<index])
        let lower = String(word).lowercased().trimmingCharacters(in: "(\"'“‘")
        if abbreviations.contains(lower) { return false }
        // A single capital letter is an initial ("John F. Kennedy").
        if word.count == 1, let only = word.first, only.properties.isUppercase { return false }
        return true
    }
}

extension String {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters.unicodeScalars)
        var view = Substring(self).unicodeScalars
        while let first = view.first, set.contains(first) { view.removeFirst() }
        while let last = view.last, set.contains(last) { view.removeLast() }
        return String(view)
    }
}
