import Foundation

/// Resolves references found in documents against their base URL.
enum URLResolver {
    /// The absolute form of `reference` against `base`; nil when it cannot be resolved or, with `httpOnly`, when
    /// it is not an http(s) URL. White space around the reference is ignored.
    static func resolve(_ reference: String, against base: String, httpOnly: Bool = true) -> String? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let cleaned =
            trimmed.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" })
            ? String(trimmed.filter { $0 != "\n" && $0 != "\r" && $0 != "\t" }) : trimmed
        let baseURL = URL(string: base)
        guard let url = URL(string: cleaned, relativeTo: baseURL)?.absoluteURL else { return nil }
        if httpOnly {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                url.host?.isEmpty == false
            else { return nil }
        }
        return url.absoluteString
    }

    /// The URL without its `#fragment`.
    static func removingFragment(_ url: String) -> String {
        guard let hash = url.firstIndex(of: "#") else { return url }
        return String(url[..<hash])
    }
}
