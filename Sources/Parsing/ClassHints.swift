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

    static func isUnlikely(_ names: String) -> Bool {
        guard !names.isEmpty else { return false }
        return containsAny(names, unlikelyWords) && !containsAny(names, maybeWords)
    }

    /// −25 for furniture names, +25 for content names, judged on class and id together.
    static func weight(_ names: String) -> Int {
        guard !names.isEmpty else { return 0 }
        var weight = 0
        if containsAny(names, negativeWords) { weight -= 25 }
        if containsAny(names, positiveWords) { weight += 25 }
        return weight
    }

    private static func containsAny(_ text: String, _ words: [String]) -> Bool {
        for word in words where text.contains(word) { return true }
        return false
    }
}
