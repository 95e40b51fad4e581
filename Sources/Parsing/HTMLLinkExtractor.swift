import CLibXML2

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
        guard let doc = LibXML.parseHTML(utf8, url: baseURL) else { return [] }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { return [] }

        var anchors: [XMLNodePointer] = []
        var base = baseURL
        var foundBase = false
        // Iterative pre-order walk: deep pages must not exhaust the stack.
        var node: XMLNodePointer? = root
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE, let name = current.pointee.name {
                if LibXML.strcmpUTF8(name, "a") || LibXML.strcmpUTF8(name, "area") {
                    anchors.append(current)
                } else if !foundBase, LibXML.strcmpUTF8(name, "base"), let href = LibXML.attribute(current, "href"),
                    let resolved = URLResolver.resolve(href, against: baseURL)
                {
                    base = resolved
                    foundBase = true
                }
            }
            node = nextInPreOrder(current, root: root)
        }

        var result: [HTMLLink] = []
        var indexByURL: [String: Int] = [:]
        for anchor in anchors {
            guard let href = LibXML.attribute(anchor, "href"),
                let resolved = URLResolver.resolve(href, against: base)
            else { continue }
            let url = URLResolver.removingFragment(resolved)
            var text = collapse(LibXML.textContent(anchor))
            if text.isEmpty {
                text = collapse(
                    LibXML.attribute(anchor, "title") ?? imageAlt(anchor) ?? LibXML.attribute(anchor, "alt") ?? "")
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

    static func nextInPreOrder(_ node: XMLNodePointer, root: XMLNodePointer) -> XMLNodePointer? {
        if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children { return child }
        var current: XMLNodePointer? = node
        while let at = current, at != root {
            if let sibling = at.pointee.next { return sibling }
            current = at.pointee.parent
        }
        return nil
    }

    private static func imageAlt(_ anchor: XMLNodePointer) -> String? {
        var node = HTMLLinkExtractor.nextInPreOrder(anchor, root: anchor)
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE, let name = current.pointee.name,
                LibXML.strcmpUTF8(name, "img"), let alt = LibXML.attribute(current, "alt"), !alt.isEmpty
            {
                return alt
            }
            node = nextInPreOrder(current, root: anchor)
        }
        return nil
    }

    private static func collapse(_ text: String) -> String {
        text.collapsingWhitespace
    }
}
