import Foundation
import ReportModel

/// HTML → `Document`: charset, our own forgiving HTML tree builder, main-text extraction, title, date and language.
public struct HTMLDocumentParser: Sendable {
    public init() {}

    public func parse(_ bytes: [UInt8], contentType: String?, url: String) throws(ParseError) -> Document {
        let utf8 = TextDecoding.utf8(bytes, contentType: contentType, markup: true).bytes
        guard !utf8.isEmpty else { throw ParseError(url: url, reason: "the HTML is empty") }
        return document(from: HTMLTree(html: utf8))
    }

    func document(from tree: HTMLTree) -> Document {
        let extractor = MainTextExtractor(tree: tree)
        let title = Self.title(tree)
        var blocks = extractor.extract(title: title)
        blocks = TrailingBoilerplate.trim(blocks)
        let published = Self.published(tree, blocks: blocks)
        let language = LanguageGuess.guess(blocks.map(\.text), declared: tree.metadata.language)
        if let transcript = TranscriptParser.recognise(blocks.map { .init(kind: $0.kind, text: $0.text) }) {
            return TranscriptParser.document(
                transcript, title: title, published: published, language: language, format: .html)
        }
        return Document(
            title: title, published: published, language: language, format: .html,
            blocks: blocks.map { (kind: $0.kind, text: $0.text) })
    }

    // MARK: - Title

    static func title(_ tree: HTMLTree) -> String? {
        let meta = tree.metadata.meta
        let firstHeading = (0..<tree.count).first(where: { tree.tags[$0] == .h1 }).map {
            collapse(tree.text(of: $0))
        }
        let openGraph = (meta["og:title"] ?? meta["twitter:title"]).map(collapse)
        let titleElement = tree.metadata.titleElement.map(collapse)
        if let firstHeading, !firstHeading.isEmpty, firstHeading.count <= 300 {
            // The page's h1 is the headline when the <title> or og:title agrees with it.
            for candidate in [openGraph, titleElement] {
                if let candidate, candidate.contains(firstHeading) || firstHeading.contains(candidate) {
                    return firstHeading
                }
            }
        }
        if let openGraph, !openGraph.isEmpty { return openGraph }
        if let titleElement, !titleElement.isEmpty { return strippingSiteName(titleElement) }
        if let firstHeading, !firstHeading.isEmpty { return firstHeading }
        return nil
    }

    /// "Headline | Site" → "Headline", "标题_频道_网站" → "标题": the longest part between site-name separators,
    /// when it is long enough to stand alone.
    static func strippingSiteName(_ title: String) -> String {
        // Every separator has one of these bytes ("–", "—" start with 0xE2, "｜" with 0xEF): most titles have none.
        let mayHaveSeparator = title.utf8.contains { byte in
            switch byte {
            case 0x7C, 0x2D, 0x3A, 0x5F, 0xE2, 0xEF: true
            default: false
            }
        }
        guard mayHaveSeparator else { return title }
        for separator in [" | ", " - ", " – ", " — ", " :: ", " _ ", "_", "｜", "|"] where title.contains(separator) {
            let parts = title.components(separatedBy: separator).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let longest = parts.max(by: { $0.count < $1.count }) else { continue }
            let isCJK = longest.unicodeScalars.contains { $0.value >= 0x2E80 }
            if longest.count >= (isCJK ? 4 : 8) { return longest }
        }
        return title
    }

    static func collapse(_ text: String) -> String {
        text.collapsingWhitespace
    }

    // MARK: - Date

    static let publishedKeys = [
        "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
        "date.published", "publishdate", "publish-date", "publish_date", "pubdate", "publication_date",
        "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
        "article.published", "date", "weibo:article:create_at", "og:release_date", "article:modified_time",
    ]

    static func published(_ tree: HTMLTree, blocks: [MainTextExtractor.Block]) -> Date? {
        let meta = tree.metadata.meta
        for key in publishedKeys {
            if let value = meta[key], let date = DateParsing.parse(value.trimmingCharacters(in: .whitespaces)) {
                return date
            }
        }
        for script in tree.metadata.jsonLD {
            if let date = jsonLDDate(script) { return date }
        }
        // Attributes are stored in document order.
        for attributes in tree.attributes where attributes.itemprop == "datepublished" {
            if let value = attributes.datetime, let date = DateParsing.parse(value) { return date }
        }
        for value in tree.metadata.times {
            if let date = DateParsing.parse(value) { return date }
        }
        // A dated byline near the top of the page or of the text.
        for block in blocks.prefix(5) where block.text.count < 200 {
            if let date = DateParsing.find(in: block.text) { return date }
        }
        return bylineDate(tree)
    }

    private static func jsonLDDate(_ script: String) -> Date? {
        guard let range = script.range(of: "\"datePublished\"") else { return nil }
        let rest = script[range.upperBound...].drop(while: { $0 == " " || $0 == ":" || $0 == "\t" || $0 == "\n" })
        guard rest.first == "\"" else { return nil }
        let value = rest.dropFirst().prefix(while: { $0 != "\"" })
        return DateParsing.parse(String(value))
    }

    /// The first short text in the page's top third that carries a date (a byline such as "2022-08-24 10:00 来源：…").
    private static func bylineDate(_ tree: HTMLTree) -> Date? {
        var seen = 0
        for index in 0..<tree.count where tree.tags[index] == .text {
            let bytes = tree.textBytes(of: index)
            guard bytes.count >= 8, bytes.count < 200 else { continue }
            seen += 1
            if seen > 400 { break }
            if bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                if let date = DateParsing.find(in: String(decoding: bytes, as: UTF8.self)) { return date }
            }
        }
        return nil
    }
}
