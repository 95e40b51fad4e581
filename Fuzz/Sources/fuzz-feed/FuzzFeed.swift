import FuzzDriver
import Parsing

/// Feed bytes → RSS, Atom or JSON Feed entries.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeed(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let parser = FeedParser()
    for contentType in [nil, "application/rss+xml", "application/feed+json"] {
        _ = try? parser.parse(bytes, contentType: contentType, url: "https://example.org/feed.xml")
    }
    return 0
}

/// SwiftPM points `main` at this symbol; it hands over to libFuzzer's driver.
@_cdecl("fuzz_feed_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzFeed)
}
