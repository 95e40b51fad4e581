import ReportModel

/// Everything extraction finds in one document: speakers, then themes (which use the speakers to keep names,
/// titles and organisations out), then the reporting period.
public struct Analyzer: Sendable {
    /// Bumped whenever extraction changes in a way that changes its output.
    public static let version = 2

    let speakers = SpeakerExtractor()
    let themes: ThemeExtractor
    let periods = PeriodDetector()

    public init(lexicon: ThemeLexicon = ThemeLexicon()) {
        themes = ThemeExtractor(lexicon: lexicon)
    }

    public func analyze(_ document: Document) -> Analysis {
        let text = PreparedText(document)
        let found = speakers.extract(text)
        // A pass cancelled at shutdown stops here rather than after the themes of a long document; its caller
        // checks for cancellation and drops this partial analysis.
        if Task.isCancelled {
            return Analysis(speakers: found, themes: [], period: nil, extractorVersion: Self.version)
        }
        return Analysis(
            speakers: found, themes: themes.extract(text, speakers: found),
            period: periods.period(of: document, text: text.decoded), extractorVersion: Self.version)
    }
}
