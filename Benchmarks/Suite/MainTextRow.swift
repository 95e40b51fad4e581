import Foundation
import Parsing
import ReportModel

/// Row 4: main-text quality (the article-extraction benchmark's metric: word 4-gram shingles, per-page tp/fp/fn
/// normalised, precision and recall averaged over pages, F1 of the averages) and HTML → main text speed on one
/// core, with trafilatura 2.3.1 on the same pages in the same run. Plus the seed-page time of row 8.
struct MainTextRow {
    let context: SuiteContext

    struct Page {
        var id: String
        var url: String
        var html: [UInt8]
        var body: String
    }

    struct PeerResult: Decodable {
        var predictions: [String: String]
        var seconds: [Double]
        var bytes: Int
    }

    func run() throws -> [Row] {
        let data = URL(fileURLWithPath: context.dataPath)
        let truthURL = data.appendingPathComponent("ground-truth.json")
        guard FileManager.default.fileExists(atPath: truthURL.path) else {
            print("        no benchmark data at \(data.path) (ground-truth.json missing): row 4 skipped")
            return [Row(id: "4", name: "Main text (article-extraction benchmark)", unit: "", ours: nil,
                        higherIsBetter: true, note: "skipped: no data at \(data.path)")]
        }
        print("        reading the article-extraction benchmark from \(data.path)")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: truthURL)) as? [String: [String: Any]] ?? [:]
        var pages: [Page] = []
        for id in truth.keys.sorted() {
            let bytes = try Self.gunzipBytes(data.appendingPathComponent("html/\(id).html.gz").path)
            pages.append(Page(id: id, url: truth[id]?["url"] as? String ?? "https://example.com/", html: bytes,
                              body: truth[id]?["articleBody"] as? String ?? ""))
        }
        let totalBytes = Double(pages.reduce(0) { $0 + $1.html.count })
        let parser = DocumentParser()
        func extract(_ page: Page) -> String {
            (try? parser.parse(FetchedDocument(
                url: page.url, body: page.html, contentType: "text/html", formatHint: .html, fetchedAt: Date())))?.text
                ?? ""
        }
        var ours: [String: String] = [:]
        let times = timed(runs: context.runs) { for page in pages { ours[page.id] = extract(page) } }
        let oursQuality = ShingleScore.score(pages: pages, predictions: ours)
        let oursSpeed = Stats(times.map { totalBytes / $0 / 1e6 })

        var peer: PeerResult?
        var note = ""
        if let python = context.peerPython {
            let runs = context.quick ? 1 : 5
            let errors = context.scratch + "/trafilatura.stderr"
            let result = try runChild(python, [context.peersScript, "trafilatura", "\(runs)", data.path], errorPath: errors)
            if result.status == 0 {
                peer = try JSONDecoder().decode(PeerResult.self, from: Data(result.output.utf8))
                if context.quick { note = "QUICK: trafilatura speed is 1 run after a warm-up" }
            } else {
                note = "peer trafilatura failed (exit \(result.status)), see \(errors)"
            }
        } else {
            note = "peer skipped: \(context.peerMissingReason)"
        }
        let peerQuality = peer.map { ShingleScore.score(pages: pages, predictions: $0.predictions) }
        let peerSpeed = peer.map { result in Stats(result.seconds.map { Double(result.bytes) / $0 / 1e6 }) }
        let peerName = "trafilatura 2.3.1"
        let label = "\(pages.count) pages"
        var rows = [
            Row(id: "4", name: "Main text F1 (\(label))", unit: "F1", ours: Stats(single: oursQuality.f1),
                peerName: peerName, peer: peerQuality.map { Stats(single: $0.f1) }, higherIsBetter: true,
                goal: "≥ 0.96", met: oursQuality.f1 >= 0.96, note: note),
            Row(id: "4", name: "Main text precision", unit: "P", ours: Stats(single: oursQuality.precision),
                peerName: peerName, peer: peerQuality.map { Stats(single: $0.precision) }, higherIsBetter: true),
            Row(id: "4", name: "Main text recall", unit: "R", ours: Stats(single: oursQuality.recall),
                peerName: peerName, peer: peerQuality.map { Stats(single: $0.recall) }, higherIsBetter: true),
            Row(id: "4", name: "HTML → main text throughput, one core", unit: "MB/CPU s", ours: oursSpeed,
                peerName: peerName, peer: peerSpeed, higherIsBetter: true, goal: "≥ 10× peer",
                met: peerSpeed.map { oursSpeed.median / $0.median >= 10 }),
        ]
        // A page the size of the seed article (14 KB of report-like HTML, the same generator as the origin's pages).
        let seedPage = PageGenerator.page(index: 1, version: 0, bytes: 14_000)
        let seedFetched = FetchedDocument(url: "https://example.com/seed", body: seedPage, contentType: "text/html",
                                          fetchedAt: Date())
        let seedStats = perCallMilliseconds(runs: context.runs, batch: 200) { _ = try? parser.parse(seedFetched) }
        rows.append(Row(id: "8", name: "HTML → main text, one 14 KB report page", unit: "CPU ms/page", ours: seedStats,
                        higherIsBetter: false))
        return rows
    }

    static func gunzipBytes(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("cannot gunzip \(path)") }
        return Array(data)
    }
}

/// The article-extraction benchmark's metric, applied identically to our output and the peer's.
enum ShingleScore {
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber:
            return true
        default:
            return scalar.properties.numericType != nil
        }
    }

    static func shingles(_ text: String) -> [String: Int] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isWord(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        var counts: [String: Int] = [:]
        guard !words.isEmpty else { return counts }
        for start in 0..<max(1, words.count - 3) {
            counts[words[start..<min(words.count, start + 4)].joined(separator: " "), default: 0] += 1
        }
        return counts
    }

    static func score(pages: [MainTextRow.Page], predictions: [String: String]) -> (
        precision: Double, recall: Double, f1: Double
    ) {
        var precisions: [Double] = []
        var recalls: [Double] = []
        for page in pages {
            let truth = shingles(page.body)
            let predicted = shingles(predictions[page.id] ?? "")
            var tp = 0.0
            var fp = 0.0
            var fn = 0.0
            for key in Set(truth.keys).union(predicted.keys) {
                let t = Double(truth[key] ?? 0)
                let p = Double(predicted[key] ?? 0)
                tp += min(t, p)
                fp += max(0, p - t)
                fn += max(0, t - p)
            }
            let sum = tp + fp + fn
            if sum > 0 { (tp, fp, fn) = (tp / sum, fp / sum, fn / sum) }
            if tp + fp > 0 { precisions.append(fp == 0 && fn == 0 ? 1 : tp / (tp + fp)) }
            if tp + fn > 0 { recalls.append(fp == 0 && fn == 0 ? 1 : tp / (tp + fn)) }
        }
        let precision = precisions.isEmpty ? 0 : precisions.reduce(0, +) / Double(precisions.count)
        let recall = recalls.isEmpty ? 0 : recalls.reduce(0, +) / Double(recalls.count)
        return (precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0)
    }
}
