import Foundation
import HTTPTransport
import ReportWatchTesting
import Testing

/// The test server is shared by other suites; these pin down the behaviour they rely on.
@Suite struct TestHTTPServerTests {
    @Test func scriptsRepeatTheirLastResponseAndUnknownPathsAre404() async throws {
        let server = try TestHTTPServer()
        let client = CurlHTTPClient(maxConcurrent: 2, proxy: .direct)
        server.script("/s", [.status(500), .status(200, "ok")])
        var statuses: [Int] = []
        for _ in 0..<3 { statuses.append(try await client.send(HTTPRequest(url: server.url("/s?x=1"))).status) }
        statuses.append(try await client.send(HTTPRequest(url: server.url("/unknown"))).status)
        #expect(statuses == [500, 200, 200, 404])
        #expect(server.requests.first?.target == "/s?x=1")
        #expect(server.requests.first?.path == "/s")
        server.clearRecords()
        #expect(server.requests.isEmpty)
    }

    @Test func ifModifiedSinceAloneGetsA304() async throws {
        let server = try TestHTTPServer()
        let client = CurlHTTPClient(maxConcurrent: 2, proxy: .direct)
        let modified = Date(timeIntervalSince1970: 1_600_000_000)
        server.serveDocument("/doc", text: "body", lastModified: modified)
        let fresh = try await client.send(HTTPRequest(
            url: server.url("/doc"), headers: ["If-Modified-Since": TestHTTPServer.httpDate(modified)]))
        let stale = try await client.send(HTTPRequest(
            url: server.url("/doc"), headers: ["If-Modified-Since": TestHTTPServer.httpDate(modified - 60)]))
        #expect(fresh.status == 304)
        #expect(fresh.body.isEmpty)
        #expect(stale.status == 200)
        #expect(stale.headers["Last-Modified"] == TestHTTPServer.httpDate(modified))
    }

    @Test func waitForRequestsReturnsOnceTheyArrive() async throws {
        let server = try TestHTTPServer()
        server.script("/hook", [.status(204)])
        let client = CurlHTTPClient(maxConcurrent: 2, proxy: .direct)
        let url = server.url("/hook")
        let sender = Task {
            try await Task.sleep(for: .milliseconds(50))
            for index in 0..<3 {
                _ = try await client.send(HTTPRequest(method: "POST", url: url, body: Array("event \(index)".utf8)))
            }
        }
        let arrived = await server.waitForRequests(3, to: "/hook", timeout: .seconds(5))
        try await sender.value
        #expect(arrived.map { String(decoding: $0.body, as: UTF8.self) } == ["event 0", "event 1", "event 2"])
        #expect(arrived.map(\.arrival) == arrived.map(\.arrival).sorted())
        let none = await server.waitForRequests(1, to: "/never", timeout: .milliseconds(30))
        #expect(none.isEmpty)
    }

    @Test func gzipEncodingHasAValidChecksum() {
        // The CRC-32 check value of "123456789" (from the CRC catalogue).
        #expect(Gzip.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        let encoded = Gzip.encode(Array(repeating: 7, count: 70_000))
        #expect(encoded.prefix(3) == [0x1f, 0x8b, 8])
        // Two stored blocks (65,535 + 4,465 bytes), each with a 5-byte header, plus 10 + 8 bytes of framing.
        #expect(encoded.count == 70_000 + 10 + 18)
    }
}
