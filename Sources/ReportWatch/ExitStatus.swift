/// sysexits(3) codes that scripts and systemd can rely on.
public enum ExitStatus {
    public static let usage: Int32 = 64
    public static let ioError: Int32 = 74
    /// Another daemon holds the database (EX_TEMPFAIL).
    public static let alreadyRunning: Int32 = 75
    public static let config: Int32 = 78
}
