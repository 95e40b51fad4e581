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

    var isWord: Bool { kind == .word }

    /// Whether a role word ("deputy", "secretary-general", "co-director") is in this token.
    var isRole: Bool {
        guard kind == .word else { return false }
        if SpeakerLexicon.roleWords.contains(lower) { return true }
        guard lower.contains("-") else { return false }
        return lower.split(separator: "-").contains { SpeakerLexicon.roleWords.contains(String($0)) }
    }

    var isRoleHead: Bool {
        guard kind == .word else { return false }
        if SpeakerLexicon.roleHeads.contains(lower) { return true }
        guard lower.contains("-") else { return false }
        return lower.split(separator: "-").contains { SpeakerLexicon.roleHeads.contains(String($0)) }
    }
}

enum SpeakerTokenizer {
    /// Abbreviations whose period belongs to the word.
    private static let dottedWords: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "jr", "sr", "st", "inc", "corp", "co", "ltd", "mme", "messrs", "gov", "sen",
        "rep", "gen", "col", "capt", "u.s", "u.k", "no", "vs",
    ]

    static func tokens(of scalars: ArraySlice<Unicode.Scalar>, offset: Int) -> [SpeakerToken] {
        var result: [SpeakerToken] = []
        result.reserveCapacity(scalars.count / 5)
        let base = scalars.startIndex
        var index = base
        let end = scalars.endIndex

        func isLetter(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || s.properties.numericType != nil }

        while index < end {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index += 1
                continue
            }
            let startsWord = isLetter(scalar)
                || (scalar == "-" && index + 1 < end && isLetter(scalars[index + 1])
                    && (index == base || scalars[index - 1].properties.isWhitespace))
            if startsWord {
                var cursor = index + 1
                while cursor < end {
                    let current = scalars[cursor]
                    if isLetter(current) || current.properties.generalCategory == .nonspacingMark {
                        cursor += 1
                    } else if (current == "-" || current == "'" || current == "’" || current == "&"),
                        cursor + 1 < end, isLetter(scalars[cursor + 1])
                    {
                        // "'s" is a possessive of its own; "O'Brien" and "secretary-general" stay whole.
                        if current != "-", current != "&", cursor + 2 <= end,
                            scalars[cursor + 1] == "s" || scalars[cursor + 1] == "S",
                            cursor + 2 == end || !isLetter(scalars[cursor + 2])
                        {
                            break
                        }
                        cursor += 2
                    } else if current == ".", cursor + 1 < end, isLetter(scalars[cursor + 1]),
                        cursor + 2 < end, scalars[cursor + 2] == "."
                    {
                        cursor += 2  // "U.S."
                    } else {
                        break
                    }
                }
                var text = String(String.UnicodeScalarView(scalars[index..<cursor]))
                var lower = text.lowercased()
                // A period that belongs to an initial or an abbreviation.
                if cursor < end, scalars[cursor] == ".",
                    (cursor - index == 1 && scalar.properties.isUppercase) || dottedWords.contains(lower)
                {
                    cursor += 1
                    text += "."
                    lower += "."
                }
                result.append(
                    SpeakerToken(
                        text: text, lower: lower, start: offset + (index - base), end: offset + (cursor - base),
                        kind: .word, capitalized: scalar.properties.isUppercase))
                index = cursor
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
            let text = String(String.UnicodeScalarView(scalars[index..<(index + length)]))
            result.append(
                SpeakerToken(
                    text: text, lower: text.lowercased(), start: offset + (index - base),
                    end: offset + (index - base) + length, kind: kind, capitalized: false))
            index += length
        }
        return result
    }
}

extension String {
    /// Collapses white space and joins spaced hyphens ("secretary -general" → "secretary-general").
    var speakerNormalizedSpacing: String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        let scalars = Array(unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                let joinsHyphen = scalar == "-" && index + 1 < scalars.count
                    && scalars[index + 1].properties.isAlphabetic
                if !joinsHyphen { out.append(" ") }
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }
}
