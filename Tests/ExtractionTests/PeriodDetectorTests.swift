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

    @Test func onlyTheOpeningIsRead() {
        let filler = String(repeating: "Revenue grew again. ", count: 250)  // 5,000 characters
        #expect(period(title: "Results", text: "Q1 2021 " + filler + "Q3 2022, Q3 2022") == "2021Q1")
        #expect(period(title: "Results", text: filler + "Q3 2022") == nil)
        // The limit counts characters, not bytes: 3,000 Chinese characters (9,000 bytes) are all read.
        #expect(period(title: "公告", text: String(repeating: "收", count: 3000) + "2022年第三季度") == "2022Q3")
    }

    @Test func noPeriodIsNil() {
        #expect(period(title: "Tencent released the quarterly social value quarterly report",
                       text: "Quarterly reports matter. In 2022 the company grew.") == nil)
        #expect(period(title: "Q5 2022 is not a quarter") == nil)
    }
}
