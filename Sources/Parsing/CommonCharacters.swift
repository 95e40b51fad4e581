/// Character sets that tell a right legacy decoding from a wrong one: the first level (most common characters) of
/// each East Asian national standard, read once from the system's iconv tables.
enum CommonCharacters {
    /// GB 2312 level 1: the 3,755 most common simplified Chinese characters, plus CJK punctuation.
    static let simplified: Set<UInt32> = table(charset: "GB18030", leads: 0xB0...0xD7, trails: [0xA1...0xFE])
        .union(punctuation)
    /// Big5 frequently used characters (A440–C67E), plus CJK punctuation.
    static let traditional: Set<UInt32> = table(
        charset: "CP950", leads: 0xA4...0xC6, trails: [0x40...0x7E, 0xA1...0xFE]
    )
    .union(punctuation)
    /// JIS X 0208 level 1 kanji, plus CJK punctuation.
    static let japanese: Set<UInt32> = table(charset: "CP932", leads: 0x88...0x98, trails: [0x40...0x7E, 0x80...0xFC])
        .union(punctuation)
    /// KS X 1001 Hangul syllables: the 2,350 in common use.
    static let hangul: Set<UInt32> = table(charset: "CP949", leads: 0xB0...0xC8, trails: [0xA1...0xFE])

    static func isCommonHangul(_ value: UInt32) -> Bool { hangul.contains(value) }

    private static let punctuation: Set<UInt32> = Set((0x3000...0x303F).map { UInt32($0) })
        .union((0xFF01...0xFF5E).map { UInt32($0) })
        .union([0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2014, 0x00B7])

    /// Accented letters and typography that Latin-script text uses.
    static func isLatinPlausible(_ value: UInt32) -> Bool {
        switch value {
        case 0xC0...0xFF: return value != 0xD7 && value != 0xF7
        case 0xA0, 0xA9, 0xAB, 0xAE, 0xB0, 0xBB, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026,
            0x20AC, 0x0152, 0x0153, 0x0160, 0x0161, 0x017D, 0x017E, 0x0178:
            return true
        default: return false
        }
    }

    private static func table(charset: String, leads: ClosedRange<Int>, trails: [ClosedRange<Int>]) -> Set<UInt32> {
        var bytes: [UInt8] = []
        for lead in leads {
            for range in trails {
                for trail in range {
                    bytes.append(UInt8(lead))
                    bytes.append(UInt8(trail))
                }
            }
        }
        let text = TextDecoding.convert(bytes[...], from: charset)
        var set = Set<UInt32>()
        for scalar in text.unicodeScalars
        where scalar.value >= 0x2E80 && scalar.value != 0xFFFD
            && !(0xE000...0xF8FF).contains(scalar.value)
        {
            set.insert(scalar.value)
        }
        return set
    }
}
