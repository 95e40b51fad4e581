import Foundation

/// What the terminal allows: its width, and colour only on a TTY and never with NO_COLOR.
enum Terminal {
    static let isTTY = isatty(STDOUT_FILENO) == 1
    static let useColor = isTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static var width: Int {
        var size = winsize()
        if isTTY, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        return isTTY ? 80 : Int.max
    }

    static func bold(_ text: String) -> String { useColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    static func dim(_ text: String) -> String { useColor ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    static func green(_ text: String) -> String { useColor ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
    static func red(_ text: String) -> String { useColor ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    static func yellow(_ text: String) -> String { useColor ? "\u{1B}[33m\(text)\u{1B}[0m" : text }

    /// Wraps `text` to the terminal width after `indent` spaces.
    static func wrap(_ text: String, indent: Int) -> String {
        let limit = max(40, min(width, 120)) - indent
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > limit {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        let pad = String(repeating: " ", count: indent)
        return lines.map { pad + $0 }.joined(separator: "\n")
    }
}

/// Columns aligned to their widest cell; on a narrow terminal the widest column is shortened with "…".
struct TextTable {
    var headers: [String]
    var rows: [[String]]

    func render() -> String {
        let all = [headers] + rows
        var widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        let available = Terminal.width
        let total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        if total > available, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }) {
            widths[widest] = max(12, widths[widest] - (total - available))
        }
        return all.enumerated().map { index, row in
            let line = row.enumerated().map { column, cell -> String in
                let fitted = cell.count > widths[column] ? String(cell.prefix(widths[column] - 1)) + "…" : cell
                return column == row.count - 1 ? fitted : fitted.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            return index == 0 ? Terminal.bold(line) : line
        }.joined(separator: "\n")
    }

    static func localTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// Local time with a relative hint: "2026-11-29 06:10 (3h ago)", "… (in 42m)".
    static func when(_ date: Date?, now: Date = Date()) -> String {
        guard let date else { return "-" }
        let seconds = Int(date.timeIntervalSince(now))
        let magnitude = abs(seconds)
        let amount: String
        switch magnitude {
        case ..<60: amount = "\(magnitude)s"
        case ..<3600: amount = "\(magnitude / 60)m"
        case ..<86_400: amount = "\(magnitude / 3600)h"
        default: amount = "\(magnitude / 86_400)d"
        }
        if magnitude < 5 { return "\(localTime(date)) (now)" }
        return "\(localTime(date)) (\(seconds < 0 ? "\(amount) ago" : "in \(amount)"))"
    }
}
