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
        discussion: "Runs until SIGTERM; SIGHUP reloads the configuration. Exit codes: 0 ok, 64 usage, "
            + "74 database I/O, 75 another daemon holds the database, 78 configuration.",
        version: ReportWatchVersion.current)

    @Option(help: "The configuration file.")
    var config: String

    @Flag(help: "Poll every source once, then exit.")
    var once = false

    @Option(help: "trace, debug, info, notice, warning, error or critical (default: $REPORTWATCH_LOG_LEVEL, else the config's daemon.log_level).")
    var logLevel: String?

    func validate() throws {
        if let logLevel, LogLevel(rawValue: logLevel.lowercased()) == nil {
            throw ValidationError("unknown log level '\(logLevel)'")
        }
    }

    func run() async throws {
        // SIGHUP must not kill the daemon before the reload handler exists.
        signal(SIGHUP, SIG_IGN)
        let configuration: Configuration
        do {
            configuration = try ConfigLoader().load(path: config)
        } catch {
            FileHandle.standardError.write(Data("reportwatchd: \(error)\n".utf8))
            throw ExitCode(ExitStatus.config)
        }
        let environment = ProcessInfo.processInfo.environment
        let override = (logLevel ?? environment["REPORTWATCH_LOG_LEVEL"]).flatMap { LogLevel(rawValue: $0.lowercased()) }
        let level = SharedLogLevel(Logger.Level(override ?? configuration.daemon.logLevel))
        let journal = environment["JOURNAL_STREAM"].map { !$0.isEmpty } ?? false
        LoggingSystem.bootstrap { label in DaemonLogHandler(label: label, level: level, journal: journal) }
        let logger = Logger(label: "reportwatchd")

        let daemon: Daemon
        do {
            daemon = try buildDaemon(
                configuration: configuration, logger: logger, configPath: config, logLevel: level,
                levelOverride: override,
                metricsRegistry: configuration.metrics != nil && !once ? bootstrapPrometheus() : nil)
        } catch {
            FileHandle.standardError.write(Data("reportwatchd: \(error)\n".utf8))
            throw ExitCode(error.exitCode)
        }
        logger.info("store ready", metadata: ["store.path": "\(daemon.storePath)",
                                              "version": "\(ReportWatchVersion.current)"])
        if once {
            let report = try await daemon.runOnce()
            logger.info("pass complete", metadata: [
                "sources": "\(report.passes)", "documents.stored": "\(report.documentsStored)",
                "sources.failed": "\(report.failedPasses)",
            ])
            return
        }
        try await daemon.run()
        logger.info("stopped")
    }
}
