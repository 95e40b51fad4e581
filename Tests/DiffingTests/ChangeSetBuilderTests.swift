import Foundation
import PropertyBased
import ReportModel
import Testing

@testable import Diffing

@Suite struct ChangeSetBuilderTests {
    let builder = ChangeSetBuilder()

    func theme(_ key: String, _ score: Double) -> Theme {
        Theme(key: key, label: key.replacingOccurrences(of: "-", with: " "), score: score, occurrences: 2,
              evidence: [Evidence(text: "About \(key).", start: 0, end: 10)])
    }

    func speaker(_ name: String, _ title: String?, _ organization: String?, aliases: [String] = []) -> Speaker {
        Speaker(name: name, aliases: aliases, title: title, organization: organization, mentions: 1,
                evidence: [Evidence(text: "\(name) said so.", start: 0, end: 10)])
    }

    func analysis(themes: [Theme] = [], speakers: [Speaker] = []) -> Analysis {
        Analysis(speakers: speakers, themes: themes, period: nil, extractorVersion: 1)
    }

    @Test func themesAddedRemovedRisingFalling() {
        let old = analysis(themes: [theme("ageing", 0.9), theme("rural-revitalisation", 0.8), theme("basic-science", 0.3),
                                    theme("steady", 0.5)])
        let new = analysis(themes: [theme("basic-science", 0.7), theme("ageing", 0.5), theme("common-prosperity", 0.6),
                                    theme("steady", 0.55)])
        let changes = builder.changes(from: old, to: new).themes
        #expect(changes.map { "\($0.change.rawValue):\($0.key)" }
            == ["rising:basic-science", "falling:ageing", "added:common-prosperity", "removed:rural-revitalisation"])
        let rising = changes[0]
        #expect(rising.previous == ThemeChange.Standing(score: 0.3, rank: 3))
        #expect(rising.current == ThemeChange.Standing(score: 0.7, rank: 1))
        #expect(changes[3].current == nil)
        #expect(changes[3].evidence.first?.text == "About rural-revitalisation.")
    }

    @Test func hysteresisBandKeepsAThemeHoveringNearTheCutOffQuiet() {
        let filler = (1...20).map { theme("filler-\($0)", 1.0 - Double($0) * 0.01) }
        // Rank 16 before, rank 14 after: inside the band, so neither added nor removed.
        var old = Array(filler.prefix(15))
        old.append(theme("hovering", 0.5))
        var new = Array(filler.prefix(13))
        new.append(theme("hovering", 0.52))
        let changes = builder.changes(from: analysis(themes: old), to: analysis(themes: new)).themes
        #expect(!changes.contains { $0.key == "hovering" })
        // Falling out of the top 25 is a removal.
        let far = builder.changes(from: analysis(themes: new), to: analysis(themes: Array(filler.prefix(13))))
        #expect(far.themes.contains { $0.key == "hovering" && $0.change == .removed })
    }

    @Test func speakersAddedRemovedAndChangedThroughAliases() {
        let old = analysis(speakers: [speaker("Chen Juhong", "vice president", "Tencent"),
                                      speaker("Lu Peng", "director", "CASS"),
                                      speaker("Raj Singh", "CFO", "Acme")])
        let new = analysis(speakers: [speaker("Juhong Chen", "senior vice president", "Tencent", aliases: ["Chen Juhong"]),
                                      speaker("Rajinder Singh", "CFO", "Acme"),
                                      speaker("Jane Doe", "CEO", "Acme")])
        let changes = builder.changes(from: old, to: new).speakers
        #expect(changes.map { "\($0.change.rawValue):\($0.name)" }
            == ["changed:Juhong Chen", "added:Jane Doe", "removed:Lu Peng"])
        #expect(changes[0].previous?.title == "vice president")
        #expect(changes[0].current?.title == "senior vice president")
    }

    @Test func similarNamesAtDifferentFirmsAreDifferentPeople() {
        let old = analysis(speakers: [speaker("Raj Singh", "CFO", "Acme")])
        let new = analysis(speakers: [speaker("Rajinder Singh", "CFO", "Globex")])
        #expect(builder.changes(from: old, to: new).speakers.map(\.change) == [.added, .removed])
    }

    @Test func spacingAndCaseOfATitleAreNotAChange() {
        let old = analysis(speakers: [speaker("Lu Peng", "deputy  Director", "CASS")])
        let new = analysis(speakers: [speaker("Lu Peng", "Deputy director", "cass")])
        #expect(builder.changes(from: old, to: new).isEmpty)
    }

    @Test func revisionSummaryListsParagraphsAddedAndRemovedButNotMoved() {
        let summary = ChangeSetBuilder.paragraphDifference(
            ["Title", "First.", "Second.", "Third."], ["Title", "Third.", "First.", "Second  changed.", "New."])
        #expect(summary.paragraphsAdded == ["Second changed.", "New."])
        #expect(summary.paragraphsRemoved == ["Second."])
    }

    @Test func removedParagraphsAreListedInDocumentOrder() {
        let summary = ChangeSetBuilder.paragraphDifference(["Title", "First.", "Second.", "Third."], ["Title"])
        #expect(summary.paragraphsRemoved == ["First.", "Second.", "Third."])
    }

    @Test func evidenceIsCapped() {
        let long = String(repeating: "word ", count: 100)
        var theme = theme("ageing", 0.9)
        theme.evidence = Array(repeating: Evidence(text: long, start: 0, end: long.count), count: 5)
        let changes = builder.changes(from: analysis(), to: analysis(themes: [theme])).themes
        #expect(changes[0].evidence.count == 3)
        #expect(changes[0].evidence.allSatisfy { $0.text.count == 280 && $0.text.hasSuffix("…") })
    }

    // MARK: - Properties

    static let keys = (0..<40).map { "theme-\($0)" }
    static let names = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Ewe", "Ed Fox", "Flo Gu", "Gus Ho", "Hu Ivy"]

    static let analyses = zip(
        Gen.int(in: 0...39).array(of: 0...30),
        Gen.double(in: 0...1).array(of: 30...30),
        Gen.int(in: 0...7).array(of: 0...8),
        Gen.int(in: 0...2).array(of: 8...8)
    ).map { themeIndexes, scores, speakerIndexes, titles -> Analysis in
        var seen = Set<Int>()
        let themes = themeIndexes.filter { seen.insert($0).inserted }.enumerated().map { index, key in
            Theme(key: keys[key], label: keys[key], score: scores[index], occurrences: 1, evidence: [])
        }
        var seenNames = Set<Int>()
        let speakers = speakerIndexes.filter { seenNames.insert($0).inserted }.map { index in
            Speaker(name: names[index], title: ["CEO", "CFO", nil][titles[index]], organization: "Acme", mentions: 1,
                    evidence: [])
        }
        return Analysis(speakers: speakers, themes: themes, period: nil, extractorVersion: 1)
    }

    /// The byte-level fast path of `normalise` folds ASCII exactly as the general one does.
    @Test func asciiNormalisingAgreesWithTheGeneralFolding() async {
        let alphabet = Array("aZ9 .\t\n'’-&,Mr.  Ms.\r_(x)") + ["é"]
        let texts = Gen.int(in: 0..<alphabet.count).array(of: 0...24).map { String($0.map { alphabet[$0] }) }
        await propertyCheck(count: 500, input: texts) { text in
            let general = ChangeSetBuilder.words(of: text, keepPunctuation: true).joined(separator: " ")
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(ChangeSetBuilder.asciiNormalised(text) == general, "\(text.debugDescription)")
            } else {
                #expect(ChangeSetBuilder.asciiNormalised(text) == nil)
            }
            #expect(ChangeSetBuilder.normalise(text) == general)
        }
    }

    /// Paragraphs are diffed as numbers standing for them; the result is the one the strings themselves give
    /// (each list in document order).
    @Test func paragraphDifferenceAgreesWithDiffingTheStrings() async {
        let alphabet = ["Revenue rose.", "Revenue  rose.", "Costs fell.", "Outlook raised.", "Dividend", "营收增长。",
                        "“Quoted,” he said.", "", " Costs fell. "]
        let lists = Gen.int(in: 0..<alphabet.count).array(of: 0...9).map { $0.map { alphabet[$0] } }
        await propertyCheck(count: 500, input: zip(lists, lists)) { old, new in
            let difference = new.map(WhitespaceFolding.fold).difference(from: old.map(WhitespaceFolding.fold))
            let added = difference.insertions.map { change in
                guard case .insert(_, let element, _) = change else { return "" }
                return element
            }
            let removed = difference.removals.map { change in
                guard case .remove(_, let element, _) = change else { return "" }
                return element
            }
            let moved = Set(added).intersection(removed)
            let summary = ChangeSetBuilder.paragraphDifference(old, new)
            #expect(summary.paragraphsAdded == added.filter { !moved.contains($0) }, "\(old) → \(new)")
            #expect(summary.paragraphsRemoved == removed.filter { !moved.contains($0) }, "\(old) → \(new)")
        }
    }

    @Test func diffOfAnAnalysisWithItselfIsEmpty() async {
        await propertyCheck(count: 300, input: Self.analyses) { analysis in
            #expect(ChangeSetBuilder().changes(from: analysis, to: analysis).isEmpty)
        }
    }

    @Test func addedAndRemovedSwapWhenTheArgumentsSwap() async {
        await propertyCheck(count: 300, input: Self.analyses, Self.analyses) { a, b in
            let forward = ChangeSetBuilder().changes(from: a, to: b)
            let backward = ChangeSetBuilder().changes(from: b, to: a)
            func keys(_ changes: [ThemeChange], _ kind: ThemeChange.Kind) -> Set<String> {
                Set(changes.filter { $0.change == kind }.map(\.key))
            }
            func names(_ changes: [SpeakerChange], _ kind: SpeakerChange.Kind) -> Set<String> {
                Set(changes.filter { $0.change == kind }.map(\.name))
            }
            #expect(keys(forward.themes, .added) == keys(backward.themes, .removed))
            #expect(keys(forward.themes, .removed) == keys(backward.themes, .added))
            #expect(names(forward.speakers, .added) == names(backward.speakers, .removed))
            #expect(names(forward.speakers, .removed) == names(backward.speakers, .added))
            #expect(names(forward.speakers, .changed) == names(backward.speakers, .changed))
        }
    }
}

@Suite struct RoleComparisonTests {
    @Test func possessivesCaseAndArticlesAreNotChanges() {
        #expect(ChangeSetBuilder.sameText("General Manager of Tencent User Research", "general manager of Tencent's user research"))
        #expect(ChangeSetBuilder.sameText("the head of the lab", "head of lab"))
        #expect(!ChangeSetBuilder.sameText("vice president", "senior vice president"))
    }

    @Test func theIdenticalPrimaryRoleIsTheSamePosition() {
        #expect(ChangeSetBuilder.sameRole("director of the Global Report; global report of the salon host",
                                          "director of the Global Report; host of the salon"))
        #expect(!ChangeSetBuilder.sameRole("CFO; head of investor relations", "CEO; head of investor relations"))
    }
}
