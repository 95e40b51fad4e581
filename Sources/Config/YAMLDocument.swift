import CYAML

/// One YAML document composed from libyaml's parse events into flat arrays: a config with 10,000 sources is a
/// few arrays, not a tree of 100,000 objects. Values stay text with their positions; `NodeReader` types them.
/// Aliases point at the anchored node itself, so a document of nested aliases ("billion laughs") stays small.
final class YAMLDocument: Sendable {
    struct Mark: Sendable, Equatable {
        /// 1-based, as editors count.
        let line: Int
        let column: Int
    }

    struct Scalar: Sendable {
        let string: String
        /// Unquoted and not a block scalar: only plain scalars can mean null.
        let isPlain: Bool
        /// An explicit tag, expanded (`!!null` is `tag:yaml.org,2002:null`); nil when implicit.
        let tag: String?
    }

    fileprivate enum Kind: UInt8, Sendable {
        case scalar, sequence, mapping
    }

    /// Scalars: `first` indexes `scalars`. Collections: their children are `children[first..<first + count]`,
    /// key-value pairs in turn for a mapping.
    fileprivate struct Entry: Sendable {
        var kind: Kind
        var line: Int32
        var column: Int32
        var first: Int32
        var count: Int32
    }

    /// libyaml's scanner does work proportional to the open flow levels for every token, so deep nesting is
    /// quadratic there; a configuration never needs more than a handful of levels.
    static let maximumDepth = 256

    fileprivate let entries: [Entry]
    fileprivate let scalars: [Scalar]
    fileprivate let children: [Int32]
    private let rootIndex: Int32?

    /// The document's root; nil for an empty document.
    var root: YAMLNode? { rootIndex.map { YAMLNode(document: self, index: $0) } }

    /// Parses UTF-8 (or UTF-16 with a byte-order mark) YAML holding at most one document.
    init(yaml: String) throws(YAMLError) {
        var composer = Composer()
        var text = yaml
        // `withUTF8` rethrows untyped errors, so the typed one is carried out by hand.
        let failure: YAMLError? = text.withUTF8 { bytes in
            do throws(YAMLError) { try composer.compose(bytes) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        entries = composer.entries
        scalars = composer.scalars
        children = composer.children
        rootIndex = composer.root
    }
}

/// A node of a `YAMLDocument`.
struct YAMLNode {
    enum Content {
        case scalar(YAMLDocument.Scalar)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    fileprivate let document: YAMLDocument
    fileprivate let index: Int32

    var mark: YAMLDocument.Mark {
        let entry = document.entries[Int(index)]
        return YAMLDocument.Mark(line: Int(entry.line), column: Int(entry.column))
    }

    var content: Content {
        let entry = document.entries[Int(index)]
        let first = Int(entry.first)
        switch entry.kind {
        case .scalar:
            return .scalar(document.scalars[first])
        case .sequence:
            return .sequence(document.children[first..<first + Int(entry.count)].map { node($0) })
        case .mapping:
            return .mapping(stride(from: first, to: first + Int(entry.count), by: 2).map {
                (key: node(document.children[$0]), value: node(document.children[$0 + 1]))
            })
        }
    }

    private func node(_ index: Int32) -> YAMLNode { YAMLNode(document: document, index: index) }
}

/// A YAML syntax error with libyaml's wording and, when known, its 1-based position.
struct YAMLError: Error, Sendable {
    let message: String
    let mark: YAMLDocument.Mark?
}

/// Builds the flat arrays from parse events. Collections are entered before their children and completed at their
/// end event; their children's indices wait on one shared stack meanwhile, so nesting depth costs no recursion.
private struct Composer {
    var entries: [YAMLDocument.Entry] = []
    var scalars: [YAMLDocument.Scalar] = []
    var children: [Int32] = []
    var root: Int32?
    private var anchors: [String: Int32] = [:]
    /// Indices of the finished children of every open collection, outermost first.
    private var pending: [Int32] = []
    /// For each open collection: its entry, where its children start in `pending`, and its anchor.
    private var open: [(entry: Int32, start: Int, anchor: String?)] = []
    private var documents = 0

    mutating func compose(_ bytes: UnsafeBufferPointer<UInt8>) throws(YAMLError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(message: "cannot initialise the YAML parser (out of memory)", mark: nil)
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.error(of: parser) }
            defer { yaml_event_delete(&event) }
            let mark = YAMLDocument.Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw YAMLError(
                        message: "YAML syntax error: expected a single document in the stream but found another document", mark: mark)
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length),
                                   as: UTF8.self)
                let implicit = scalar.style == YAML_PLAIN_SCALAR_STYLE ? scalar.plain_implicit : scalar.quoted_implicit
                scalars.append(YAMLDocument.Scalar(
                    string: value, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE,
                    tag: implicit == 0 ? scalar.tag.map { String(cString: $0) } : nil))
                let index = append(.scalar, mark: mark, first: scalars.count - 1)
                if let anchor = scalar.anchor { anchors[String(cString: anchor)] = index }
                attach(index)
            case YAML_SEQUENCE_START_EVENT:
                try checkDepth(at: mark)
                let index = append(.sequence, mark: mark, first: 0)
                open.append((index, pending.count, event.data.sequence_start.anchor.map { String(cString: $0) }))
            case YAML_MAPPING_START_EVENT:
                try checkDepth(at: mark)
                let index = append(.mapping, mark: mark, first: 0)
                open.append((index, pending.count, event.data.mapping_start.anchor.map { String(cString: $0) }))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let (index, start, anchor) = open.removeLast()
                entries[Int(index)].first = Int32(children.count)
                entries[Int(index)].count = Int32(pending.count - start)
                children.append(contentsOf: pending[start...])
                pending.removeSubrange(start...)
                if entries[Int(index)].kind == .mapping { try checkDuplicateKeys(of: index) }
                // Registered only now: an alias inside its own anchor's collection would make a cycle.
                if let anchor { anchors[anchor] = index }
                attach(index)
            case YAML_ALIAS_EVENT:
                let name = String(cString: event.data.alias.anchor)
                guard let index = anchors[name] else {
                    throw YAMLError(message: "YAML syntax error: found undefined alias '\(name)'", mark: mark)
                }
                attach(index)
            default:
                break
            }
        }
    }

    private mutating func append(_ kind: YAMLDocument.Kind, mark: YAMLDocument.Mark, first: Int) -> Int32 {
        entries.append(YAMLDocument.Entry(
            kind: kind, line: Int32(clamping: mark.line), column: Int32(clamping: mark.column),
            first: Int32(first), count: 0))
        return Int32(entries.count - 1)
    }

    private func checkDepth(at mark: YAMLDocument.Mark) throws(YAMLError) {
        guard open.count >= YAMLDocument.maximumDepth else { return }
        throw YAMLError(message: "YAML nested deeper than \(YAMLDocument.maximumDepth) levels", mark: mark)
    }

    private mutating func attach(_ index: Int32) {
        if open.isEmpty {
            root = index
        } else {
            pending.append(index)
        }
    }

    /// Scalar keys that occur twice in one mapping are an error, as a later value would silently win.
    private func checkDuplicateKeys(of mapping: Int32) throws(YAMLError) {
        let entry = entries[Int(mapping)]
        guard entry.count >= 4 else { return }
        var seen: Set<String> = []
        var duplicates: [String] = []
        var firstDuplicate: Int32?
        for position in stride(from: Int(entry.first), to: Int(entry.first + entry.count), by: 2) {
            let key = entries[Int(children[position])]
            guard key.kind == .scalar else { continue }
            let name = scalars[Int(key.first)].string
            if !seen.insert(name).inserted {
                if !duplicates.contains(name) { duplicates.append(name) }
                firstDuplicate = firstDuplicate ?? children[position]
            }
        }
        guard let firstDuplicate else { return }
        let key = entries[Int(firstDuplicate)]
        throw YAMLError(
            message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))",
            mark: YAMLDocument.Mark(line: Int(key.line), column: Int(key.column)))
    }

    private static func error(of parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_READER_ERROR:
            return YAMLError(message: "YAML syntax error: \(problem) at byte \(parser.problem_offset)", mark: nil)
        case YAML_MEMORY_ERROR:
            return YAMLError(message: "YAML parser out of memory", mark: nil)
        default:
            let context = parser.context.map { " \(String(cString: $0))" } ?? ""
            return YAMLError(
                message: "YAML syntax error: \(problem)\(context)",
                mark: YAMLDocument.Mark(line: Int(parser.problem_mark.line) + 1,
                                        column: Int(parser.problem_mark.column) + 1))
        }
    }
}
