import Foundation
import ReportWatchTesting
import Testing

/// The unit file passes systemd's own checks: `verify` is clean and `security` rates it 2.0 or better.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
struct SystemdUnitTests {
    /// The unit with ExecStart pointing at the built binary, since verify checks that the executable exists.
    func unitCopy() throws -> URL {
        let directory = try Fixtures.temporaryDirectory("unit")
        let unit = directory.appendingPathComponent("reportwatchd.service")
        let text = try Fixtures.text(Fixtures.repositoryRoot.appendingPathComponent("systemd/reportwatchd.service"))
            .replacingOccurrences(of: "/usr/local/bin/reportwatchd", with: ProcessRunner.executable("reportwatchd").path)
        try text.write(to: unit, atomically: true, encoding: .utf8)
        return unit
    }

    func analyze(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func verifyIsClean() async throws {
        let unit = try unitCopy()
        defer { try? FileManager.default.removeItem(at: unit.deletingLastPathComponent()) }
        let result = try analyze(["verify", unit.path])
        #expect(result.status == 0)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(result.output)")
    }

    @Test func securityExposureIsAtMostTwo() async throws {
        let unit = try unitCopy()
        defer { try? FileManager.default.removeItem(at: unit.deletingLastPathComponent()) }
        let result = try analyze(["security", "--offline=yes", unit.path])
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let exposure = try #require(score, "cannot read the score from: \(line)")
        #expect(exposure <= 2.0, "\(line)")
    }

    @Test func unitHasTheExpectedShape() async throws {
        let text = try Fixtures.text(Fixtures.repositoryRoot.appendingPathComponent("systemd/reportwatchd.service"))
        for line in ["Type=notify", "ExecStart=/usr/local/bin/reportwatchd --config /etc/reportwatch/reportwatch.yaml",
                     "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "DynamicUser=yes",
                     "StateDirectory=reportwatch", "ConfigurationDirectory=reportwatch", "ProtectSystem=strict",
                     "NoNewPrivileges=yes", "MemoryDenyWriteExecute=yes", "SystemCallFilter=@system-service"] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
        #expect(text.contains("WatchdogSec="))
    }
}
