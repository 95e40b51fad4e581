/// Substring search on UTF-8 bytes. Foundation's `String.contains(_:)` bridges to NSString and costs a hundred times
/// more, which shows when every line of every page is tested against a few separators.
enum ByteSearch {
    /// Whether `needle` occurs in `haystack`; with `ignoringASCIICase` the needle must be lowercase.
    static func contains(
        _ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>, ignoringASCIICase: Bool = false
    ) -> Bool {
        let count = needle.count
        guard count > 0 else { return true }
        guard haystack.count >= count else { return false }
        for start in 0...(haystack.count - count) {
            var offset = 0
            while offset < count {
                let byte = haystack[start + offset]
                let folded = ignoringASCIICase ? ByteNameTable<Int>.lowercased(byte) : byte
                if folded != needle[offset] { break }
                offset += 1
            }
            if offset == count { return true }
        }
        return false
    }
}

extension StringProtocol {
    /// `contains(_:)` compared byte for byte.
    func containsUTF8(_ other: String) -> Bool {
        var text = String(self)
        var other = other
        return text.withUTF8 { text in other.withUTF8 { ByteSearch.contains(text, $0) } }
    }
}
