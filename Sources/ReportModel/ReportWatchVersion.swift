public enum ReportWatchVersion {
    public static let current = "0.1.0"
    public static let userAgent = "ReportWatch/\(current) (+https://github.com/reportwatch/reportwatch)"
}
