import Foundation
import ReportModel

/// The tail of an extracted text that is not the article: after an end marker (`- END -`, `(END)`, `###`, `—END—`,
/// `（完）`), or a closing run of short headline-like lines (teasers for other stories).
enum TrailingBoilerplate {
    static func trim(_ blocks: [MainTextExtractor.Block]) -> [MainTextExtractor.Block] {
        var result = blocks
        // An end marker ends the article (after at least some text).
        if let marker = result.indices.dropFirst().first(where: { PlainTextParser.isEndMarker(result[$0].text) }) {
            result.removeSubrange(marker...)
        }
        // A heading that announces other stories: near the end it ends the article; inside it, only the heading
        // and the few short link lines under it go.
        let total = result.reduce(0) { $0 + $1.text.utf8.count }
        var before = 0
        var index = 0
        while index < result.count {
            let length = result[index].text.utf8.count
            if before >= 300, before * 10 >= total * 6, isClosingSectionHeading(result[index]) {
                result.removeSubrange(index...)
                break
            }
            if before >= 300, isTeaserHeading(result[index].text) {
                if before * 10 >= total * 6 {
                    result.removeSubrange(index...)
                    break
                }
                var end = index + 1
                while end < result.count, end - index <= 3, result[end].text.utf8.count < 300 { end += 1 }
                result.removeSubrange(index..<end)
                continue
            }
            before += length
            index += 1
        }
        // Single-line pointers to other stories inside the text ("READ MORE: …", "Related: …", "DON'T MISS").
        result.removeAll { isInlineTeaser($0.text) }
        // Bylines and datelines at the top ("By Jane Doe - 11/18/19 11:04 PM EST", "Updated at 1:23 p.m.").
        var leading = 0
        while leading < min(3, result.count), isBylineOrDateline(result[leading].text) { leading += 1 }
        if leading > 0, leading < result.count { result.removeFirst(leading) }
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

    private static let teaserHeadingBytes = teaserHeadings.map { Array($0.utf8) }
    private static let closingSectionHeadingBytes = closingSectionHeadings.map { Array($0.utf8) }
    private static let inlineTeaserPrefixBytes = inlineTeaserPrefixes.map { Array($0.utf8) }

    /// Whether the text starts with one of the prefixes, compared as UTF-8 (String.hasPrefix compares characters
    /// and costs far more; the prefixes end on whole characters).
    private static func startsWithAny(_ text: String, _ prefixes: [[UInt8]]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in prefixes.contains { bytes.starts(with: $0) } }
    }

    static func isTeaserHeading(_ text: String) -> Bool {
        guard text.utf8.count <= 160, text.count <= 40 else { return false }
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        return startsWithAny(lowered, teaserHeadingBytes)
    }

    /// Headings of the closing sections of a press release or an article that are not its substance.
    static let closingSectionHeadings: [String] = [
        "about ", "forward-looking statement", "forward looking statement", "safe harbor", "safe harbour",
        "media contact", "investor contact", "press contact", "contacts", "contact:", "for more information",
        "for further information", "关于", "免责声明", "责任编辑", "编辑：", "（责任编辑", "(责任编辑", "【责任编辑",
    ]

    /// Whole lines that open a page's comment or sharing widgets ("Comments", "Like this:").
    static let closingLabels: Set<String> = [
        "comments", "comment", "leave a comment", "leave a reply", "post a comment", "add a comment", "like this",
        "share this", "share this article", "share this story", "share", "评论", "发表评论", "分享到",
    ]

    static func isClosingSectionHeading(_ block: MainTextExtractor.Block) -> Bool {
        let text = block.text
        guard text.utf8.count <= 160, text.count <= 40, let last = text.last else { return false }
        let lowered = text.lowercased()
        var label = lowered.trimmingCharacters(in: .whitespaces)
        if label.hasSuffix(":") || label.hasSuffix("：") { label.removeLast() }
        if closingLabels.contains(label) { return true }
        guard block.kind == .heading || !".!?。！？".contains(last) else { return false }
        return startsWithAny(lowered, closingSectionHeadingBytes)
    }

    static let inlineTeaserPrefixes = [
        "read more:", "see more:", "related:", "don't miss", "don’t miss", "also read:", "read also:", "more:",
        "recommended:", "watch:", "listen:", "click here", "follow us", "延伸阅读：",
        "相关阅读：", "相关新闻：", "推荐阅读：",
    ]

    static func isInlineTeaser(_ text: String) -> Bool {
        guard text.utf8.count <= 200 else { return false }
        // The prefixes are short: lowercasing the whole line would cost more than all the rest.
        let lowered = text.prefix(24).lowercased()
        if startsWithAny(lowered, inlineTeaserPrefixBytes) { return true }
        // "Headline of another story [VIDEO]", "… [INSIGHT]"
        if text.hasSuffix("]"), let open = text.lastIndex(of: "["), text.distance(from: text.startIndex, to: open) >= 20
        {
            let tag = text[text.index(after: open)..<text.index(before: text.endIndex)]
            if !tag.isEmpty, tag.count <= 12, tag.allSatisfy({ $0.isUppercase || $0 == " " }) { return true }
        }
        return false
    }

    static func isBylineOrDateline(_ text: String) -> Bool {
        guard text.utf8.count <= 270, text.count <= 90 else { return false }
        let lowered = text.lowercased()
        // "By Jane Doe, 14 August" — a name follows; "By the end of June, sales rose." is prose.
        if lowered.hasPrefix("by "), let next = text.dropFirst(3).first, next.isUppercase, !text.hasSuffix(".") {
            return true
        }
        for prefix in ["updated", "published", "posted", "last updated", "作者", "来源", "发布时间", "编辑"]
        where lowered.hasPrefix(prefix) {
            return true
        }
        return DateParsing.find(in: text) != nil && text.split(separator: " ").count <= 12
    }
}
