import Foundation
import HTTPTransport
import Logging
import Parsing
import ReportModel

/// Turns one source into the documents that are new since its last poll, with the state to remember.
///
/// Copies share one per-host limiter, so politeness holds across concurrent polls of different sources. Waiting
/// (retry back-off, Retry-After, per-host spacing) uses the injected clock.
public struct SourceFetcher: Sendable {
    public let client: any HTTPClient
    public let settings: FetchSettings
    let clock: WaitClock
    let limiter: HostLimiter
    let logger: Logger
    private let localReader: LocalSourceReader

    public init<C: Clock<Duration>>(
        client: any HTTPClient, settings: FetchSettings = FetchSettings(), clock: C,
        logger: Logger = Logger(label: "reportwatch.fetching")
    ) {
        self.client = client
        self.settings = settings
        self.clock = WaitClock(clock)
        self.limiter = HostLimiter(
            limit: settings.perHostConcurrency, minimumDelay: settings.perHostMinimumDelay, clock: self.clock)
        self.logger = logger
        self.localReader = LocalSourceReader(maxFileSize: settings.maxBodySize)
    }

    public init(client: any HTTPClient, settings: FetchSettings = FetchSettings()) {
        self.init(client: client, settings: settings, clock: ContinuousClock())
    }

    /// Polls once. Throws when the source itself cannot be read (after the retries of this pass); items of a feed or
    /// an index that fail alone are reported in `PollResult.failures` and tried again next time.
    public func poll(_ source: SourceConfig, state: SourceState) async throws(FetchError) -> PollResult {
        switch source.kind {
        case .file, .directory:
            return try localReader.poll(source, state: state)
        case .page:
            return try await pollPage(source, state: state)
        case .feed:
            return try await pollFeed(source, state: state)
        case .index:
            return try await pollIndex(source, state: state)
        }
    }

    // MARK: Page

    private func pollPage(_ source: SourceConfig, state: SourceState) async throws(FetchError) -> PollResult {
        let url = try sourceURL(source)
        var state = state
        let wasFirstPoll = !state.polledBefore
        state.polledBefore = true
        let response = try await fetch(url, for: source, accept: Accept.page, validators: state.validators[url])
        guard response.status != 304 else {
            return PollResult(documents: [], state: state, wasFirstPoll: wasFirstPoll, notModified: true)
        }
        state.validators[url] = Self.validators(of: response)
        let document = makeDocument(url: url, response: response, format: source.format)
        return PollResult(documents: [document], state: state, wasFirstPoll: wasFirstPoll)
    }

    // MARK: Feed

    private func pollFeed(_ source: SourceConfig, state: SourceState) async throws(FetchError) -> PollResult {
        let url = try sourceURL(source)
        var state = state
        let wasFirstPoll = !state.polledBefore
        state.polledBefore = true
        let response = try await fetch(url, for: source, accept: Accept.feed, validators: state.validators[url])
        guard response.status != 304 else {
            return PollResult(documents: [], state: state, wasFirstPoll: wasFirstPoll, notModified: true)
        }
        let feed: Feed
        do {
            feed = try FeedParser().parse(
                response.body, contentType: response.headers["Content-Type"], url: response.effectiveURL)
        } catch {
            throw FetchError(source: source.name, location: url, reason: "not a readable feed: \(error.reason)")
        }
        var documents: [FetchedDocument] = []
        var failures: [FetchError] = []
        for entry in Self.newEntries(of: feed, seen: state.seenItems) {
            guard let identity = entry.identity else { continue }
            do throws(FetchError) {
                if let document = try await document(for: entry, of: source, feedURL: url) {
                    documents.append(document)
                }
                state.seenItems.insert(identity)
            } catch {
                failures.append(error)
            }
        }
        // Keep the old validators while an item is missing, so the next poll reads the feed again and retries it.
        if failures.isEmpty { state.validators[url] = Self.validators(of: response) }
        return PollResult(documents: documents, state: state, wasFirstPoll: wasFirstPoll, failures: failures)
    }

    /// Entries not seen before, each once, oldest first: by date when every one has a date, else in reverse feed
    /// order (feeds list the newest first).
    static func newEntries(of feed: Feed, seen: Set<String>) -> [FeedEntry] {
        var taken: Set<String> = []
        let fresh = feed.entries.filter { entry in
            guard let identity = entry.identity, !seen.contains(identity) else { return false }
            return taken.insert(identity).inserted
        }
        if fresh.allSatisfy({ $0.published != nil }) {
            return fresh.enumerated()
                .sorted { ($0.element.published!, -$0.offset) < ($1.element.published!, -$1.offset) }
                .map(\.element)
        }
        return fresh.reversed()
    }

    /// The entry's full content when the feed carries it, else its linked page, else its summary.
    private func document(
        for entry: FeedEntry, of source: SourceConfig, feedURL: String
    ) async throws(FetchError) -> FetchedDocument? {
        let itemURL = entry.link ?? "\(feedURL)#\(entry.identity ?? "")"
        let format = source.format == .feed ? nil : source.format
        if let content = entry.content, !content.isEmpty {
            return FetchedDocument(
                url: itemURL, itemID: entry.id, body: Array(content.utf8), contentType: "text/html; charset=utf-8",
                formatHint: format, fetchedAt: Date(), titleHint: entry.title, publishedHint: entry.published)
        }
        if let link = entry.link, Self.isHTTP(link) {
            let response = try await fetch(link, for: source, accept: Accept.page, validators: nil)
            var document = makeDocument(url: link, response: response, format: format)
            document.itemID = entry.id
            document.titleHint = entry.title
            document.publishedHint = entry.published
            return document
        }
        if let summary = entry.summary, !summary.isEmpty {
            return FetchedDocument(
                url: itemURL, itemID: entry.id, body: Array(summary.utf8), contentType: "text/html; charset=utf-8",
                formatHint: format, fetchedAt: Date(), titleHint: entry.title, publishedHint: entry.published)
        }
        return nil
    }

    // MARK: Index

    private func pollIndex(_ source: SourceConfig, state: SourceState) async throws(FetchError) -> PollResult {
        let url = try sourceURL(source)
        guard let pattern = source.linkPattern else {
            throw FetchError(source: source.name, location: url, reason: "an index source needs a link_pattern")
        }
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: pattern)
        } catch {
            throw FetchError(
                source: source.name, location: url, reason: "link_pattern is not a valid regular expression")
        }
        var state = state
        let wasFirstPoll = !state.polledBefore
        state.polledBefore = true
        let response = try await fetch(url, for: source, accept: Accept.page, validators: state.validators[url])
        guard response.status != 304 else {
            return PollResult(documents: [], state: state, wasFirstPoll: wasFirstPoll, notModified: true)
        }
        let links = HTMLLinkExtractor.links(
            in: response.body, contentType: response.headers["Content-Type"], baseURL: response.effectiveURL)
        var documents: [FetchedDocument] = []
        var failures: [FetchError] = []
        let fresh = Self.newLinks(
            links, matching: expression, seen: state.seenItems, indexURLs: [url, response.effectiveURL])
        for link in fresh {
            do throws(FetchError) {
                let linked = try await fetch(link.url, for: source, accept: Accept.document, validators: nil)
                var document = makeDocument(url: link.url, response: linked, format: source.format)
                if !link.text.isEmpty { document.titleHint = link.text }
                documents.append(document)
                state.seenItems.insert(link.url)
            } catch {
                failures.append(error)
            }
        }
        if failures.isEmpty { state.validators[url] = Self.validators(of: response) }
        return PollResult(documents: documents, state: state, wasFirstPoll: wasFirstPoll, failures: failures)
    }

    /// Matching links not seen before, each once (fragments dropped), oldest first: report listings put the newest
    /// first, so page order is reversed.
    static func newLinks(
        _ links: [HTMLLink], matching expression: NSRegularExpression, seen: Set<String>, indexURLs: Set<String>
    ) -> [HTMLLink] {
        var taken: Set<String> = []
        var fresh: [HTMLLink] = []
        for var link in links {
            if let hash = link.url.firstIndex(of: "#") { link.url = String(link.url[..<hash]) }
            guard isHTTP(link.url), !indexURLs.contains(link.url), !seen.contains(link.url) else { continue }
            let range = NSRange(link.url.startIndex..., in: link.url)
            guard expression.firstMatch(in: link.url, range: range) != nil else { continue }
            if taken.insert(link.url).inserted { fresh.append(link) }
        }
        return fresh.reversed()
    }

    // MARK: Helpers

    private func sourceURL(_ source: SourceConfig) throws(FetchError) -> String {
        guard let url = source.url, !url.isEmpty else {
            throw FetchError(source: source.name, location: source.location, reason: "no url configured")
        }
        return url
    }

    private func makeDocument(url: String, response: HTTPResponse, format: DocumentFormat?) -> FetchedDocument {
        FetchedDocument(
            url: url, body: response.body, contentType: response.headers["Content-Type"], formatHint: format,
            fetchedAt: Date(), modifiedAt: response.headers["Last-Modified"].flatMap(HTTPDate.parse))
    }

    static func validators(of response: HTTPResponse) -> Validators? {
        let etag = response.headers["ETag"]
        let lastModified = response.headers["Last-Modified"]
        guard etag != nil || lastModified != nil else { return nil }
        return Validators(etag: etag, lastModified: lastModified)
    }

    static func isHTTP(_ url: String) -> Bool {
        let lowered = url.prefix(8).lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    enum Accept {
        static let page = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8, application/pdf;q=0.8, */*;q=0.5"
        static let feed = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
            + "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
        static let document = "application/pdf, text/html, application/xhtml+xml;q=0.9, text/plain;q=0.9, */*;q=0.5"
    }
}
