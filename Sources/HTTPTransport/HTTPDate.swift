import Foundation
import ReportModel

/// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the obsolete RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms, read from bytes: a
/// DateFormatter costs tens of microseconds to build and loads ICU into the process.
public enum HTTPDate {
    public static func parse(_ text: some StringProtocol) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count <= 64 else { return nil }
        let words = bytes.split(whereSeparator: { $0 == 0x20 || $0 == 0x2C || $0 == 0x09 })
        switch words.count {
        case 6:  // IMF-fixdate: weekday, day, month, year, time, GMT
            guard isWeekday(words[0]), isGMT(words[5]), let day = number(words[1], digits: 1...2),
                  let month = month(words[2]), let year = number(words[3], digits: 4...4)
            else { return nil }
            return moment(year: year, month: month, day: day, time: words[4])
        case 4:  // RFC 850: weekday, day-month-yy, time, GMT
            let parts = words[1].split(separator: 0x2D, omittingEmptySubsequences: false)
            guard isWeekday(words[0]), isGMT(words[3]), parts.count == 3, let day = number(parts[0], digits: 1...2),
                  let month = month(parts[1]), let shortYear = number(parts[2], digits: 2...2)
            else { return nil }
            // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
            return moment(year: shortYear < 70 ? 2000 + shortYear : 1900 + shortYear, month: month, day: day,
                          time: words[2])
        case 5:  // asctime: weekday, month, day, time, year
            guard isWeekday(words[0]), let month = month(words[1]), let day = number(words[2], digits: 1...2),
                  let year = number(words[4], digits: 4...4)
            else { return nil }
            return moment(year: year, month: month, day: day, time: words[3])
        default:
            return nil
        }
    }

    /// `Retry-After`: delay-seconds or an HTTP date, as the wait from `now` (never negative).
    public static func retryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int64(trimmed) { return seconds >= 0 ? .seconds(seconds) : nil }
        guard let date = parse(trimmed) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }

    /// The IMF-fixdate of `date` (whole seconds, UTC), the form servers send.
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let (year, month, day) = CivilDate.date(daysSince1970: days)
        let inDay = seconds - days * 86_400
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        func capitalised(_ name: String) -> String { name.prefix(1).uppercased() + name.dropFirst() }
        // 1970-01-01 was a Thursday, the fourth day of a week that starts on Monday.
        let weekday = weekdayNames[((days + 3) % 7 + 7) % 7]
        return "\(capitalised(weekday)), \(twoDigits(day)) \(capitalised(monthNames[month - 1])) \(year) "
            + "\(twoDigits(inDay / 3600)):\(twoDigits(inDay / 60 % 60)):\(twoDigits(inDay % 60)) GMT"
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let longWeekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    private static func lowercased(_ word: some Collection<UInt8>) -> String {
        String(decoding: word.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    private static func month(_ word: some Collection<UInt8>) -> Int? {
        monthNames.firstIndex(of: lowercased(word)).map { $0 + 1 }
    }

    private static func isWeekday(_ word: some Collection<UInt8>) -> Bool {
        let name = lowercased(word)
        return weekdayNames.contains(name) || longWeekdayNames.contains(name)
    }

    private static func isGMT(_ word: some Collection<UInt8>) -> Bool {
        let zone = lowercased(word)
        return zone == "gmt" || zone == "utc" || zone == "ut" || zone == "z"
    }

    private static func number(_ word: some Collection<UInt8>, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(word.count) else { return nil }
        var value = 0
        for byte in word {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `HH:MM:SS` on the given day, in UTC.
    private static func moment(year: Int, month: Int, day: Int, time: ArraySlice<UInt8>) -> Date? {
        let parts = time.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard parts.count == 3, let hour = number(parts[0], digits: 2...2), let minute = number(parts[1], digits: 2...2),
              let second = number(parts[2], digits: 2...2)
        else { return nil }
        return CivilDate.moment(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
