import Foundation
import Logging
import ReportWatchTesting
import ServiceLifecycle
import Synchronization
import Testing

@testable import ReportWatch

@Suite struct SystemdServiceTests {
    @Test func watchdogPingsOnlyWhileTheLoopProgresses() async throws {
        let directory = try Fixtures.temporaryDirectory("notify")
        defer { try? FileManager.default.removeItem(at: directory) }
        let listener = try NotifySocketListener(directory: directory)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "2000000"])
        #expect(notifier.watchdogInterval == .seconds(1))
        let clock = ManualClock()
        let uptime = Mutex(Duration.zero)
        let progress = LoopProgress(uptime: { uptime.withLock { $0 } })
        let service = SystemdService(
            notifier: notifier, progress: progress, clock: clock, logger: Logger(label: "test"),
            status: { "1 source" })
        let task = Task { try await service.run() }

        let first = await listener.receive(timeout: 5)
        #expect(first == ["READY=1", "STATUS=1 source"], "\(String(describing: first))")
        // The loop progressed just now: the tick pings.
        await clock.waitForSleepers()
        clock.advance(by: .seconds(1))
        #expect(await listener.receive(timeout: 5) == ["WATCHDOG=1"])
        #expect(await listener.receive(timeout: 5) == ["STATUS=1 source"])

        // The loop hangs: no progress for longer than WATCHDOG_USEC, so no ping (systemd will restart us).
        uptime.withLock { $0 = .seconds(3) }
        await clock.waitForSleepers()
        clock.advance(by: .seconds(1))
        #expect(await listener.receive(timeout: 5) == ["STATUS=1 source"])

        // It recovers: pings resume.
        progress.mark()
        await clock.waitForSleepers()
        clock.advance(by: .seconds(1))
        #expect(await listener.receive(timeout: 5) == ["WATCHDOG=1"])
        task.cancel()
        _ = try? await task.value
    }

    @Test func statusLineSummarisesTheSources() {
        #expect(StatusLine.plural(1, "source") == "1 source")
        #expect(StatusLine.plural(2, "delivery", "deliveries") == "2 deliveries")
        #expect(Duration.seconds(200).roundedText == "3m")
        #expect(Duration.seconds(7200).roundedText == "2h")
    }

    @Test func withoutNotifySocketNothingIsSent() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "1000000"])
        #expect(!notifier.isEnabled)
        #expect(notifier.watchdogInterval == nil)
        #expect(!notifier.send(["READY=1"]))
    }
}
