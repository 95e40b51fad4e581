import Config
import Foundation
import Logging

extension Logger.Level {
    public init(_ level: LogLevel) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}

public enum LoggingSetup {
    /// The level from `--log-level`, else `$REPORTWATCH_LOG_LEVEL`, else the config.
    public static func level(
        flag: String?, configured: LogLevel, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Logger.Level {
        if let text = flag ?? environment["REPORTWATCH_LOG_LEVEL"], let level = LogLevel(rawValue: text.lowercased()) {
            return Logger.Level(level)
        }
        return Logger.Level(configured)
    }
}
