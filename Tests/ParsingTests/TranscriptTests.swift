import Foundation
import ReportModel
import ReportWatchTesting
import Testing

@testable import Parsing

@Suite struct TranscriptTests {
    private func document(_ name: String) throws -> Document {
        let url = ParsingFixtures.url("transcripts/\(name)")
        return try DocumentParser().parse(
            FetchedDocument(
                url: url.absoluteString, body: try ParsingFixtures.bytes("transcripts/\(name)"),
                fetchedAt: Date()))
    }

    private func slice(_ document: Document, _ start: Int, _ end: Int) -> String {
        let scalars = Array(document.text.unicodeScalars)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    @Test func motleyFoolStyleTurnsAndRoster() throws {
        let document = try document("acme-q2-2024.txt")
        let transcript = try #require(document.transcript)
        #expect(document.title == "Acme Widgets (ACME) Q2 2024 Earnings Call Transcript")
        let byName = Dictionary(uniqueKeysWithValues: transcript.participants.map { ($0.name, $0) })
        #expect(byName["Robert Chen"]?.title == "Chief Executive Officer")
        #expect(byName["Robert Chen"]?.side == .corporate)
        #expect(byName["Tom Baker"]?.organization == "Morgan Stanley")
        #expect(byName["Tom Baker"]?.title == "Analyst")
        #expect(byName["Tom Baker"]?.side == .analyst)
        #expect(byName["Maria Lopez"]?.side == .corporate)
        #expect(
            transcript.turns.map(\.speaker) == [
                "Operator", "Dana Whitfield", "Robert Chen", "Maria Lopez", "Operator", "Tom Baker", "Robert Chen",
                "Operator",
            ])
        let ceo = slice(document, transcript.turns[2].start, transcript.turns[2].end)
        #expect(ceo.hasPrefix("Thanks, Dana. Revenue grew 12%"))
        #expect(ceo.hasSuffix("150 basis points."))
        #expect(!ceo.contains("Maria Lopez"))
        let analyst = slice(document, transcript.turns[5].start, transcript.turns[5].end)
        #expect(analyst.hasPrefix("Congratulations on the quarter."))
        // Closing roster lines are not turns.
        #expect(
            transcript.turns.last.map { slice(document, $0.start, $0.end) } == "This concludes today's conference call."
        )
    }

    @Test func refinitivStyleWithInlineSpeakers() throws {
        let document = try document("globex-q3-2023.txt")
        let transcript = try #require(document.transcript)
        let byName = Dictionary(uniqueKeysWithValues: transcript.participants.map { ($0.name, $0) })
        #expect(byName["Hank Scorpio"]?.side == .corporate)
        #expect(byName["Hank Scorpio"]?.title == "Chief Executive Officer")
        #expect(byName["Ravi Patel"]?.side == .analyst)
        #expect(byName["Ravi Patel"]?.organization == "Goldman Sachs")
        #expect(
            transcript.turns.map(\.speaker) == [
                "Operator", "Hank Scorpio", "Lisa Park", "Operator", "Ravi Patel", "Lisa Park", "Emma Stone",
                "Hank Scorpio",
            ])
        let question = slice(document, transcript.turns[4].start, transcript.turns[4].end)
        #expect(question == "How should we think about capital spending next year?")
        let first = slice(document, transcript.turns[1].start, transcript.turns[1].end)
        #expect(first.hasPrefix("Thank you. This was a record quarter"))
    }

    @Test func ordinaryArticleIsNoTranscript() throws {
        let fetched = FetchedDocument(
            url: Fixtures.seedArticle.absoluteString, body: try Fixtures.bytes(Fixtures.seedArticle),
            fetchedAt: Date())
        #expect(try DocumentParser().parse(fetched).transcript == nil)
    }
}

@Suite struct HTMLTranscriptTests {
    @Test func transcriptPageKeepsTurnsAttributed() throws {
        let document = try DocumentParser().parse(
            FetchedDocument(
                url: "https://www.example-fool.com/earnings/call-transcripts/2025/04/30/initech-q1/",
                body: try ParsingFixtures.bytes("transcripts/initech-q1-2025.html"), contentType: "text/html",
                fetchedAt: Date()))
        #expect(document.title == "Initech (INTK) Q1 2025 Earnings Call Transcript")
        let transcript = try #require(document.transcript)
        #expect(
            transcript.turns.map(\.speaker) == [
                "Operator", "Bill Lumbergh", "Joanna Park", "Operator", "Michael Bolton", "Bill Lumbergh", "Operator",
            ])
        let analyst = try #require(transcript.participants.first { $0.name == "Michael Bolton" })
        #expect(analyst.side == .analyst)
        #expect(analyst.organization == "Barclays")
        let scalars = Array(document.text.unicodeScalars)
        func text(_ turn: Transcript.Turn) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[turn.start..<turn.end])
            return String(view)
        }
        let ceo = text(transcript.turns[1])
        #expect(ceo.hasPrefix("Thank you, operator. Our first quarter revenue was $512 million"))
        #expect(ceo.hasSuffix("by 120 basis points."))
        #expect(text(transcript.turns[6]) == "That concludes our question-and-answer session. Thank you for joining.")
    }
}
