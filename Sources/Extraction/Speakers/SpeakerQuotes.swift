/// Quotation spans of a block, paired from curly, straight and CJK quotation marks.
enum SpeakerQuotes {
    struct Span {
        var start: Int
        var end: Int
        /// Long enough, or punctuated, to be someone's words rather than a name in quotes.
        var isSpeech: Bool
    }

    static func spans(in text: DecodedText, from start: Int, to end: Int) -> [Span] {
        precondition(start >= 0 && end <= text.scalars.count)
        // Read through a buffer: the walk stays within `start..<end`, checked above.
        return text.scalars.withUnsafeBufferPointer { spans(in: $0, text: text, from: start, to: end) }
    }

    private static func spans(
        in scalars: UnsafeBufferPointer<Unicode.Scalar>, text: DecodedText, from start: Int, to end: Int
    ) -> [Span] {
        var result: [Span] = []
        var open: Int?
        var closing: Unicode.Scalar = "\""
        var index = start
        while index < end {
            let scalar = scalars[index]
            // Of ASCII, only the straight quotation mark opens or closes a quotation: the rest is skipped at once.
            if scalar.value < 0x80, scalar != "\"" {
                index += 1 + text.asciiRun(from: index + 1, limit: end - index - 1, excluding: 0x22, 0x22, 0x22)
                continue
            }
            if let opened = open {
                if scalar == closing || (closing == "”" && scalar == "\"") {
                    result.append(Span(start: opened, end: index + 1, isSpeech: isSpeech(scalars, opened + 1, index)))
                    open = nil
                }
            } else {
                switch scalar {
                case "“": open = index; closing = "”"
                case "「": open = index; closing = "」"
                case "『": open = index; closing = "』"
                case "«": open = index; closing = "»"
                case "\"": open = index; closing = "\""
                default: break
                }
            }
            index += 1
        }
        // A quotation left open runs to the end of its paragraph (news style for multi-paragraph quotes).
        if let opened = open, end - opened > 40 {
            result.append(Span(start: opened, end: end, isSpeech: isSpeech(scalars, opened + 1, end)))
        }
        return result
    }

    private static func isSpeech(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Bool {
        var words = 0
        var han = 0
        var punctuated = false
        var previousSpace = true
        for index in start..<end {
            let scalar = scalars[index]
            if SpeakerTokenizer.isWhitespace(scalar) {
                previousSpace = true
                continue
            }
            if previousSpace {
                words += 1
                // The counts only grow: a long quotation is speech as soon as it is seen to be long.
                if words >= 10 { return true }
            }
            previousSpace = false
            if ChineseSpeakerAnalyzer.isHan(scalar) {
                han += 1
                if han >= 12 { return true }
            }
            switch scalar {
            case ".", ",", "!", "?", ";", "，", "。", "！", "？", "；": punctuated = true
            default: break
            }
        }
        return words >= 10 || han >= 12 || (punctuated && (words >= 3 || han >= 5))
    }
}
