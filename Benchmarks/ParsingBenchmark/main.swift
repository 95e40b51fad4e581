import Foundation
import Parsing
import ReportModel

// parsing-bench [DATA_DIR] [--worst N] [--dump DIR] [--rounds N] [--speed-only]
// --rounds N runs exactly N speed rounds and --speed-only skips the quality pass: with both, the instruction count
// (`perf stat -e instructions:u`, callgrind) measures HTML → main text alone, reproducibly.
// Main-text quality on the article-extraction benchmark (token 4-gram shingles, the benchmark's own metric) and
// HTML → main-text throughput on one core.

var arguments = Array(CommandLine.arguments.dropFirst())
var worst = 0
var dumpDirectory: String?
var fixedRounds: Int?
var speedOnly = false
var dataPath = "../shared/data/article-extraction-benchmark"
var index = 0
while index < arguments.count {
    switch arguments[index] {
    case "--worst":
        worst = Int(arguments[index + 1]) ?? 10
        index += 2
    case "--rounds":
        fixedRounds = Int(arguments[index + 1])
        index += 2
    case "--speed-only":
        speedOnly = true
        index += 1
    case "--dump":
        dumpDirectory = arguments[index + 1]
        index += 2
    default:
        dataPath = arguments[index]
        index += 1
    }
}

let dataURL = URL(fileURLWithPath: dataPath)
let truthURL = dataURL.appendingPathComponent("ground-truth.json")
guard FileManager.default.fileExists(atPath: truthURL.path) else {
    print("parsing-bench: no benchmark data at \(dataURL.path) (ground-truth.json missing); skipping")
    exit(0)
}

/// The benchmark's metric: `\w+` tokens (letters, digits, underscore), word 4-gram shingles, per-page tp/fp/fn
/// normalised to sum 1; precision and recall averaged over pages; F1 of the two averages.
enum ShingleMetric {
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber:
            return true
        default:
            return scalar.properties.numericType != nil
        }
    }

    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    static func shingles(_ text: String, n: Int = 4) -> [String: Int] {
        let words = tokens(text)
        var counts: [String: Int] = [:]
        guard !words.isEmpty else { return counts }
        for start in 0..<max(1, words.count - n + 1) {
            let shingle = words[start..<min(words.count, start + n)].joined(separator: " ")
            counts[shingle, default: 0] += 1
        }
        return counts
    }

    static func tpFpFn(truth: String, prediction: String) -> (Double, Double, Double) {
        let truthShingles = shingles(truth)
        let predictedShingles = shingles(prediction)
        var tp = 0.0
        var fp = 0.0
        var fn = 0.0
        for key in Set(truthShingles.keys).union(predictedShingles.keys) {
            let t = Double(truthShingles[key] ?? 0)
            let p = Double(predictedShingles[key] ?? 0)
            tp += min(t, p)
            fp += max(0, p - t)
            fn += max(0, t - p)
        }
        let sum = tp + fp + fn
        return sum > 0 ? (tp / sum, fp / sum, fn / sum) : (tp, fp, fn)
    }

    static func precision(_ v: (Double, Double, Double)) -> Double {
        if v.1 == 0 && v.2 == 0 { return 1 }
        if v.0 == 0 && v.1 == 0 { return 0 }
        return v.0 / (v.0 + v.1)
    }

    static func recall(_ v: (Double, Double, Double)) -> Double {
        if v.1 == 0 && v.2 == 0 { return 1 }
        if v.0 == 0 && v.2 == 0 { return 0 }
        return v.0 / (v.0 + v.2)
    }
}

func gunzip(_ url: URL) -> [UInt8]? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-dc", url.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? Array(data) : nil
}

guard let truthData = try? Data(contentsOf: truthURL),
    let truth = (try? JSONSerialization.jsonObject(with: truthData)) as? [String: [String: Any]]
else {
    print("parsing-bench: cannot read \(truthURL.path)")
    exit(1)
}

var pages: [(id: String, url: String, html: [UInt8], body: String)] = []
for id in truth.keys.sorted() {
    let entry = truth[id]!
    // A decompressed copy (`html/ID.html`) is read as is: profilers such as valgrind cannot run the gzip child.
    let plain = dataURL.appendingPathComponent("html/\(id).html")
    guard let html = (try? Data(contentsOf: plain)).map(Array.init) ?? gunzip(plain.appendingPathExtension("gz")) else {
        print("parsing-bench: cannot read html/\(id).html.gz")
        continue
    }
    pages.append((id, entry["url"] as? String ?? "https://example.com/", html, entry["articleBody"] as? String ?? ""))
}
let totalBytes = pages.reduce(0) { $0 + $1.html.count }

let parser = DocumentParser()
func parse(_ page: (id: String, url: String, html: [UInt8], body: String)) -> Document? {
    try? parser.parse(
        FetchedDocument(url: page.url, body: page.html, contentType: "text/html", formatHint: .html, fetchedAt: Date()))
}

// Quality.
var scores: [(id: String, precision: Double, recall: Double, f1: Double, v: (Double, Double, Double))] = []
var predictions: [String: String] = [:]
for page in pages where !speedOnly {
    let text = parse(page)?.text ?? ""
    predictions[page.id] = text
    let v = ShingleMetric.tpFpFn(truth: page.body, prediction: text)
    let p = ShingleMetric.precision(v)
    let r = ShingleMetric.recall(v)
    scores.append((page.id, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0, v))
}
let precisions = scores.filter { $0.v.0 + $0.v.1 > 0 }.map(\.precision)
let recalls = scores.filter { $0.v.0 + $0.v.2 > 0 }.map(\.recall)
let precision = precisions.isEmpty ? 0 : precisions.reduce(0, +) / Double(precisions.count)
let recall = recalls.isEmpty ? 0 : recalls.reduce(0, +) / Double(recalls.count)
let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0

if let dumpDirectory {
    try? FileManager.default.createDirectory(atPath: dumpDirectory, withIntermediateDirectories: true)
    let object = predictions.mapValues { ["articleBody": $0] }
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) {
        try? data.write(to: URL(fileURLWithPath: dumpDirectory).appendingPathComponent("predictions.json"))
    }
}

// Speed: all pages, several rounds, one core. The best round is reported beside the mean, since other work on
// the machine only ever slows a round down.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
let clock = ContinuousClock()
var rounds = 0
var elapsed = Duration.zero
var bestRound = Duration.seconds(1_000_000)
while fixedRounds.map({ rounds < $0 }) ?? (rounds < 3 || (elapsed < .seconds(3) && rounds < 20)) {
    let start = clock.now
    for page in pages { _ = parse(page) }
    let round = clock.now - start
    elapsed += round
    bestRound = min(bestRound, round)
    rounds += 1
}
let megabytesPerSecond = Double(totalBytes * rounds) / seconds(elapsed) / 1_000_000
let bestMegabytesPerSecond = Double(totalBytes) / seconds(bestRound) / 1_000_000

// A page the size of the seed article.
let seedParagraphs = (0..<14).map { index in
    "<p>Paragraph \(index): " + String(repeating: "The quarterly report describes social value programmes. ", count: 12)
        + "</p>"
}
let seedPage = Array(
    ("<html><head><title>Quarterly report</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>"
        + "Quarterly report</h1>" + seedParagraphs.joined() + "</article><footer>© Example</footer></body></html>").utf8
)
let seedDocument = FetchedDocument(
    url: "https://example.com/seed", body: seedPage, contentType: "text/html", fetchedAt: Date())
var bestSeed = Double.infinity
for _ in 0..<(speedOnly ? 0 : 10) {
    let start = clock.now
    for _ in 0..<200 { _ = try? parser.parse(seedDocument) }
    bestSeed = min(bestSeed, seconds(clock.now - start) * 1000 / 200)
}

print("parsing-bench: \(pages.count) pages, \(totalBytes / 1000) kB of HTML from \(dataURL.path)")
print(String(format: "precision %.4f  recall %.4f  F1 %.4f", precision, recall, f1))
print(
    String(
        format: "throughput %.1f MB/s best round, %.1f MB/s mean (HTML → main text, one core, %d rounds)",
        bestMegabytesPerSecond, megabytesPerSecond, rounds))
print(String(format: "seed-sized page (%d bytes): %.3f ms (best of 10 × 200)", seedPage.count, bestSeed))
if worst > 0 {
    for score in scores.sorted(by: { $0.f1 < $1.f1 }).prefix(worst) {
        print(String(format: "  %@  P %.2f R %.2f F1 %.2f", score.id, score.precision, score.recall, score.f1))
    }
}
