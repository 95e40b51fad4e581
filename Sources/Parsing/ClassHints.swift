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
        "outbrain", "taboola", "byline-share", "author-bio", "tag-list", "taglist", "print-only", "paywall",
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
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", "banner", "contentinfo",
    ]

    private static let unlikelyBytes = unlikelyWords.map { Array($0.utf8) }
    private static let maybeBytes = maybeWords.map { Array($0.utf8) }
    private static let positiveBytes = positiveWords.map { Array($0.utf8) }
    private static let negativeBytes = negativeWords.map { Array($0.utf8) }

    static func isUnlikely(_ names: String) -> Bool {
        guard !names.isEmpty else { return false }
        var names = names
        return names.withUTF8 { containsAny($0, unlikelyBytes) && !containsAny($0, maybeBytes) }
    }

    /// −25 for furniture names, +25 for content names, judged on class and id together.
    static func weight(_ names: String) -> Int {
        guard !names.isEmpty else { return 0 }
        var names = names
        return names.withUTF8 { buffer in
            var weight = 0
            if containsAny(buffer, negativeBytes) { weight -= 25 }
            if containsAny(buffer, positiveBytes) { weight += 25 }
            return weight
        }
    }

    /// Byte-wise substring search (String.contains is far too slow for thousands of elements per page).
    private static func containsAny(_ text: UnsafeBufferPointer<UInt8>, _ words: [[UInt8]]) -> Bool {
        for word in words where contains(text, word) { return true }
        return false
    }

    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
        let count = word.count
        guard count > 0, text.count >= count else { return false }
        let first = word[0]
        var index = 0
        let last = text.count - count
        while index <= last {
            if text[index] == first {
                var offset = 1
                while offset < count && text[index + offset] == word[offset] { offset += 1 }
                if offset == count { return true }
            }
            index += 1
        }
        return false
    }
}
