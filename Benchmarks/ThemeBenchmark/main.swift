import Extraction
import Foundation
import Parsing
import ReportModel

// theme-bench: quality (truth themes covered in the top 15, precision@15, noise) and speed of ThemeExtractor on
// the seed and the labelled fixtures, side by side with a peer's keywords (YAKE) when given.
//
//   theme-bench [--root DIR] [--dump-texts DIR] [--peer FILE.json] [--show] [--top N] [--iterations N] [--only CASE]
//               [--analyzer] [--dump-analysis DIR [--texts DIR] [--files LIST]] [--profile MODE]
//
// --dump-texts writes each case's parsed main text (what our extractor sees) for the peer to read;
// --peer reads {"case name": {"keywords": [...], "ms": 12.3}} written by yake_peer.py;
// --dump-analysis writes the Analyzer's output (JSON) for every case and every .txt under seeds/ and the extraction
// fixtures (and under --texts, e.g. parsing-bench's main texts), to compare a change's output with the previous one
// (`diff -r`);
// --analyzer adds, per case, the speed of SpeakerExtractor and of the whole Analyzer (themes + speakers + period).

struct Case {
    var name: String
    var document: Document
    var truth: ThemeTruth
}

func argument(_ flag: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

func parse(_ url: URL) -> Document {
    guard let body = try? Data(contentsOf: url) else { fail("cannot read \(url.path)") }
    do {
        return try DocumentParser().parse(FetchedDocument(url: url.absoluteString, body: Array(body), fetchedAt: Date()))
    } catch {
        fail("cannot parse \(url.path): \(error)")
    }
}

let root = URL(fileURLWithPath: argument("--root") ?? FileManager.default.currentDirectoryPath)
var cases: [Case] = []
let seed = root.appendingPathComponent("seeds/tencent-ssv-2022-08-24.txt")
let seedDocument = parse(seed)
guard let seedTruthData = try? Data(contentsOf: root.appendingPathComponent("seeds/tencent-ssv-2022-08-24.truth.json")),
    let seedTruth = try? ThemeTruth.seedTruth(seedTruthData, documentText: seedDocument.text)
else { fail("cannot read the seed's truth under \(root.path)") }
cases.append(Case(name: "seed", document: seedDocument, truth: seedTruth))

let fixtures = root.appendingPathComponent("Tests/ExtractionTests/Fixtures/themes")
let names = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? [])
    .filter { $0.hasSuffix(".txt") }.sorted()
for file in names {
    let base = String(file.dropLast(4))
    guard let data = try? Data(contentsOf: fixtures.appendingPathComponent(base + ".expected.json")),
        let truth = try? ThemeTruth.expected(data)
    else { fail("cannot read \(base).expected.json") }
    cases.append(Case(name: base, document: parse(fixtures.appendingPathComponent(file)), truth: truth))
}

if let only = argument("--only") { cases = cases.filter { $0.name == only } }

if let directory = argument("--dump-texts") {
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for item in cases {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(item.name + ".txt")
        do { try item.document.text.write(to: path, atomically: true, encoding: .utf8) } catch {
            fail("cannot write \(path.path): \(error)")
        }
    }
    exit(0)
}

if let directory = argument("--dump-analysis") {
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var inputs: [(name: String, document: Document)] = cases.map { ($0.name, $0.document) }
    let folders = ["seeds", "Tests/ExtractionTests/Fixtures/speakers", "Tests/ExtractionTests/Fixtures/themes"]
    for folder in folders + [argument("--texts")].compactMap({ $0 }) {
        let url = folder.hasPrefix("/") ? URL(fileURLWithPath: folder) : root.appendingPathComponent(folder)
        for file in ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        where file.hasSuffix(".txt") {
            let name = folder.hasPrefix("/") ? file : folder.replacingOccurrences(of: "/", with: "_") + "_" + file
            inputs.append((name, parse(url.appendingPathComponent(file))))
        }
    }
    // --files LIST: any documents (HTML too), one path a line.
    if let list = argument("--files"), let paths = try? String(contentsOfFile: list, encoding: .utf8) {
        for path in paths.split(separator: "\n").map(String.init) where !path.isEmpty {
            inputs.append((path.replacingOccurrences(of: "/", with: "_"), parse(URL(fileURLWithPath: path))))
        }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    for input in inputs {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(input.name + ".json")
        guard let data = try? encoder.encode(Analyzer().analyze(input.document)) else { fail("cannot encode \(input.name)") }
        do { try data.write(to: path) } catch { fail("cannot write \(path.path): \(error)") }
    }
    exit(0)
}

struct PeerResult: Decodable {
    var keywords: [String]
    var ms: Double
}
var peer: [String: PeerResult] = [:]
if let path = argument("--peer") {
    if let data = try? Data(contentsOf: URL(fileURLWithPath: path)),
        let decoded = try? JSONDecoder().decode([String: PeerResult].self, from: data)
    {
        peer = decoded
    } else {
        print("peer results unreadable at \(path): peer rows skipped")
    }
}

let extractor = ThemeExtractor()
let iterations = Int(argument("--iterations") ?? "") ?? 200

// --profile themes|speakers|analyzer: only run that extractor `--iterations` times on each case, untimed, for
// callgrind (instructions per call = difference between two iteration counts, divided by their difference).
if let mode = argument("--profile") {
    guard ["themes", "speakers", "analyzer"].contains(mode) else { fail("--profile themes|speakers|analyzer") }
    for item in cases {
        let speakers = SpeakerExtractor().extract(from: item.document)
        for _ in 0..<iterations {
            switch mode {
            case "themes": _ = extractor.extract(from: item.document, speakers: speakers)
            case "speakers": _ = SpeakerExtractor().extract(from: item.document)
            default: _ = Analyzer().analyze(item.document)
            }
        }
    }
    exit(0)
}
let show = CommandLine.arguments.contains("--show")

func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// This thread's CPU time per call (the machine is shared), best of five batches, after the caller's warm-up.
func bestMilliseconds(_ body: () -> Void) -> Double {
    var best = Double.infinity
    let batch = max(1, iterations / 5)
    for _ in 0..<5 {
        let start = threadCPUNanoseconds()
        for _ in 0..<batch { body() }
        best = min(best, Double(threadCPUNanoseconds() - start) / 1e6 / Double(batch))
    }
    return best
}

let timeAnalyzer = CommandLine.arguments.contains("--analyzer")
let speakerExtractor = SpeakerExtractor()
let analyzer = Analyzer()

print(
    pad("case", 26) + pad("extractor", 22) + pad("covered@15", 12) + pad("P@15", 7) + pad("noise@15", 10)
        + "ms/doc")
for item in cases {
    for (variant, speakers) in [("ours", item.truth.speakers), ("ours, no speakers", [Speaker]())] {
        if variant == "ours", speakers.isEmpty { continue }
        let themes = extractor.extract(from: item.document, speakers: speakers)
        let evaluation = item.truth.evaluate(labels: themes.map(\.label))
        let best = bestMilliseconds { _ = extractor.extract(from: item.document, speakers: speakers) }
        print(
            pad(item.name, 26) + pad(variant, 22)
                + pad("\(evaluation.covered.count)/\(evaluation.expectedCount)", 12)
                + pad(String(format: "%.2f", evaluation.precision), 7) + pad("\(evaluation.noise.count)", 10)
                + String(format: "%.3f", best))
        if show {
            for (rank, theme) in themes.prefix(Int(argument("--top") ?? "") ?? 20).enumerated() {
                let mark = evaluation.noise.contains(theme.label) ? "  [noise]" : ""
                print(String(format: "    %2d. %.3f  ", rank + 1, theme.score) + "\(theme.label) (\(theme.key), \(theme.occurrences))\(mark)")
            }
            let missing = item.truth.themes.map(\.id).filter { evaluation.covered[$0] == nil }
            print("    missing: \(missing.joined(separator: ", "))")
        }
    }
    if timeAnalyzer {
        _ = analyzer.analyze(item.document)
        let speakers = bestMilliseconds { _ = speakerExtractor.extract(from: item.document) }
        let both = bestMilliseconds { _ = analyzer.analyze(item.document) }
        print(pad(item.name, 26) + pad("speakers", 22) + pad("", 29) + String(format: "%.3f", speakers))
        print(pad(item.name, 26) + pad("Analyzer (all)", 22) + pad("", 29) + String(format: "%.3f", both))
    }
    if let result = peer[item.name] {
        let evaluation = item.truth.evaluate(labels: result.keywords)
        print(
            pad(item.name, 26) + pad("YAKE 0.7.3", 22)
                + pad("\(evaluation.covered.count)/\(evaluation.expectedCount)", 12)
                + pad(String(format: "%.2f", evaluation.precision), 7) + pad("\(evaluation.noise.count)", 10)
                + String(format: "%.3f", result.ms))
        if show { print("    " + result.keywords.prefix(20).joined(separator: " | ")) }
    }
}
