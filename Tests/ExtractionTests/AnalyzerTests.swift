import Foundation
import Parsing
import ReportModel
import ReportWatchTesting
import Testing

@testable import Extraction

@Suite struct AnalyzerTests {
    /// Shutdown cancels the pass: the analysis stops after the speakers instead of finishing a long document, and
    /// says so by having no themes (the pipeline drops it unread).
    @Test func aCancelledTaskStopsAfterTheSpeakers() async throws {
        let document = try DocumentParser().parse(
            FetchedDocument(url: Fixtures.seedArticle.absoluteString, body: try Fixtures.bytes(Fixtures.seedArticle),
                            fetchedAt: Date()))
        let cancelled = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return Analyzer().analyze(document)
        }.value
        #expect(cancelled.themes.isEmpty)
        let whole = Analyzer().analyze(document)
        #expect(!whole.themes.isEmpty)
        #expect(whole.extractorVersion == Analyzer.version)
    }
}
