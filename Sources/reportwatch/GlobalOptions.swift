import ArgumentParser
import Config
import Foundation
import ReportWatch
import Store

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The configuration file (default: $REPORTWATCH_CONFIG, else /etc/reportwatch/reportwatch.yaml when it exists).")
    var config: String?

    @Option(help: "The database (default: the config's store.path, else $STATE_DIRECTORY/reportwatch.sqlite, else ./.state/reportwatch.sqlite).")
    var database: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// The configuration file to use, when there is one.
    var configPath: String? {
        if let config { return config }
        if let path = ProcessInfo.processInfo.environment["REPORTWATCH_CONFIG"], !path.isEmpty { return path }
        let system = "/etc/reportwatch/reportwatch.yaml"
        return FileManager.default.fileExists(atPath: system) ? system : nil
    }

    func loadConfiguration() throws -> Configuration? {
        guard let path = configPath else { return nil }
        do {
            return try ConfigLoader().load(path: path)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.config)
        }
    }

    /// The database, opened read-only so the CLI never blocks the daemon's writes.
    func openStore() throws -> Store {
        let path = try databasePath()
        do {
            return try Store.openReadOnly(path: path)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
    }

    func databasePath() throws -> String {
        if let database { return database }
        if let configuration = try loadConfiguration() { return configuration.store.path }
        return StoreSettings.defaultPath()
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("reportwatch: \(message)\n".utf8))
}
