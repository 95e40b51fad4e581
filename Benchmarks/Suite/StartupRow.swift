import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Row 8: exec → READY=1 of the real release `reportwatchd` with 10,000 page sources configured, read from a
/// datagram socket the benchmark binds as `$NOTIFY_SOCKET`. Cold: an empty store (the sources are inserted);
/// warm: the store from the previous start. The daemon is stopped with SIGTERM after READY.
struct StartupRow {
    let context: SuiteContext

    func run() throws -> [Row] {
        let count = 10_000
        let work = context.scratch + "/startup"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        var yaml = """
            store:
              path: \(work)/reportwatch.sqlite
            daemon:
              log_level: error
              interval: 1d
              proxy: ""
            sources:

            """
        // Port 9 on loopback is closed: polls started after READY fail at once and cost nothing.
        for index in 0..<count { yaml += "  - {name: s\(index), kind: page, url: \"http://127.0.0.1:9/p/\(index)\"}\n" }
        try yaml.write(toFile: work + "/config.yaml", atomically: true, encoding: .utf8)

        let socketPath = work + "/notify.sock"
        unlink(socketPath)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("cannot create the notify socket") }
        defer { close(fd); unlink(socketPath) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw BenchError("cannot bind the notify socket \(socketPath)") }

        /// Wall ms from exec to READY=1, and the daemon's CPU ms by then (from /proc, in 10 ms clock ticks).
        func start(fresh: Bool) throws -> (wall: Double, cpu: Double) {
            if fresh { for suffix in ["", "-wal", "-shm"] { unlink(work + "/reportwatch.sqlite" + suffix) } }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: context.binDirectory + "/reportwatchd")
            process.arguments = ["--config", work + "/config.yaml"]
            var environment = ProcessInfo.processInfo.environment
            environment["NOTIFY_SOCKET"] = socketPath
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            let begin = now()
            try process.run()
            // SIGKILL after READY: a graceful stop waits for the polls it started, which is not what is measured
            // here and would triple the row's time; the next start then also proves the store survives a crash.
            defer {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 30_000) > 0 else { throw BenchError("no READY=1 within 30 s") }
                let received = recv(fd, &buffer, buffer.count, 0)
                guard received > 0 else { continue }
                let message = String(decoding: buffer[0..<received], as: UTF8.self)
                if message.split(separator: "\n").contains("READY=1") {
                    let wall = (now() - begin) * 1000
                    return (wall, Self.cpuMilliseconds(of: process.processIdentifier))
                }
            }
        }

        var cold: [(wall: Double, cpu: Double)] = []
        _ = try start(fresh: true)
        for _ in 0..<context.runs { cold.append(try start(fresh: true)) }
        var warm: [(wall: Double, cpu: Double)] = []
        _ = try start(fresh: false)
        for _ in 0..<context.runs { warm.append(try start(fresh: false)) }
        let warmStats = Stats(warm.map(\.wall))
        let coldStats = Stats(cold.map(\.wall))
        return [
            Row(id: "8", name: "Start-up, exec → READY=1, 10k sources, existing store", unit: "ms", ours: warmStats,
                higherIsBetter: false, goal: "≤ 200 ms", met: warmStats.median <= 200),
            Row(id: "8", name: "Start-up, CPU used by READY=1, 10k sources, existing store", unit: "CPU ms",
                ours: Stats(warm.map(\.cpu)), higherIsBetter: false, note: "from /proc/PID/stat, 10 ms resolution"),
            Row(id: "8", name: "Start-up, exec → READY=1, 10k sources, empty store", unit: "ms", ours: coldStats,
                higherIsBetter: false, goal: "≤ 200 ms", met: coldStats.median <= 200),
            Row(id: "8", name: "Start-up, CPU used by READY=1, 10k sources, empty store", unit: "CPU ms",
                ours: Stats(cold.map(\.cpu)), higherIsBetter: false),
        ]
    }

    static func cpuMilliseconds(of pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return .nan }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
