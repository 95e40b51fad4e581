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

    static let captionWords = ["caption", "credit", "copyright", "byline"]

    /// What class and id names say, from one pass over them.
    struct Hints: Equatable {
        /// −25 for furniture names, +25 for content names.
        var weight: Int
        /// Furniture, dropped in the strict pass.
        var unlikely: Bool
        /// Captions, photo credits, copyright lines, bylines.
        var caption: Bool
    }

    private enum Group: UInt8 {
        case unlikely = 1, maybe = 2, positive = 4, negative = 8, caption = 16
    }

    private static let matcher = WordMatcher(
        groups: [
            (unlikelyWords, Group.unlikely.rawValue), (maybeWords, Group.maybe.rawValue),
            (positiveWords, Group.positive.rawValue), (negativeWords, Group.negative.rawValue),
            (captionWords, Group.caption.rawValue),
        ])

    static func hints(_ names: String) -> Hints {
        guard !names.isEmpty else { return Hints(weight: 0, unlikely: false, caption: false) }
        var names = names
        let found = names.withUTF8 { matcher.groups(in: $0) }
        func has(_ group: Group) -> Bool { found & group.rawValue != 0 }
        return Hints(
            weight: (has(.negative) ? -25 : 0) + (has(.positive) ? 25 : 0),
            unlikely: has(.unlikely) && !has(.maybe), caption: has(.caption))
    }
}

/// Finds which groups of words occur in a byte string, trying at each position only the words that start with the
/// two bytes found there (String.contains is far too slow for thousands of elements per page). The words are stored
/// end to end, bucketed by their first two bytes, so that a lookup touches no reference-counted storage.
struct WordMatcher: Sendable {
    /// The words' bytes end to end, ordered by bucket; word `w` is `bytes[starts[w]..<starts[w + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int32]
    /// Each word's group bit.
    private let groupOfWord: [UInt8]
    /// The words whose first two bytes fall in bucket `b` are `bucketStart[b]..<bucketStart[b + 1]`.
    private let bucketStart: [Int32]
    /// A bit per pair of bytes that starts a word: most positions are passed over on one test.
    private let pairs: [UInt64]
    private let allGroups: UInt8

    /// Words of two bytes or more (the pair filter relies on it), each group with its own bit.
    init(groups: [(words: [String], bit: UInt8)]) {
        let words = groups.flatMap { group in group.words.map { (Array($0.utf8), group.bit) } }
            .filter { $0.0.count >= 2 }.sorted { Self.bucket($0.0[0], $0.0[1]) < Self.bucket($1.0[0], $1.0[1]) }
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        var groupOfWord: [UInt8] = []
        var bucketStart = [Int32](repeating: 0, count: Self.bucketCount + 1)
        var pairs = [UInt64](repeating: 0, count: 1024)
        for (word, bit) in words {
            bytes += word
            starts.append(Int32(bytes.count))
            groupOfWord.append(bit)
            bucketStart[Self.bucket(word[0], word[1]) + 1] += 1
            let pair = Int(word[0]) << 8 | Int(word[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        for index in 1..<bucketStart.count { bucketStart[index] += bucketStart[index - 1] }
        self.bytes = bytes
        self.starts = starts
        self.groupOfWord = groupOfWord
        self.bucketStart = bucketStart
        self.pairs = pairs
        self.allGroups = groups.reduce(0) { $0 | $1.bit }
    }

    private static let bucketCount = 512

    @inline(__always) private static func bucket(_ first: UInt8, _ second: UInt8) -> Int {
        (Int(first) &* 31 &+ Int(second)) & (bucketCount - 1)
    }

    /// The bits of the groups with a word in `text`.
    func groups(in text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let count = text.count
        guard count >= 2 else { return 0 }
        var found: UInt8 = 0
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                bucketStart.withUnsafeBufferPointer { bucketStart in
                    pairs.withUnsafeBufferPointer { pairs in
                        groupOfWord.withUnsafeBufferPointer { groupOfWord in
                            for position in 0..<(count - 1) {
                                let pair = Int(text[position]) << 8 | Int(text[position + 1])
                                guard pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                                let bucket = Self.bucket(text[position], text[position + 1])
                                for word in Int(bucketStart[bucket])..<Int(bucketStart[bucket + 1])
                                where found & groupOfWord[word] == 0 {
                                    let start = Int(starts[word])
                                    let length = Int(starts[word + 1]) - start
                                    guard position + length <= count else { continue }
                                    var offset = 1
                                    while offset < length && text[position + offset] == bytes[start + offset] {
                                        offset += 1
                                    }
                                    if offset == length { found |= groupOfWord[word] }
                                }
                                if found == allGroups { return }
                            }
                        }
                    }
                }
            }
        }
        return found
    }
}
