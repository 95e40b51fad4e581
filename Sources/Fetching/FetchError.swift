/// Why a source could not be polled; names the source and the URL or path.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var location: String
    public var reason: String

    public init(source: String, location: String, reason: String) {
        self.source = source
        self.location = location
        self.reason = reason
    }

    public var description: String { "source '\(source)': \(location): \(reason)" }
}
