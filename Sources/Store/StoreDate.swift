import Foundation
import GRDB

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
        let (year, month, day) = civilDate(daysSince1970: days)
        var text = [UInt8]()
        text.reserveCapacity(23)
        func append(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        append(year, digits: 4)
        text.append(UInt8(ascii: "-"))
        append(month, digits: 2)
        text.append(UInt8(ascii: "-"))
        append(day, digits: 2)
        text.append(UInt8(ascii: " "))
        append(inDay / 3_600_000, digits: 2)
        text.append(UInt8(ascii: ":"))
        append(inDay / 60_000 % 60, digits: 2)
        text.append(UInt8(ascii: ":"))
        append(inDay / 1000 % 60, digits: 2)
        text.append(UInt8(ascii: "."))
        append(inDay % 1000, digits: 3)
        return String(decoding: text, as: UTF8.self).databaseValue
    }

    static func value(_ date: Date?) -> DatabaseValue {
        date.map { value($0) } ?? .null
    }

    /// The date a read of the stored value gives back (milliseconds truncated), for records built in memory.
    static func roundTripped(_ date: Date) -> Date {
        Date.fromDatabaseValue(value(date)) ?? date
    }

    /// Proleptic Gregorian year, month and day of a day count from 1970-01-01 (days ≥ 0).
    private static func civilDate(daysSince1970 days: Int) -> (Int, Int, Int) {
        // Howard Hinnant's days-to-civil algorithm, for non-negative day counts.
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
