import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Monotonic wall time in seconds (CLOCK_MONOTONIC).
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// This process's CPU seconds (all threads), the clock of the in-process compute rows: on a shared machine it
/// counts the work done rather than the time spent waiting for a core. The peers use Python's time.process_time.
func cpuNow() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func seconds(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }

/// Median, min and max of the measured runs (the warm-up is never among them).
struct Stats: Codable {
    var median: Double
    var min: Double
    var max: Double
    var runs: Int

    init(_ values: [Double]) {
        let sorted = values.sorted()
        runs = sorted.count
        min = sorted.first ?? .nan
        max = sorted.last ?? .nan
        if sorted.isEmpty {
            median = .nan
        } else if sorted.count % 2 == 1 {
            median = sorted[sorted.count / 2]
        } else {
            median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }
}

/// Runs `body` once to warm up, then `runs` times, and returns the seconds of each measured run on `clock`
/// (process CPU time unless told otherwise).
func timed(runs: Int, clock: () -> Double = cpuNow, _ body: () throws -> Void) rethrows -> [Double] {
    try body()
    var result: [Double] = []
    for _ in 0..<runs {
        let start = clock()
        try body()
        result.append(clock() - start)
    }
    return result
}

/// Per-call CPU time in ms: each run calls `body` `batch` times.
func perCallMilliseconds(runs: Int, batch: Int, _ body: () -> Void) -> Stats {
    Stats(timed(runs: runs) { for _ in 0..<batch { body() } }.map { $0 * 1000 / Double(batch) })
}

struct ChildResult {
    var status: Int32
    var wall: Double
    var cpu: Double
    var peakMB: Double
    var output: String
}

/// Runs a program to completion with its stdout captured (stderr to `errorPath`), and reports its wall time, CPU
/// time and peak RSS from wait4's rusage, which counts exactly this child (and nothing the harness does).
func runChild(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, errorPath: String = "/dev/null",
    directory: String? = nil
) throws -> ChildResult {
    let outputPath = NSTemporaryDirectory() + "suite-bench-\(getpid())-\(UInt64(now() * 1e6)).out"
    defer { unlink(outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment ?? [:] { merged[key] = value }
    let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in envp { free(pointer) } }
    var pid: pid_t = 0
    let start = now()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard spawned == 0 else { throw BenchError("cannot run \(executable): error \(spawned)") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let wall = now() - start
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ChildResult(
        status: exitStatus, wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peakMB: Double(usage.ru_maxrss) / 1024, output: output)  // MiB: ru_maxrss is in KiB
}

/// A long-running helper process (the loopback server) whose first stdout line is read, killed at the end.
final class BackgroundProcess {
    let process = Process()
    let firstLine: String

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while true {
            let byte = pipe.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte[0] == UInt8(ascii: "\n") { break }
            line.append(byte[0])
        }
        firstLine = String(decoding: line, as: UTF8.self)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "?"
}

/// A blocking HTTP GET on loopback for the harness's own control requests (the phase bump).
func controlGet(port: Int, path: String) throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw BenchError("cannot reach the loopback server on port \(port)") }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var buffer = [UInt8](repeating: 0, count: 1024)
    while read(fd, &buffer, buffer.count) > 0 {}
}
