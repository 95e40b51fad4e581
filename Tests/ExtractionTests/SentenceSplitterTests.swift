import ReportModel
import Testing

@testable import Extraction

@Suite struct SentenceSplitterTests {
    func sentences(_ text: String) -> [String] {
        SentenceSplitter.sentences(of: Document(format: .text, blocks: [(.paragraph, text)])).map(\.text)
    }

    @Test func englishSentencesKeepAbbreviationsInitialsAndDecimals() {
        #expect(sentences("Mr. Blair said revenue rose 3.5 percent. John F. Kennedy spoke. \"It works,\" she said.")
            == ["Mr. Blair said revenue rose 3.5 percent.", "John F. Kennedy spoke.", "\"It works,\" she said."])
    }

    @Test func closingQuotesStayWithTheirSentence() {
        #expect(sentences("He said \"we grew.\" Then he left.") == ["He said \"we grew.\"", "Then he left."])
    }

    @Test func chineseSentencesSplitOnFullWidthPunctuation() {
        #expect(sentences("腾讯副总裁陈菊红表示，创新是动力。她还指出：要坚持长期主义！") == ["腾讯副总裁陈菊红表示，创新是动力。", "她还指出：要坚持长期主义！"])
    }

    @Test func offsetsPointIntoTheDocumentText() {
        let document = Document(format: .text, blocks: [(.heading, "Title"), (.paragraph, "One. Two – ok. 三。")])
        let scalars = Array(document.text.unicodeScalars)
        let found = SentenceSplitter.sentences(of: document)
        #expect(found.map(\.text) == ["Title", "One.", "Two – ok.", "三。"])
        for sentence in found {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[sentence.start..<sentence.end])
            #expect(String(view) == sentence.text)
        }
        #expect(found.map(\.block) == [0, 1, 1, 1])
    }
}
