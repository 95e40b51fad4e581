import ReportModel
import Testing

@testable import Extraction

/// The shared splitter, on the cases the speaker extractor depends on.
@Suite struct SpeakerSentenceSplitterTests {
    static func sentences(_ text: String) -> [String] {
        SentenceSplitter.sentences(of: Document(format: .text, blocks: [(kind: .paragraph, text: text)])).map(\.text)
    }

    @Test func aClosingQuoteAfterASpaceStaysWithItsSentence() {
        #expect(Self.sentences("\"First point. Enter the new era. \"") == ["\"First point.", "Enter the new era. \""])
    }

    @Test func abbreviationsAndInitialsDoNotEndSentences() {
        #expect(Self.sentences("Mr. Blair met John F. Kennedy. (Dr. Smith agreed.) He left.")
            == ["Mr. Blair met John F. Kennedy.", "(Dr. Smith agreed.)", "He left."])
    }

    @Test func chinesePunctuationEndsSentences() {
        #expect(Self.sentences("“消费增长较快。”付凌晖说。他指出，形势向好！") == ["“消费增长较快。”", "付凌晖说。", "他指出，形势向好！"])
    }

    @Test func offsetsSliceTheDocumentText() {
        let document = Document(
            format: .text, blocks: [(kind: .paragraph, text: "Café owners said — yes. “Très bien,” she added."), (kind: .paragraph, text: "第二段。OK.")])
        let scalars = Array(document.text.unicodeScalars)
        for sentence in SentenceSplitter.sentences(of: document) {
            #expect(String(String.UnicodeScalarView(scalars[sentence.start..<sentence.end])) == sentence.text)
        }
    }
}
