import Foundation

extension Stats {
    /// A figure measured once (a quality score, a peak): median = min = max.
    init(single value: Double) {
        self.init(median: value, min: value, max: value, runs: 1)
    }

    init(median: Double, min: Double, max: Double, runs: Int) {
        self.median = median
        self.min = min
        self.max = max
        self.runs = runs
    }
}

/// One line of the table: our figure, the peer's figure from the same run on the same input, and the ratio.
struct Row: Codable {
    var id: String
    var name: String
    var unit: String
    var ours: Stats?
    var peerName: String
    var peer: Stats?
    /// The ratio is written so that > 1 means we are better: ours/peer when higher is better, else peer/ours.
    var higherIsBetter: Bool
    var goal: String
    var met: Bool?
    var note: String
    var ratio: Double?

    init(
        id: String, name: String, unit: String, ours: Stats?, peerName: String = "", peer: Stats? = nil,
        higherIsBetter: Bool, goal: String = "", met: Bool? = nil, note: String = ""
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.ours = ours
        self.peerName = peerName
        self.peer = peer
        self.higherIsBetter = higherIsBetter
        self.goal = goal
        self.met = met
        self.note = note
        if let ours, let peer, ours.median > 0, peer.median > 0, ours.runs > 0, peer.runs > 0 {
            ratio = higherIsBetter ? ours.median / peer.median : peer.median / ours.median
        }
    }
}

struct Machine: Codable {
    var host: String
    var cpu: String
    var cores: Int
    var memoryGB: Double
    var kernel: String
    var swift: String
}

struct SuiteResult: Codable {
    var date: String
    var commit: String
    var quick: Bool
    var machine: Machine
    var loadAverageBefore: String
    var loadAverageAfter: String
    var durationSeconds: Double
    var rows: [Row]
    var skipped: [String]
}

func format(_ value: Double) -> String {
    if value.isNaN { return "–" }
    let magnitude = abs(value)
    if magnitude >= 10_000 { return String(format: "%.0f", value) }
    if magnitude >= 100 { return String(format: "%.0f", value) }
    if magnitude >= 10 { return String(format: "%.1f", value) }
    if magnitude >= 1 { return String(format: "%.2f", value) }
    if magnitude >= 0.01 { return String(format: "%.3f", value) }
    return String(format: "%.4f", value)
}

func format(_ stats: Stats?) -> String {
    guard let stats, stats.runs > 0 else { return "–" }
    if stats.runs == 1 || stats.min == stats.max { return format(stats.median) }
    return "\(format(stats.median)) (\(format(stats.min))–\(format(stats.max)))"
}

func markdown(_ result: SuiteResult) -> String {
    var lines = [
        "# ReportWatch benchmark suite\(result.quick ? " (QUICK)" : "")",
        "",
        "- date: \(result.date)",
        "- commit: \(result.commit)",
        "- machine: \(result.machine.cpu), \(result.machine.cores) cores, "
            + String(format: "%.1f GB", result.machine.memoryGB) + ", \(result.machine.kernel)",
        "- swift: \(result.machine.swift)",
        "- load average (1, 5, 15 min) before: \(result.loadAverageBefore); after: \(result.loadAverageAfter)",
        "- suite wall time: " + String(format: "%.0f s", result.durationSeconds),
        "",
        "Figures: median (min–max) of the measured runs after a warm-up; the ratio is ours vs. the peer's median, "
            + "written so that > 1 means ReportWatch is better.",
        "",
        "| # | Measure | Unit | Ours | Peer | Peer figure | Ratio | Goal | Met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result.rows {
        let met = row.met.map { $0 ? "yes" : "**no**" } ?? ""
        let ratio = row.ratio.map { format($0) + "×" } ?? "–"
        lines.append(
            "| \(row.id) | \(row.name) | \(row.unit) | \(format(row.ours)) | \(row.peerName) | \(format(row.peer)) "
                + "| \(ratio) | \(row.goal) | \(met) |")
    }
    let notes = result.rows.filter { !$0.note.isEmpty }
    if !notes.isEmpty {
        lines += ["", "Notes:", ""]
        for row in notes { lines.append("- \(row.id) \(row.name): \(row.note)") }
    }
    if !result.skipped.isEmpty {
        lines += ["", "Skipped:", ""]
        for reason in result.skipped { lines.append("- \(reason)") }
    }
    return lines.joined(separator: "\n") + "\n"
}

/// The table for the terminal: fixed-width columns, notes below.
func terminalTable(_ result: SuiteResult) -> String {
    let header = ["#", "Measure", "Unit", "Ours", "Peer", "Peer figure", "Ratio", "Goal", "Met"]
    var table = [header]
    for row in result.rows {
        table.append([
            row.id, row.name, row.unit, format(row.ours), row.peerName, format(row.peer),
            row.ratio.map { format($0) + "×" } ?? "–", row.goal, row.met.map { $0 ? "yes" : "NO" } ?? "",
        ])
    }
    let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
    var lines = table.map { cells in
        cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
            .joined(separator: "  ")
    }
    lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1)
    lines.append("load average before: \(result.loadAverageBefore); after: \(result.loadAverageAfter)")
    for row in result.rows where !row.note.isEmpty { lines.append("note \(row.id) \(row.name): \(row.note)") }
    for reason in result.skipped { lines.append("skipped: \(reason)") }
    return lines.joined(separator: "\n")
}
