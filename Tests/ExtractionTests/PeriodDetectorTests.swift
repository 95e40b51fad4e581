import Foundation
import ReportModel
import Testing

@testable import Extraction

@Suite struct PeriodDetectorTests {
    func period(title: String?, text: String = "", published: Date? = nil) -> String? {
        let document = Document(title: title, published: published, format: .text,
                                blocks: [(.paragraph, text.isEmpty ? "No period here." : text)])
        return PeriodDetector().period(of: document)?.label
    }

    @Test(arguments: [
        ("Acme Reports Q3 2022 Results", "2022Q3"),
        ("Acme Q3 FY2025 earnings call transcript", "FY2025Q3"),
        ("Results for the third quarter of fiscal 2025", "FY2025Q3"),
        ("Third-Quarter 2024 Financial Results", "2024Q3"),
        ("FY24 Q1 shareholder letter", "FY2024Q1"),
        ("Globex 3Q22 update", "2022Q3"),
        ("Interim results for the first half of 2023", "2023H1"),
        ("H2 2022 review", "2022H2"),
        ("Full year 2022 results", "FY2022"),
        ("Fiscal 2024 fourth quarter results", "FY2024Q4"),
        ("腾讯2022年第三季度业绩", "2022Q3"),
        ("国家统计局：2023年三季度国民经济运行", "2023Q3"),
        ("2023年上半年经济数据发布", "2023H1"),
        ("2022年度报告", "2022"),
    ])
    func titles(title: String, expected: String) {
        #expect(period(title: title) == expected)
    }

    @Test func aPeriodWithoutAYearTakesThePublishYear() {
        let published = ISO8601DateFormatter().date(from: "2024-07-15T00:00:00Z")
        #expect(period(title: "上半年经济运行稳中向好", published: published) == "2024H1")
        #expect(period(title: "第二季度数据", published: published) == "2024Q2")
        #expect(period(title: "上半年", published: nil) == nil)
    }

    @Test func theTextDecidesWhenTheTitleDoesNotSayAndTheMostFrequentMentionWins() {
        let text = "Revenue for the second quarter of 2024 rose 8%, compared with the second quarter of 2023. "
            + "In the second quarter of 2024 margins improved."
        #expect(period(title: "Acme announces results", text: text) == "2024Q2")
    }

    @Test(arguments: [
        "Q3 2022", "q4'23", "FY24 Q1", "3q22 and 2H 2023", "Third-Quarter 2024", "fiscal 2025 third quarter",
        "the FIRST HALF of 2023", "h1 fy24", "Full-year 2022", "fiscal year 2024", "2022年第三季度", "第二季度",
        "2022年Q3", "2023年上半年", "2022年度报告", "\u{FB01}scal 2024 results", "FY2024 Q\u{212A}", "ſecond half of 2022",
        "Revenue grew in the quarter ended June 30, 2024, and in 2023.", "No period here.", "",
        "On behalf of the board, second half 2022", "identify 2023 goals", "FY\u{3000}2024", "FY\u{00A0}24 Q2",
        "the quarterly report of the 2nd-quarter 2024", "Half of the 1st half 2021", "a full year 2021 and full-year 2022",
        "fiscal year 2024 fourth quarter", "Q3",
    ])
    func theCueScanNeverSkipsARuleThatMatches(text: String) {
        let detector = PeriodDetector()
        #expect(detector.mentions(in: text, fallbackYear: 2024) == detector.mentions(in: text, fallbackYear: 2024, prefilter: false))
    }

    @Test func noPeriodIsNil() {
        #expect(period(title: "Tencent released the quarterly social value quarterly report",
                       text: "Quarterly reports matter. In 2022 the company grew.") == nil)
        #expect(period(title: "Q5 2022 is not a quarter") == nil)
    }
}
