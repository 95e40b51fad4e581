import CLibXML2

typealias XMLNodePointer = UnsafeMutablePointer<xmlNode>

/// Small, safe helpers over libxml2 trees. Walks are iterative (a page nested 10,000 deep must not exhaust the
/// stack), and entity references are never expanded: an XML document's own entities are skipped, which is what
/// defeats "billion laughs" and external-entity (XXE) tricks.
enum LibXML {
    /// libxml2 wants one global initialisation before documents are parsed on several threads.
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parse options for XML feeds: recover from errors, no network, no entity substitution, no DTD loading.
    static var feedOptions: Int32 {
        Int32(
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_IGNORE_ENC.rawValue
                | XML_PARSE_COMPACT.rawValue)
    }

    /// Parses UTF-8 XML with the safe feed options.
    static func parseXML(_ utf8: [UInt8], url: String) -> xmlDocPtr? {
        _ = initialized
        guard !utf8.isEmpty else { return nil }
        return utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                xmlReadMemory(pointer, Int32(clamping: buffer.count), url, "UTF-8", feedOptions)
            }
        }
    }

    static func isElement(_ node: XMLNodePointer) -> Bool { node.pointee.type == XML_ELEMENT_NODE }

    /// The element's local name (lowercase for HTML, as libxml2 stores it).
    static func name(_ node: XMLNodePointer) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name)
    }

    static func namespaceURI(_ node: XMLNodePointer) -> String? {
        guard let ns = node.pointee.ns, let href = ns.pointee.href else { return nil }
        return String(cString: href)
    }

    /// An attribute's value from its text children only; entity references in it are dropped, never expanded.
    static func attribute(_ node: XMLNodePointer, _ name: String) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, strcmpUTF8(attributeName, name) {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    if text.pointee.type == XML_TEXT_NODE, let content = text.pointee.content {
                        value += String(cString: content)
                    }
                    child = text.pointee.next
                }
                return value
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// Attribute lookup by local name and namespace (`xml:base`, `rdf:about`).
    static func attribute(_ node: XMLNodePointer, _ name: String, namespace: String) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, strcmpUTF8(attributeName, name),
                let ns = current.pointee.ns, let href = ns.pointee.href, String(cString: href) == namespace
            {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    if text.pointee.type == XML_TEXT_NODE, let content = text.pointee.content {
                        value += String(cString: content)
                    }
                    child = text.pointee.next
                }
                return value
            }
            attribute = current.pointee.next
        }
        return nil
    }

    static func strcmpUTF8(_ cString: UnsafePointer<xmlChar>, _ string: String) -> Bool {
        var index = 0
        for byte in string.utf8 {
            if cString[index] != byte { return false }
            index += 1
        }
        return cString[index] == 0
    }

    static func elementChildren(_ node: XMLNodePointer) -> [XMLNodePointer] {
        var result: [XMLNodePointer] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    /// The concatenated text of a subtree, in document order, without recursion. Entity references are skipped
    /// unless they name an HTML entity the document itself does not define (feeds often use `&nbsp;`).
    static func textContent(_ node: XMLNodePointer) -> String {
        var bytes: [UInt8] = []
        var stack: [XMLNodePointer] = [node]
        while let current = stack.popLast() {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    var index = 0
                    while content[index] != 0 {
                        bytes.append(content[index])
                        index += 1
                    }
                }
            case XML_ENTITY_REF_NODE:
                if let name = current.pointee.name, let doc = current.pointee.doc,
                    xmlGetDocEntity(doc, name) == nil || isUndefinedPlaceholder(current),
                    let entity = htmlEntityLookup(name)
                {
                    bytes.append(contentsOf: Array(String(UnicodeScalar(entity.pointee.value) ?? " ").utf8))
                }
            case XML_ELEMENT_NODE, XML_DOCUMENT_NODE, XML_HTML_DOCUMENT_NODE:
                var children: [XMLNodePointer] = []
                var child = current.pointee.children
                while let next = child {
                    children.append(next)
                    child = next.pointee.next
                }
                stack.append(contentsOf: children.reversed())
            default:
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An entity reference node for an entity with no declaration (libxml2 then has no children for it).
    private static func isUndefinedPlaceholder(_ node: XMLNodePointer) -> Bool { node.pointee.children == nil }

    /// The markup of an element's children (Atom `type="xhtml"` content), entities left as references.
    static func innerMarkup(_ node: XMLNodePointer) -> String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        var child = node.pointee.children
        while let current = child {
            xmlNodeDump(buffer, node.pointee.doc, current, 0, 0)
            child = current.pointee.next
        }
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }

    /// The base URL in effect at a node (`xml:base` on it or its ancestors, resolved against the document URL).
    static func base(of node: XMLNodePointer, documentURL: String) -> String {
        var bases: [String] = []
        var current: XMLNodePointer? = node
        while let element = current, element.pointee.type == XML_ELEMENT_NODE {
            if let base = attribute(element, "base", namespace: "http://www.w3.org/XML/1998/namespace") {
                bases.append(base)
            }
            current = element.pointee.parent
        }
        var resolved = documentURL
        for base in bases.reversed() {
            resolved = URLResolver.resolve(base, against: resolved, httpOnly: false) ?? resolved
        }
        return resolved
    }
}
