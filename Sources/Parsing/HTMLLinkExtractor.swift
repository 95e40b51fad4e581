/// A link on a page: its absolute URL and its visible text.
public struct HTMLLink: Sendable, Hashable {
    public var url: String
    public var text: String

    public init(url: String, text: String) {
        self.url = url
        self.text = text
    }
}

/// The http(s) links of an HTML page (`<a href>`, `<area href>`), absolute against `<base href>` and the page URL,
/// in document order, each URL once (fragments dropped), with the first non-empty anchor text seen for it.
public enum HTMLLinkExtractor {
    public static func links(in bytes: [UInt8], contentType: String?, baseURL: String) -> [HTMLLink] {
        let utf8 = TextDecoding.utf8(bytes, contentType: contentType, markup: true).bytes
        let tree = HTMLTree(html: utf8, forLinks: true)
        var base = baseURL
        if let href = tree.metadata.baseHref, let resolved = URLResolver.resolve(href, against: baseURL) {
            base = resolved
        }
        var result: [HTMLLink] = []
        var indexByURL: [String: Int] = [:]
        for anchor in 0..<tree.count where tree.tags[anchor] == .a || tree.tags[anchor] == .area {
            guard let attributes = tree.attributes(of: anchor), let href = attributes.href,
                let resolved = URLResolver.resolve(href, against: base)
            else { continue }
            let url = URLResolver.removingFragment(resolved)
            var text = tree.text(of: anchor).collapsingWhitespace
            if text.isEmpty {
                text = (attributes.title ?? imageAlt(in: tree, anchor) ?? attributes.alt ?? "").collapsingWhitespace
            }
            if let index = indexByURL[url] {
                if result[index].text.isEmpty { result[index].text = text }
            } else {
                indexByURL[url] = result.count
                result.append(HTMLLink(url: url, text: text))
            }
        }
        return result
    }

    /// The first non-empty `alt` of an image inside the anchor.
    private static func imageAlt(in tree: HTMLTree, _ anchor: Int) -> String? {
        for index in anchor..<Int(tree.ends[anchor]) where tree.tags[index] == .img {
            if let alt = tree.attributes(of: index)?.alt, !alt.isEmpty { return alt }
        }
        return nil
    }
}
