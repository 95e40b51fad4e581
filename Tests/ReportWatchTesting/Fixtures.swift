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
