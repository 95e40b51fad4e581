import Foundation
import HTTPTransport
import ReportModel
import ReportWatchTesting
import Testing

@Suite struct HTTPDateTests {
    /// 1994-11-06T08:49:37Z, RFC 9110's example.
    let example = Date(timeIntervalSince1970: 784_111_777)

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                      "sun, 06 nov 1994 08:49:37 gmt", "Sun,06 Nov 1994 08:49:37 GMT"])
    func theThreeFormsOfRFC9110(text: String) {
        #expect(HTTPDate.parse(text) == example)
    }

    @Test(arguments: ["", "yesterday", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 31 Nov 1994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT",
                      "Sun, 06 Nov 1994 08:49:37 GMT extra", "06 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"])
    func anythingElseIsNotADate(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func agreesWithAFormatterOverManyDates() throws {
        for step in 0..<2_000 {
            let date = Date(timeIntervalSince1970: (Double(step) * 1_234_567.0).rounded())
            let text = TestHTTPServer.httpDate(date)
            #expect(HTTPDate.parse(text) == date, "\(text)")
            #expect(HTTPDate.format(date) == text)
        }
    }

    @Test func rfc850YearsBeforeSeventyAreThisCentury() {
        #expect(HTTPDate.parse("Monday, 01-Jan-24 00:00:00 GMT") == Date(timeIntervalSince1970: 1_704_067_200))
        #expect(HTTPDate.parse("Thursday, 01-Jan-70 00:00:00 GMT") == Date(timeIntervalSince1970: 0))
    }

    @Test func civilDatesRoundTripEveryDayForFourCenturies() {
        for days in stride(from: -146_097, to: 146_097, by: 1) {
            let (year, month, day) = CivilDate.date(daysSince1970: days)
            #expect(day <= CivilDate.daysIn(month: month, year: year))
            if CivilDate.daysSince1970(year: year, month: month, day: day) != days {
                Issue.record("day \(days) → \(year)-\(month)-\(day) does not round-trip")
                return
            }
        }
        #expect(CivilDate.daysSince1970(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilDate.moment(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate.moment(year: 2024, month: 2, day: 29) == Date(timeIntervalSince1970: 1_709_164_800))
    }
}
