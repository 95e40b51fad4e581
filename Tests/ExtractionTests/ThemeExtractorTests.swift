import Foundation
import Parsing
import ReportModel
import ReportWatchTesting
import Testing

@testable import Extraction

/// Quality on the seed and the labelled fixtures, with the measure `theme-bench` prints.
@Suite struct ThemeQualityTests {
    static let fixtureDirectory = Fixtures.repositoryRoot.appendingPathComponent("Tests/ExtractionTests/Fixtures/themes")

    static func parse(_ url: URL) throws -> Document {
        try DocumentParser().parse(FetchedDocument(url: url.absoluteString, body: try Fixtures.bytes(url), fetchedAt: Date()))
    }

    static func seed() throws -> (Document, ThemeTruth) {
        let document = try parse(Fixtures.seedArticle)
        let truth = try ThemeTruth.seedTruth(try Fixtures.data(Fixtures.seedTruth), documentText: document.text)
        return (document, truth)
    }

    @Test func seedWithSpeakersFindsTruthThemesAndLittleNoise() throws {
        let (document, truth) = try Self.seed()
        #expect(truth.themes.count == 11)
        let themes = ThemeExtractor().extract(from: document, speakers: truth.speakers)
        let evaluation = truth.evaluate(labels: themes.map(\.label), top: 15)
        #expect(evaluation.covered.count >= 8, "covered \(evaluation.covered); top \(themes.prefix(15).map(\.label))")
        #expect(evaluation.noise.count <= 2, "noise \(evaluation.noise)")
    }

    @Test func seedWithoutSpeakersStillRecognisesNamesAndOrganisations() throws {
        let (document, truth) = try Self.seed()
        let themes = ThemeExtractor().extract(from: document, speakers: [])
        let evaluation = truth.evaluate(labels: themes.map(\.label), top: 15)
        #expect(evaluation.covered.count >= 7, "covered \(evaluation.covered); top \(themes.prefix(15).map(\.label))")
        #expect(evaluation.noise.count <= 3, "noise \(evaluation.noise)")
    }

    struct Goal: Decodable {
        var minimumCovered: Int
        var maximumNoise: Int
    }

    /// One fixture text + one expected JSON per case; run with the fixture's speakers and with none.
    @Test(arguments: ["press-release-q3", "earnings-call-q2", "chinese-consumption-news"], [true, false])
    func labelledFixture(name: String, withSpeakers: Bool) throws {
        let document = try Self.parse(Self.fixtureDirectory.appendingPathComponent(name + ".txt"))
        let expectedData = try Fixtures.data(Self.fixtureDirectory.appendingPathComponent(name + ".expected.json"))
        let truth = try ThemeTruth.expected(expectedData)
        let goal = try JSONDecoder().decode(Goal.self, from: expectedData)
        let themes = ThemeExtractor().extract(from: document, speakers: withSpeakers ? truth.speakers : [])
        let evaluation = truth.evaluate(labels: themes.map(\.label), top: 15)
        #expect(
            evaluation.covered.count >= goal.minimumCovered,
            "covered \(evaluation.covered); top \(themes.prefix(15).map(\.label))")
        #expect(evaluation.noise.count <= goal.maximumNoise, "noise \(evaluation.noise)")
    }

    /// The matcher itself: one returned theme covers at most one expected theme; noise is whole-word.
    @Test func evaluationAssignsEachThemeOnce() {
        let truth = ThemeTruth(
            themes: [
                .init(id: "a", match: ["social value"]), .init(id: "b", match: ["sustainable social"]),
                .init(id: "c", match: ["co -creation"]),
            ],
            noise: ["Tencent", "Qin"], speakers: [])
        let evaluation = truth.evaluate(
            labels: ["sustainable social value", "Co-Creation mechanism", "Tencent platform", "quince"], top: 15)
        #expect(evaluation.covered.count == 2)
        #expect(evaluation.covered["c"] == "Co-Creation mechanism")
        #expect(evaluation.noise == ["Tencent platform"])
        #expect(evaluation.relevant == 2)
    }
}

/// The output contract and the general rules, on small documents written for each rule.
@Suite struct ThemeExtractorTests {
    static func document(_ paragraphs: [String], language: String? = nil) -> Document {
        Document(
            language: language, format: .text, blocks: paragraphs.map { (kind: TextBlock.Kind.paragraph, text: $0) })
    }

    @Test func seedOutputIsRankedNormalisedDeterministicAndEvidenced() throws {
        let (document, truth) = try ThemeQualityTests.seed()
        let themes = ThemeExtractor().extract(from: document, speakers: truth.speakers)
        #expect(themes.count >= 15)
        #expect(themes == ThemeExtractor().extract(from: document, speakers: truth.speakers))
        #expect(Set(themes.map(\.key)).count == themes.count)
        #expect(themes.allSatisfy { $0.score > 0 && $0.score <= 1 && $0.occurrences >= 1 })
        #expect(zip(themes, themes.dropFirst()).allSatisfy { $0.score >= $1.score })
        let scalars = Array(document.text.unicodeScalars)
        for theme in themes {
            #expect(!theme.evidence.isEmpty && theme.evidence.count <= 3)
            for evidence in theme.evidence {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[evidence.start..<evidence.end])
                #expect(String(view) == evidence.text)
            }
        }
        // Evidence shows the theme: the first sentence of `social innovation` contains it.
        let social = try #require(themes.first { $0.key == "social-innovation" })
        #expect(social.evidence[0].text.lowercased().contains("social innovation"))
    }

    @Test func hyphenAndSpacingVariantsShareOneKey() {
        let document = Self.document([
            "The co -creation mechanism links partners. A co-creation mechanism needs trust.",
            "Every co- creation mechanism is reviewed. The Co-Creation Mechanism was praised by partners.",
        ])
        let themes = ThemeExtractor().extract(from: document, speakers: [])
        let matching = themes.filter { $0.key.contains("creation") }
        #expect(matching.count == 1, "\(themes.map(\.key))")
        #expect(matching.first?.key == "cocreation-mechanism")
        #expect(matching.first?.occurrences == 4)
        #expect(matching.first?.label == "co-creation mechanism")
    }

    @Test func pluralsAndBritishAmericanSpellingsShareOneKey() {
        let document = Self.document([
            "Rural revitalization programs reached new counties this year.",
            "The rural revitalisation program was praised, and two rural revitalization programmes opened schools.",
        ])
        let keys = ThemeExtractor().extract(from: document, speakers: []).map(\.key)
        #expect(keys.contains("rural-revitalisation-program"), "\(keys)")
        #expect(!keys.contains("rural-revitalization-program"))
        #expect(keys.filter { $0.hasPrefix("rural-revital") }.count == 1)
    }

    @Test func namesTitlesAndOrganisationsAreNotThemesEvenWithoutSpeakers() {
        let document = Self.document([
            "Grid storage demand rose again, said Anna Kowalski, chief executive officer of Voltaro Holdings Group.",
            "Kowalski said grid storage orders from utilities doubled. The Voltaro Research Institute tested new battery chemistry.",
            "According to Anna Kowalski, battery chemistry costs fell while grid storage prices held.",
            "Analysts at Pembridge Capital Partners expect grid storage margins to widen as battery chemistry improves.",
            "Pembridge Capital Partners raised its target, and Voltaro Holdings Group confirmed grid storage guidance.",
        ])
        let labels = ThemeExtractor().extract(from: document, speakers: []).map { $0.label.lowercased() }
        #expect(labels.contains("grid storage"), "\(labels)")
        #expect(labels.contains("battery chemistry"))
        for label in labels {
            for forbidden in ["kowalski", "anna", "voltaro", "pembridge", "executive", "officer", "institute", "group"] {
                #expect(!label.contains(forbidden), "\(label) in \(labels)")
            }
        }
    }

    /// Words that are grammar, not subject, whatever the page: contractions with their apostrophe dropped,
    /// adjectives alone ("former", "top"), inflections of common verbs ("getting"), wire-service credits.
    @Test func contractionsBareAdjectivesVerbFormsAndWireCreditsAreNotThemes() {
        let document = Self.document([
            "LAGOS (AP) — The former minister said you'll see toll road tariffs rise; the top court is getting involved.",
            "Toll road tariffs rose again this week, and you'll hear more about toll road tariffs, the former aide said.",
            "AFP reported that toll road tariffs were getting steeper. AP Photo. The top lawyers were getting ready.",
        ])
        let keys = ThemeExtractor().extract(from: document, speakers: []).map(\.key)
        #expect(keys.contains { $0.contains("toll") }, "\(keys)")
        for noise in ["youll", "former", "top", "getting", "get", "ap", "afp"] {
            #expect(!keys.contains(noise), "\(noise) in \(keys)")
        }
    }

    @Test func speakersSuppressNamesThatCaseAloneCannotReveal() {
        // The name only ever starts sentences, so its capitals say nothing; the speaker list does.
        let speaker = Speaker(name: "Summer Rain", title: "head of field operations", mentions: 3, evidence: [])
        let document = Self.document([
            "Summer Rain explained the harvest forecast. Summer Rain said irrigation upgrades matter.",
            "Summer Rain added that irrigation upgrades cut water use. The harvest forecast improved.",
            "Summer Rain, head of field operations, visited farms to review irrigation upgrades.",
        ])
        let with = ThemeExtractor().extract(from: document, speakers: [speaker]).map(\.label)
        #expect(!with.contains { $0.lowercased().contains("summer") || $0.lowercased().contains("field operation") }, "\(with)")
        #expect(with.contains("irrigation upgrades"))
    }

    @Test func bylinesAndBoilerplateDoNotChangeThemes() throws {
        let (document, truth) = try ThemeQualityTests.seed()
        let base = ThemeExtractor().extract(from: document, speakers: truth.speakers)
        var paragraphs = document.blocks.map(\.text)
        paragraphs.insert("By Staff Reporter", at: 1)
        paragraphs.append("About Tencent")
        paragraphs.append(
            "Tencent is a world-leading internet and technology company that develops innovative products and services.")
        paragraphs.append(
            "Forward-Looking Statements: This release contains forward-looking statements about social innovation plans. "
                + "Actual results may differ materially; do not place undue reliance on them.")
        paragraphs.append("Copyright 2022 Chongqing Radio and Television. All rights reserved.")
        let noisy = Self.document(paragraphs)
        let themes = ThemeExtractor().extract(from: noisy, speakers: truth.speakers)
        #expect(Array(themes.prefix(10).map(\.key)) == Array(base.prefix(10).map(\.key)))
        for (a, b) in zip(themes.prefix(10), base.prefix(10)) { #expect(abs(a.score - b.score) < 0.05) }
        #expect(!themes.contains { $0.label.contains("forward-looking") || $0.label.contains("undue reliance") })
    }

    @Test func whitespaceAndAFixedTypoKeepTheTopThemes() throws {
        let (document, truth) = try ThemeQualityTests.seed()
        let base = ThemeExtractor().extract(from: document, speakers: truth.speakers)
        // Re-wrapped lines, doubled spaces, and one misspelling of a theme word.
        var text = try Fixtures.text(Fixtures.seedArticle).replacingOccurrences(of: ", ", with: ",  ")
        if let range = text.range(of: "common prosperity", options: .backwards) {
            text.replaceSubrange(range, with: "common prosperty")
        }
        let variant = PlainTextParser().parse(text)
        let themes = ThemeExtractor().extract(from: variant, speakers: truth.speakers)
        #expect(Set(themes.prefix(10).map(\.key)) == Set(base.prefix(10).map(\.key)))
        #expect(Array(themes.prefix(3).map(\.key)) == Array(base.prefix(3).map(\.key)))
    }

    @Test func scoresAreDensitiesSoRepeatingTheTextKeepsThem() throws {
        let (document, truth) = try ThemeQualityTests.seed()
        let base = ThemeExtractor().extract(from: document, speakers: truth.speakers)
        let body = document.blocks.map(\.text)
        let doubled = ThemeExtractor().extract(from: Self.document(body + body), speakers: truth.speakers)
        // Repetition lifts some phrases over the minimum count, so only the leading themes are compared.
        #expect(Set(doubled.prefix(3).map(\.key)) == Set(base.prefix(3).map(\.key)))
        for theme in doubled.prefix(3) {
            let original = try #require(base.first { $0.key == theme.key })
            #expect(abs(theme.score - original.score) < 0.1, "\(theme.key): \(theme.score) vs \(original.score)")
        }
        // Absolute, not relative to the best theme: rarely mentioned themes score low.
        #expect(base[0].score > 0.6)
        #expect(base[14].score < base[0].score / 2)
    }

    @Test func moreEmphasisRaisesAScoreAndLeavesOthersAlone() throws {
        let (document, truth) = try ThemeQualityTests.seed()
        let base = ThemeExtractor().extract(from: document, speakers: truth.speakers)
        var body = document.blocks.map(\.text)
        body.insert(
            "Common prosperity was the thread of the afternoon. Guests tied common prosperity to rural incomes, "
                + "and several asked how platforms can measure their contribution to common prosperity.", at: 5)
        let next = ThemeExtractor().extract(from: Self.document(body), speakers: truth.speakers)
        let before = try #require(base.first { $0.key == "common-prosperity" })
        let after = try #require(next.first { $0.key == "common-prosperity" })
        #expect(after.score > before.score + 0.05, "\(before.score) → \(after.score)")
        #expect(after.occurrences == before.occurrences + 3)
        let steady = try #require(next.first { $0.key == "social-innovation" })
        let steadyBefore = try #require(base.first { $0.key == "social-innovation" })
        #expect(abs(steady.score - steadyBefore.score) < 0.05)
    }

    @Test func lexiconGathersSynonymsUnderOneKey() throws {
        let (document, truth) = try ThemeQualityTests.seed()
        let lexicon = ThemeLexicon(entries: [
            "rural revitalisation": ["rural revitalization", "rural rejuvenation", "countryside", "village development"]
        ])
        let themes = ThemeExtractor(lexicon: lexicon).extract(from: document, speakers: truth.speakers)
        let rural = try #require(themes.first { $0.key == "rural-revitalisation" })
        #expect(rural.label == "rural revitalisation")
        #expect(rural.occurrences >= 5)
        #expect(!themes.contains { $0.key == "rural-rejuvenation" })
        #expect(themes.firstIndex { $0.key == "rural-revitalisation" }! < 15)
        // Without the lexicon the default is empty: no such key.
        #expect(!ThemeExtractor().extract(from: document, speakers: []).contains { $0.key == "rural-revitalisation" })
        #expect(ThemeLexicon().isEmpty)
    }

    @Test func chineseLexiconAndShape() {
        let document = Self.document([
            "今年以来，乡村振兴稳步推进，乡村振兴项目带动农民增收。",
            "各地推动农村电商发展，农村电商成为农民增收新渠道，县域经济活力增强。",
            "专家认为，乡村全面振兴需要人才支撑，农村电商和县域经济将继续发挥作用。",
        ])
        let plain = ThemeExtractor().extract(from: document, speakers: [])
        #expect(plain.contains { $0.key == "乡村振兴" }, "\(plain.map(\.key))")
        #expect(plain.contains { $0.key == "农村电商" })
        let lexicon = ThemeLexicon(entries: ["乡村振兴": ["乡村全面振兴", "乡村振兴"]])
        let themes = ThemeExtractor(lexicon: lexicon).extract(from: document, speakers: [])
        let rural = themes.first { $0.key == "乡村振兴" }
        #expect(rural?.occurrences == 3)
        #expect(themes.allSatisfy { $0.score > 0 && $0.score <= 1 })
    }

    @Test func chineseNamesBeforeSpeechVerbsAreNotThemes() {
        let document = Self.document([
            "研究员赵一鸣表示，数字经济规模持续扩大，数字经济成为增长引擎。",
            "赵一鸣指出，数字经济与实体经济深度融合，实体经济转型加快。",
            "赵一鸣认为，应加快数字基础设施建设，数字基础设施投资仍有空间。",
        ])
        let keys = ThemeExtractor().extract(from: document, speakers: []).map(\.key)
        #expect(keys.contains("数字经济"), "\(keys)")
        #expect(!keys.contains { $0.contains("赵一鸣") || $0.contains("一鸣") }, "\(keys)")
    }

    @Test func tableRowsWeighLessThanProse() {
        var blocks: [(kind: TextBlock.Kind, text: String)] = [
            (.paragraph, "Cloud revenue grew as cloud revenue from new regions doubled."),
            (.paragraph, "Cloud revenue now leads, and cloud revenue margins improved."),
        ]
        for quarter in 1...6 { blocks.append((.tableRow, "Operating expenses | \(quarter * 10) | \(quarter * 11)")) }
        let themes = ThemeExtractor().extract(from: Document(format: .html, blocks: blocks), speakers: [])
        let cloud = themes.firstIndex { $0.key == "cloud-revenue" }
        let expenses = themes.firstIndex { $0.key == "operating-expense" }
        #expect(cloud == 0, "\(themes.map(\.key))")
        #expect(expenses.map { $0 > 0 } ?? true)
    }

    @Test func emptyAndTinyDocuments() {
        #expect(ThemeExtractor().extract(from: Self.document([]), speakers: []).isEmpty)
        #expect(ThemeExtractor().extract(from: Self.document(["The, and of."]), speakers: []).isEmpty)
    }
}
