import Foundation
import ReportModel

/// Reads a composed YAML tree into typed values, collecting every problem with its line, column and key path.
///
/// Decoding by hand (rather than `Decodable`) keeps each value's source position, and makes unknown keys errors.
final class NodeReader {
    let file: String
    private(set) var issues: [ConfigIssue] = []

    init(file: String) {
        self.file = file
    }

    func report(_ message: String, at node: YAMLNode?, path: String?) {
        let mark = node?.mark
        issues.append(ConfigIssue(file: file, line: mark?.line, column: mark?.column, keyPath: path, message: message))
    }

    /// The mapping's values by key; unknown keys are reported with the closest known one.
    func mapping(_ node: YAMLNode, at path: @autoclosure () -> String, known: [String]) -> [String: YAMLNode]? {
        guard case .mapping(let mapping) = node.content else {
            report("expected a mapping of keys to values, found \(describe(node))", at: node, path: path())
            return nil
        }
        var values: [String: YAMLNode] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode.content else {
                report("keys must be plain words", at: keyNode, path: path())
                continue
            }
            guard known.contains(key.string) else {
                let parent = path()
                let keyPath = parent.isEmpty ? key.string : "\(parent).\(key.string)"

                var message = "unknown key '\(key.string)'"
                if let suggestion = closest(to: key.string, among: known) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += " (known keys: \(known.joined(separator: ", ")))"
                }
                report(message, at: keyNode, path: keyPath)
                continue
            }
            if !isNull(value) { values[key.string] = value }
        }
        return values
    }

    func sequence(_ node: YAMLNode, at path: @autoclosure () -> String) -> [YAMLNode]? {
        guard case .sequence(let sequence) = node.content else {
            report("expected a list, found \(describe(node))", at: node, path: path())
            return nil
        }
        return sequence
    }

    func string(_ node: YAMLNode?, at path: @autoclosure () -> String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node.content else {
            report("expected a single value, found \(describe(node))", at: node, path: path())
            return nil
        }
        return scalar.string
    }

    /// A string, or a list of strings (`events: report.published` and `events: [a, b]` both work).
    func strings(_ node: YAMLNode?, at path: @autoclosure () -> String) -> [String]? {
        guard let node else { return nil }
        if case .scalar(let scalar) = node.content { return [scalar.string] }
        guard let items = sequence(node, at: path()) else { return nil }
        return items.enumerated().compactMap { string($0.element, at: "\(path())[\($0.offset)]") }
    }

    func int(_ node: YAMLNode?, at path: @autoclosure () -> String, range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, at: path()) else { return nil }
        guard let value = Int(text) else {
            report("expected a whole number, found '\(text)'", at: node, path: path())
            return nil
        }
        guard range.contains(value) else {
            report("must be between \(range.lowerBound) and \(range.upperBound), found \(value)", at: node, path: path())
            return nil
        }
        return value
    }

    func duration(_ node: YAMLNode?, at path: @autoclosure () -> String, minimum: Duration = .zero) -> Duration? {
        guard let text = string(node, at: path()) else { return nil }
        guard let value = Duration(text: text) else {
            report("expected a duration such as 30s, 15m, 6h or 1d, found '\(text)'", at: node, path: path())
            return nil
        }
        guard value >= minimum else {
            report("must be at least \(minimum.compactText), found \(text)", at: node, path: path())
            return nil
        }
        return value
    }

    /// Bytes: a whole number, or one with a unit (`512KiB`, `20MiB`, `1GiB`; `KB`, `MB`, `GB` mean the same).
    func byteSize(_ node: YAMLNode?, at path: @autoclosure () -> String) -> Int? {
        guard let text = string(node, at: path())?.trimmingCharacters(in: .whitespaces) else { return nil }
        let digits = text.prefix { $0.isNumber }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let factors: [String: Int] = ["": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": 1 << 20,
                                      "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30]
        guard let amount = Int(digits), let factor = factors[unit], amount > 0 else {
            report("expected a size such as 20MiB, 512KiB or a number of bytes, found '\(text)'", at: node, path: path())
            return nil
        }
        return amount * factor
    }

    func choice<Value: RawRepresentable & CaseIterable>(
        _ node: YAMLNode?, at path: @autoclosure () -> String, as type: Value.Type, noun: String
    ) -> Value? where Value.RawValue == String {
        guard let text = string(node, at: path()) else { return nil }
        if let value = Value(rawValue: text) { return value }
        let options = Value.allCases.map(\.rawValue)
        var message = "unknown \(noun) '\(text)' (expected one of \(options.joined(separator: ", ")))"
        if let suggestion = closest(to: text, among: options) { message += "; did you mean '\(suggestion)'?" }
        report(message, at: node, path: path())
        return nil
    }

    func require(_ values: [String: YAMLNode], _ key: String, in node: YAMLNode, at path: @autoclosure () -> String) -> YAMLNode? {
        if let value = values[key] { return value }
        report("missing required key '\(key)'", at: node, path: path())
        return nil
    }

    /// YAML's core-schema nulls (`~`, `null`, `Null`, `NULL`, nothing) when unquoted, or an explicit `!!null`.
    private func isNull(_ node: YAMLNode) -> Bool {
        guard case .scalar(let scalar) = node.content else { return false }
        if scalar.tag == "tag:yaml.org,2002:null" { return true }
        return scalar.isPlain && Self.nullWords.contains(scalar.string)
    }

    private static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

    private func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// The candidate nearest to `word` by edit distance, when near enough to be a likely typo.
func closest(to word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    let limit = max(2, word.count / 3)
    return best.1 <= limit ? best.0 : nil
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
