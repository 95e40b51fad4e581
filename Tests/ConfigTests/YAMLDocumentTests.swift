import Testing

@testable import Config

@Suite struct YAMLDocumentTests {
    func scalar(_ node: YAMLNode?) -> YAMLDocument.Scalar? {
        guard let node, case .scalar(let scalar) = node.content else { return nil }
        return scalar
    }

    func pairs(_ node: YAMLNode?) -> [(key: YAMLNode, value: YAMLNode)] {
        guard let node, case .mapping(let pairs) = node.content else { return [] }
        return pairs
    }

    func items(_ node: YAMLNode?) -> [YAMLNode] {
        guard let node, case .sequence(let items) = node.content else { return [] }
        return items
    }

    func error(_ yaml: String) -> YAMLError? {
        do {
            _ = try YAMLDocument(yaml: yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test func mappingsAndListsKeepOrderTextAndPositions() throws {
        let document = try YAMLDocument(yaml: "b: 1\na:\n  - x\n  - {k: 'quoted', n: ~}\n")
        let top = pairs(document.root)
        #expect(top.map { scalar($0.key)?.string } == ["b", "a"])
        #expect(scalar(top[0].value)?.string == "1")
        let list = items(top[1].value)
        #expect(list.count == 2)
        #expect(list[0].mark == YAMLDocument.Mark(line: 3, column: 5))
        let inner = pairs(list[1])
        #expect(inner.map { scalar($0.key)?.string } == ["k", "n"])
        #expect(scalar(inner[0].value)?.isPlain == false)
        #expect(scalar(inner[1].value)?.isPlain == true)
        #expect(inner[1].value.mark == YAMLDocument.Mark(line: 4, column: 22))
    }

    @Test func anEmptyDocumentHasNoRoot() throws {
        #expect(try YAMLDocument(yaml: "").root == nil)
        #expect(try YAMLDocument(yaml: "# only a comment\n").root == nil)
    }

    @Test func explicitTagsAreExpandedAndImplicitOnesAreNil() throws {
        let document = try YAMLDocument(yaml: "a: !!null x\nb: null\nc: !!str 5\n")
        let values = pairs(document.root).map { scalar($0.value)?.tag }
        #expect(values == ["tag:yaml.org,2002:null", nil, "tag:yaml.org,2002:str"])
    }

    @Test func aliasesShareTheAnchoredNode() throws {
        let document = try YAMLDocument(yaml: "base: &b {kind: page}\nfirst: *b\nsecond: *b\n")
        let values = pairs(document.root).map(\.value)
        for value in values {
            #expect(pairs(value).map { scalar($0.value)?.string } == ["page"])
        }
    }

    @Test func nestedAliasesDoNotExpand() throws {
        // Nine levels of ten aliases each would be 10^9 scalars if copied.
        var yaml = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        let document = try YAMLDocument(yaml: yaml)
        let last = try #require(pairs(document.root).last?.value)
        #expect(items(last).count == 10)
        #expect(items(items(last)[0]).count == 10)
    }

    @Test func anAliasInsideItsOwnAnchorIsUndefined() {
        let failure = error("a: &loop [1, *loop]\n")
        #expect(failure?.message.contains("undefined alias 'loop'") == true)
        #expect(failure?.mark?.line == 1)
    }

    @Test func syntaxErrorsCarryLibyamlsWordingAndPosition() throws {
        let failure = try #require(error("daemon:\n  concurrency: [1, 2\n"))
        #expect(failure.message.hasPrefix("YAML syntax error: "))
        #expect(failure.message.contains("flow sequence"))
        #expect(failure.mark?.line == 3)
    }

    @Test func aSecondDocumentIsAnError() throws {
        let failure = try #require(error("a: 1\n---\nb: 2\n"))
        #expect(failure.message.contains("single document"))
        #expect(failure.mark?.line == 2)
    }

    @Test func duplicateKeysAreNamedOnceEachAtTheFirstRepeat() throws {
        let failure = try #require(error("x: 1\ny: 2\nx: 3\ny: 4\nx: 5\n"))
        #expect(failure.message == "duplicate key 'x', 'y'")
        #expect(failure.mark == YAMLDocument.Mark(line: 3, column: 1))
        #expect(error("outer:\n  a: 1\nother:\n  a: 2\n") == nil)
    }

    func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    @Test func nestingUpToTheLimitIsKept() throws {
        let document = try YAMLDocument(yaml: nested(YAMLDocument.maximumDepth))
        var node = document.root
        var levels = 0
        while let current = node, case .sequence(let children) = current.content {
            levels += 1
            node = children.first
        }
        #expect(levels == YAMLDocument.maximumDepth)
    }

    @Test func deeperNestingIsRefusedEarly() throws {
        let failure = try #require(error(nested(1_000_000)))
        #expect(failure.message == "YAML nested deeper than \(YAMLDocument.maximumDepth) levels")
        #expect(failure.mark == YAMLDocument.Mark(line: 1, column: YAMLDocument.maximumDepth + 1))
    }

    @Test func controlCharactersAreAReaderErrorAtTheirByte() throws {
        let failure = try #require(error("a: \"b\u{1}\"\n"))
        #expect(failure.message == "YAML syntax error: control characters are not allowed at byte 5")
        #expect(failure.mark == nil)
    }
}
