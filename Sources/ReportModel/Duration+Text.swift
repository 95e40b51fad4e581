import Foundation

extension Duration {
    private static let units: [(suffix: String, seconds: Int64)] = [
        ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// Parses `30s`, `15m`, `6h`, `1d`, `1h30m`, `500ms`; nil for anything else (a bare number included).
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { return nil }
        var total = Duration.zero
        var digits = ""
        var index = trimmed.startIndex
        var sawUnit = false
        while index < trimmed.endIndex {
            let character = trimmed[index]
            if character.isASCII, character.isNumber {
                digits.append(character)
                index = trimmed.index(after: index)
                continue
            }
            guard let amount = Int64(digits) else { return nil }
            let rest = trimmed[index...]
            if rest.hasPrefix("ms") {
                total += .milliseconds(amount)
                index = trimmed.index(index, offsetBy: 2)
            } else if let unit = Duration.units.first(where: { rest.hasPrefix($0.suffix) }) {
                let (product, overflow) = amount.multipliedReportingOverflow(by: unit.seconds)
                guard !overflow else { return nil }
                total += .seconds(product)
                index = trimmed.index(after: index)
            } else {
                return nil
            }
            digits = ""
            sawUnit = true
        }
        guard sawUnit, digits.isEmpty else { return nil }
        self = total
    }

    /// The largest whole units: `6h`, `1h30m`, `45s`, `250ms`.
    public var compactText: String {
        let (seconds, attoseconds) = components
        if seconds == 0 { return attoseconds == 0 ? "0s" : "\(attoseconds / 1_000_000_000_000_000)ms" }
        var remaining = seconds
        var text = remaining < 0 ? "-" : ""
        remaining = abs(remaining)
        for unit in Duration.units where remaining >= unit.seconds {
            text += "\(remaining / unit.seconds)\(unit.suffix)"
            remaining %= unit.seconds
        }
        return text
    }

    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
