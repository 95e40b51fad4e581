import ArgumentParser
import Config
import Fetching
import Foundation
import Logging
import ReportModel
import ReportWatch
import Store

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fetch and analyse one configured source now and print what would be announced; writes nothing.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "A source name from the configuration.")
    var source: String

    func run() async throws {
        guard let configuration = try options.loadConfiguration() else {
            printError("check needs the configuration: pass --config PATH")
            throw ExitCode(ExitStatus.config)
        }
        guard let sourceConfig = configuration.source(named: source) else {
            printError("no source '\(source)' in \(configuration.file ?? "the configuration")")
            throw notFound
        }
        // Compare with the stored history when there is one; otherwise with nothing, in a scratch database.
        let path = options.database ?? configuration.store.path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reportwatch-check-\(getpid()).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch.path + suffix) }
        }
        let store: Store
        do {
            store = FileManager.default.fileExists(atPath: path)
                ? try Store.openReadOnly(path: path) : try Store.open(path: scratch.path)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
        let record = try options.query { () throws(StoreError) in try store.source(named: source) }
        let state = try record.map { record in
            try options.query { () throws(StoreError) in try store.fetchState(sourceID: record.id) }
        } ?? SourceState()
        var logger = Logger(label: "reportwatch.check")
        logger.logLevel = .warning
        let pipeline = Pipeline(store: store, live: LiveConfiguration(configuration),
                                fetcher: makeFetcher(configuration.daemon, logger: logger), logger: logger)
        let poll: PollResult
        do {
            poll = try await pipeline.fetcher.poll(sourceConfig, state: state)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
        var events: [Event] = []
        var errors: [String] = poll.failures.map(\.description)
        for fetched in poll.documents {
            do {
                if let plan = try pipeline.plan(fetched, source: sourceConfig, sourceID: record?.id ?? -1),
                   plan.isAnnounced, let event = plan.event(for: nil, at: Date())
                {
                    events.append(event)
                }
            } catch {
                errors.append("\(error)")
            }
        }
        if options.json {
            try printJSON(events)
        } else if events.isEmpty {
            print(poll.notModified ? "Not modified since the last check: nothing would be announced."
                                   : "Nothing new: nothing would be announced.")
        } else {
            for event in events {
                let report = event.data.report
                print(Terminal.bold("\(event.type.rawValue)  \(report?.period ?? "")  \(report?.title ?? report?.url ?? "")"))
                if let previous = event.data.previous {
                    print(Terminal.dim("  against \(previous.period ?? "report \(previous.id)")  \(previous.title ?? previous.url)"))
                }
                print(DiffCommand.render(ChangeSet(themes: event.data.themes, speakers: event.data.speakers,
                                                   revision: event.data.revision)))
            }
        }
        for error in errors { printError(error) }
        if !errors.isEmpty, events.isEmpty { throw ExitCode(ExitStatus.ioError) }
    }
}
