import Foundation
import ReportModel

/// Turns fetched bytes into a `Document`, choosing the parser by format hint, content type, file name or a look at
/// the bytes: HTML (main text, title, date, language), plain text and PDF (paragraphs; earnings-call transcripts
/// attributed turn by turn), feeds (their entries as list items). No I/O except the `pdftotext` subprocess.
public struct DocumentParser: Sendable {
    public init() {}

    public func parse(_ fetched: FetchedDocument) throws(ParseError) -> Document {
        let format = Self.format(of: fetched)
        var document: Document
        switch format {
        case .text:
            let text = TextDecoding.decode(fetched.body, contentType: fetched.contentType, markup: false).text
            document = PlainTextParser().parse(text)
        case .html:
            document = try HTMLDocumentParser().parse(fetched.body, contentType: fetched.contentType, url: fetched.url)
        case .pdf:
            document = try PDFParser().parse(fetched.body, url: fetched.url)
        case .feed:
            document = try Self.feedDocument(fetched)
        }
        if document.title == nil { document.title = fetched.titleHint }
        if document.published == nil { document.published = fetched.publishedHint }
        return document
    }

    /// The format from the hint, else the content type, else the file name's extension, else a look at the bytes.
    public static func format(of fetched: FetchedDocument) -> DocumentFormat {
        if let hint = fetched.formatHint { return hint }
        if let type = fetched.contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
            .lowercased()
        {
            switch type {
            case "text/html", "application/xhtml+xml": return .html
            case "application/pdf": return .pdf
            case "application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml":
                return .feed
            case "text/plain", "text/markdown": return .text
            default: break
            }
        }
        let path = URL(string: fetched.url)?.path ?? fetched.url
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm", "xhtml": return .html
        case "pdf": return .pdf
        case "rss", "atom", "xml": return .feed
        case "txt", "text", "md": return .text
        default: break
        }
        if fetched.body.starts(with: Array("%PDF-".utf8)) { return .pdf }
        let head = String(decoding: fetched.body.prefix(512), as: UTF8.self).lowercased()
        if head.contains("<html") || head.contains("<!doctype html") { return .html }
        if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") { return .feed }
        if head.hasPrefix("{") && head.contains("jsonfeed.org/version") { return .feed }
        return .text
    }

    /// A feed read as a document: its title, then each entry's title and summary as a list item.
    static func feedDocument(_ fetched: FetchedDocument) throws(ParseError) -> Document {
        let feed = try FeedParser().parse(fetched.body, contentType: fetched.contentType, url: fetched.url)
        var blocks: [(kind: TextBlock.Kind, text: String)] = []
        if let title = feed.title { blocks.append((.heading, title)) }
        for entry in feed.entries {
            let parts = [entry.title, entry.summary.map(FeedText.plain)].compactMap { $0 }.filter { !$0.isEmpty }
            if !parts.isEmpty { blocks.append((.listItem, parts.joined(separator: ": "))) }
        }
        let language = LanguageGuess.guess(blocks.map(\.text), declared: nil)
        return Document(
            title: feed.title, published: feed.entries.compactMap(\.published).max(), language: language,
            format: .feed, blocks: blocks)
    }

    /// UTF-8 with invalid bytes replaced; a UTF-8 byte order mark is dropped.
    static func decodeText(_ bytes: [UInt8]) -> String {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return String(decoding: body, as: UTF8.self)
    }
}
