import Foundation
import ReportModel

/// PDF → `Document` through poppler's `pdftotext -layout`, run as a subprocess with a time limit and an output
/// cap, so a hostile file cannot hang or bloat the daemon. Page breaks, page numbers and hyphenation across lines
/// are repaired before the text is cut into paragraphs.
public struct PDFParser: Sendable {
    public var executable: String
    public var timeout: Duration
    public var outputLimit: Int

    public init(
        executable: String = "/usr/bin/pdftotext", timeout: Duration = .seconds(30),
        outputLimit: Int = 32 * 1024 * 1024
    ) {
        self.executable = executable
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    public static func isPDF(_ bytes: [UInt8]) -> Bool {
        let marker = Array("%PDF-".utf8)
        let head = bytes.prefix(1024)
        guard head.count >= marker.count else { return false }
        for start in head.startIndex...(head.endIndex - marker.count) where head[start] == marker[0] {
            if Array(head[start..<start + marker.count]) == marker { return true }
        }
        return false
    }

    public func parse(_ bytes: [UInt8], url: String) throws(ParseError) -> Document {
        guard Self.isPDF(bytes) else {
            throw ParseError(url: url, reason: "not a PDF: no %PDF- header in the first 1024 bytes")
        }
        let text = try extractText(bytes, url: url)
        var document = PlainTextParser().parse(Self.repair(text))
        document.format = .pdf
        return document
    }

    /// Runs pdftotext on the bytes (stdin → stdout).
    func extractText(_ bytes: [UInt8], url: String) throws(ParseError) -> String {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ParseError(url: url, reason: "cannot read PDF: \(executable) is missing (install poppler-utils)")
        }
        // The PDF goes through a private temporary file rather than stdin: a reader that stops early must not
        // leave us writing into a closed pipe (SIGPIPE).
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("reportwatch-\(UUID().uuidString).pdf")
        do {
            try Data(bytes).write(to: file, options: [.atomic])
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        } catch {
            throw ParseError(url: url, reason: "cannot stage the PDF for pdftotext: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-layout", "-enc", "UTF-8", "-q", file.path, "-"]
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw ParseError(url: url, reason: "cannot run \(executable): \(error.localizedDescription)")
        }
        let collected = OutputCollector(limit: outputLimit)
        let readingDone = DispatchSemaphore(value: 0)
        let outputHandle = output.fileHandleForReading
        let pid = process.processIdentifier
        DispatchQueue.global().async {
            while true {
                let chunk = outputHandle.availableData
                if chunk.isEmpty { break }
                if !collected.append(chunk) {
                    kill(pid, SIGKILL)
                    break
                }
            }
            readingDone.signal()
        }
        let errorsHandle = errors.fileHandleForReading
        let errorCollector = OutputCollector(limit: 4096)
        DispatchQueue.global().async {
            while true {
                let chunk = errorsHandle.availableData
                if chunk.isEmpty { break }
                _ = errorCollector.append(chunk)
            }
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            kill(pid, SIGKILL)
            throw ParseError(url: url, reason: "pdftotext took longer than \(timeout); stopped")
        }
        _ = readingDone.wait(timeout: .now() + 5)
        if collected.truncated {
            // Keep what fit under the cap: a huge PDF still yields its first pages.
            return String(decoding: collected.data, as: UTF8.self)
        }
        guard process.terminationStatus == 0 else {
            let message =
                String(decoding: errorCollector.data, as: UTF8.self)
                .split(whereSeparator: \.isNewline).first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw ParseError(url: url, reason: "pdftotext failed: \(message)")
        }
        return String(decoding: collected.data, as: UTF8.self)
    }

    /// Joins words hyphenated across lines, drops page-number lines, and joins a paragraph cut by a page break.
    static func repair(_ text: String) -> String {
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        var lines: [String] = []
        for (pageIndex, page) in pages.enumerated() {
            var pageLines = page.split(separator: "\n", omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
            // Page numbers at the top or bottom of a page.
            while let last = pageLines.last, last.isEmpty || isPageNumber(last) { pageLines.removeLast() }
            while let first = pageLines.first, first.isEmpty || isPageNumber(first) { pageLines.removeFirst() }
            guard !pageLines.isEmpty else { continue }
            if pageIndex > 0, let previous = lines.last, !previous.isEmpty, let first = pageLines.first,
                continuesParagraph(previous, first)
            {
                // The paragraph runs on across the page break: no blank line between.
            } else if !lines.isEmpty {
                lines.append("")
            }
            lines.append(contentsOf: pageLines)
        }
        // Columns in layout mode are separated by runs of spaces; fold them.
        var result: [String] = []
        for line in lines {
            let folded = foldSpaces(line)
            if let previous = result.last, previous.count > 1, previous.hasSuffix("-"),
                let beforeHyphen = previous.dropLast().last, beforeHyphen.isLetter,
                let first = folded.first, first.isLowercase
            {
                result[result.count - 1] = String(previous.dropLast()) + folded
            } else {
                result.append(folded)
            }
        }
        return result.joined(separator: "\n")
    }

    private static func continuesParagraph(_ previous: String, _ next: String) -> Bool {
        guard let last = previous.last, let first = next.first else { return false }
        if ".!?:。！？：".contains(last) { return false }
        return first.isLowercase || (last == "-" && first.isLetter) || last == ","
    }

    static func isPageNumber(_ line: String) -> Bool {
        let lowered = line.lowercased()
        guard lowered.count <= 20 else { return false }
        let stripped = lowered.filter { !"-–— ".contains($0) }
        if !stripped.isEmpty && stripped.allSatisfy(\.isNumber) { return true }
        if lowered.hasPrefix("page "),
            lowered.dropFirst(5).allSatisfy({ $0.isNumber || $0 == " " || "of".contains($0) })
        {
            return true
        }
        return false
    }

    private static func foldSpaces(_ line: String) -> String {
        guard line.contains("  ") else { return line }
        var result = ""
        var lastWasSpace = false
        for character in line {
            if character == " " {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return result
    }
}

/// Bytes read from a pipe, up to a cap; thread-safe.
private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    private var wasTruncated = false
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// False once the cap is reached.
    func append(_ chunk: Data) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let room = limit - buffer.count
        if chunk.count > room {
            buffer.append(chunk.prefix(max(0, room)))
            wasTruncated = true
            return false
        }
        buffer.append(chunk)
        return true
    }

    var data: Data {
        lock.lock()
        defer { lock.unlock() }
        return buffer
    }

    var truncated: Bool {
        lock.lock()
        defer { lock.unlock() }
        return wasTruncated
    }
}
