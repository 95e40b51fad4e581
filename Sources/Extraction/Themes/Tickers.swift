/// Stock tickers a text gives its companies: `(NASDAQ: ACMR)`, `NYSE: ABC`, or `Acme Robotics (ACMR)`. A ticker is
/// the company's name, so never a theme; an acronym that spells the words before it (`artificial intelligence (AI)`)
/// is a term, not a ticker.
enum Tickers {
    /// Exchanges that introduce a ticker after a colon.
    static let exchanges: Set<String> = [
        "nasdaq", "nyse", "amex", "tsx", "tsxv", "asx", "lse", "hkex", "sehk", "sgx", "otc", "otcqx", "otcqb",
        "euronext", "xetra", "sse", "szse", "nse", "bse", "krx", "twse", "jse", "six", "cboe",
    ]

    /// Reporting and currency acronyms that follow capitalised words in parentheses without being tickers.
    static let notTickers: Set<String> = [
        "gaap", "ifrs", "ebitda", "ebit", "eps", "arr", "mrr", "fcf", "roe", "roi", "roa", "usd", "eur", "gbp", "jpy",
        "rmb", "cny", "hkd", "esg", "kpi", "ceo", "cfo", "coo", "cto", "llc", "plc",
    ]

    /// The tickers in `scalars`, lower-cased.
    static func find(in scalars: [Unicode.Scalar]) -> Set<String> {
        // Only colons and parentheses start a look around, so they are found first in a tight pass.
        var marks: [Int] = []
        scalars.withUnsafeBufferPointer { buffer in
            for position in buffer.indices where buffer[position].value == 0x3A || buffer[position].value == 0x28 {
                marks.append(position)
            }
        }
        return find(in: scalars, marks: marks)
    }

    /// The same, with the colons and parentheses found in the text's UTF-8 bytes, eight at a time.
    static func find(in text: DecodedText) -> Set<String> {
        find(in: text.scalars, marks: text.scalarIndexes(ofASCII: 0x3A, 0x28))
    }

    /// `marks`: the indexes of every colon and opening parenthesis in `scalars`, in order.
    private static func find(in scalars: [Unicode.Scalar], marks: [Int]) -> Set<String> {
        var found: Set<String> = []
        for index in marks {
            // `EXCHANGE: TICKER`, inside parentheses or not.
            if scalars[index] == ":" {
                var wordStart = index
                while wordStart > 0, isLetter(scalars[wordStart - 1]) { wordStart -= 1 }
                if index - wordStart >= 3, isUpper(scalars[wordStart]),
                    exchanges.contains(String(String.UnicodeScalarView(scalars[wordStart..<index])).lowercased())
                {
                    var next = index + 1
                    while next < scalars.count, scalars[next] == " " { next += 1 }
                    let tickerEnd = endOfLetters(scalars, from: next)
                    if (1...5).contains(tickerEnd - next), scalars[next..<tickerEnd].allSatisfy(isUpper) {
                        found.insert(String(String.UnicodeScalarView(scalars[next..<tickerEnd])).lowercased())
                    }
                }
            }
            // `Name (TICKER)`, when the letters are not the initials of the words before.
            if scalars[index] == "(" {
                let close = endOfLetters(scalars, from: index + 1)
                let length = close - index - 1
                if (2...5).contains(length), close < scalars.count, scalars[close] == ")",
                    scalars[(index + 1)..<close].allSatisfy(isUpper)
                {
                    let ticker = String.UnicodeScalarView(scalars[(index + 1)..<close])
                    let lowered = String(ticker).lowercased()
                    if !notTickers.contains(lowered), followsCompanyName(before: index, in: scalars),
                        !spellsInitials(ticker, before: index, in: scalars)
                    {
                        found.insert(lowered)
                    }
                }
            }
        }
        return found
    }

    private static func isUpper(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x41 && scalar.value <= 0x5A }
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        // Called for every letter of every capitalised word: ASCII first, the property table only beyond it.
        scalar.isASCII ? (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A : scalar.properties.isAlphabetic
    }

    private static func endOfLetters(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count, isLetter(scalars[index]) { index += 1 }
        return index
    }

    /// The words just before `position` (skipping `and`, `of`, `the`, `&`) start with the acronym's letters.
    private static func spellsInitials(
        _ acronym: String.UnicodeScalarView, before position: Int, in scalars: [Unicode.Scalar]
    ) -> Bool {
        var initials: [Unicode.Scalar] = []
        var index = position - 1
        var wordEnd = index + 1
        while index >= 0, initials.count < acronym.count + 3 {
            if isLetter(scalars[index]) {
                index -= 1
                continue
            }
            let word = String(String.UnicodeScalarView(scalars[(index + 1)..<wordEnd])).lowercased()
            if !word.isEmpty, !["and", "of", "the", "for", "&"].contains(word), let first = word.unicodeScalars.first {
                initials.insert(first, at: 0)
                if String(String.UnicodeScalarView(initials)) == String(acronym).lowercased() { return true }
            }
            if ".;:!?()".unicodeScalars.contains(scalars[index]) { break }
            wordEnd = index
            index -= 1
        }
        return false
    }

    /// Two capitalised words or more just before `position` ("Acme Robotics", "Tesla Inc."): a company's name,
    /// not a capitalised word that opens a sentence.
    private static func followsCompanyName(before position: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var index = position - 1
        var words = 0
        while index >= 0 {
            while index >= 0, scalars[index] == " " || scalars[index] == "," || scalars[index] == "." { index -= 1 }
            var start = index
            while start >= 0, isLetter(scalars[start]) { start -= 1 }
            guard start < index, isUpper(scalars[start + 1]) else { break }
            words += 1
            if words >= 2 { return true }
            index = start
        }
        return false
    }
}
