import ArgumentParser
import Foundation
import HTTPTransport
import ReportModel
import ReportWatch
import Store

struct DeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "List webhook deliveries, newest first, with their attempts.",
        discussion: """
            Statuses: pending (not tried yet), failed (will be retried), delivered, dead (given up). Endpoints \
            disabled by a 410 Gone are listed first; `reportwatch redeliver --enable-endpoint URL` enables one again.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only deliveries with this status: pending, failed, delivered or dead.")
    var status: String?

    @Option(help: "Only deliveries to this endpoint URL.")
    var endpoint: String?

    @Option(help: "Only deliveries of the last DURATION (7d, 12h, 30m).")
    var since: String?

    @Option(help: "At most N deliveries (default 50).")
    var limit: Int = 50

    func validate() throws {
        if let status, DeliveryStatus(rawValue: status) == nil {
            throw ValidationError("unknown status '\(status)' (expected pending, failed, delivered or dead)")
        }
        if let since, Duration(text: since) == nil {
            throw ValidationError("--since takes a duration such as 7d, 12h or 30m, not '\(since)'")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let store = try options.openStore()
        let cutoff = since.flatMap { Duration(text: $0) }.map { Date().addingTimeInterval(-$0.timeInterval) }
        let deliveries: [DeliveryRecord]
        let endpoints: [EndpointRecord]
        do {
            deliveries = try store.deliveries(
                status: status.flatMap(DeliveryStatus.init(rawValue:)), endpoint: endpoint, since: cutoff, limit: limit)
            endpoints = try store.endpoints()
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.ioError)
        }
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            let redacted = deliveries.map { record -> DeliveryRecord in
                var record = record
                record.endpoint = URLRedaction.redacted(record.endpoint)
                return record
            }
            print(String(decoding: try encoder.encode(redacted), as: UTF8.self))
            return
        }
        for endpoint in endpoints {
            guard let disabledAt = endpoint.disabledAt else { continue }
            print("Endpoint \(URLRedaction.redacted(endpoint.url)) disabled since \(TextTable.localTime(disabledAt)) "
                + "(\(endpoint.disabledReason ?? "disabled")); enable it with "
                + "`reportwatch redeliver --enable-endpoint \(URLRedaction.redacted(endpoint.url))` or a config change.")
        }
        if deliveries.isEmpty {
            print("No deliveries.")
            return
        }
        let rows = deliveries.map { record -> [String] in
            let last = record.lastStatusCode.map(String.init) ?? (record.lastError == nil ? "-" : "error")
            let next = record.status == .failed || record.status == .pending
                ? (record.endpointDisabled ? "endpoint disabled" : TextTable.localTime(record.nextAttemptAt)) : "-"
            return [String(record.id), TextTable.localTime(record.createdAt), record.eventType, record.eventID,
                    URLRedaction.redacted(record.endpoint), record.status.rawValue, String(record.attempts.count), last,
                    next]
        }
        print(TextTable(headers: ["ID", "CREATED", "TYPE", "EVENT", "ENDPOINT", "STATUS", "ATTEMPTS", "LAST", "NEXT"],
                        rows: rows).render())
        let tried = deliveries.filter { !$0.attempts.isEmpty && $0.status != .delivered }
        guard !tried.isEmpty else { return }
        print("\nAttempts:")
        for record in tried {
            for (index, attempt) in record.attempts.enumerated() {
                let code = attempt.statusCode.map { "HTTP \($0)" } ?? "no response"
                let error = attempt.error.map { "  \($0)" } ?? ""
                print("  #\(record.id) attempt \(index + 1)  \(TextTable.localTime(attempt.attemptedAt))  \(code)  "
                    + "\(Int(attempt.durationMilliseconds.rounded())) ms\(error)")
            }
        }
    }
}
