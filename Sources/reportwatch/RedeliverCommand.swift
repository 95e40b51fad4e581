import ArgumentParser
import Foundation
import HTTPTransport
import ReportModel
import ReportWatch
import Store

struct RedeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redeliver",
        abstract: "Queue webhook deliveries again (a running reportwatchd sends them within seconds).",
        discussion: """
            IDs are delivery ids (from `reportwatch deliveries`) or event ids (evt_…: every delivery of the event). \
            Queued deliveries keep their webhook-id and get a fresh retry schedule. \
            `--failed --since 24h` queues every failed or dead delivery of the last day. \
            `--enable-endpoint URL` enables an endpoint disabled by a 410 Gone and makes its deliveries due now.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Delivery ids or event ids.")
    var ids: [String] = []

    @Flag(help: "Every failed or dead delivery (with --since).")
    var failed = false

    @Option(help: "With --failed: deliveries of the last DURATION (default 24h).")
    var since: String?

    @Option(help: "Enable this endpoint again.")
    var enableEndpoint: String?

    func validate() throws {
        if ids.isEmpty, !failed, enableEndpoint == nil {
            throw ValidationError("give delivery or event ids, --failed, or --enable-endpoint URL")
        }
        if let since, Duration(text: since) == nil {
            throw ValidationError("--since takes a duration such as 7d, 12h or 30m, not '\(since)'")
        }
        if since != nil, !failed { throw ValidationError("--since goes with --failed") }
        for id in ids where Int64(id) == nil && !id.hasPrefix("evt_") {
            throw ValidationError("'\(id)' is neither a delivery id nor an event id (evt_…)")
        }
    }

    func run() async throws {
        let path = try options.databasePath()
        guard FileManager.default.fileExists(atPath: path) else {
            printError("\(path): no database here (has reportwatchd run yet?)")
            throw ExitCode(ExitStatus.ioError)
        }
        let now = Date()
        do {
            // The one read-write use of the store from the CLI; SQLite's WAL lets it run beside the daemon.
            let store = try Store.open(path: path)
            if let url = enableEndpoint {
                guard try store.enableEndpoint(url: url, now: now) else {
                    printError("no endpoint \(URLRedaction.redacted(url)) in the database")
                    throw ExitCode(1)
                }
                print("Enabled \(URLRedaction.redacted(url)).")
            }
            var queued: [Int64] = []
            if !ids.isEmpty {
                var eventIDs: [String] = []
                for prefix in ids where prefix.hasPrefix("evt_") {
                    // A unique prefix of an event id will do, as with git's object names.
                    let matches = try store.eventIDs(withPrefix: prefix, limit: 2)
                    guard matches.count == 1 else {
                        printError(matches.isEmpty ? "no event \(prefix)" : "event id prefix \(prefix) is ambiguous")
                        throw ExitCode(1)
                    }
                    eventIDs += matches
                }
                queued += try store.redeliver(ids: ids.compactMap { Int64($0) }, eventIDs: eventIDs, now: now)
                if queued.isEmpty {
                    printError("no deliveries match \(ids.joined(separator: " "))")
                    throw ExitCode(1)
                }
            }
            if failed {
                let window = since.flatMap { Duration(text: $0) } ?? .seconds(24 * 3600)
                queued += try store.redeliverFailed(since: now.addingTimeInterval(-window.timeInterval), now: now)
            }
            if options.json {
                print(String(decoding: try JSONEncoder().encode(["queued": queued]), as: UTF8.self))
            } else if !ids.isEmpty || failed {
                print(queued.isEmpty ? "Nothing to redeliver." : "Queued \(queued.count) "
                    + (queued.count == 1 ? "delivery: " : "deliveries: ") + queued.map(String.init).joined(separator: " "))
            }
        } catch let error as StoreError {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
    }
}
