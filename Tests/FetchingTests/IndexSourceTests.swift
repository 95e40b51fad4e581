import Fetching
import Foundation
import HTTPTransport
import ReportModel
import ReportWatchTesting
import Testing

@Suite struct IndexSourceTests {
    static func indexPage(_ reports: [String]) -> String {
        let items = reports.map { "<li><a href=\"/files/\($0).pdf\">Report \($0)</a></li>" }
        return """
            <html><head><title>Investor relations</title></head><body>
            <nav><a href="/">Home</a> <a href="/about.html">About</a> <a href="mailto:ir@example.com">Mail</a></nav>
            <ul>\(items.joined())</ul>
            <a href="/files/annual-2023.pdf#page=2">Annual report</a>
            </body></html>
            """
    }

    @Test func anIndexPageThatGainsALinkToAPDF() async throws {
        let harness = try FetchHarness()
        let server = harness.server
        let pdf: (String) -> [UInt8] = { Array("%PDF-1.4 report \($0)".utf8) }
        for report in ["2024-q1", "2024-q2", "2024-q3", "annual-2023"] {
            server.script("/files/\(report).pdf", [.ok(pdf(report), contentType: "application/pdf")])
        }
        server.serveDocument("/ir/", text: Self.indexPage(["2024-q2", "2024-q1"]), etag: "\"i1\"")
        let source = SourceConfig(
            name: "acme-ir", kind: .index, url: server.url("/ir/"), interval: .seconds(3600),
            linkPattern: #"/files/\d{4}-q\d\.pdf$"#)

        let first = try await harness.fetcher.poll(source, state: SourceState())
        #expect(first.wasFirstPoll)
        #expect(first.documents.map(\.url) == [server.url("/files/2024-q1.pdf"), server.url("/files/2024-q2.pdf")])
        #expect(first.documents.map(\.body) == [pdf("2024-q1"), pdf("2024-q2")])
        #expect(first.documents.allSatisfy { $0.contentType == "application/pdf" })
        #expect(first.documents.map(\.titleHint) == ["Report 2024-q1", "Report 2024-q2"])

        let unchanged = try await harness.fetcher.poll(source, state: first.state)
        #expect(unchanged.notModified)

        server.serveDocument("/ir/", text: Self.indexPage(["2024-q3", "2024-q2", "2024-q1"]), etag: "\"i2\"")
        let gained = try await harness.fetcher.poll(source, state: unchanged.state)
        #expect(gained.documents.map(\.url) == [server.url("/files/2024-q3.pdf")])
        #expect(gained.documents.first?.contentType == "application/pdf")
        #expect(gained.state.seenItems.count == 3)

        #expect(server.requests.map(\.path) == [
            "/ir/", "/files/2024-q1.pdf", "/files/2024-q2.pdf",
            "/ir/",
            "/ir/", "/files/2024-q3.pdf",
        ])
        #expect(server.requests(to: "/ir/").map { $0.header("If-None-Match") } == [nil, "\"i1\"", "\"i1\""])
    }

    @Test func anIndexWithoutAValidPatternIsAnError() async throws {
        let harness = try FetchHarness()
        harness.server.script("/ir/", [.ok(Self.indexPage(["2024-q1"]))])
        let bad = SourceConfig(name: "bad", kind: .index, url: harness.server.url("/ir/"), interval: .seconds(60),
                               linkPattern: "([unclosed")
        let error = await #expect(throws: FetchError.self) { try await harness.fetcher.poll(bad, state: SourceState()) }
        #expect(error?.reason.contains("link_pattern") == true)
        #expect(harness.server.requests.isEmpty)
    }
}
