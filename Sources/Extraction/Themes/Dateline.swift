/// The dateline and wire credit that open a news story ("LAGOS (AP) —", "NEW YORK, Nov. 5, 2024 /PRNewswire/ --",
/// "SAN FRANCISCO--(BUSINESS WIRE)--"): where the story was filed and who sent it, never what it is about.
enum Dateline {
    /// How far into a story's opening sentence a dateline may reach.
    static let reach = 120

    /// Where the sentence's text resumes after a dateline, or nil when `scalars[range]` does not open with one: a
    /// head of capitalised words, numbers and credits, with a city in capitals (three letters or more), ended by a
    /// dash. A lower-case word of three letters or more means prose has begun.
    static func end(in scalars: [Unicode.Scalar], _ range: Range<Int>) -> Int? {
        let limit = min(range.upperBound, range.lowerBound + reach)
        var resume: Int?
        var sawCity = false
        var index = range.lowerBound
        while index < limit {
            let scalar = scalars[index]
            if scalar.properties.isAlphabetic {
                var end = index
                var allUpper = true
                while end < limit, scalars[end].properties.isAlphabetic {
                    if !scalars[end].properties.isUppercase { allUpper = false }
                    end += 1
                }
                if scalars[index].properties.isLowercase, end - index >= 3 { break }
                if allUpper, end - index >= 3 { sawCity = true }
                index = end
                continue
            }
            let dashLength = Self.dashLength(scalars, at: index, limit: limit)
            if dashLength > 0 {
                index += dashLength
                if sawCity {
                    var next = index
                    while next < limit, scalars[next].properties.isWhitespace { next += 1 }
                    resume = next
                }
                continue
            }
            index += 1
        }
        return resume
    }

    /// An em or en dash, `--`, or a hyphen with white space on both sides.
    private static func dashLength(_ scalars: [Unicode.Scalar], at index: Int, limit: Int) -> Int {
        switch scalars[index] {
        case "\u{2014}", "\u{2013}": return 1
        case "-":
            if index + 1 < limit, scalars[index + 1] == "-" { return 2 }
            let spaceBefore = index > 0 && scalars[index - 1].properties.isWhitespace
            let spaceAfter = index + 1 < limit && scalars[index + 1].properties.isWhitespace
            return spaceBefore && spaceAfter ? 1 : 0
        default: return 0
        }
    }
}
