import Parsing

/// Feed bytes → RSS, Atom or JSON Feed entries.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeed(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parser = FeedParser()
    for contentType in [nil, "application/rss+xml", "application/feed+json"] {
        _ = try? parser.parse(bytes, contentType: contentType, url: "https://example.org/feed.xml")
    }
    return 0
}
