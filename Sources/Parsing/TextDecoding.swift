#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes → text: finds the charset (BOM, HTTP header, in-document declaration, else detection among UTF-8 and the
/// common legacy encodings) and converts with iconv. Invalid bytes become U+FFFD; nothing here fails.
enum TextDecoding {
    struct Result {
        var text: String
        /// The iconv name of the charset used (`UTF-8`, `GB18030`, …).
        var charset: String
    }

    /// Decodes `bytes`; `markup` lets `<meta charset>` / XML declarations in the first bytes name the charset.
    static func decode(_ bytes: [UInt8], contentType: String?, markup: Bool) -> Result {
        let charset = self.charset(of: bytes, contentType: contentType, markup: markup)
        return Result(text: convert(body(of: bytes), from: charset), charset: charset)
    }

    /// The bytes after a byte order mark.
    private static func body(of bytes: [UInt8]) -> ArraySlice<UInt8> {
        if let bom = bom(bytes) { return bytes.dropFirst(bom.length) }
        return bytes[...]
    }

    /// UTF-8 bytes of the decoded text, ready for libxml2. Valid UTF-8, the common case, is passed on as it is:
    /// decoding it into a string and back would give the same bytes.
    static func utf8(_ bytes: [UInt8], contentType: String?, markup: Bool) -> (bytes: [UInt8], charset: String) {
        let charset = self.charset(of: bytes, contentType: contentType, markup: markup)
        let body = body(of: bytes)
        if charset == "UTF-8", isValidUTF8(body) {
            return (body.count == bytes.count ? bytes : Array(body), charset)
        }
        return (Array(convert(body, from: charset).utf8), charset)
    }

    /// Whether the eight bytes at `index` are ASCII: text is mostly ASCII, and this skips it eight at a time.
    @inline(__always) private static func isASCII8(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
    }

    /// Strictly well-formed UTF-8 (Unicode table 3-7: no overlong forms, surrogates or truncated sequences),
    /// exactly what `String(decoding:as:)` keeps unchanged.
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            while index < count {
                if index + 8 <= count, isASCII8(buffer, at: index) {
                    index += 8
                    continue
                }
                let lead = buffer[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
                    index + offset < count && range.contains(buffer[index + offset])
                }
                switch lead {
                case 0xC2...0xDF:
                    guard continuation(1) else { return false }
                    index += 2
                case 0xE0...0xEF:
                    let second: ClosedRange<UInt8> = lead == 0xE0 ? 0xA0...0xBF : lead == 0xED ? 0x80...0x9F : 0x80...0xBF
                    guard continuation(1, second), continuation(2) else { return false }
                    index += 3
                case 0xF0...0xF4:
                    let second: ClosedRange<UInt8> = lead == 0xF0 ? 0x90...0xBF : lead == 0xF4 ? 0x80...0x8F : 0x80...0xBF
                    guard continuation(1, second), continuation(2), continuation(3) else { return false }
                    index += 4
                default:
                    return false
                }
            }
            return true
        }
    }

    static func charset(of bytes: [UInt8], contentType: String?, markup: Bool) -> String {
        if let bom = bom(bytes) { return bom.charset }
        var declarations: [String] = []
        if let declared = contentType.flatMap(charsetParameter).flatMap(iconvName) { declarations.append(declared) }
        // A page that calls itself UTF-16 but reached us as 8-bit bytes is lying; ignore that label.
        if markup, let declared = declaredInMarkup(bytes).flatMap(iconvName), !declared.hasPrefix("UTF-16") {
            declarations.append(declared)
        }
        guard let declared = declarations.first else { return detect(bytes) }
        // Servers and templates mislabel pages (a GBK page served as UTF-8, a page re-saved as UTF-8 that still
        // says gb2312): trust the label only when the bytes do not flatly contradict it.
        let sample = Array(bytes.prefix(64 * 1024))
        if declared == "UTF-8" {
            if isMostlyValidUTF8(sample) { return declared }
            if let other = declarations.dropFirst().first(where: { $0 != "UTF-8" }) { return other }
            // Only a clearly East Asian legacy text overrules the label; stray bad bytes stay replaced UTF-8.
            let detected = detect(bytes)
            return detected == "WINDOWS-1252" ? declared : detected
        }
        if hasMultibyteUTF8(sample) && isMostlyValidUTF8(sample) { return "UTF-8" }
        return declared
    }

    /// True when the bytes hold at least a few well-formed multi-byte UTF-8 sequences (not merely ASCII).
    static func hasMultibyteUTF8(_ bytes: [UInt8]) -> Bool {
        var count = 0
        var index = 0
        while index + 1 < bytes.count {
            let byte = bytes[index]
            if byte >= 0xC2 && byte <= 0xF4 && bytes[index + 1] & 0xC0 == 0x80 {
                count += 1
                if count >= 4 { return true }
                index += 2
            } else {
                index += 1
            }
        }
        return false
    }

    // MARK: - Labels

    static func bom(_ bytes: [UInt8]) -> (charset: String, length: Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ("UTF-8", 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", 2) }
        return nil
    }

    /// `charset=` of a Content-Type value.
    static func charsetParameter(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, trimmed(pair[0]).lowercased() == "charset" else { continue }
            var value = trimmed(pair[1])
            value = value.trimmingQuotes()
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The charset named by `<meta charset>`, `<meta http-equiv content="…charset=…">` or `<?xml encoding=…?>` in
    /// the first 4 KB.
    static func declaredInMarkup(_ bytes: [UInt8]) -> String? {
        var head = Array(bytes.prefix(4096))
        head.withUnsafeMutableBufferPointer { head in
            for index in head.indices where head[index] >= 0x41 && head[index] <= 0x5A { head[index] |= 0x20 }
        }
        if head.starts(with: Array("<?xml".utf8)), let end = head.firstIndex(of: UInt8(ascii: ">")),
            let value = value(after: "encoding", in: head[..<end])
        {
            return value
        }
        var searchFrom = head.startIndex
        while let meta = find(Array("<meta".utf8), in: head, from: searchFrom) {
            let end = head[meta...].firstIndex(of: UInt8(ascii: ">")) ?? head.endIndex
            let tag = head[meta..<end]
            if let value = value(after: "charset", in: tag) { return value }
            searchFrom = end
        }
        return nil
    }

    /// The value after `name` `=` (quoted or not) in an ASCII-lowercased slice.
    private static func value(after name: String, in slice: ArraySlice<UInt8>) -> String? {
        guard let at = find(Array(name.utf8), in: slice, from: slice.startIndex) else { return nil }
        var index = at + name.utf8.count
        func skipSpace() { while index < slice.endIndex, slice[index] == 0x20 || slice[index] == 0x09 { index += 1 } }
        skipSpace()
        guard index < slice.endIndex, slice[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        skipSpace()
        while index < slice.endIndex, slice[index] == UInt8(ascii: "\"") || slice[index] == UInt8(ascii: "'") {
            index += 1
        }
        var value: [UInt8] = []
        while index < slice.endIndex, value.count < 40 {
            let byte = slice[index]
            let isLabel =
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
                || byte == 0x5F || byte == 0x2E || byte == 0x3A
            if !isLabel { break }
            value.append(byte)
            index += 1
        }
        return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
    }

    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = max(start, haystack.startIndex)
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == needle[0] {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        find(needle, in: haystack[...], from: start)
    }

    /// Maps a charset label to the iconv name we convert with; supersets replace their subsets (GB2312 → GB18030,
    /// ISO-8859-1 → windows-1252, Shift_JIS → CP932, Big5 → CP950), as browsers do. Nil for labels we don't know.
    static func iconvName(_ label: String) -> String? {
        let key = label.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
        switch key {
        case "utf8", "unicode11utf8", "unicode20utf8", "xunicode20utf8": return "UTF-8"
        case "gb2312", "gbk", "gb18030", "cp936", "ms936", "windows936", "euccn", "xgbk", "csgb2312", "chinese",
            "hz", "iso885918":
            return "GB18030"
        case "big5", "cp950", "big5hkscs", "xxbig5", "csbig5", "cnbig5":
            return key == "big5hkscs" ? "BIG5-HKSCS" : "CP950"
        case "shiftjis", "sjis", "cp932", "ms932", "windows31j", "xsjis", "csshiftjis", "mskanji": return "CP932"
        case "eucjp", "xeucjp", "cseucpkdfmtjapanese": return "EUC-JP"
        case "iso2022jp", "csiso2022jp": return "ISO-2022-JP"
        case "euckr", "cp949", "ks_c_56011987", "ksc56011987", "windows949", "csksc56011987": return "CP949"
        case "iso88591", "latin1", "l1", "cp1252", "windows1252", "xcp1252", "ascii", "usascii", "iso646us", "cp819",
            "ibm819", "csisolatin1", "us":
            return "WINDOWS-1252"
        case "utf16", "utf16le": return "UTF-16LE"
        case "utf16be": return "UTF-16BE"
        case "koi8r": return "KOI8-R"
        case "koi8u": return "KOI8-U"
        default:
            if key.hasPrefix("windows125"), key.count == 11 { return "WINDOWS-125" + String(key.last!) }
            if key.hasPrefix("cp125"), key.count == 6 { return "WINDOWS-125" + String(key.last!) }
            if key.hasPrefix("iso8859"), let part = Int(key.dropFirst(7)), (2...16).contains(part) {
                return "ISO-8859-\(part)"
            }
            return nil
        }
    }

    // MARK: - Detection

    /// UTF-8 when the bytes are valid UTF-8 (a sequence cut at the end is forgiven); else the legacy encoding whose
    /// decoding looks most like real text: few invalid sequences and mostly common characters.
    static func detect(_ bytes: [UInt8]) -> String {
        let sample = Array(bytes.prefix(64 * 1024))
        if isMostlyValidUTF8(sample) { return "UTF-8" }
        var best = ("WINDOWS-1252", -Double.infinity)
        for candidate in ["GB18030", "CP950", "CP932", "CP949", "WINDOWS-1252"] {
            let score = plausibility(of: sample, as: candidate)
            if score > best.1 { best = (candidate, score) }
        }
        // An East Asian reading must look like real text; random high bytes fall back to windows-1252.
        return best.1 >= 0.3 ? best.0 : "WINDOWS-1252"
    }

    /// Valid UTF-8, or nearly so: a few stray bytes in a long UTF-8 text still count as UTF-8.
    static func isMostlyValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(isMostlyValidUTF8)
    }

    private static func isMostlyValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var invalid = 0
        var multibyte = 0
        let count = bytes.count
        while index < count {
            if index + 8 <= count, isASCII8(bytes, at: index) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            if byte >= 0xC2 && byte <= 0xDF {
                length = 2
            } else if byte >= 0xE0 && byte <= 0xEF {
                length = 3
            } else if byte >= 0xF0 && byte <= 0xF4 {
                length = 4
            } else {
                invalid += 1
                index += 1
                continue
            }
            if index + length > count { break }  // cut at the end of the sample
            var ok = true
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
                ok = false
                break
            }
            if ok {
                multibyte += 1
                index += length
            } else {
                invalid += 1
                index += 1
            }
        }
        return invalid == 0 || (multibyte >= 20 && invalid * 50 <= multibyte)
    }

    /// How much the sample decoded as `charset` looks like text: the share of its non-ASCII characters that are
    /// common in the script that charset serves, less a penalty per invalid sequence.
    static func plausibility(of sample: [UInt8], as charset: String) -> Double {
        var invalid = 0
        let text = convert(sample[...], from: charset, invalidCount: &invalid)
        var nonASCII = 0
        var common = 0
        var previousNonASCII = false
        var pendingLatin = 0
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            if value < 0x80 {
                previousNonASCII = false
                continue
            }
            if value == 0xFFFD { continue }
            nonASCII += 1
            switch charset {
            case "GB18030":
                if CommonCharacters.simplified.contains(value) { common += 1 }
            case "CP950":
                if CommonCharacters.traditional.contains(value) { common += 1 }
            case "CP932":
                if (0x3041...0x30FF).contains(value) || CommonCharacters.japanese.contains(value) { common += 1 }
            case "CP949":
                if (0xAC00...0xD7A3).contains(value) && CommonCharacters.isCommonHangul(value) { common += 1 }
            default:
                // Latin text has isolated accented letters between ASCII letters; CJK read as Latin has runs.
                let nextNonASCII = index + 1 < scalars.count && scalars[index + 1].value >= 0x80
                if !previousNonASCII && !nextNonASCII && CommonCharacters.isLatinPlausible(value) {
                    pendingLatin += 1
                }
            }
            previousNonASCII = true
        }
        common += pendingLatin
        guard nonASCII > 0 else { return invalid == 0 ? 1 : -Double(invalid) }
        return Double(common) / Double(nonASCII) - 0.05 * Double(invalid) / Double(max(1, nonASCII)) * 20
    }

    // MARK: - Conversion

    /// Converts with iconv, replacing each invalid or truncated sequence with U+FFFD.
    static func convert(_ bytes: ArraySlice<UInt8>, from charset: String) -> String {
        var invalid = 0
        return convert(bytes, from: charset, invalidCount: &invalid)
    }

    static func convert(_ bytes: ArraySlice<UInt8>, from charset: String, invalidCount: inout Int) -> String {
        if charset == "UTF-8" {
            return String(decoding: bytes, as: UTF8.self)
        }
        if bytes.allSatisfy({ $0 < 0x80 }) && !charset.hasPrefix("UTF-16") && charset != "ISO-2022-JP" {
            return String(decoding: bytes, as: UTF8.self)
        }
        let descriptor = iconv_open("UTF-8", charset)
        if Int(bitPattern: descriptor) == -1 {
            return String(decoding: bytes, as: UTF8.self)
        }
        defer { iconv_close(descriptor) }
        var output = [UInt8](repeating: 0, count: bytes.count * 3 + 16)
        var produced = 0
        var input = Array(bytes)
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        input.withUnsafeMutableBufferPointer { inputBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inputBuffer.baseAddress)?
                .assumingMemoryBound(to: CChar.self)
            var inLeft = inputBuffer.count
            while inLeft > 0 {
                if output.count - produced < 16 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                let outCapacity = output.count - produced
                var outLeft = outCapacity
                let result = output.withUnsafeMutableBufferPointer { outputBuffer -> Int in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                        outputBuffer.baseAddress! + produced
                    ).assumingMemoryBound(to: CChar.self)
                    return iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                }
                produced += outCapacity - outLeft
                if result != -1 { break }
                switch errno {
                case E2BIG:
                    output.append(contentsOf: repeatElement(0, count: output.count))
                case EILSEQ:
                    invalidCount += 1
                    if output.count - produced < 3 { output.append(contentsOf: repeatElement(0, count: 16)) }
                    output.replaceSubrange(produced..<produced + 3, with: replacement)
                    produced += 3
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                default:  // EINVAL: a sequence cut at the end
                    invalidCount += 1
                    if output.count - produced < 3 { output.append(contentsOf: repeatElement(0, count: 16)) }
                    output.replaceSubrange(produced..<produced + 3, with: replacement)
                    produced += 3
                    inLeft = 0
                }
            }
        }
        return String(decoding: output[..<produced], as: UTF8.self)
    }

    private static func trimmed(_ text: Substring) -> String {
        var slice = text[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}

extension String {
    fileprivate func trimmingQuotes() -> String {
        var slice = self[...]
        while let first = slice.first, first == "\"" || first == "'" { slice = slice.dropFirst() }
        while let last = slice.last, last == "\"" || last == "'" { slice = slice.dropLast() }
        return String(slice)
    }
}
