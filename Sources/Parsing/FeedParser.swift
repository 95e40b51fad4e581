import CLibXML2
import Foundation
import ReportModel

/// RSS 0.9x/1.0/2.0, Atom 1.0 and JSON Feed → `Feed`. Entry links are made absolute against `xml:base` and the
/// feed's URL. XML is parsed without entity substitution, DTD loading or network access.
public struct FeedParser: Sendable {
    public init() {}

    public func parse(_ bytes: [UInt8], contentType: String?, url: String) throws(ParseError) -> Feed {
        let mediaType = contentType?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        let firstByte = bytes.first(where: {
            $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF
                && $0 != 0xBB && $0 != 0xBF
        })
        if firstByte == UInt8(ascii: "{") || mediaType == "application/feed+json" || mediaType == "application/json" {
            return try JSONFeedReader.parse(bytes, url: url)
        }
        guard firstByte != nil else { throw ParseError(url: url, reason: "the feed is empty") }
        let utf8 = TextDecoding.utf8(bytes, contentType: contentType, markup: true).bytes
        guard let doc = LibXML.parseXML(utf8, url: url) else {
            throw ParseError(url: url, reason: "not a feed: the XML could not be parsed")
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else {
            throw ParseError(url: url, reason: "not a feed: the document has no root element")
        }
        let rootName = LibXML.name(root).lowercased()
        switch rootName {
        case "rss", "rdf":
            return XMLFeedReader(url: url).rss(root)
        case "feed":
            return XMLFeedReader(url: url).atom(root)
        default:
            throw ParseError(url: url, reason: "not a feed: the root element is <\(LibXML.name(root))>")
        }
    }
}

private enum Namespace {
    static let atom = "http://www.w3.org/2005/Atom"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
}

struct XMLFeedReader {
    var url: String

    /// RSS 2.0/0.9x (`rss/channel/item`) and RSS 1.0/0.90 (`rdf:RDF/item`, items beside the channel).
    func rss(_ root: XMLNodePointer) -> Feed {
        var title: String?
        var items: [XMLNodePointer] = []
        for child in LibXML.elementChildren(root) {
            switch LibXML.name(child) {
            case "channel":
                for element in LibXML.elementChildren(child) {
                    let name = LibXML.name(element)
                    if name == "item" {
                        items.append(element)
                    } else if name == "title", title == nil, LibXML.namespaceURI(element) != Namespace.atom {
                        title = Self.plain(LibXML.textContent(element))
                    }
                }
            case "item":
                items.append(child)
            default:
                break
            }
        }
        return Feed(title: title.flatMap(nonEmpty), entries: items.map(rssEntry))
    }

    func rssEntry(_ item: XMLNodePointer) -> FeedEntry {
        var entry = FeedEntry()
        let base = LibXML.base(of: item, documentURL: url)
        var guid: String?
        var guidIsPermaLink = true
        var link: String?
        var atomLink: String?
        var dates: [String: String] = [:]
        for element in LibXML.elementChildren(item) {
            let name = LibXML.name(element)
            let namespace = LibXML.namespaceURI(element)
            switch name {
            case "title" where entry.title == nil:
                entry.title = nonEmpty(Self.plain(LibXML.textContent(element)))
            case "link":
                if namespace == Namespace.atom {
                    let rel = LibXML.attribute(element, "rel") ?? "alternate"
                    if rel == "alternate", atomLink == nil, let href = LibXML.attribute(element, "href") {
                        atomLink = URLResolver.resolve(href, against: LibXML.base(of: element, documentURL: url))
                    }
                } else if link == nil {
                    link = URLResolver.resolve(LibXML.textContent(element), against: base)
                }
            case "guid":
                guid = nonEmpty(LibXML.textContent(element).trimmingCharacters(in: .whitespacesAndNewlines))
                guidIsPermaLink = LibXML.attribute(element, "isPermaLink")?.lowercased() != "false"
            case "identifier" where guid == nil:
                guid = nonEmpty(LibXML.textContent(element).trimmingCharacters(in: .whitespacesAndNewlines))
                guidIsPermaLink = false
            case "id" where namespace == Namespace.atom && guid == nil:
                guid = nonEmpty(LibXML.textContent(element).trimmingCharacters(in: .whitespacesAndNewlines))
                guidIsPermaLink = false
            case "pubdate", "pubDate", "date", "published", "updated", "issued", "modified", "created":
                dates[name.lowercased()] = LibXML.textContent(element)
            case "description":
                entry.summary = nonEmpty(LibXML.textContent(element).trimmingCharacters(in: .whitespacesAndNewlines))
            case "encoded" where namespace == Namespace.content:
                entry.content = nonEmpty(LibXML.textContent(element).trimmingCharacters(in: .whitespacesAndNewlines))
            case "summary" where entry.summary == nil:
                entry.summary = nonEmpty(LibXML.textContent(element).trimmingCharacters(in: .whitespacesAndNewlines))
            default:
                break
            }
        }
        if guid == nil, let about = LibXML.attribute(item, "about", namespace: Namespace.rdf) {
            guid = nonEmpty(about.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        entry.id = guid
        entry.link = link ?? atomLink
        if entry.link == nil, let guid, guidIsPermaLink { entry.link = URLResolver.resolve(guid, against: base) }
        for key in ["pubdate", "date", "published", "issued", "created", "updated", "modified"] {
            if let text = dates[key], let date = DateParsing.parse(text) {
                entry.published = date
                break
            }
        }
        return entry
    }

    /// Atom 1.0: `feed/entry`.
    func atom(_ root: XMLNodePointer) -> Feed {
        var title: String?
        var entries: [FeedEntry] = []
        for child in LibXML.elementChildren(root) {
            switch LibXML.name(child) {
            case "title" where title == nil: title = Self.text(of: child)
            case "entry": entries.append(atomEntry(child))
            default: break
            }
        }
        return Feed(title: title.flatMap(nonEmpty), entries: entries)
    }

    func atomEntry(_ element: XMLNodePointer) -> FeedEntry {
        var entry = FeedEntry()
        var links: [(rel: String, type: String?, href: String)] = []
        var published: String?
        var updated: String?
        for child in LibXML.elementChildren(element) {
            switch LibXML.name(child) {
            case "id": entry.id = nonEmpty(LibXML.textContent(child).trimmingCharacters(in: .whitespacesAndNewlines))
            case "title": entry.title = nonEmpty(Self.text(of: child))
            case "link":
                guard let href = LibXML.attribute(child, "href"),
                    let resolved = URLResolver.resolve(href, against: LibXML.base(of: child, documentURL: url))
                else { continue }
                links.append((LibXML.attribute(child, "rel") ?? "alternate", LibXML.attribute(child, "type"), resolved))
            case "published", "issued": published = LibXML.textContent(child)
            case "updated", "modified": updated = LibXML.textContent(child)
            case "summary": entry.summary = nonEmpty(Self.markup(of: child))
            case "content":
                if let source = LibXML.attribute(child, "src"), entry.content == nil {
                    if links.isEmpty,
                        let resolved = URLResolver.resolve(
                            source, against: LibXML.base(of: child, documentURL: url))
                    {
                        links.append(("alternate", nil, resolved))
                    }
                } else {
                    entry.content = nonEmpty(Self.markup(of: child))
                }
            default: break
            }
        }
        let alternates = links.filter { $0.rel == "alternate" }
        entry.link =
            (alternates.first(where: { $0.type == nil || $0.type!.contains("html") }) ?? alternates.first)?
            .href
        entry.published = (published.flatMap(DateParsing.parse)) ?? (updated.flatMap(DateParsing.parse))
        return entry
    }

    /// An Atom text construct as plain text.
    static func text(of element: XMLNodePointer) -> String {
        let type = LibXML.attribute(element, "type")?.lowercased()
        if type == "xhtml" { return plain(stripTags(LibXML.innerMarkup(element))) }
        if type == "html" { return plain(stripTags(LibXML.textContent(element))) }
        return plain(LibXML.textContent(element))
    }

    /// An Atom text construct as the markup (or text) it carries.
    static func markup(of element: XMLNodePointer) -> String {
        let type = LibXML.attribute(element, "type")?.lowercased()
        if type == "xhtml" {
            // The content is one xhtml:div wrapper; keep what is inside it.
            let children = LibXML.elementChildren(element)
            if children.count == 1, LibXML.name(children[0]) == "div" {
                return LibXML.innerMarkup(children[0]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return LibXML.innerMarkup(element).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return LibXML.textContent(element).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// White space collapsed, ends trimmed.
    static func plain(_ text: String) -> String {
        text.collapsingWhitespace
    }

    static func stripTags(_ markup: String) -> String {
        guard markup.contains("<") || markup.contains("&") else { return markup }
        let inline: Set<String> = [
            "a", "b", "i", "em", "strong", "span", "u", "s", "small", "sup", "sub", "abbr",
            "code", "mark", "font", "cite", "q",
        ]
        var result = ""
        var tag = ""
        var inTag = false
        for character in markup {
            if character == "<" {
                inTag = true
                tag = ""
            } else if character == ">" && inTag {
                inTag = false
                let name = tag.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
                if !inline.contains(name) { result.append(" ") }
            } else if inTag {
                tag.append(character)
            } else {
                result.append(character)
            }
        }
        return HTMLEntities.decode(result)
    }
}

private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

/// JSON Feed 1.0/1.1.
private enum JSONFeedReader {
    static func parse(_ bytes: [UInt8], url: String) throws(ParseError) -> Feed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw ParseError(url: url, reason: "not a feed: invalid JSON (\(error.localizedDescription))")
        }
        guard let feed = object as? [String: Any], let items = feed["items"] as? [Any] else {
            throw ParseError(url: url, reason: "not a feed: the JSON has no \"items\" array")
        }
        let base = (feed["feed_url"] as? String).flatMap { URLResolver.resolve($0, against: url) } ?? url
        var entries: [FeedEntry] = []
        for case let item as [String: Any] in items {
            var entry = FeedEntry()
            if let id = item["id"] as? String {
                entry.id = id.isEmpty ? nil : id
            } else if let id = item["id"] as? NSNumber {
                entry.id = id.stringValue
            }
            entry.link =
                (item["url"] as? String).flatMap { URLResolver.resolve($0, against: base) }
                ?? (item["external_url"] as? String).flatMap { URLResolver.resolve($0, against: base) }
            entry.title = (item["title"] as? String).map(XMLFeedReader.plain).flatMap(nonEmpty)
            entry.summary = (item["summary"] as? String).flatMap(nonEmpty)
            entry.content =
                (item["content_html"] as? String).flatMap(nonEmpty)
                ?? (item["content_text"] as? String).flatMap(nonEmpty)
            entry.published =
                (item["date_published"] as? String).flatMap(DateParsing.parse)
                ?? (item["date_modified"] as? String).flatMap(DateParsing.parse)
            entries.append(entry)
        }
        return Feed(title: (feed["title"] as? String).map(XMLFeedReader.plain).flatMap(nonEmpty), entries: entries)
    }
}

/// Feed summaries are often HTML; this gives their text.
enum FeedText {
    static func plain(_ markup: String) -> String { XMLFeedReader.plain(XMLFeedReader.stripTags(markup)) }
}
