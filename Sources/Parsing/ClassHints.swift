/// What class and id names say about an element: page furniture (navigation, share bars, comments, teasers) or
/// article content.
enum ClassHints {
    /// Names of furniture; an element so named is dropped in the strict pass unless it also looks like content.
    static let unlikelyWords = [
        "-ad-", "ad-break", "adbox", "advert", "agegate", "banner", "breadcrumb", "combx", "comment", "community",
        "cookie", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies",
        "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental", "pagination", "pager",
        "popup", "modal", "newsletter", "subscribe", "signup", "share", "sharing", "toolbar", "topbar", "navbar",
        "recommend", "read-more", "readmore", "more-stories", "trending", "most-popular", "mostpopular", "promo",
        "outbrain", "taboola", "byline-share", "author-bio", "tag-list", "taglist", "print-only", "search-", "-search",
        "_search", "search_", "searchform", "searchbox",
    ]
    /// Names that rescue an element from the unlikely list.
    static let maybeWords = ["and", "article", "body", "column", "content", "main", "shadow", "post", "story"]
    static let positiveWords = [
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text", "blog", "story",
        "detail", "artic", "zhengwen", "正文",
    ]
    static let negativeWords = [
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media",
        "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
        "shopping", "tags", "widget", "recommend", "teaser", "newsletter", "subscribe", "social", "nav", "caption",
        "credit", "byline", "author", "copyright", "disclaimer", "toolbar", "breadcrumb", "more-",
    ]
    static let unlikelyRoles: Set<String> = [
        "menu", "menubar", "complementary", "navigation", "search", "alert", "alertdialog", "dialog", "banner",
        "contentinfo",
    ]

    private static let unlikelyMatcher = WordMatcher(unlikelyWords)
    private static let maybeMatcher = WordMatcher(maybeWords)
    private static let positiveMatcher = WordMatcher(positiveWords)
    private static let negativeMatcher = WordMatcher(negativeWords)

    private static let captionMatcher = WordMatcher(["caption", "credit", "copyright", "byline"])

    /// Captions, photo credits, copyright lines, bylines.
    static func isCaption(_ names: String) -> Bool {
        guard !names.isEmpty else { return false }
        var names = names
        return names.withUTF8 { captionMatcher.matches($0) }
    }

    static func isUnlikely(_ names: String) -> Bool {
        guard !names.isEmpty else { return false }
        var names = names
        return names.withUTF8 { unlikelyMatcher.matches($0) && !maybeMatcher.matches($0) }
    }

    /// −25 for furniture names, +25 for content names, judged on class and id together.
    static func weight(_ names: String) -> Int {
        guard !names.isEmpty else { return 0 }
        var names = names
        return names.withUTF8 { buffer in
            var weight = 0
            if negativeMatcher.matches(buffer) { weight -= 25 }
            if positiveMatcher.matches(buffer) { weight += 25 }
            return weight
        }
    }
}

/// Finds whether any of a set of words occurs in a byte string, trying at each position only the words that start
/// with the two bytes found there (String.contains is far too slow for thousands of elements per page). The words
/// are stored end to end, grouped by first byte, so that a lookup touches no reference-counted storage.
struct WordMatcher: Sendable {
    /// The words' bytes end to end, ordered by first byte; word `w` is `bytes[starts[w]..<starts[w + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int32]
    /// The words starting with byte `b` are `firstWord[b]..<firstWord[b + 1]`.
    private let firstWord: [Int32]
    /// A bit per pair of bytes that starts a word: most positions are passed over on one test.
    private let pairs: [UInt64]

    init(_ words: [String]) {
        // Every word has two bytes or more (the pair filter relies on it).
        let sorted = words.map { Array($0.utf8) }.filter { $0.count >= 2 }.sorted { $0[0] < $1[0] }
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        var firstWord = [Int32](repeating: 0, count: 257)
        var pairs = [UInt64](repeating: 0, count: 1024)
        for word in sorted {
            bytes += word
            starts.append(Int32(bytes.count))
            firstWord[Int(word[0]) + 1] += 1
            let pair = Int(word[0]) << 8 | Int(word[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        for index in 1..<firstWord.count { firstWord[index] += firstWord[index - 1] }
        self.bytes = bytes
        self.starts = starts
        self.firstWord = firstWord
        self.pairs = pairs
    }

    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = text.count
        guard count >= 2 else { return false }
        return bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                firstWord.withUnsafeBufferPointer { firstWord in
                    pairs.withUnsafeBufferPointer { pairs in
                        for position in 0..<(count - 1) {
                            let byte = Int(text[position])
                            let pair = byte << 8 | Int(text[position + 1])
                            guard pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                            var word = Int(firstWord[byte])
                            let lastWord = Int(firstWord[byte + 1])
                            while word < lastWord {
                                let start = Int(starts[word])
                                let length = Int(starts[word + 1]) - start
                                if position + length <= count {
                                    var offset = 1
                                    while offset < length && text[position + offset] == bytes[start + offset] {
                                        offset += 1
                                    }
                                    if offset == length { return true }
                                }
                                word += 1
                            }
                        }
                        return false
                    }
                }
            }
        }
    }
}
