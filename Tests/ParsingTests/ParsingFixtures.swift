import Foundation

/// Files under `Tests/ParsingTests/Fixtures/`.
enum ParsingFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    static func url(_ relativePath: String) -> URL { directory.appendingPathComponent(relativePath) }

    static func bytes(_ relativePath: String) throws -> [UInt8] { Array(try Data(contentsOf: url(relativePath))) }

    static func iso(_ string: String) -> Date? { ISO8601DateFormatter().date(from: string) }
}
