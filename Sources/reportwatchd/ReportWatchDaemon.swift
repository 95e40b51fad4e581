import ArgumentParser
import Config
import Foundation
import Logging
import ReportModel
import ReportWatch

@main
struct ReportWatchDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reportwatchd",
        abstract: "Watches report sources and announces what changed in substance.",
        version: ReportWatchVersion.current)

    @Option(help: "The configuration file.")
    var config: String

    @Flag(help: "Poll every source once, then exit.")
    var once = false

    @Option(help: "trace, debug, info, notice, warning, error or critical (default: the config's daemon.log_level).")
    var logLevel: String?

    func validate() throws {
        if let logLevel, LogLevel(rawValue: logLevel.lowercased()) == nil {
            throw ValidationError("unknown log level '\(logLevel)'")
        }
    }

    func run() async throws {
        // SIGHUP must not kill the daemon before a handler exists.
        signal(SIGHUP, SIG_IGN)
        let configuration: Configuration
        do {
            configuration = try ConfigLoader().load(path: config)
        } catch {
            FileHandle.standardError.write(Data("reportwatchd: \(error)\n".utf8))
            throw ExitCode(ExitStatus.config)
        }
        let level = LoggingSetup.level(flag: logLevel, configured: configuration.daemon.logLevel)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "reportwatchd")
        let daemon: Daemon
        do {
            daemon = try buildDaemon(configuration: configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("reportwatchd: \(error)\n".utf8))
            throw ExitCode(ExitStatus.ioError)
        }
        logger.info("store ready", metadata: ["store.path": "\(daemon.storePath)"])
        if once {
            let summaries = try await daemon.runOnce()
            let stored = summaries.reduce(0) { $0 + $1.stored.count }
            let failed = summaries.filter { !$0.errors.isEmpty }.count
            logger.info("pass complete", metadata: [
                "sources": "\(summaries.count)", "documents.stored": "\(stored)", "sources.failed": "\(failed)",
            ])
            return
        }
        try await daemon.run()
    }
}
