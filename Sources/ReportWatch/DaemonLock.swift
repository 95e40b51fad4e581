import Foundation

/// One daemon per database: an exclusive `flock` on `<database>.lock`, held for the process's life.
public final class DaemonLock: Sendable {
    public let path: String
    private let descriptor: Int32

    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
        /// True when another process holds the lock; false when the lock file itself is unusable.
        public var heldByAnother: Bool
    }

    public static func acquire(forDatabase database: String) throws(Refusal) -> DaemonLock {
        let path = database + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Refusal(description: "cannot open lock file \(path) (\(String(cString: strerror(errno))))",
                          heldByAnother: false)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.readPID(descriptor).map { " (pid \($0))" } ?? ""
            close(descriptor)
            throw Refusal(description: "another reportwatchd\(holder) is already running on \(database) "
                + "(lock file \(path))", heldByAnother: true)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return DaemonLock(path: path, descriptor: descriptor)
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
