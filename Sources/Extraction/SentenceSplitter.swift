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
            split(DecodedText(block.text), range: nil, offset: block.start, block: index, into: &result)
        }
        return result
    }

    /// The same sentences, from the document's text already decoded: a block that is the slice of the text its
    /// offsets say (as `Document` builds them) is split in place, any other from its own text.
    static func sentences(of document: Document, text: DecodedText) -> [Sentence] {
        var result: [Sentence] = []
        for (index, block) in document.blocks.enumerated() {
            if text.holds(block.text, at: block.start..<block.end) {
                split(text, range: block.start..<block.end, offset: 0, block: index, into: &result)
            } else {
                split(DecodedText(block.text), range: nil, offset: block.start, block: index, into: &result)
            }
        }
        return result
    }

    /// Splits scalars `range` of `text` (all of it when nil); `offset` is added to indexes into `text` to give
    /// offsets into the document.
    static func split(_ text: DecodedText, range: Range<Int>?, offset: Int, block: Int, into result: inout [Sentence]) {
        let bounds = range ?? 0..<text.scalars.count
        precondition(bounds.lowerBound >= 0 && bounds.upperBound <= text.scalars.count)
        // Read through a buffer: every index below stays within `bounds`, checked above.
        text.scalars.withUnsafeBufferPointer { scalars in
            split(text, scalars: scalars, bounds: bounds, offset: offset, block: block, into: &result)
        }
    }

    private static func split(
        _ text: DecodedText, scalars: UnsafeBufferPointer<Unicode.Scalar>, bounds: Range<Int>, offset: Int, block: Int,
        into result: inout [Sentence]
    ) {
        let upper = bounds.upperBound
        var start = bounds.lowerBound
        var index = bounds.lowerBound

        func emit(_ end: Int) {
            var s = start
            var e = end
            while s < e, isWhitespace(scalars[s]) { s += 1 }
            while e > s, isWhitespace(scalars[e - 1]) { e -= 1 }
            // A closing quotation mark left alone after "… era. \"" belongs to the sentence before it.
            if e > s, scalars[s..<e].allSatisfy(isClosingOrQuote), let last = result.last, last.block == block {
                let lastStart = last.start - offset
                result[result.count - 1] = Sentence(
                    text: text.text(lastStart, e),
                    start: last.start, end: offset + e, block: block)
                start = end
                return
            }
            if e > s {
                result.append(
                    Sentence(
                        text: text.text(s, e),
                        start: offset + s, end: offset + e, block: block))
            }
            start = end
        }

        while index < upper {
            let scalar = scalars[index]
            if scalar.value < 0x80 && scalar != "." && scalar != "!" && scalar != "?" {
                // Only those three and other characters matter: the ASCII run up to one is passed over at once.
                index += 1 + text.asciiRun(from: index + 1, limit: upper - index - 1, excluding: 0x2E, 0x21, 0x3F)
                continue
            }
            switch scalar {
            case "。", "！", "？", "；", "!", "?", "…":
                var end = index + 1
                while end < upper, isTerminalOrClosing(scalars[end]) { end += 1 }
                emit(end)
                index = end
                continue
            case ".":
                if endsSentence(scalars, at: index, within: bounds) {
                    var end = index + 1
                    while end < upper, isClosing(scalars[end]) { end += 1 }
                    emit(end)
                    index = end
                    continue
                }
            default:
                break
            }
            index += 1
        }
        emit(upper)
    }

    static let longestAbbreviation = abbreviations.map(\.unicodeScalars.count).max() ?? 0
    /// The abbreviations as keys: a scan of a few dozen integers costs less than hashing a new string.
    static let abbreviationKeys = abbreviations.compactMap { ShortWordKey(Array($0.unicodeScalars)) }

    @inline(__always) private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    private static func isOpeningMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "(" || scalar == "\"" || scalar == "'" || scalar == "“" || scalar == "‘"
    }

    private static func isClosingOrQuote(_ scalar: Unicode.Scalar) -> Bool {
        isClosing(scalar) || scalar == "\u{201C}"
    }

    private static func isClosing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", "”", "’", ")", "]", "）", "」", "』", "》": return true
        default: return false
        }
    }

    private static func isTerminalOrClosing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", "！", "？", "!", "?", "…": return true
        default: return isClosing(scalar)
        }
    }

    /// A period ends a sentence unless it is a decimal point, part of an abbreviation or initial, or not followed
    /// by space and then a capital, digit, quote or CJK character.
    private static func endsSentence(
        _ scalars: UnsafeBufferPointer<Unicode.Scalar>, at index: Int, within bounds: Range<Int>
    ) -> Bool {
        let upper = bounds.upperBound
        var next = index + 1
        while next < upper, isClosing(scalars[next]) { next += 1 }
        if next >= upper { return true }
        guard isWhitespace(scalars[next]) else { return false }
        while next < upper, isWhitespace(scalars[next]) { next += 1 }
        if next >= upper { return true }
        let following = scalars[next]
        let startsNew: Bool
        if following.value < 0x80 {
            startsNew = (following >= "A" && following <= "Z") || (following >= "0" && following <= "9")
                || following == "\"" || following == "'" || following == "("
        } else {
            startsNew = following.properties.isUppercase || following.properties.numericType != nil
                || following == "“" || following == "‘" || following.value >= 0x3000
        }
        guard startsNew else { return false }
        // The word before the period.
        var wordStart = index
        while wordStart > bounds.lowerBound, !isWhitespace(scalars[wordStart - 1]) { wordStart -= 1 }
        // A single capital letter is an initial ("John F. Kennedy").
        if index - wordStart == 1, scalars[wordStart].properties.isUppercase { return false }
        // Abbreviations are short; longer words need no look-up (an opening quote or parenthesis may precede).
        guard index - wordStart <= 8 else { return true }
        var first = wordStart
        var last = index
        while first < last, isOpeningMark(scalars[first]) { first += 1 }
        while last > first, isOpeningMark(scalars[last - 1]) { last -= 1 }
        // Lower-casing never shortens a word: a longer one is no abbreviation.
        guard last - first <= longestAbbreviation else { return true }
        if let key = ShortWordKey(scalars[first..<last]) { return !abbreviationKeys.contains(key) }
        var lower = ""
        for scalar in scalars[first..<last] {
            if scalar.value < 0x80 {
                lower.unicodeScalars.append(scalar >= "A" && scalar <= "Z" ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else {
                lower += String(scalar).lowercased()
            }
        }
        return !abbreviations.contains(lower)
    }
}
