import Diffing
import Extraction
import Foundation
import Parsing
import ReportModel

/// Rows 3, 5, 6 and the diff part of row 8: extraction speed and quality on the seed, with YAKE (themes) and spaCy
/// (persons) run on exactly the texts our extractors see.
struct ExtractionRows {
    let context: SuiteContext
    let seedPath: String
    let followUpPath: String
    /// The peers' outputs on the seed from row 3, reused by rows 5 and 6 (same text) to save a model load each.
    let seedPeers = SeedPeers()

    final class SeedPeers {
        var keywords: [String]?
        var persons: [String]?
    }

    init(context: SuiteContext) {
        self.context = context
        seedPath = context.root + "/seeds/tencent-ssv-2022-08-24.txt"
        followUpPath = context.root + "/seeds/tencent-ssv-2022-11-30-synthetic-follow-up.txt"
    }

    func parse(text: String, name: String) throws -> Document {
        try DocumentParser().parse(
            FetchedDocument(url: "file://" + name, body: Array(text.utf8), contentType: "text/plain", fetchedAt: Date()))
    }

    func seedText() throws -> String { try String(contentsOfFile: seedPath, encoding: .utf8) }

    /// Runs a peer script in the venv and decodes its JSON, or nil with the reason added to `skipped`-style notes.
    func peer<T: Decodable>(_ kind: String, runs: Int, _ arguments: [String], as type: T.Type) -> (T?, String) {
        guard let python = context.peerPython else { return (nil, "peer skipped: \(context.peerMissingReason)") }
        let errors = context.scratch + "/\(kind).stderr"
        do {
            let result = try runChild(python, [context.peersScript, kind, "\(runs)"] + arguments, errorPath: errors)
            guard result.status == 0 else {
                let tail = ((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "").split(separator: "\n").last ?? ""
                return (nil, "peer \(kind) failed (exit \(result.status)): \(tail)")
            }
            return (try JSONDecoder().decode(T.self, from: Data(result.output.utf8)), "")
        } catch {
            return (nil, "peer \(kind) failed: \(error)")
        }
    }

    struct KeywordResult: Decodable {
        var keywords: [String]
        var seconds: [Double]
    }

    struct PersonResult: Decodable {
        var persons: [String]
        var seconds: [Double]
    }

    // MARK: Row 3

    func speedRows() throws -> [Row] {
        // Concatenations of the parsed seed (whose own parse drops the unrelated teasers after "- END -"), so the
        // ×N document really holds N copies of the article.
        let seed = try parse(text: try seedText(), name: seedPath).text
        let scales = context.quick ? [1, 10] : [1, 10, 100]
        var rows: [Row] = []
        var files: [Int: String] = [:]
        var documents: [Int: Document] = [:]
        for scale in scales {
            let text = Array(repeating: seed, count: scale).joined(separator: "\n\n")
            let path = context.scratch + "/seed-x\(scale).txt"
            documents[scale] = try parse(text: text, name: path)
            // The peers read what our extractors see: the parsed main text.
            try documents[scale]!.text.write(toFile: path, atomically: true, encoding: .utf8)
            files[scale] = path
        }
        // Peers, to keep the suite within its time budget on 2 cores: YAKE at every scale (QUICK: up to ×10), spaCy
        // on the seed and (not QUICK) ×10; at ×100 one spaCy call takes minutes here.
        let peerRuns = 5
        let (yake, yakeNote) = peer(
            "yake", runs: peerRuns, scales.filter { !context.quick || $0 <= 10 }.map { files[$0]! },
            as: [String: KeywordResult].self)
        let (spacy, spacyNote) = peer(
            "spacy", runs: peerRuns, scales.filter { $0 == 1 || (!context.quick && $0 <= 10) }.map { files[$0]! },
            as: [String: PersonResult].self)

        seedPeers.keywords = yake?[files[1]!]?.keywords
        seedPeers.persons = spacy?[files[1]!]?.persons
        let speakers = SpeakerExtractor()
        let themes = ThemeExtractor()
        let analyzer = Analyzer()
        var seedBoth = Double.nan
        var perScaleBoth: [Int: Double] = [:]
        for scale in scales {
            let document = documents[scale]!
            let found = speakers.extract(from: document)
            let batch = max(1, 40 / scale)
            let runs = context.runs
            let themeStats = perCallMilliseconds(runs: runs, batch: batch) {
                _ = themes.extract(from: document, speakers: found)
            }
            let speakerStats = perCallMilliseconds(runs: runs, batch: batch) { _ = speakers.extract(from: document) }
            let bothStats = perCallMilliseconds(runs: runs, batch: batch) { _ = analyzer.analyze(document) }
            perScaleBoth[scale] = bothStats.median
            if scale == 1 { seedBoth = bothStats.median }
            let label = scale == 1 ? "seed" : "seed ×\(scale)"
            let size = String(format: "%.0f kB", Double(document.text.utf8.count) / 1000)
            let yakeStats = yake?[files[scale]!].map { Stats($0.seconds.map { $0 * 1000 }) }
            let spacyStats = spacy?[files[scale]!].map { Stats($0.seconds.map { $0 * 1000 }) }
            func missing(_ stats: Stats?, _ note: String) -> String {
                stats != nil ? "" : (note.isEmpty ? "peer not run at this size (time budget)" : note)
            }
            rows.append(Row(
                id: "3", name: "Themes, \(label) (\(size))", unit: "CPU ms/doc", ours: themeStats, peerName: "YAKE 0.7.3",
                peer: yakeStats, higherIsBetter: false, note: missing(yakeStats, yakeNote)))
            rows.append(Row(
                id: "3", name: "Speakers, \(label)", unit: "CPU ms/doc", ours: speakerStats,
                peerName: "spaCy 3.8 sm (PERSON)", peer: spacyStats, higherIsBetter: false,
                note: missing(spacyStats, spacyNote)))
            var bothPeer: Stats?
            if let yakeStats, let spacyStats {
                bothPeer = Stats(
                    median: yakeStats.median + spacyStats.median, min: yakeStats.min + spacyStats.min,
                    max: yakeStats.max + spacyStats.max, runs: min(yakeStats.runs, spacyStats.runs))
            }
            rows.append(Row(
                id: "3", name: "Themes + speakers (Analyzer), \(label)", unit: "CPU ms/doc", ours: bothStats,
                peerName: "YAKE + spaCy", peer: bothPeer, higherIsBetter: false,
                goal: scale == 1 ? "≤ 2 ms" : "linear", met: scale == 1 ? bothStats.median <= 2 : nil))
        }
        // Linear growth: time per seed-sized unit at the largest scale against the seed itself.
        if let largest = scales.last, largest > 1, let time = perScaleBoth[largest] {
            let perUnit = time / Double(largest) / seedBoth
            rows.append(Row(
                id: "3", name: "Growth: Analyzer time per seed at ×\(largest) ÷ time of the seed", unit: "ratio",
                ours: Stats(single: perUnit), higherIsBetter: false, goal: "≈ 1 (linear; ≤ 1.5)",
                met: perUnit <= 1.5))
        }
        return rows
    }

    // MARK: Row 5

    func themeQualityRows() throws -> [Row] {
        let document = try parse(text: try seedText(), name: seedPath)
        let truthData = try Data(contentsOf: URL(fileURLWithPath: context.root + "/seeds/tencent-ssv-2022-08-24.truth.json"))
        let truth = try ThemeTruth.seedTruth(truthData, documentText: document.text)
        let ours = truth.evaluate(labels: Analyzer().analyze(document).themes.map(\.label))
        var keywords = seedPeers.keywords
        var note = ""
        if keywords == nil {
            let path = context.scratch + "/seed-quality.txt"
            try document.text.write(toFile: path, atomically: true, encoding: .utf8)
            let (yake, reason) = peer("yake", runs: 1, [path], as: [String: KeywordResult].self)
            keywords = yake?[path]?.keywords
            note = reason
        }
        let theirs = keywords.map { truth.evaluate(labels: $0) }
        return [
            Row(
                id: "5", name: "Theme quality, seed: truth themes in top 15 (of \(ours.expectedCount))", unit: "count",
                ours: Stats(single: Double(ours.covered.count)), peerName: "YAKE 0.7.3",
                peer: theirs.map { Stats(single: Double($0.covered.count)) }, higherIsBetter: true, goal: "≥ 8",
                met: ours.covered.count >= 8, note: note),
            Row(
                id: "5", name: "Theme quality, seed: noise in top 15", unit: "count",
                ours: Stats(single: Double(ours.noise.count)), peerName: "YAKE 0.7.3",
                peer: theirs.map { Stats(single: Double($0.noise.count)) }, higherIsBetter: false, goal: "≤ 2",
                met: ours.noise.count <= 2,
                note: "ratio undefined when a side has 0 noise; ours: \(ours.noise.joined(separator: "; "))"
                    + (theirs.map { "; YAKE: \($0.noise.joined(separator: "; "))" } ?? "")),
        ]
    }

    // MARK: Row 6

    struct TruthFile: Decodable {
        struct Person: Decodable {
            var name: String
            var surface_forms: [String]?
            var titles: [String]?
            var organisation: String?
        }
        var speakers: [Person]
    }

    static func fold(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: " -", with: "-").replacingOccurrences(of: "- ", with: "-")
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    func speakerQualityRows() throws -> [Row] {
        let document = try parse(text: try seedText(), name: seedPath)
        let truthData = try Data(contentsOf: URL(fileURLWithPath: context.root + "/seeds/tencent-ssv-2022-08-24.truth.json"))
        let truth = try JSONDecoder().decode(TruthFile.self, from: truthData)
        let found = SpeakerExtractor().extract(from: document)

        // A found person matches a truth speaker when its full name is one of the speaker's surface forms.
        func truthIndex(of name: String) -> Int? {
            let folded = Self.fold(name)
            return truth.speakers.firstIndex { ([$0.name] + ($0.surface_forms ?? [])).map(Self.fold).contains(folded) }
        }
        func scores(_ names: [String]) -> (recall: Double, precision: Double, matched: [(Int, Int)]) {
            var matched: [(found: Int, truth: Int)] = []
            var seen: Set<Int> = []
            for (index, name) in names.enumerated() {
                if let truthIndex = truthIndex(of: name), seen.insert(truthIndex).inserted { matched.append((index, truthIndex)) }
            }
            let recall = Double(seen.count) / Double(truth.speakers.count)
            let precision = names.isEmpty ? 0 : Double(matched.count) / Double(names.count)
            return (recall, precision, matched)
        }
        let ours = scores(found.map(\.name))
        func agrees(_ value: String?, _ expected: [String]) -> Bool {
            guard let value, !value.isEmpty else { return false }
            let folded = Self.fold(value)
            return expected.map(Self.fold).contains { $0.contains(folded) || folded.contains($0) }
        }
        let titleMatches = ours.matched.filter { agrees(found[$0.0].title, truth.speakers[$0.1].titles ?? []) }.count
        let organisationMatches = ours.matched.filter {
            agrees(found[$0.0].organization, truth.speakers[$0.1].organisation.map { [$0] } ?? [])
        }.count

        var persons = seedPeers.persons
        var note = ""
        if persons == nil {
            let path = context.scratch + "/seed-speakers.txt"
            try document.text.write(toFile: path, atomically: true, encoding: .utf8)
            let (spacy, reason) = peer("spacy", runs: 1, [path], as: [String: PersonResult].self)
            persons = spacy?[path]?.persons
            note = reason
        }
        let theirs = persons.map { scores($0) }
        let matchedCount = Double(max(1, ours.matched.count))
        return [
            Row(
                id: "6", name: "Speakers, seed: full-name recall (\(truth.speakers.count) speakers)", unit: "fraction",
                ours: Stats(single: ours.recall), peerName: "spaCy 3.8 sm (PERSON)",
                peer: theirs.map { Stats(single: $0.recall) }, higherIsBetter: true, note: note),
            Row(
                id: "6", name: "Speakers, seed: precision", unit: "fraction", ours: Stats(single: ours.precision),
                peerName: "spaCy 3.8 sm (PERSON)", peer: theirs.map { Stats(single: $0.precision) },
                higherIsBetter: true,
                note: "ours found: \(found.map(\.name).joined(separator: ", "))"
                    + (persons.map { "; spaCy PERSON: \($0.joined(separator: ", "))" } ?? "")),
            Row(
                id: "6", name: "Speakers, seed: title matches truth (of matched)", unit: "fraction",
                ours: Stats(single: Double(titleMatches) / matchedCount), peerName: "spaCy (no titles)",
                higherIsBetter: true),
            Row(
                id: "6", name: "Speakers, seed: organisation matches truth (of matched)", unit: "fraction",
                ours: Stats(single: Double(organisationMatches) / matchedCount), peerName: "spaCy (no organisations)",
                higherIsBetter: true),
        ]
    }

    // MARK: Row 8 (diff)

    func diffRows() throws -> [Row] {
        let analyzer = Analyzer()
        let before = analyzer.analyze(try parse(text: try seedText(), name: seedPath))
        let after = analyzer.analyze(
            try parse(text: try String(contentsOfFile: followUpPath, encoding: .utf8), name: followUpPath))
        let builder = ChangeSetBuilder()
        let stats = perCallMilliseconds(runs: context.runs, batch: 2000) { _ = builder.changes(from: before, to: after) }
        let micro = Stats(median: stats.median * 1000, min: stats.min * 1000, max: stats.max * 1000, runs: stats.runs)
        return [Row(
            id: "8", name: "Diff of two seed-sized analyses (seed → follow-up)", unit: "CPU µs", ours: micro,
            higherIsBetter: false, goal: "≤ 100 µs", met: micro.median <= 100)]
    }
}
