import Foundation
import ReportModel

/// Weights blocks and sentences so that legal notices, "About us" sections, bylines, datelines and contact lines
/// contribute nothing: the same report with different boilerplate must yield the same themes.
enum Boilerplate {
    /// Phrases that mark a whole block as boilerplate.
    static let blockMarkers = [
        "forward-looking statement", "forward looking statement", "safe harbor", "safe harbour", "all rights reserved",
        "undue reliance", "copyright", "©", "for more information", "for further information", "media contact",
        "investor contact", "investor relations contact", "unsubscribe", "privacy policy", "terms of use",
        "disclaimer", "click here", "follow us", "scan the qr", "this press release contains",
        "免责声明", "版权所有", "责任编辑", "原标题", "扫码", "点击关注", "转载请注明", "未经授权",
    ]

    /// Short headings after which the next block is boilerplate too.
    static let headingMarkers = [
        "safe harbor", "safe harbour", "forward-looking", "forward looking", "disclaimer", "contacts", "contact",
        "media inquiries", "investor relations", "关于我们", "免责声明",
    ]

    /// Byline and source lines in Chinese news.
    static let chineseBylineMarkers = ["记者", "编辑：", "来源：", "作者：", "责编", "通讯员", "摄影：", "图片来源"]

    static func blockWeights(_ document: Document) -> [Double] {
        var weights = Array(repeating: 1.0, count: document.blocks.count)
        var index = 0
        while index < document.blocks.count {
            let text = document.blocks[index].text
            let lower = text.lowercased()
            let words = text.split(whereSeparator: { $0.isWhitespace })
            let short = words.count <= 8 && text.count <= 60
            if blockMarkers.contains(where: { lower.contains($0) }) || isByline(text, words: words) {
                weights[index] = 0
            }
            if short, isBoilerplateHeading(lower, words: words) {
                weights[index] = 0
                if index + 1 < weights.count { weights[index + 1] = 0 }
                index += 1
            } else if words.first == "About", words.count > 1, let second = words.dropFirst().first,
                second.first?.isUppercase == true, words.prefix(6).contains(where: { $0.hasSuffix(":") })
            {
                weights[index] = 0  // "About Acme: Acme is …"
            }
            index += 1
        }
        return weights
    }

    static func isBoilerplateHeading(_ lower: String, words: [Substring]) -> Bool {
        if words.first?.lowercased() == "about", words.count >= 2, words.count <= 6 { return true }
        return headingMarkers.contains(where: { lower.hasPrefix($0) || lower == $0 })
    }

    /// `Author: …`, `Source: …`, `By Jane Doe`, or a Chinese byline.
    static func isByline(_ text: String, words: [Substring]) -> Bool {
        guard let first = words.first else { return false }
        let label = first.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":：|"))
        if words.count <= 20, first.hasSuffix(":") || first.hasSuffix("："), EnglishWords.bylineLabels.contains(label) {
            return true
        }
        if words.count <= 20, let colon = first.firstIndex(where: { $0 == ":" || $0 == "：" }) {
            let head = first[first.startIndex..<colon].lowercased()
            if EnglishWords.bylineLabels.contains(head) { return true }
        }
        if label == "by", words.count <= 8, words.dropFirst().first?.first?.isUppercase == true { return true }
        if text.count <= 80, chineseBylineMarkers.contains(where: { text.contains($0) }) { return true }
        return false
    }

    /// Sentence weights: the block's weight, or 0 when the sentence itself is a byline or dateline.
    static func sentenceWeights(_ sentences: [Sentence], blockWeights: [Double]) -> [Double] {
        sentences.map { sentence in
            var weight = blockWeights.indices.contains(sentence.block) ? blockWeights[sentence.block] : 1
            let words = sentence.text.split(whereSeparator: { $0.isWhitespace })
            if weight > 0, isByline(sentence.text, words: words) { weight = 0 }
            if weight > 0, sentence.text.count <= 80, chineseBylineMarkers.contains(where: { sentence.text.contains($0) })
            {
                weight = 0
            }
            return weight
        }
    }
}
