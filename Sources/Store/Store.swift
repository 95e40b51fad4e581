import Foundation
import GRDB
import ReportModel
import Synchronization

/// The only user of SQLite: history of sources, reports, analyses, events and deliveries.
///
/// The daemon opens it read-write (WAL, so readers never block the writer); the CLI opens it read-only.
public final class Store: Sendable {
    public let path: String
    let database: any DatabaseWriter
    /// Poll results not yet written (see `recordPoll`), and rows read ahead for the next polls.
    let pollLedger = Mutex(PollLedger())
    /// Documents waiting for the writer, to be committed together.
    let documentWrites = Mutex(DocumentQueue())

    private init(path: String, database: any DatabaseWriter) {
        self.path = path
        self.database = database
    }

    deinit {
        try? flushPolls()
    }

    /// Opens the database for writing, creating it (mode 0600) and migrating it to the current schema.
    public static func open(path: String) throws(StoreError) -> Store {
        try createFileIfMissing(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // In WAL mode NORMAL never corrupts the database and loses nothing on a process crash (kill -9); only a
            // power cut can drop the last commits. It spares one fsync per commit, which dominates a poll cycle.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 512 KiB of page cache per connection instead of 2 MiB: a poll reads a few pages by index and the file
            // is in the OS's cache anyway. At 10,000 sources the rest only held pages read once (same CPU, 1 MB less).
            try db.execute(sql: "PRAGMA cache_size = -512")
            // The log is copied into the database every 1 MB instead of 4: the last connection's copy at close (with
            // two syncs) is what a `--once` run waits for after its work, 10 ms of a 1,000-source cycle at 4 MB.
            // The copies during the run happen on the writer, beside the fetching and analysis.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 250")
        }
        configuration.label = "reportwatch"
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Schema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(kind: .newerSchema, path: path,
                                 message: "was written by a newer ReportWatch (unknown schema migrations); "
                                    + "upgrade ReportWatch or use another database")
            }
            try migrator.migrate(pool)
            return Store(path: path, database: pool)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Opens an existing database for reading only; it must be at the current schema or an older one.
    public static func openReadOnly(path: String) throws(StoreError) -> Store {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(kind: .missing, path: path, message: "no database here (has reportwatchd run yet?)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        configuration.label = "reportwatch-readonly"
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Schema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(kind: .newerSchema, path: path,
                                 message: "was written by a newer ReportWatch; upgrade this reportwatch")
            }
            if try !pool.read({ try migrator.hasCompletedMigrations($0) }) {
                throw StoreError(kind: .cannotOpen, path: path,
                                 message: "is at an older schema; start reportwatchd once to migrate it")
            }
            return Store(path: path, database: pool)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Names of the migrations applied, oldest first.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try Schema.migrator.appliedMigrations(db) }
    }

    public static var knownMigrations: [String] { Schema.migrator.migrations }

    private static func createFileIfMissing(_ path: String) throws(StoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(kind: .cannotOpen, path: path,
                                 message: "cannot create directory \(directory) (\(String(cString: strerror(errno))))")
            }
        }
        // Created here with 0600 so that SQLite, which gives -wal and -shm the main file's mode, never widens it.
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(kind: .cannotOpen, path: path, message: "cannot open (\(String(cString: strerror(errno))))")
        }
        close(descriptor)
    }

    // MARK: - Access helpers

    /// Every access but the per-source fast paths of polling writes pending poll results first, so what it reads
    /// or writes sees them, in order.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try flushPolls()
        return try readNow(body)
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try flushPolls()
        return try writeNow(body)
    }

    /// A read that does not flush pending poll results: for callers that account for them.
    func readNow<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// A read without the BEGIN…COMMIT GRDB's `read` wraps around it (compiling and running those two cost more than
    /// a query by key). For one SELECT, which SQLite runs in its own read transaction, or for several over rows that
    /// cannot change meanwhile: a stored analysis, or the reports of the source whose pass is reading them.
    func readUnisolatedNow<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.unsafeRead(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    func writeNow<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }
}
