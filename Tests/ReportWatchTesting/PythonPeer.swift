import Foundation

/// Python with the peer libraries the tests check against (`jsonschema`, `standardwebhooks`), from the virtual
/// environment `make test` creates (`.build/test-venv`, versions pinned in the Makefile).
public enum PythonPeer {
    public static var interpreter: URL? {
        if let path = ProcessInfo.processInfo.environment["REPORTWATCH_TEST_PYTHON"] {
            return URL(fileURLWithPath: path)
        }
        let venv = Fixtures.repositoryRoot.appendingPathComponent(".build/test-venv/bin/python3")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    public static let missingMessage = "the test virtual environment is missing: run `make test-venv` (or `make test`)"

    /// Runs a Python script with the given standard input; returns status and combined output.
    public static func run(script: String, arguments: [String] = [], input: Data = Data()) throws -> (status: Int32, output: String) {
        guard let interpreter else { throw PeerMissing() }
        let process = Process()
        process.executableURL = interpreter
        process.arguments = ["-c", script] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    public struct PeerMissing: Error, CustomStringConvertible {
        public var description: String { PythonPeer.missingMessage }
    }

    /// Validates each JSON document (one per line) against `schemas/event.schema.json` with the `jsonschema`
    /// library; returns the problems found, empty when all are valid.
    public static func validateEvents(_ lines: [String]) throws -> String {
        let schema = Fixtures.repositoryRoot.appendingPathComponent("schemas/event.schema.json").path
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator, FormatChecker
            schema = json.load(open(sys.argv[1]))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema, format_checker=FormatChecker())
            problems = []
            for number, line in enumerate(sys.stdin.read().splitlines(), 1):
                for error in validator.iter_errors(json.loads(line)):
                    problems.append(f"event {number}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
            print("\\n".join(problems))
            """
        let result = try run(script: script, arguments: [schema], input: Data(lines.joined(separator: "\n").utf8))
        guard result.status == 0 else { return "validator failed: \(result.output)" }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension PythonPeer {
    /// Verifies each request's Standard Webhooks headers with the official `standardwebhooks` library; returns how
    /// many verified (the script stops at the first that does not, with its error in `output`).
    public static func verifyWebhooks(
        _ requests: [TestHTTPServer.Request], secret: String
    ) async throws -> (verified: Int, output: String) {
        var lines: [String] = []
        for request in requests {
            let line: [String: String] = [
                "id": request.header("webhook-id") ?? "", "timestamp": request.header("webhook-timestamp") ?? "",
                "signature": request.header("webhook-signature") ?? "", "body": Data(request.body).base64EncodedString(),
            ]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self))
        }
        let script = """
            import sys, json, base64
            from standardwebhooks.webhooks import Webhook
            wh = Webhook(sys.argv[1])
            ok = 0
            for line in sys.stdin.read().splitlines():
                m = json.loads(line)
                wh.verify(base64.b64decode(m["body"]), {
                    "webhook-id": m["id"], "webhook-timestamp": m["timestamp"], "webhook-signature": m["signature"]})
                ok += 1
            print(ok)
            """
        let input = Data(lines.joined(separator: "\n").utf8)
        let result = try await offPool { try run(script: script, arguments: [secret], input: input) }
        let verified = result.status == 0 ? Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) : nil
        return (verified ?? -1, result.output)
    }
}
