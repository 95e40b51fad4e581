import Foundation
import GRDB
import ReportModel

/// Dates as GRDB stores them ("yyyy-MM-dd HH:mm:ss.SSS", UTC), formatted by hand: GRDB's DateFormatter costs
/// several microseconds per date, which adds up when every poll writes three of them.
enum StoreDate {
    /// The stored text of `date`, identical to GRDB's `Date.databaseValue`.
    static func value(_ date: Date) -> DatabaseValue {
        // The same arithmetic as Foundation's formatter (from the reference date, rounded), so the texts agree.
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000).rounded()
        // Outside 1970...9999 (never written by the daemon) GRDB's own formatting decides.
        guard milliseconds >= 0, milliseconds < 253_402_300_800_000 else { return date.databaseValue }
        let total = Int64(milliseconds)
        let days = Int(total / 86_400_000)
        let inDay = Int(total % 86_400_000)
        let (year, month, day) = CivilDate.date(daysSince1970: days)
        var text = [UInt8]()
        text.reserveCapacity(23)
        text.appendDateTime(year: year, month: month, day: day, secondsInDay: inDay / 1000, separator: UInt8(ascii: " "))
        text.append(UInt8(ascii: "."))
        text.appendDigits(inDay % 1000, count: 3)
        return String(decoding: text, as: UTF8.self).databaseValue
    }

    static func value(_ date: Date?) -> DatabaseValue {
        date.map { value($0) } ?? .null
    }

    /// The date a read of the stored value gives back (milliseconds truncated), for records built in memory.
    static func roundTripped(_ date: Date) -> Date {
        self.date(value(date)) ?? date
    }

    /// Reads what `value` writes ("yyyy-MM-dd HH:mm:ss.SSS", or without milliseconds) by hand; other texts and
    /// numbers go to GRDB. GRDB's reading builds a Foundation calendar, which loads ICU into the process (5 MB of
    /// resident memory). The result is GRDB's to the last bit or two of the Double, and every Store read uses it.
    static func date(_ value: DatabaseValue) -> Date? {
        guard case .string(let stored) = value.storage else { return Date.fromDatabaseValue(value) }
        var text = stored
        let parsed: Date? = text.withUTF8 { bytes -> Date? in
            guard bytes.count == 19 || bytes.count == 23 else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var result = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    result = result * 10 + digit
                }
                return result
            }
            let separators: [(Int, UInt8)] = [(4, 0x2D), (7, 0x2D), (10, 0x20), (13, 0x3A), (16, 0x3A)]
            guard separators.allSatisfy({ bytes[$0.0] == $0.1 }), bytes.count == 19 || bytes[19] == 0x2E,
                  let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                  let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                  let milliseconds = bytes.count == 23 ? number(20..<23) : 0,
                  year >= 1970, (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day), hour < 24,
                  minute < 60, second < 60
            else { return nil }
            let days = CivilDate.daysSince1970(year: year, month: month, day: day)
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - 978_307_200
            return Date(timeIntervalSinceReferenceDate: Double(seconds) + Double(milliseconds) / 1000)
        }
        return parsed ?? Date.fromDatabaseValue(value)
    }
}

extension Row {
    /// A stored date read by `StoreDate`; nil for NULL.
    func date(_ index: Int) -> Date? { StoreDate.date(self[index]) }
    func date(_ column: String) -> Date? { StoreDate.date(self[column]) }

    /// A NOT NULL date; anything unreadable goes to GRDB, which names the column in its error.
    func requiredDate(_ index: Int) -> Date { date(index) ?? self[index] }
    func requiredDate(_ column: String) -> Date { date(column) ?? self[column] }
}

extension [UInt8] {
    /// The decimal digits of a non-negative `value`, zero-padded to `count`.
    mutating func appendDigits(_ value: Int, count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// `yyyy-MM-dd<separator>HH:mm:ss`, shared by the store's dates and the event payloads' ISO 8601 ones.
    mutating func appendDateTime(year: Int, month: Int, day: Int, secondsInDay: Int, separator: UInt8) {
        appendDigits(year, count: 4)
        append(UInt8(ascii: "-"))
        appendDigits(month, count: 2)
        append(UInt8(ascii: "-"))
        appendDigits(day, count: 2)
        append(separator)
        appendDigits(secondsInDay / 3600, count: 2)
        append(UInt8(ascii: ":"))
        appendDigits(secondsInDay / 60 % 60, count: 2)
        append(UInt8(ascii: ":"))
        appendDigits(secondsInDay % 60, count: 2)
    }
}
