import ArgumentParser
import Extraction
import Foundation
import HTTPTransport
import Parsing
import ReportModel
import ReportWatch

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Parse and analyse one document (a file or an http(s) URL) without touching the database.",
        discussion: """
            Prints the title, period, speakers and top themes. --text prints the main text the parser kept; --json \
            prints {"title", "published", "language", "period", "text", "blocks", "speakers", "themes", …}.
            """)

    @Argument(help: "A file path or an http(s) URL.")
    var document: String

    @Option(help: "html, text, pdf or feed (default: from the content type or the file name).")
    var format: DocumentFormat?

    @Flag(help: "Print the main text only.")
    var text = false

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Themes to show in the text output.")
    var top = 15

    func validate() throws {
        if text && json { throw ValidationError("--text and --json exclude each other") }
    }

    func run() async throws {
        let fetched = try await fetch()
        let parsed: Document
        do {
            parsed = try DocumentParser().parse(fetched)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
        if text {
            print(parsed.text)
            return
        }
        let analysis = Analyzer().analyze(parsed)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(AnalysisOutput(document: parsed, analysis: analysis)), as: UTF8.self))
            return
        }
        print(render(parsed, analysis))
    }

    private func fetch() async throws -> FetchedDocument {
        if let url = URL(string: document), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" {
            let client = CurlHTTPClient(maxConcurrent: 1)
            do {
                let response = try await client.send(HTTPRequest(url: document))
                guard (200..<300).contains(response.status) else {
                    printError("\(document): HTTP \(response.status)")
                    throw ExitCode(ExitStatus.ioError)
                }
                return FetchedDocument(
                    url: response.effectiveURL, body: response.body, contentType: response.headers["Content-Type"],
                    formatHint: format, fetchedAt: Date())
            } catch let error as HTTPError {
                printError("\(error)")
                throw ExitCode(ExitStatus.ioError)
            }
        }
        let path = (document as NSString).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            printError("\(document): \(reason)")
            throw ExitCode(ExitStatus.ioError)
        }
        return FetchedDocument(url: URL(fileURLWithPath: path).absoluteString, body: Array(data), formatHint: format,
                               fetchedAt: Date())
    }

    private func render(_ document: Document, _ analysis: Analysis) -> String {
        var lines: [String] = []
        lines.append(document.title ?? "(untitled)")
        var facts: [String] = []
        if let period = analysis.period { facts.append("period \(period.label)") }
        if let published = document.published { facts.append("published \(TextTable.localTime(published))") }
        if let language = document.language { facts.append("language \(language)") }
        facts.append("\(document.blocks.count) blocks, \(document.text.count) characters")
        lines.append(facts.joined(separator: " · "))
        lines.append("")
        lines.append("SPEAKERS (\(analysis.speakers.count))")
        for speaker in analysis.speakers {
            let role = [speaker.title, speaker.organization].compactMap { $0 }.joined(separator: " — ")
            lines.append("  \(speaker.name)\(role.isEmpty ? "" : "  \(role)")  ×\(speaker.mentions)")
            if let evidence = speaker.evidence.first { lines.append("    “\(Self.clip(evidence.text, 110))”") }
        }
        lines.append("")
        lines.append("THEMES (top \(min(top, analysis.themes.count)) of \(analysis.themes.count))")
        let rows = analysis.themes.prefix(top).enumerated().map { index, theme in
            ["  \(index + 1).", theme.label, String(format: "%.2f", theme.score), "×\(theme.occurrences)"]
        }
        if !rows.isEmpty {
            lines.append(TextTable(headers: ["", "", "", ""], rows: Array(rows)).render()
                .split(separator: "\n").dropFirst().joined(separator: "\n"))
        }
        return lines.joined(separator: "\n")
    }

    static func clip(_ text: String, _ length: Int) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }
}

/// The `analyze --json` shape: the parsed document and what extraction found.
struct AnalysisOutput: Encodable {
    var document: Document
    var analysis: Analysis

    enum CodingKeys: String, CodingKey {
        case title, published, language, format, period, text, blocks, transcript, speakers, themes
        case extractorVersion = "extractor_version"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(document.title, forKey: .title)
        try container.encode(document.published, forKey: .published)
        try container.encode(document.language, forKey: .language)
        try container.encode(document.format, forKey: .format)
        try container.encode(analysis.period?.label, forKey: .period)
        try container.encode(document.text, forKey: .text)
        try container.encode(document.blocks, forKey: .blocks)
        try container.encodeIfPresent(document.transcript, forKey: .transcript)
        try container.encode(analysis.speakers, forKey: .speakers)
        try container.encode(analysis.themes, forKey: .themes)
        try container.encode(analysis.extractorVersion, forKey: .extractorVersion)
    }
}

extension DocumentFormat: ExpressibleByArgument {}
