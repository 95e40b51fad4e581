/// One problem in a configuration file, located by file, line, column and key path.
public struct ConfigIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// `sources[2].interval`; nil for problems with the file as a whole.
    public var keyPath: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        if let keyPath { return "\(location): \(keyPath): \(message)" }
        return "\(location): \(message)"
    }
}

/// Why a configuration could not be used: every problem found, not only the first.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The file could not be read (missing, unreadable).
        case unreadable
        /// The file was read and is wrong.
        case invalid
    }

    public var kind: Kind
    public var issues: [ConfigIssue]

    public init(kind: Kind, issues: [ConfigIssue]) {
        self.kind = kind
        self.issues = issues
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
