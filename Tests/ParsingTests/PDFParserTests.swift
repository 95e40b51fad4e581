import Foundation
import ReportModel
import Testing

@testable import Parsing

@Suite struct PDFParserTests {
    static let hasPdftotext = FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

    /// A two-page PDF written by hand (Helvetica text, correct xref offsets).
    static func makePDF(pages: [[String]]) -> [UInt8] {
        var objects: [String] = []
        let pageCount = pages.count
        // 1: catalog, 2: pages, 3: font, then per page: page object and content stream.
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        let kids = (0..<pageCount).map { "\(4 + $0 * 2) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pageCount) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        for (index, lines) in pages.enumerated() {
            var stream = "BT /F1 12 Tf 72 720 Td 14 TL\n"
            for line in lines {
                let escaped = line.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
                stream += "(\(escaped)) Tj T*\n"
            }
            stream += "ET"
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents \(5 + index * 2) 0 R "
                    + "/Resources << /Font << /F1 3 0 R >> >> >>")
            objects.append("<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream")
        }
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(pdf.utf8)
    }

    @Test(.enabled(if: hasPdftotext, "pdftotext (poppler-utils) is not installed"))
    func tinyPDFWithPageBreakAndHyphenation() throws {
        let pdf = Self.makePDF(pages: [
            ["Quarterly Report", "", "Revenue grew strongly in the second quar-", "ter of the year, and margins", "1"],
            ["improved as costs fell.", "", "The board declared a dividend.", "2"],
        ])
        let document = try DocumentParser().parse(
            FetchedDocument(url: "file:///tmp/report.pdf", body: pdf, fetchedAt: Date()))
        #expect(document.format == .pdf)
        #expect(document.title == "Quarterly Report")
        #expect(
            document.blocks.map(\.text) == [
                "Quarterly Report",
                "Revenue grew strongly in the second quarter of the year, and margins improved as costs fell.",
                "The board declared a dividend.",
            ])
    }

    @Test func notAPDFIsAClearError() {
        let fetched = FetchedDocument(
            url: "https://e.com/report.pdf", body: Array("<html>oops</html>".utf8), formatHint: .pdf, fetchedAt: Date())
        do {
            _ = try DocumentParser().parse(fetched)
            Issue.record("expected a ParseError")
        } catch {
            #expect(error.description.contains("not a PDF"))
            #expect(error.url == "https://e.com/report.pdf")
        }
    }

    @Test(.enabled(if: hasPdftotext, "pdftotext (poppler-utils) is not installed"))
    func brokenPDFIsAnErrorNotACrash() {
        var bytes = Array("%PDF-1.7\n1 0 obj << /Type /Catalog".utf8)
        bytes += [UInt8](repeating: 0x41, count: 100)
        #expect(throws: ParseError.self) {
            try PDFParser().parse(bytes, url: "https://e.com/broken.pdf")
        }
    }

    @Test func repairJoinsHyphenationAndPageBreaks() {
        let text =
            "Title\n\nThe results were deter-\nmined by volume, and\n\n   12\n\u{0C}continued on the next page.\n\nPage 2 of 3\n"
        #expect(
            PDFParser.repair(text) == "Title\n\nThe results were determined by volume, and\ncontinued on the next page."
        )
    }
}

@Suite struct PDFSubprocessLimitTests {
    /// A stand-in for pdftotext: a shell script that misbehaves on purpose.
    private func script(_ body: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fake-pdftotext-\(UUID().uuidString)")
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
        return url
    }

    private let pdf = Array("%PDF-1.4\n%%EOF\n".utf8)

    @Test func hangingConverterIsStoppedAtTheTimeout() throws {
        let fake = try script("exec sleep 30")
        defer { try? FileManager.default.removeItem(at: fake) }
        let start = ContinuousClock.now
        #expect(throws: ParseError.self) {
            try PDFParser(executable: fake.path, timeout: .milliseconds(500)).parse(pdf, url: "https://e.com/slow.pdf")
        }
        #expect(ContinuousClock.now - start < .seconds(15))
    }

    @Test func outputIsCapped() throws {
        let fake = try script("i=0; while [ $i -lt 200000 ]; do echo \"line $i of a very long text\"; i=$((i+1)); done")
        defer { try? FileManager.default.removeItem(at: fake) }
        let document = try PDFParser(executable: fake.path, outputLimit: 10_000).parse(pdf, url: "https://e.com/big.pdf")
        // The cap is on the converter's output; paragraphs are then joined by blank lines.
        #expect(document.text.utf8.count < 11_000)
        #expect(document.text.hasPrefix("line 0 of a very long text"))
    }

    @Test func missingConverterIsAClearError() {
        do {
            _ = try PDFParser(executable: "/nonexistent/pdftotext").parse(pdf, url: "https://e.com/a.pdf")
            Issue.record("expected a ParseError")
        } catch {
            #expect(error.reason.contains("poppler-utils"))
        }
    }
}
