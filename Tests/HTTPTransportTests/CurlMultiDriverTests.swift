@testable import HTTPTransport
import Synchronization
import Testing

@Suite struct CurlMultiDriverTests {
    /// A caller cancelled between its cancellation check and handing over its continuation sends the cancellation
    /// before the submission; the driver finishes the transfer first and must still answer the caller once it waits.
    @Test func aCancellationThatOvertakesItsSubmissionStillAnswersTheCaller() async throws {
        let driver = CurlMultiDriver(maxConcurrent: 2, defaults: TransferDefaults(userAgent: "test", proxy: .direct))
        defer { driver.shutdown() }
        // Nothing listens on port 9: had the transfer started, it would fail as a connection error, not a cancellation.
        let transfer = CurlTransfer(request: HTTPRequest(url: "http://127.0.0.1:9/report"))
        driver.cancel(transfer)
        for _ in 0..<1000 where !transfer.isFinished { try await Task.sleep(for: .milliseconds(5)) }
        #expect(transfer.isFinished)
        let answer = Mutex<HTTPError.Kind??>(nil)
        let waiting = Task {
            let outcome = await withUnsafeContinuation { continuation in
                transfer.continuation = continuation
                driver.submit(transfer)
            }
            answer.withLock { $0 = .some(outcome.failureKind) }
        }
        // Unanswered, the caller would wait for ever: give up looking after 5 s and fail instead of hanging.
        for _ in 0..<1000 where answer.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(answer.withLock { $0 } == .some(.cancelled))
        if answer.withLock({ $0 == nil }) { waiting.cancel() }
    }
}

extension Result<HTTPResponse, HTTPError> {
    fileprivate var failureKind: HTTPError.Kind? {
        if case .failure(let error) = self { return error.kind }
        return nil
    }
}
