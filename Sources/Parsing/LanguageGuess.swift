/// A language guess from the script of the text: `zh` when Han characters dominate, `ja` with kana, `ko` with
/// Hangul, `ru` for Cyrillic, `ar` for Arabic; for Latin script the page's declared language when it names one,
/// else `en`. Nil for empty text or unknown scripts.
enum LanguageGuess {
    static let latinLanguages: Set<String> = [
        "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "nn", "fi", "pl", "cs", "sk", "hu", "ro",
        "tr", "id", "ms", "vi", "ca", "hr", "sl", "et", "lv", "lt", "is", "ga", "tl",
    ]

    static func guess(_ texts: [String], declared: String?) -> String? {
        var han = 0
        var kana = 0
        var hangul = 0
        var latin = 0
        var cyrillic = 0
        var arabic = 0
        var sampled = 0
        for var text in texts {
            // Scalars decoded from the UTF-8 by hand: most are ASCII, and the standard decoder costs more than this.
            let full = text.withUTF8 { bytes -> Bool in
                var index = 0
                while index < bytes.count {
                    // Eight ASCII bytes at a time while the cap is not near: their letters counted in one word.
                    if index + 8 <= bytes.count {
                        let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index)
                            .loadUnaligned(as: UInt64.self))
                        if word & 0x8080_8080_8080_8080 == 0 {
                            let letters = asciiLetters(in: word)
                            if sampled + letters < 20_000 {
                                latin += letters
                                sampled += letters
                                index += 8
                                continue
                            }
                        }
                    }
                    let lead = bytes[index]
                    if lead < 0x80 {
                        // ASCII, most of the bytes: only its letters count (`| 0x20` maps A–Z onto a–z).
                        index += 1
                        guard (lead | 0x20) &- 0x61 < 26 else { continue }
                        latin += 1
                        sampled += 1
                        if sampled >= 20_000 { return true }
                        continue
                    }
                    let value: UInt32
                    switch lead {
                    case 0xC0..<0xE0 where index + 1 < bytes.count:
                        value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                        index += 2
                    case 0xE0..<0xF0 where index + 2 < bytes.count:
                        value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
                            | UInt32(bytes[index + 2] & 0x3F)
                        index += 3
                    default:
                        // Four-byte scalars (U+10000 and up) are in none of the scripts counted.
                        index += lead >= 0xF0 ? 4 : 1
                        continue
                    }
                    switch value {
                    case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: latin += 1
                    case 0x3040...0x30FF: kana += 1
                    case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: han += 1
                    case 0xAC00...0xD7AF, 0x1100...0x11FF: hangul += 1
                    case 0x400...0x4FF: cyrillic += 1
                    case 0x600...0x6FF: arabic += 1
                    default: continue
                    }
                    sampled += 1
                    if sampled >= 20_000 { return true }
                }
                return false
            }
            if full { break }
        }
        guard sampled > 0 else { return nil }
        let declaredCode = declared.map { String($0.lowercased().prefix(while: { $0.isLetter })) }
        // A CJK character stands for a word; Latin letters come five or so to a word.
        let cjk = (han + kana + hangul) * 4
        if cjk >= latin && cjk >= cyrillic && cjk >= arabic {
            if kana * 5 >= han + kana, kana > 0 { return "ja" }
            if hangul > han { return "ko" }
            return "zh"
        }
        if cyrillic > latin && cyrillic >= arabic {
            if let declaredCode, ["ru", "uk", "bg", "sr", "mk", "be", "kk"].contains(declaredCode) {
                return declaredCode
            }
            return "ru"
        }
        if arabic > latin { return declaredCode.flatMap { ["ar", "fa", "ur"].contains($0) ? $0 : nil } ?? "ar" }
        if let declaredCode, latinLanguages.contains(declaredCode) { return declaredCode }
        return "en"
    }

    /// How many of the eight ASCII bytes of `word` are letters. Lower-cased (`| 0x20` maps A–Z onto a–z), each
    /// byte is below 0x80, so adding to it never carries into the next: a byte's top bit then says whether it
    /// reached 0x61 ("a") and not 0x7B (past "z").
    static func asciiLetters(in word: UInt64) -> Int {
        let lowered = word | 0x2020_2020_2020_2020
        let atLeastA = lowered &+ 0x1F1F_1F1F_1F1F_1F1F
        let pastZ = lowered &+ 0x0505_0505_0505_0505
        return (atLeastA & ~pastZ & 0x8080_8080_8080_8080).nonzeroBitCount
    }
}
