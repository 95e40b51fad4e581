import Foundation
import HTTPTransport
import ReportWatchTesting
import Testing

@Suite(.enabled(if: TestTLSServer.opensslPath != nil, "needs the openssl tool"))
struct TLSVerificationTests {
    @Test func anUnknownCertificateIsRefusedAndTheSourcesCAFileIsTrusted() async throws {
        let server = try TestTLSServer()
        defer { server.stop() }
        let client = CurlHTTPClient(maxConcurrent: 2, proxy: .direct)
        let refused = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/"))
        }
        #expect(refused?.kind == .connection)
        #expect(refused?.message.lowercased().contains("certificate") == true)
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/", caFile: server.certificateFile))
        #expect(response.status == 200)
    }
}
