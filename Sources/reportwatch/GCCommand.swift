import ArgumentParser
import Foundation
import ReportWatch
import Store

struct GCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Retention: keep the raw text of the newest N versions of each report (analyses are always kept).")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Versions of each report whose text is kept.")
    var keep: Int

    @Flag(help: "Also rebuild the database file to return the space to the file system (slow; locks the database).")
    var vacuum = false

    func validate() throws {
        if keep < 1 { throw ValidationError("--keep must be at least 1") }
    }

    func run() async throws {
        let path = try options.databasePath()
        guard FileManager.default.fileExists(atPath: path) else {
            printError("database \(path): no database here")
            throw ExitCode(ExitStatus.ioError)
        }
        let store: Store
        do {
            store = try Store.open(path: path)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
        let freed = try options.query { () throws(StoreError) in try store.collectGarbage(keep: keep, vacuum: vacuum) }
        if options.json {
            return try printJSON(["documents_cleared": freed.documents, "bytes_freed": freed.bytes])
        }
        let megabytes = String(format: "%.1f", Double(freed.bytes) / 1_048_576)
        print("Cleared the text of \(freed.documents) old versions (\(megabytes) MiB)"
            + (vacuum ? "; database vacuumed." : "; run with --vacuum to shrink the file."))
    }
}
