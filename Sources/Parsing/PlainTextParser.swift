import Foundation
import ReportModel

/// Plain text: the first line is the title; each further non-empty line, or run of lines between blank lines,
/// is a paragraph. An end marker (`- END -`, `(END)`, `###`, `—END—`) ends the main text, and so does a closing run
/// of short headline-like teaser lines. Earnings-call transcripts are recognised and their turns attributed.
public struct PlainTextParser: Sendable {
    public init() {}

    public func parse(_ text: String) -> Document {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var paragraphs: [String] = []
        var current: [String] = []
        let nonEmpty = lines.filter { !$0.isEmpty }
        // Lines end paragraphs when the text uses one line per paragraph, which is the case when most lines are long
        // or when there are no blank lines at all.
        let longLines = nonEmpty.filter { $0.count > 200 }.count
        let linePerParagraph = longLines * 4 >= nonEmpty.count || nonEmpty.count == lines.count
        let rosterNames = TranscriptParser.rosterNames(nonEmpty)

        func flush() {
            if !current.isEmpty { paragraphs.append(current.joined(separator: Self.joiner(current))) }
            current = []
        }
        for line in lines {
            if Self.isEndMarker(line) { break }
            if line.isEmpty {
                flush()
            } else if linePerParagraph {
                flush()
                current = [line]
            } else if TranscriptParser.isSpeakerLine(line, rosterNames: rosterNames) {
                // A speaker line stands alone; the turn's words start a new paragraph.
                flush()
                current = [line]
                flush()
            } else if TranscriptParser.startsWithSpeaker(line, rosterNames: rosterNames) {
                flush()
                current = [line]
            } else {
                current.append(line)
            }
        }
        flush()
        paragraphs = Self.droppingTeaserTail(paragraphs)

        let title = paragraphs.first.flatMap { $0.count <= 200 ? $0 : nil }
        let published = Self.bylineDate(paragraphs)
        let language = LanguageGuess.guess(paragraphs, declared: nil)
        let units = paragraphs.enumerated().map { index, text in
            TranscriptParser.Unit(kind: index == 0 && title != nil ? .heading : .paragraph, text: text)
        }
        if let transcript = TranscriptParser.recognise(units) {
            return TranscriptParser.document(
                transcript, title: title, published: published, language: language, format: .text)
        }
        return Document(
            title: title, published: published, language: language, format: .text,
            blocks: units.map { (kind: $0.kind, text: $0.text) })
    }

    /// The date of a dated byline or dateline just under the headline (`Author:… Time:2022.08.24`,
    /// `发布时间：2022-08-24`, `Published August 24, 2022`): a short line among the first few.
    static func bylineDate(_ paragraphs: [String]) -> Date? {
        for paragraph in paragraphs.dropFirst().prefix(3) where paragraph.utf8.count <= 160 {
            if let date = DateParsing.find(in: paragraph) { return date }
        }
        return nil
    }

    /// Wrapped CJK lines join without a space; others with one.
    private static func joiner(_ lines: [String]) -> String {
        guard let last = lines.first?.unicodeScalars.last else { return " " }
        return last.value >= 0x2E80 ? "" : " "
    }

    static func isEndMarker(_ line: String) -> Bool {
        guard line.utf8.count <= 24 else { return false }
        let compact = line.filter { !$0.isWhitespace }.uppercased()
        return ["-END-", "(END)", "###", "—END—", "--END--", "[END]", "（完）", "(完)", "-完-", "【完】", "—完—"]
            .contains(compact)
    }

    /// Drops a closing run of teasers: short lines that read as headlines (no closing punctuation) or cut-off
    /// summaries ending in "...", when at least two such lines end the text and real paragraphs precede them.
    static func droppingTeaserTail(_ paragraphs: [String]) -> [String] {
        var start = paragraphs.count
        var headlines = 0
        while start > 1 {
            let text = paragraphs[start - 1]
            if isHeadlineLike(text) {
                headlines += 1
            } else if !isCutOffTeaser(text) {
                break
            }
            start -= 1
        }
        let run = paragraphs.count - start
        guard run >= 2, headlines >= 1, start >= 2,
            paragraphs[..<start].contains(where: { $0.count > 200 })
        else { return paragraphs }
        return Array(paragraphs[..<start])
    }

    private static func isHeadlineLike(_ text: String) -> Bool {
        guard text.count <= 100, let last = text.last else { return false }
        return !".!?。！？:：”\"'…)".contains(last)
    }

    private static func isCutOffTeaser(_ text: String) -> Bool {
        text.count <= 300 && (text.hasSuffix("...") || text.hasSuffix("…"))
    }
}
