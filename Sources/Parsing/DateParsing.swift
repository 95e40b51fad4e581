import Foundation
import ReportModel

/// Dates as feeds and pages write them: RFC 3339 / ISO 8601 (`2022-08-24T10:00:00+08:00`), RFC 822
/// (`Wed, 24 Aug 2022 10:00:00 GMT`), `August 24, 2022`, `24 August 2022`, `2022/08/24 10:00`, `2022年8月24日`.
/// A time without a zone is taken as UTC.
enum DateParsing {
    static func parse(_ string: String) -> Date? {
        let bytes = Array(string.utf8)
        guard bytes.count >= 6, bytes.count <= 200 else { return nil }
        var scanner = Scanner(bytes: bytes)
        scanner.skipSpace()
        if let date = parseNumeric(&scanner) { return date }
        return parseWithMonthName(bytes)
    }

    /// Year first: `2022-08-24`, `2022/8/24 10:00`, `2022.08.24`, `2022年8月24日 10:00`, with optional time and zone.
    private static func parseNumeric(_ scanner: inout Scanner) -> Date? {
        let start = scanner.index
        guard let year = scanner.number(digits: 4...4), (1970...2100).contains(year) else {
            scanner.index = start
            return nil
        }
        guard scanner.dateSeparator(), let month = scanner.number(digits: 1...2), (1...12).contains(month),
            scanner.dateSeparator(), let day = scanner.number(digits: 1...2), (1...31).contains(day)
        else {
            scanner.index = start
            return nil
        }
        _ = scanner.consume("日")
        var seconds = 0
        var offset = 0
        let afterDate = scanner.index
        if scanner.consume("T") || scanner.consume("t") || scanner.skipSpace() {
            if let time = scanner.time() {
                seconds = time
                offset = scanner.zoneOffset() ?? 0
            } else {
                scanner.index = afterDate
            }
        }
        return date(year: year, month: month, day: day, seconds: seconds, offset: offset)
    }

    private static let monthNames: [(String, Int)] = [
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("sept", 9), ("october", 10), ("november", 11), ("december", 12),
        ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9),
        ("oct", 10), ("nov", 11), ("dec", 12),
    ]

    private static let zoneNames: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "bst": 1, "cet": 1, "cest": 2, "jst": 9, "hkt": 8, "sgt": 8, "ist": 5,
    ]

    /// RFC 822 and prose dates: a month name, a day and a four-digit (or RFC 822 two-digit) year, in either order,
    /// optionally a time and a zone.
    private static func parseWithMonthName(_ bytes: [UInt8]) -> Date? {
        var tokens: [String] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self).lowercased()) }
            current = []
        }
        for byte in bytes {
            let isWord =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: ":")
            if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                flush()
                // A sign after a time starts a zone offset; elsewhere "-" only separates (`24-Aug-2022`).
                if byte == UInt8(ascii: "+") || tokens.last?.contains(":") == true { current.append(byte) }
                continue
            }
            if isWord { current.append(byte) } else { flush() }
        }
        flush()
        var month: Int?
        var day: Int?
        var year: Int?
        var seconds = 0
        var offset: Int?
        var sawTime = false
        for token in tokens {
            if month == nil, let name = monthNames.first(where: { token == $0.0 }) {
                month = name.1
                continue
            }
            if token.contains(":") {
                var scanner = Scanner(bytes: Array(token.utf8))
                if let time = scanner.time() {
                    seconds = time
                    sawTime = true
                    if offset == nil, let zone = scanner.zoneOffset() { offset = zone }
                }
                continue
            }
            if let sign = token.first, sign == "+" || sign == "-" {
                let digits = token.dropFirst()
                if digits.count == 4, let value = Int(digits) {
                    let minutes = (value / 100) * 60 + value % 100
                    offset = (sign == "+" ? 1 : -1) * minutes * 60
                }
                continue
            }
            if token == "pm" || token == "am", sawTime {
                let hour = seconds / 3600
                if token == "pm", hour < 12 { seconds += 12 * 3600 }
                if token == "am", hour == 12 { seconds -= 12 * 3600 }
                continue
            }
            if let zone = zoneNames[token], month != nil {
                offset = zone * 3600
                continue
            }
            if let number = Int(token) {
                if token.count == 4, year == nil, (1970...2100).contains(number) {
                    year = number
                } else if token.count <= 2, day == nil, (1...31).contains(number) {
                    day = number
                } else if token.count == 2, year == nil, day != nil, month != nil {
                    year = number < 70 ? 2000 + number : 1900 + number
                }
                continue
            }
            let trimmedOrdinal =
                token.hasSuffix("st") || token.hasSuffix("nd") || token.hasSuffix("rd")
                || token.hasSuffix("th")
            if trimmedOrdinal, day == nil, let number = Int(token.dropLast(2)), (1...31).contains(number) {
                day = number
            }
        }
        guard let year, let month, let day else { return nil }
        return date(year: year, month: month, day: day, seconds: seconds, offset: offset ?? 0)
    }

    /// Seconds since 1970 from a civil date without Calendar, so results never depend on locale.
    static func date(year: Int, month: Int, day: Int, seconds: Int, offset: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = CivilDate.daysSince1970(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86400 + seconds - offset))
    }

    /// Whether the ASCII letters hold a month's first three letters, in any case.
    private static func mayNameAMonth(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 3 else { return false }
        for index in 0..<(bytes.count - 2) {
            let first = bytes[index] | 0x20
            guard first == 0x6A || first == 0x66 || first == 0x6D || first == 0x61 || first == 0x73 || first == 0x6F
                || first == 0x6E || first == 0x64
            else { continue }
            let word = UInt32(first) << 16 | UInt32(bytes[index + 1] | 0x20) << 8 | UInt32(bytes[index + 2] | 0x20)
            if Self.monthPrefixes.contains(word) { return true }
        }
        return false
    }

    private static let monthAbbreviations = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]

    private static let monthPrefixes: Set<UInt32> = Set(monthAbbreviations.map { name in
        name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    })

    struct Scanner {
        var bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }

        @discardableResult
        mutating func skipSpace() -> Bool {
            let start = index
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A
                    || bytes[index] == 0x0D
            {
                index += 1
            }
            return index > start
        }

        mutating func number(digits: ClosedRange<Int>) -> Int? {
            var value = 0
            var count = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, count < digits.upperBound {
                value = value * 10 + Int(bytes[index] - 0x30)
                count += 1
                index += 1
            }
            return digits.contains(count) ? value : nil
        }

        mutating func consume(_ literal: String) -> Bool {
            let literalBytes = Array(literal.utf8)
            guard index + literalBytes.count <= bytes.count,
                Array(bytes[index..<index + literalBytes.count]) == literalBytes
            else { return false }
            index += literalBytes.count
            return true
        }

        mutating func dateSeparator() -> Bool {
            skipSpace()
            let found = consume("-") || consume("/") || consume(".") || consume("年") || consume("月")
            skipSpace()
            return found
        }

        /// `HH:MM[:SS[.fraction]]` → seconds into the day.
        mutating func time() -> Int? {
            let start = index
            guard let hour = number(digits: 1...2), hour < 24, consume(":") || consume("時") || consume("时"),
                let minute = number(digits: 2...2), minute < 60
            else {
                index = start
                return nil
            }
            var second = 0
            if consume(":"), let value = number(digits: 2...2), value < 61 { second = value }
            if consume(".") || consume(",") { _ = number(digits: 1...9) }
            skipSpace()
            if consume("PM") || consume("pm") || consume("p.m.") {
                return ((hour % 12) + 12) * 3600 + minute * 60 + second
            }
            if consume("AM") || consume("am") || consume("a.m.") { return (hour % 12) * 3600 + minute * 60 + second }
            return hour * 3600 + minute * 60 + second
        }

        /// `Z`, `+08:00`, `+0800`, `+08`, `GMT`, `UTC+8` → seconds east of UTC.
        mutating func zoneOffset() -> Int? {
            skipSpace()
            if consume("Z") || consume("z") { return 0 }
            if consume("UTC") || consume("GMT") || consume("utc") || consume("gmt") {
                return numericOffset() ?? 0
            }
            return numericOffset()
        }

        private mutating func numericOffset() -> Int? {
            let start = index
            let sign: Int
            if consume("+") {
                sign = 1
            } else if consume("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = number(digits: 1...2), hours <= 14 else {
                index = start
                return nil
            }
            _ = consume(":")
            let minutes = number(digits: 2...2) ?? 0
            return sign * (hours * 3600 + minutes * 60)
        }
    }
}

extension DateParsing {
    /// The first date written somewhere inside a line of text (a byline such as `Time:2022.08.24` or
    /// `发布时间：2022-08-24 10:00`, or `Published August 24, 2022`).
    static func find(in text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 6 else { return nil }
        // Year-first numeric dates.
        var index = 0
        while index + 4 <= bytes.count {
            let isBoundary = index == 0 || !(bytes[index - 1] >= 0x30 && bytes[index - 1] <= 0x39)
            if isBoundary, bytes[index] == UInt8(ascii: "1") || bytes[index] == UInt8(ascii: "2") {
                var scanner = Scanner(bytes: bytes)
                scanner.index = index
                if let year = scanner.number(digits: 4...4), (1990...2100).contains(year),
                    scanner.dateSeparator(), scanner.number(digits: 1...2) != nil
                {
                    let end = min(bytes.count, index + 40)
                    if let date = parse(String(decoding: bytes[index..<end], as: UTF8.self)) { return date }
                }
            }
            index += 1
        }
        // Month-name dates: a window around each month word; most short texts name no month, which the bytes tell.
        guard Self.mayNameAMonth(bytes) else { return nil }
        let lower = text.lowercased()
        for month in monthAbbreviations {
            var searchStart = lower.startIndex
            while let range = lower.range(of: month, range: searchStart..<lower.endIndex) {
                let before = lower[..<range.lowerBound].suffix(12)
                let after = lower[range.lowerBound...].prefix(30)
                if let date = parse(String(before + after)) { return date }
                if let date = parse(String(after)) { return date }
                searchStart = range.upperBound
            }
        }
        return nil
    }
}
