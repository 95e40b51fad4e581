import ReportModel

/// The company behind a press release or an earnings call, for speakers whose organisation goes without saying.
enum SpeakerIssuer {
    private static let exchanges: Set<String> = [
        "nasdaq", "nyse", "hkex", "sehk", "tsx", "tsxv", "lse", "sse", "szse", "asx", "amex", "otcqx", "otc", "euronext",
        "six", "bse", "nse", "krx", "twse", "sgx", "jse", "aim", "hk",
    ]
    private static let companySuffixes: Set<String> = [
        "inc.", "inc", "corp.", "corp", "co.", "co", "ltd.", "ltd", "plc", "llc", "limited", "corporation", "group",
        "holdings", "company", "ag", "sa", "nv", "se", "&",
    ]

    /// "Acme Corp. (NASDAQ: ACME) today announced …" or "Acme Corp. today reported …" near the top.
    static func fromRelease(_ extraction: SpeakerExtraction) -> String? {
        for tokens in extraction.tokens.prefix(8) where !tokens.isEmpty {
            for (index, token) in tokens.enumerated() {
                if token.kind == .open, index + 2 < tokens.count, exchanges.contains(tokens[index + 1].lower),
                    tokens[index + 2].kind == .colon || tokens[index + 2].lower == "-"
                {
                    if let name = companyName(endingAt: index, in: tokens, extraction) { return name }
                }
                if token.lower == "announced" || token.lower == "reported" {
                    // Only the release's own opening: "… today announced" ("reported" alone is news style).
                    var end = index
                    let todayAfter = index + 1 < tokens.count && tokens[index + 1].lower == "today"
                    if end > 0, tokens[end - 1].lower == "today" {
                        end -= 1
                    } else if !todayAfter {
                        continue
                    }
                    if end > 0, tokens[end - 1].kind == .close {
                        // "Acme Corp. (NASDAQ: ACME) today announced": the name before the parenthesis.
                        guard let open = tokens[..<end].lastIndex(where: { $0.kind == .open }) else { continue }
                        end = open
                    }
                    if let name = companyName(endingAt: end, in: tokens, extraction) { return name }
                }
            }
        }
        return nil
    }

    /// The call's title ("Acme Corp (ACME) Q3 2024 Earnings Call") or the operator's welcome.
    static func fromTitle(_ extraction: SpeakerExtraction) -> String? {
        guard let title = extraction.document.title else { return nil }
        let tokens = SpeakerTokenizer.tokens(of: ArraySlice(title.unicodeScalars), offset: 0)
        // Only a call's title names its company this way ("Acme Corp (ACME) Q3 2024 Earnings Call").
        guard tokens.contains(where: { ["call", "earnings", "results", "conference", "transcript"].contains($0.lower) })
        else { return nil }
        return leadingCompany(tokens, text: Array(title.unicodeScalars))
    }

    static func fromTranscript(_ extraction: SpeakerExtraction, _ transcript: Transcript) -> String? {
        if let name = fromTitle(extraction) { return name }
        for turn in transcript.turns.prefix(3) where SpeakerExtraction.isNonPerson(turn.speaker) {
            let end = min(turn.end, turn.start + 600)
            let tokens = SpeakerTokenizer.tokens(of: extraction.scalars[turn.start..<end], offset: turn.start)
            for (index, token) in tokens.enumerated() where token.lower == "to" && index > 0 {
                guard ["welcome", "call", "conference"].contains(tokens[index - 1].lower) || tokens[index - 1].lower == "welcome"
                else { continue }
                var start = index + 1
                if start < tokens.count, tokens[start].lower == "the" { start += 1 }
                if let name = company(from: start, in: tokens, scalars: extraction.scalars, base: 0) { return name }
            }
        }
        return nil
    }

    private static func leadingCompany(_ tokens: [SpeakerToken], text: [Unicode.Scalar]) -> String? {
        company(from: tokens.first?.lower == "the" ? 1 : 0, in: tokens, scalars: text, base: 0)
    }

    /// Capitalised words from `start` up to a period word (quarter, year, "Earnings", a ticker in parentheses).
    private static func company(from start: Int, in tokens: [SpeakerToken], scalars: [Unicode.Scalar], base: Int) -> String? {
        let stops: Set<String> = [
            "first", "second", "third", "fourth", "q1", "q2", "q3", "q4", "fiscal", "full", "full-year", "earnings",
            "quarter", "quarterly", "annual", "half", "interim", "fy",
        ]
        var end = start
        while end < tokens.count {
            let token = tokens[end]
            if token.kind == .possessive || token.kind == .open { break }
            guard token.kind == .word, token.capitalized || companySuffixes.contains(token.lower) else { break }
            if stops.contains(token.lower) || token.lower.unicodeScalars.first?.properties.numericType != nil { break }
            end += 1
        }
        guard end > start, end - start <= 6 else { return nil }
        return withoutLegalSuffix(Array(tokens[start..<end]), scalars: scalars)
    }

    private static let legalSuffixes: Set<String> = [
        "inc.", "inc", "corp.", "corp", "co.", "co", "ltd.", "ltd", "plc", "llc", "limited", "ag", "sa", "nv", "se",
        "n.v.", "s.a.", "incorporated",
    ]

    /// "Northwind Robotics, Inc." → "Northwind Robotics", as the company is named in running text.
    static func withoutLegalSuffix(_ tokens: [SpeakerToken], scalars: [Unicode.Scalar]) -> String? {
        var end = tokens.count
        while end > 1, tokens[end - 1].kind == .comma || legalSuffixes.contains(tokens[end - 1].lower) { end -= 1 }
        guard end > 0 else { return nil }
        return String(String.UnicodeScalarView(scalars[tokens[0].start..<tokens[end - 1].end]))
    }

    private static func companyName(endingAt end: Int, in tokens: [SpeakerToken], _ extraction: SpeakerExtraction)
        -> String?
    {
        var start = end
        while start > 0 {
            let token = tokens[start - 1]
            if token.kind == .word, token.capitalized || companySuffixes.contains(token.lower) {
                if SpeakerLexicon.functionWords.contains(token.lower), token.lower != "the" { break }
                start -= 1
            } else if token.kind == .comma, start - 1 > 0, start < end, companySuffixes.contains(tokens[start].lower) {
                start -= 1  // "Acme Co., Ltd."
            } else {
                break
            }
        }
        if start < end, tokens[start].lower == "the" { start += 1 }
        guard start < end, end - start <= 8 else { return nil }
        return withoutLegalSuffix(Array(tokens[start..<end]), scalars: extraction.scalars)
    }
}
