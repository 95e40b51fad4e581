import FuzzDriver
import Foundation
import Parsing
import ReportModel

/// HTML bytes → our tree builder → main-text extraction, under every content type the fetcher passes on.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let parser = DocumentParser()
    for contentType in ["text/html; charset=utf-8", "text/html", "application/xhtml+xml; charset=gbk"] {
        let fetched = FetchedDocument(
            url: "https://example.org/report.html", body: bytes, contentType: contentType, formatHint: .html,
            fetchedAt: Date(timeIntervalSince1970: 0))
        if let document = try? parser.parse(fetched) {
            // The offsets the rest of the pipeline relies on must hold.
            let length = document.text.unicodeScalars.count
            for block in document.blocks {
                precondition(block.start >= 0 && block.start <= block.end && block.end <= length, "block offsets")
            }
        }
    }
    return 0
}

/// SwiftPM points `main` at this symbol; it hands over to libFuzzer's driver.
@_cdecl("fuzz_html_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzHTML)
}
