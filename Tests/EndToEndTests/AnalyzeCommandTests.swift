import Foundation
import ReportWatchTesting
import Testing

/// `reportwatch analyze` is how users and tests check what the parser and the extractors saw.
@Suite struct AnalyzeCommandTests {
    @Test func seedAsJSONHasTheEightSpeakersAndTheDocumentShape() async throws {
        let result = try await ProcessRunner.run("reportwatch", ["analyze", Fixtures.seedArticle.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["title", "published", "language", "period", "text", "blocks", "speakers", "themes"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        #expect(object["title"] as? String == "Tencent released the quarterly social value quarterly report")
        let text = try #require(object["text"] as? String)
        #expect(!text.contains("Academician"))
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        let scalars = Array(text.unicodeScalars)
        for block in blocks {
            let start = try #require(block["start"] as? Int)
            let end = try #require(block["end"] as? Int)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            #expect(String(view) == block["text"] as? String)
        }
        let speakers = try #require(object["speakers"] as? [[String: Any]])
        #expect(Set(speakers.compactMap { $0["name"] as? String }) == [
            "He Guili", "Chen Juhong", "Lu Peng", "Qin Shuo", "Xiao Liming", "Chen Yan", "Dou Ruigang", "Lu Jianzhong",
        ])
        let themes = try #require(object["themes"] as? [[String: Any]])
        #expect(themes.count >= 15)
        #expect(themes.prefix(15).contains { $0["key"] as? String == "common-prosperity" })
    }

    @Test func textPrintsTheMainTextAndErrorsAreNamed() async throws {
        let text = try await ProcessRunner.run("reportwatch", ["analyze", "--text", Fixtures.seedArticle.path])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Tencent released the quarterly social value quarterly report\n"))
        let human = try await ProcessRunner.run("reportwatch", ["analyze", Fixtures.seedArticle.path])
        #expect(human.stdout.contains("SPEAKERS (8)"))
        #expect(human.stdout.contains("He Guili  deputy director and deputy secretary-general — China Internet Association"))
        let missing = try await ProcessRunner.run("reportwatch", ["analyze", "/nonexistent/report.txt"])
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("/nonexistent/report.txt: no such file"))
        let both = try await ProcessRunner.run("reportwatch", ["analyze", "--text", "--json", Fixtures.seedArticle.path])
        #expect(both.status == 64)
    }

    @Test func aURLIsFetchedOverHTTP() async throws {
        let server = try TestHTTPServer()
        server.serveDocument("/q.html", text: """
            <html><head><title>Acme Q3 2024 results</title></head><body><article><h1>Acme Q3 2024 results</h1>
            <p>Revenue grew in the third quarter of 2024, driven by hospital logistics.</p>
            <p>"Hospital logistics is our fastest growing business," said Maria Lopez, chief executive officer of Acme.</p>
            </article></body></html>
            """)
        let result = try await ProcessRunner.run("reportwatch", ["analyze", server.url("/q.html"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["period"] as? String == "2024Q3")
        let speakers = object["speakers"] as? [[String: Any]]
        #expect(speakers?.first?["name"] as? String == "Maria Lopez")
        #expect(speakers?.first?["organization"] as? String == "Acme")
    }
}
