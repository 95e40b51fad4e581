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
        // A heading that announces other stories ends it too, once some article text precedes it.
        var before = 0
        for index in result.indices {
            if before >= 300, isTeaserHeading(result[index].text) {
                result.removeSubrange(index...)
                break
            }
            before += result[index].text.count
        }
        return result
    }

    static let teaserHeadings: [String] = [
        "related articles", "related stories", "related news", "related content", "related coverage", "related:",
        "read more", "more from", "more stories", "you may also like", "you might also like", "recommended for you",
        "most popular", "most read", "trending now", "further reading", "see also", "also read", "popular stories",
        "você pode gostar", "voce pode gostar", "leia também", "leia mais", "veja também", "vous aimerez aussi",
        "à lire aussi", "a lire aussi", "lire aussi", "te puede interesar", "lea también", "ver también",
        "lesen sie auch", "das könnte sie auch interessieren", "mehr zum thema", "potrebbe interessarti",
        "leggi anche", "相关阅读", "相关新闻", "相关文章", "推荐阅读", "延伸阅读", "热门推荐", "猜你喜欢", "更多精彩", "往期回顾", "热点推荐",
    ]

    static func isTeaserHeading(_ text: String) -> Bool {
        guard text.count <= 40 else { return false }
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        return teaserHeadings.contains(where: { lowered.hasPrefix($0) })
    }
}
