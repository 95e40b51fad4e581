import ReportModel
import Testing

@testable import Extraction

/// The shortcuts the Analyzer takes through a text's UTF-8 bytes give what a walk of its scalars gives.
@Suite struct DecodedTextTests {
    static let texts = [
        "", "a", "Plain ASCII text without any of them", "Revenue rose 12%. Net income fell! Why? Because.",
        "He said \"we grew\" and “we will” — 腾讯（00700）表示：“增长。” Then é, ü and 🙂 follow.",
        String(repeating: "abcdefgh", count: 5) + "." + String(repeating: "中文", count: 9) + "xyz\"",
        "1234567.89012345!é" + String(repeating: " ", count: 17) + "?",
    ]

    @Test(arguments: texts)
    func asciiRunsStopWhereAScalarWalkStops(text: String) {
        let decoded = DecodedText(text)
        let scalars = decoded.scalars
        for (stops, excluded) in [(".!?", (UInt8(0x2E), UInt8(0x21), UInt8(0x3F))), ("\"", (0x22, 0x22, 0x22))] {
            for start in 0...scalars.count {
                for limit in [0, 1, 7, 8, 9, scalars.count - start] where limit <= scalars.count - start {
                    var expected = 0
                    while expected < limit, scalars[start + expected].isASCII,
                        !stops.unicodeScalars.contains(scalars[start + expected])
                    {
                        expected += 1
                    }
                    let run = decoded.asciiRun(from: start, limit: limit, excluding: excluded.0, excluded.1, excluded.2)
                    #expect(run == expected, "\(text) from \(start), limit \(limit)")
                }
            }
        }
    }

    /// A long text's opening, sliced from the bytes, finds the period its scalars find, also when the limit falls
    /// among multi-byte characters.
    @Test(arguments: [0, 1, 2, 3])
    func periodFromTheDecodedOpeningIsTheSame(padding: Int) {
        let filler = String(repeating: "增长 é ", count: 700) + String(repeating: "x", count: padding)
        let text = filler + " Results for the third quarter of 2024. " + filler + " Q1 2023 and Q1 2023."
        let document = Document(title: nil, published: nil, format: .text, blocks: [(.paragraph, text)])
        let detector = PeriodDetector()
        // Within the opening only the third quarter is named; the whole text names Q1 2023 more often.
        #expect(detector.period(of: document, text: DecodedText(document.text))?.label == "2024Q3")
        #expect(detector.period(of: document, text: DecodedText(document.text)) == detector.period(of: document))
        var short = detector
        short.textLimit = 2103 + padding
        #expect(short.period(of: document, text: DecodedText(document.text)) == short.period(of: document))
    }
}
