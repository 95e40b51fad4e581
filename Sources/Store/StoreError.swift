import GRDB

/// Why the store failed; names the database path and, for SQLite failures, the result code.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file or its directory cannot be created, opened or read.
        case cannotOpen
        /// The database was written by a newer ReportWatch.
        case newerSchema
        /// A read-only open of a database that does not exist.
        case missing
        /// SQLite refused a statement.
        case sqlite(code: Int32)
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String {
        switch kind {
        case .sqlite(let code): return "database \(path): SQLite error \(code): \(message)"
        default: return "database \(path): \(message)"
        }
    }

    /// The database is busy or locked by another writer.
    public var isBusy: Bool {
        if case .sqlite(let code) = kind { return code & 0xFF == 5 || code & 0xFF == 6 }
        return false
    }

    static func wrap(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            // The message never includes bound arguments, which may hold document text.
            return StoreError(kind: .sqlite(code: error.extendedResultCode.rawValue), path: path,
                              message: error.message ?? "\(error.resultCode)")
        }
        return StoreError(kind: .cannotOpen, path: path, message: "\(error)")
    }
}
