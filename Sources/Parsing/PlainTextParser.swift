import Foundation
import ReportModel

/// Plain text: the first line is the title; each further non-empty line, or run of lines between blank lines,
/// is a paragraph. An end marker (`- END -`, `(END)`, `###`, `—END—`) ends the main text.
public struct PlainTextParser: Sendable {
    public init() {}

    public func parse(_ text: String) -> Document {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var paragraphs: [String] = []
        var current: [String] = []
        // Lines end paragraphs when the text uses one line per paragraph, which is the case when most lines are long.
        let longLines = lines.filter { $0.count > 200 }.count
        let linePerParagraph = longLines * 4 >= lines.filter { !$0.isEmpty }.count

        func flush() {
            if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
            current = []
        }
        for line in lines {
            if Self.isEndMarker(line) { break }
            if line.isEmpty {
                flush()
            } else if linePerParagraph {
                flush()
                current = [line]
            } else {
                current.append(line)
            }
        }
        flush()
        let title = paragraphs.first.flatMap { $0.count <= 200 ? $0 : nil }
        var blocks: [(kind: TextBlock.Kind, text: String)] = paragraphs.map { (kind: .paragraph, text: $0) }
        if title != nil, !blocks.isEmpty { blocks[0].kind = .heading }
        return Document(title: title, format: .text, blocks: blocks)
    }

    static func isEndMarker(_ line: String) -> Bool {
        guard line.utf8.count <= 24 else { return false }
        let compact = line.filter { !$0.isWhitespace }.uppercased()
        return ["-END-", "(END)", "###", "—END—", "--END--", "[END]"].contains(compact)
    }
}
