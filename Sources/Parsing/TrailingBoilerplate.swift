import Foundation

/// The tail of an extracted text that is not the article: after an end marker (`- END -`, `(END)`, `###`, `—END—`,
/// `（完）`), or a closing run of short headline-like lines (teasers for other stories).
enum TrailingBoilerplate {
    static func trim(_ blocks: [MainTextExtractor.Block]) -> [MainTextExtractor.Block] {
        var result = blocks
        // An end marker ends the article (after at least some text).
        if let marker = result.indices.dropFirst().first(where: { PlainTextParser.isEndMarker(result[$0].text) }) {
            result.removeSubrange(marker...)
        }
        // Section headings that announce other stories end it too, near the end.
        if result.count >= 4 {
            let start = result.count / 2
            if let cut = (start..<result.count).first(where: { isTeaserHeading(result[$0].text) }) {
                result.removeSubrange(cut...)
            }
        }
        return result
    }

    static let teaserHeadings: [String] = [
        "related articles", "related stories", "related news", "related content", "related coverage", "related:",
        "read more", "more from", "more stories", "you may also like", "you might also like", "recommended for you",
        "most popular", "most read", "trending now", "further reading", "see also", "also read", "popular stories",
        "相关阅读", "相关新闻", "相关文章", "推荐阅读", "延伸阅读", "热门推荐", "猜你喜欢", "更多精彩", "往期回顾", "热点推荐",
    ]

    static func isTeaserHeading(_ text: String) -> Bool {
        guard text.count <= 40 else { return false }
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        return teaserHeadings.contains(where: { lowered.hasPrefix($0) })
    }
}
