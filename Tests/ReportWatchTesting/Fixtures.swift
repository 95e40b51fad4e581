import Foundation

/// Locates files of the repository (seeds, fixtures) from a test's source file.
public enum Fixtures {
    /// The repository's root: the first ancestor of this file that holds `Package.swift`.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    public static var seedsDirectory: URL { repositoryRoot.appendingPathComponent("seeds") }
    public static var seedArticle: URL { seedsDirectory.appendingPathComponent("tencent-ssv-2022-08-24.txt") }
    public static var seedTruth: URL { seedsDirectory.appendingPathComponent("tencent-ssv-2022-08-24.truth.json") }

    public static func data(_ url: URL) throws -> Data { try Data(contentsOf: url) }
    public static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }
    public static func text(_ url: URL) throws -> String { String(decoding: try Data(contentsOf: url), as: UTF8.self) }

    /// A fresh, empty temporary directory, removed by the caller with `removeItem`.
    public static func temporaryDirectory(_ prefix: String = "reportwatch") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension Fixtures {
    /// A plain-text fixture of the report series (`Tests/ReportWatchTests/Fixtures/series/NAME`).
    public static func seriesText(_ name: String) throws -> String {
        try text(repositoryRoot.appendingPathComponent("Tests/ReportWatchTests/Fixtures/series/\(name)"))
    }

    /// A news-style HTML page around a plain-text fixture: its first paragraph is the headline, the rest the
    /// article, with navigation and a footer that must not reach extraction.
    public static func articleHTML(fromPlainText text: String) -> String {
        let main = text.components(separatedBy: "- END -")[0]
        let paragraphs = main.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        let escape: (String) -> String = {
            $0.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        let body = paragraphs.dropFirst().map { "<p>\(escape($0))</p>" }
        let title = escape(paragraphs.first ?? "")
        return """
            <!doctype html><html><head><title>\(title)</title></head><body>
            <nav><a href="/">Home</a> <a href="/ir">Investors</a></nav>
            <article><h1>\(title)</h1>\(body.joined(separator: "\n"))</article>
            <footer>© Acme Robotics. All rights reserved.</footer></body></html>
            """
    }
}
