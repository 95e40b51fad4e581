import FuzzDriver
import Extraction
import Foundation
import Parsing
import ReportModel

/// Text → document (plain-text parser, which finds transcripts) → speakers, themes and period.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtract(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let fetched = FetchedDocument(
        url: "https://example.org/call.txt", body: bytes, contentType: "text/plain; charset=utf-8",
        formatHint: .text, fetchedAt: Date(timeIntervalSince1970: 0))
    guard let document = try? DocumentParser().parse(fetched) else { return 0 }
    let analysis = Analyzer().analyze(document)
    let length = document.text.unicodeScalars.count
    for theme in analysis.themes {
        for evidence in theme.evidence {
            precondition(evidence.start >= 0 && evidence.start <= evidence.end && evidence.end <= length, "evidence")
        }
    }
    return 0
}

/// SwiftPM points `main` at this symbol; it hands over to libFuzzer's driver.
@_cdecl("fuzz_extract_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzExtract)
}
