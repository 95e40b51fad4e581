import ArgumentParser
import Config
import Foundation
import ReportWatch

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with configuration files.", subcommands: [Validate.self])
}

extension ConfigCommand {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a configuration file; print OK or every error, exit 0 or 78.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The file to check (default: --config, $REPORTWATCH_CONFIG, /etc/reportwatch/reportwatch.yaml).")
        var path: String?

        func run() async throws {
            guard let file = path ?? options.configPath else {
                printError("no configuration file given (pass a PATH or --config)")
                throw ExitCode(ExitStatus.config)
            }
            do {
                let configuration = try ConfigLoader().load(path: file)
                if options.json {
                    print(#"{"file":\#(jsonString(file)),"ok":true,"sources":\#(configuration.sources.count),"webhooks":\#(configuration.webhooks.count),"errors":[]}"#)
                } else {
                    print("OK: \(file) (\(configuration.sources.count) sources, \(configuration.webhooks.count) webhooks)")
                }
            } catch {
                if options.json {
                    let items = error.issues.map { issue in
                        "{\"line\":\(issue.line.map(String.init) ?? "null"),\"column\":\(issue.column.map(String.init) ?? "null"),"
                            + "\"key\":\(issue.keyPath.map(jsonString) ?? "null"),\"message\":\(jsonString(issue.message))}"
                    }
                    print(#"{"file":\#(jsonString(file)),"ok":false,"errors":[\#(items.joined(separator: ","))]}"#)
                } else {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                }
                throw ExitCode(ExitStatus.config)
            }
        }
    }
}

func jsonString(_ text: String) -> String {
    let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
    return String(decoding: data, as: UTF8.self)
}
