import Foundation
import ReportModel
import Testing

@testable import Store

/// The hand-written JSON of stored blocks, evidence and aliases must read back through the types' Codable
/// conformances exactly as written, whatever the text holds.
@Suite struct CompactJSONTests {
    static let awkward = [
        "", "plain", "quote \" and backslash \\ and slash /", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
        "腾讯 “可持续社会价值” é", "emoji \u{1F600} and U+2028 \u{2028} U+2029 \u{2029}", "\\u0041 stays literal",
    ]

    @Test(arguments: awkward)
    func evidenceReadsBackAsWritten(text: String) throws {
        let evidence = [Evidence(text: text, start: 0, end: 12), Evidence(text: "second", start: 40, end: 1_000_000)]
        let json = CompactJSON.evidence(evidence)
        #expect(try JSONDecoder().decode([Evidence].self, from: Data(json.utf8)) == evidence)
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [Any])
    }

    @Test func blocksAndStringsReadBackAsWritten() throws {
        let blocks = Self.awkward.enumerated().map { index, text in
            TextBlock(kind: TextBlock.Kind.allCases[index % TextBlock.Kind.allCases.count], text: text,
                      start: index * 10, end: index * 10 + text.unicodeScalars.count)
        }
        #expect(try JSONDecoder().decode([TextBlock].self, from: Data(CompactJSON.blocks(blocks).utf8)) == blocks)
        #expect(try JSONDecoder().decode([String].self, from: Data(CompactJSON.strings(Self.awkward).utf8)) == Self.awkward)
        #expect(CompactJSON.blocks([]) == "[]")
        #expect(CompactJSON.evidence([]) == "[]")
    }
}
