import Foundation
import ReportModel
import Testing

@testable import Parsing

/// One HTML fixture + one expected JSON per case (`Fixtures/html/<name>.html` and `<name>.expected.json`).
@Suite struct HTMLFixtureCaseTests {
    struct Expected: Decodable {
        var contentType: String?
        var title: String?
        var published: String?
        var language: String?
        var firstBlock: String?
        var lastBlock: String?
        var contains: [String]
        var excludes: [String]
    }

    static let cases: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: ParsingFixtures.url("html").path)) ?? []
        return files.filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }
            .sorted()
    }()

    @Test func everyExpectationHasItsPage() {
        #expect(Self.cases.count >= 4)
    }

    @Test(arguments: cases)
    func page(name: String) throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(try ParsingFixtures.bytes("html/\(name).expected.json")))
        let document = try DocumentParser().parse(
            FetchedDocument(
                url: "https://fixtures.example/\(name).html", body: try ParsingFixtures.bytes("html/\(name).html"),
                contentType: expected.contentType, fetchedAt: Date()))
        #expect(document.format == .html)
        #expect(document.title == expected.title)
        #expect(document.published == expected.published.flatMap(ParsingFixtures.iso))
        #expect(document.language == expected.language)
        if let first = expected.firstBlock {
            #expect(
                document.blocks.first?.text.hasPrefix(first) == true,
                "first block: \(document.blocks.first?.text ?? "")")
        }
        if let last = expected.lastBlock {
            #expect(
                document.blocks.last?.text.hasSuffix(last) == true, "last block: \(document.blocks.last?.text ?? "")")
        }
        for text in expected.contains { #expect(document.text.contains(text), "missing: \(text)") }
        for text in expected.excludes { #expect(!document.text.contains(text), "leaked: \(text)") }
        let scalars = Array(document.text.unicodeScalars)
        for block in document.blocks {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[block.start..<block.end])
            #expect(String(view) == block.text)
        }
    }
}
