/// A read position in UTF-8 text and the regular-expression steps the period rules are made of. A step that
/// matches moves past what it read; a step that fails leaves the position where it was. The steps follow the
/// semantics of the ICU expressions the rules replaced: ASCII letters match either case, `\s` is Unicode
/// White_Space, `\b` is ICU's word boundary, `\d` is an ASCII digit.
struct PeriodCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    /// `word` (lower case) here: ASCII letters in either case, every other byte as written.
    @inline(__always)
    mutating func literal(_ word: StaticString) -> Bool {
        // The buffer, not `utf8Start`: a one-character literal may be stored as a scalar.
        let start = position
        let bytes = bytes
        let length = word.withUTF8Buffer { expected -> Int in
            guard start + expected.count <= bytes.count else { return 0 }
            for k in 0..<expected.count {
                let wanted = expected[k]
                let actual = bytes[start + k]
                let folded = wanted >= UInt8(ascii: "a") && wanted <= UInt8(ascii: "z") ? actual | 0x20 : actual
                if folded != wanted { return 0 }
            }
            return expected.count
        }
        position += length
        return length > 0
    }

    /// The index of the first of `words` found here (an alternation `a|b|c`).
    mutating func firstOf(_ words: [StaticString]) -> Int? {
        words.firstIndex { literal($0) }
    }

    /// `first|second|third|fourth|1st|2nd|3rd|4th` as 1–4, only those up to `limit` (`first|second|1st|2nd` is
    /// `ordinal(upTo: 2)`).
    mutating func ordinal(upTo limit: Int) -> Int? {
        guard position < bytes.count else { return nil }
        let start = position
        let value: Int
        if let digit = digitValue(at: start), (1...4).contains(digit) {
            position += 1
            guard literal(Self.ordinalSuffixes[digit - 1]) else {
                position = start
                return nil
            }
            value = digit
        } else {
            switch bytes[start] | 0x20 {
            case UInt8(ascii: "f"): value = literal("first") ? 1 : literal("fourth") ? 4 : 0
            case UInt8(ascii: "s"): value = literal("second") ? 2 : 0
            case UInt8(ascii: "t"): value = literal("third") ? 3 : 0
            default: value = 0
            }
        }
        guard value > 0, value <= limit else {
            position = start
            return nil
        }
        return value
    }

    static let ordinalSuffixes: [StaticString] = ["st", "nd", "rd", "th"]

    /// One ASCII digit in `range` (`[1-4]`), as its value.
    mutating func digit(in range: ClosedRange<Int>) -> Int? {
        guard let value = digitValue(at: position), range.contains(value) else { return nil }
        position += 1
        return value
    }

    /// `\s?`: one white-space character, if there is one.
    @discardableResult
    mutating func space() -> Bool {
        let length = spaceLength(at: position)
        position += length
        return length > 0
    }

    /// `\s*`; whether anything was skipped, so that `\s+` is `guard skipSpaces()`.
    @discardableResult
    mutating func skipSpaces() -> Bool {
        let start = position
        while space() {}
        return position > start
    }

    /// `(?:19|20)\d{2}`, or with `twoDigits` `(?:19|20)\d{2}|\d{2}` (22 reads as 2022), alternatives tried in that
    /// order; with `boundary` each must be followed by `\b`. Any year is returned: the expression matched even when
    /// the year is implausible ("Q3 1985"), which matters because a match ends its rule's scan.
    mutating func year(twoDigits: Bool, boundary: Bool) -> Int? {
        let start = position
        if let d0 = digitValue(at: start), let d1 = digitValue(at: start + 1), (d0, d1) == (1, 9) || (d0, d1) == (2, 0),
            let d2 = digitValue(at: start + 2), let d3 = digitValue(at: start + 3),
            !boundary || isWordBoundary(at: start + 4)
        {
            position += 4
            return d0 * 1000 + d1 * 100 + d2 * 10 + d3
        }
        if twoDigits, let d0 = digitValue(at: start), let d1 = digitValue(at: start + 1),
            !boundary || isWordBoundary(at: start + 2)
        {
            position += 2
            return 2000 + d0 * 10 + d1
        }
        return nil
    }

    /// `fiscal(?:\s+year)?\s*|FY` or, `spaced`, `fiscal(?:\s+year)?\s+|FY\s?`: the fiscal marker before a year.
    /// One pass decides: backtracking into it could only put the year on a letter or a space, where none starts.
    mutating func fiscalMarker(spaced: Bool) -> Bool {
        let start = position
        if literal("fy") {
            if spaced { space() }
            return true
        }
        guard literal("fiscal") else { return false }
        let afterFiscal = position
        if !(skipSpaces() && literal("year")) { position = afterFiscal }
        if skipSpaces() || !spaced { return true }
        position = start
        return false
    }

    var atWordBoundary: Bool { isWordBoundary(at: position) }

    // MARK: - Characters

    func digitValue(at index: Int) -> Int? {
        guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
        return Int(bytes[index] - 0x30)
    }

    func spaceLength(at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0 }
        let (scalar, length) = scalar(at: index)
        return scalar.properties.isWhitespace ? length : 0
    }

    /// ICU's `\b`: a word character on one side and not on the other. A combining or format character is never a
    /// boundary, and looking back skips over such characters.
    func isWordBoundary(at index: Int) -> Bool {
        let next = index < bytes.count ? bytes[index] : 0
        let previous = index > 0 ? bytes[index - 1] : 0
        if next < 0x80 && previous < 0x80 {
            // ASCII on both sides (or the text's end): neither combining nor format, so the bytes decide.
            return Self.isASCIIWordByte(next) != Self.isASCIIWordByte(previous)
        }
        return isWordBoundaryBeyondASCII(at: index)
    }

    private func isWordBoundaryBeyondASCII(at index: Int) -> Bool {
        var after = false
        if index < bytes.count {
            let scalar = scalar(at: index).scalar
            if Self.isTransparent(scalar) { return false }
            after = Self.isWordCharacter(scalar)
        }
        var before = false
        var back = index
        while back > 0 {
            back -= 1
            while back > 0 && bytes[back] & 0xC0 == 0x80 { back -= 1 }
            let previous = scalar(at: back).scalar
            if !Self.isTransparent(previous) {
                before = Self.isWordCharacter(previous)
                break
            }
        }
        return after != before
    }

    /// ICU's `\w`: alphabetic, a mark, a decimal digit, a connector punctuation, ZWNJ or ZWJ.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIWordByte(UInt8(scalar.value)) }
        let properties = scalar.properties
        if properties.isAlphabetic || scalar.value == 0x200C || scalar.value == 0x200D { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    /// `[A-Za-z0-9_]`.
    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_")
    }

    /// Characters ICU's `\b` looks through: grapheme extenders (combining marks) and format characters.
    static func isTransparent(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII && (scalar.properties.isGraphemeExtend || scalar.properties.generalCategory == .format)
    }

    /// The scalar starting at `index` (a scalar boundary of valid UTF-8, as a String's bytes are) and its length.
    func scalar(at index: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = UInt32(bytes[index])
        func continuation(_ k: Int) -> UInt32 { UInt32(bytes[index + k] & 0x3F) }
        let value: UInt32
        let length: Int
        switch lead {
        case ..<0x80: (value, length) = (lead, 1)
        case ..<0xE0: (value, length) = ((lead & 0x1F) << 6 | continuation(1), 2)
        case ..<0xF0: (value, length) = ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3)
        default: (value, length) = ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}
