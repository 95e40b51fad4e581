import Foundation
import ReportModel
import Testing

@testable import Extraction

/// One rule each, on short documents written for the purpose.
@Suite struct SpeakerPatternTests {
    static func speakers(_ paragraphs: [String]) -> [Speaker] {
        let document = Document(format: .text, blocks: paragraphs.map { (kind: .paragraph, text: $0) })
        return SpeakerExtractor().extract(from: document)
    }

    @Test func titleBeforeTheName() {
        let found = Self.speakers(["Tencent Vice President Chen Juhong said the programme would expand next year."])
        #expect(found.map(\.name) == ["Chen Juhong"])
        #expect(found.first?.title == "Vice President")
        #expect(found.first?.organization == "Tencent")
    }

    @Test func lowerCaseTitleBeforeTheNameAfterTheVerb() {
        let found = Self.speakers(["\"Demand is holding up,\" said Acme chief executive Jane Doe."])
        #expect(found.map(\.name) == ["Jane Doe"])
        #expect(found.first?.title == "chief executive")
        #expect(found.first?.organization == "Acme")
    }

    @Test func nameAfterTheQuoteWithAppositive() {
        let found = Self.speakers(["\"We are pleased with the quarter,\" said Jane Doe, CFO of Acme Corp."])
        #expect(found.map(\.name) == ["Jane Doe"])
        #expect(found.first?.title == "CFO of Acme Corp.")
        #expect(found.first?.organization == "Acme Corp.")
    }

    @Test func possessiveOrganisationInAppositive() {
        let found = Self.speakers(["Jane Doe, Acme's chief operating officer, noted that supply had improved."])
        #expect(found.first?.title == "chief operating officer")
        #expect(found.first?.organization == "Acme")
    }

    @Test func appositiveWithSharedOrganisationSplitsIt() {
        let found = Self.speakers([
            "Li Wei, deputy director and chief economist of the State Information Center, stressed that demand was weak."
        ])
        #expect(found.first?.title == "deputy director and chief economist")
        #expect(found.first?.organization == "State Information Center")
    }

    /// A capitalised unit before "at" is inside the institution named after it.
    @Test(arguments: [
        ("Pankaj Pandey, Head of Research at ICICI Securities, said margins would recover.", "ICICI Securities"),
        ("Brent Sherwood, vice president of Advanced Development Programs at Blue Origin, said the lander was ready.",
         "Blue Origin"),
        ("Olivier Bosc, General Manager of Life Care Solutions Europe at GE Healthcare, said orders had doubled.",
         "GE Healthcare"),
    ])
    func unitOfAnInstitutionNamedAfterAt(sentence: String, organization: String) {
        let found = Self.speakers([sentence])
        #expect(found.count == 1)
        #expect(found.first?.organization == organization)
    }

    /// "Prime Minister" and "Press Secretary" are titles whole; a nationality before them is not an organisation.
    @Test(arguments: [
        ("Israeli Prime Minister Benjamin Netanyahu said the talks would resume.", "Benjamin Netanyahu",
         "Prime Minister", nil),
        ("White House Press Secretary Stephanie Grisham said the call was routine.", "Stephanie Grisham",
         "Press Secretary", "White House"),
        ("\"We are ready,\" said Ukrainian President Volodymyr Zelensky.", "Volodymyr Zelensky", "President", nil),
    ] as [(String, String, String, String?)])
    func multiWordTitlesBeforeTheName(sentence: String, name: String, title: String, organization: String?) {
        let found = Self.speakers([sentence])
        #expect(found.map(\.name) == [name])
        #expect(found.first?.title == title)
        #expect(found.first?.organization == organization)
    }

    @Test func anAdjectiveOfPlaceIsNotTheOrganisation() {
        let found = Self.speakers([
            "Will Moy, chief executive of the London-based fact-checking website Full Fact, said claims spread fast."
        ])
        #expect(found.map(\.name) == ["Will Moy"])
        #expect(found.first?.organization != "London-based")
    }

    @Test func multiSentenceQuoteAfterAColon() {
        let found = Self.speakers([
            "Jane Doe, head of research at Nordbank, said: \"Rates will stay high. Inflation is sticky. We see no cut before June.\""
        ])
        #expect(found.map(\.name) == ["Jane Doe"])
        #expect(found.first?.evidence.count == 3)
        #expect(found.first?.organization == "Nordbank")
    }

    @Test func pronounContinuesTheLastNamedSpeaker() {
        let found = Self.speakers([
            "Zhang Hua, a professor at Fudan University, said exports would slow.",
            "He pointed out that the property market was still adjusting.",
        ])
        #expect(found.map(\.name) == ["Zhang Hua"])
        #expect(found.first?.evidence.count == 2)
    }

    @Test func familyNameFirstStartingWithHeIsAName() {
        let found = Self.speakers([
            "He Yong, director of the planning office, said the plan was on track.",
            "He added that funding had been secured.",
        ])
        #expect(found.map(\.name) == ["He Yong"])
        #expect(found.first?.evidence.count == 2)
    }

    @Test func shortMentionResolvesToTheOnlyMatchingFullName() {
        let found = Self.speakers([
            "Chen Wei, an analyst at Eastbridge Securities, said margins would recover.",
            "Chen said the recovery depended on steel prices.",
        ])
        #expect(found.map(\.name) == ["Chen Wei"])
        #expect(found.first?.aliases == ["Chen"])
        #expect(found.first?.evidence.count == 2)
        #expect(found.first?.mentions == 2)
    }

    @Test func ambiguousShortMentionIsNotResolved() {
        let found = Self.speakers([
            "Chen Wei, an analyst at Eastbridge Securities, said margins would recover.",
            "Chen Li, a strategist at Harbour Capital, said they would not.",
            "Chen said the recovery depended on steel prices.",
        ])
        #expect(found.map(\.name) == ["Chen Wei", "Chen Li"])
        #expect(found.allSatisfy { $0.evidence.count == 1 })
    }

    @Test func honorificShortFormJoinsTheFullName() {
        let found = Self.speakers([
            "Tony Blair, the former prime minister, spoke at the forum.",
            "\"Reform takes time,\" Mr. Blair said.",
        ])
        #expect(found.map(\.name) == ["Tony Blair"])
        #expect(found.first?.aliases == ["Mr. Blair"])
    }

    @Test func honorificAloneIsEnoughForAName() {
        let found = Self.speakers(["\"Reform takes time,\" Mr. Blair said."])
        #expect(found.map(\.name) == ["Mr. Blair"])
    }

    @Test func organisationsBylinesAndCreditsAreNotPeople() {
        let found = Self.speakers([
            "By Jane Roe",
            "SHANGHAI, May 3 (Eastwire) - Goldman Sachs said in a note that growth would slow.",
            "Acme Group said it would cut prices. The Ministry of Finance said revenue rose.",
            "(Photo: John Smith/Eastwire)",
            "The prize is named after Ada Lovelace, who described the first algorithm in her notes.",
        ])
        #expect(found.isEmpty, "\(found.map(\.name))")
    }

    @Test func peopleOnlyMentionedAreNotSpeakers() {
        let found = Self.speakers([
            "Maria Lopez, chief executive of Solara, met with Tom Becker, the mayor, on Monday.",
            "Solara said the plant would employ 300 people.",
        ])
        #expect(found.isEmpty, "\(found.map(\.name))")
    }

    @Test func colonLabelledTurnsAndOperatorBreaks() {
        let found = Self.speakers([
            "Operator: Our first question comes from the line of Sam Ito.",
            "Sam Ito: Can you talk about margins in the second half?",
            "Lena Park: Sure. We expect them to improve as freight costs ease.",
            "The mix should also help.",
            "Operator: That concludes today's call.",
        ])
        #expect(found.map(\.name) == ["Sam Ito", "Lena Park"])
        #expect(found.last?.evidence.count == 3)
    }

    @Test func transcriptRosterAndTurns() {
        var document = Document(
            title: "Orbis Health (ORB) Q1 2025 Earnings Call Transcript", format: .text,
            blocks: [
                (kind: .paragraph, text: "Welcome to the Orbis Health first quarter call."),
                (kind: .paragraph, text: "Thank you. Revenue grew 9% this quarter."),
                (kind: .paragraph, text: "Could you size the pipeline?"),
                (kind: .paragraph, text: "It is the largest in our history."),
            ])
        let blocks = document.blocks
        document.transcript = Transcript(
            participants: [
                .init(name: "Dana Whitfield", title: "Chief Executive Officer", side: .corporate),
                .init(name: "Omar Haddad", title: "Analyst", organization: "Jefferies", side: .analyst),
                .init(name: "Operator", side: .other),
            ],
            turns: [
                .init(speaker: "Operator", start: blocks[0].start, end: blocks[0].end),
                .init(speaker: "Dana Whitfield", start: blocks[1].start, end: blocks[1].end),
                .init(speaker: "Omar Haddad", start: blocks[2].start, end: blocks[2].end),
                .init(speaker: "Dana Whitfield -- Chief Executive Officer", start: blocks[3].start, end: blocks[3].end),
            ])
        let found = SpeakerExtractor().extract(from: document)
        #expect(found.map(\.name) == ["Dana Whitfield", "Omar Haddad"])
        #expect(found.first?.organization == "Orbis Health")
        #expect(found.first?.evidence.count == 3)
        #expect(found.last?.organization == "Jefferies")
    }

    @Test(arguments: [
        ("腾讯副总裁陈菊红表示，公司将继续加大投入。", "陈菊红", "副总裁", "腾讯"),
        ("国家统计局新闻发言人付凌晖说，经济运行总体平稳。", "付凌晖", "新闻发言人", "国家统计局"),
        ("中国人民银行副行长宣昌能指出，货币政策将保持稳健。", "宣昌能", "副行长", "中国人民银行"),
        ("据中国汽车工业协会副秘书长陈士华介绍，新能源汽车销量继续增长。", "陈士华", "副秘书长", "中国汽车工业协会"),
        ("对此，王一鸣认为，扩大内需仍是关键。", "王一鸣", nil, nil),
        ("国家外汇管理局副局长、新闻发言人王春英表示，外汇市场运行平稳。", "王春英", "副局长、新闻发言人", "国家外汇管理局"),
        ("国务院发展研究中心宏观经济研究部研究员张立群表示，投资将企稳。", "张立群", "宏观经济研究部研究员", "国务院发展研究中心"),
        (
            "中国社会科学院社会学研究所经济与科技社会学研究室主任吕鹏指出，要培养更多人才。", "吕鹏",
            "经济与科技社会学研究室主任", "中国社会科学院社会学研究所"
        ),
        ("东方金诚首席宏观分析师王青在接受记者采访时表示，政策将持续发力。", "王青", "首席宏观分析师", "东方金诚"),
        ("财政部税政司副司长魏岳峰介绍，减税降费政策效果明显。", "魏岳峰", "税政司副司长", "财政部"),
        ("中国石油天然气集团有限公司副总经理黄永章表示，产量稳步增长。", "黄永章", "副总经理", "中国石油天然气集团有限公司"),
        ("比亚迪董事长兼总裁王传福在业绩说明会上表示，销量将继续增长。", "王传福", "董事长兼总裁", "比亚迪"),
        ("中金公司汽车行业首席分析师邓学表示，海外市场是增长的关键。", "邓学", "汽车行业首席分析师", "中金公司"),
    ] as [(String, String, String?, String?)])
    func chinesePatterns(text: String, name: String, title: String?, organization: String?) {
        let found = Self.speakers([text])
        #expect(found.map(\.name) == [name])
        #expect(found.first?.title == title)
        #expect(found.first?.organization == organization)
    }

    @Test func chineseBylinesAndInstitutionsAreNotPeople() {
        let found = Self.speakers([
            "（记者 王晓东 摄）",
            "商务部表示，将进一步稳外贸。国家统计局指出，价格总体平稳。业内人士认为，市场将企稳。",
        ])
        #expect(found.isEmpty, "\(found.map(\.name))")
    }

    @Test func chinesePronounContinuation() {
        let found = Self.speakers(["国家发展改革委副主任李春临表示，投资保持增长。他强调，要加快项目建设。"])
        #expect(found.map(\.name) == ["李春临"])
        #expect(found.first?.evidence.count == 2)
        #expect(found.first?.organization == "国家发展改革委")
    }

    @Test func outputIsDeterministicAndOrderedByFirstAppearance() {
        let paragraphs = [
            "Sara Lind, an economist at Nordbank, said rates had peaked.",
            "Ravi Menon, head of strategy at Kestrel Partners, said they had not.",
            "Lind added that the labour market was cooling.",
        ]
        let first = Self.speakers(paragraphs)
        #expect(first == Self.speakers(paragraphs))
        #expect(first.map(\.name) == ["Sara Lind", "Ravi Menon"])
    }
}

extension SpeakerPatternTests {
    @Test func pronounInsideAQuoteDoesNotOverrideTheNamedSpeaker() {
        let found = Self.speakers([
            "Maria Lopez, chief executive of Solara, said the plant was ready.",
            "\"He said no at first,\" Tom Becker, the mayor, recalled.",
        ])
        #expect(found.map(\.name) == ["Maria Lopez", "Tom Becker"])
        #expect(found.first?.evidence.count == 1)
    }

    @Test func issuerIsTheOrganisationOfUntitledExecutivesInARelease() {
        let found = Self.speakers([
            "SEATTLE, Feb. 4, 2025 /PRNewswire/ -- Cobalt Analytics Corp. (NYSE: CBLT) today announced results.",
            "\"Customers doubled their usage,\" said Ines Moreau, President and Chief Executive Officer.",
        ])
        #expect(found.first?.organization == "Cobalt Analytics")
        #expect(found.first?.title == "President and Chief Executive Officer")
    }
}

extension SpeakerPatternTests {
    @Test func institutionBeforeTheTitle() {
        let found = Self.speakers([
            "Bank of Japan Governor Kazuo Ueda said policy would remain easy.",
            "Chinese Vice Premier Liu He said reforms would continue. He added that the economy was stable.",
        ])
        #expect(found.map(\.name) == ["Kazuo Ueda", "Liu He"])
        #expect(found.first?.organization == "Bank of Japan")
        #expect(found.first?.title == "Governor")
        #expect(found.last?.title == "Vice Premier")
        #expect(found.last?.organization == nil)
        #expect(found.last?.evidence.count == 2)
    }

    @Test func occupationAtANamedInstitution() {
        let found = Self.speakers(["\"It spreads quickly,\" said Dr. Amy Chen, a virologist at the University of Hong Kong."])
        #expect(found.map(\.name) == ["Amy Chen"])
        #expect(found.first?.title == "virologist at the University of Hong Kong")
        #expect(found.first?.organization == "University of Hong Kong")
    }
}

extension SpeakerPatternTests {
    @Test func chineseColonLabels() {
        let found = Self.speakers([
            "主持人：请您谈谈今年的经营情况。",
            "王建华：今年公司营业收入保持增长，海外业务增长较快。",
            "我们对全年目标有信心。",
            "主持人：谢谢。",
        ])
        #expect(found.map(\.name) == ["王建华"])
        #expect(found.first?.evidence.count == 2)
    }

    @Test func transcriptTurnLabelsCarryTitlesWhenTheRosterIsEmpty() {
        var document = Document(
            title: "Verdant Foods Q4 2024 Earnings Call", format: .text,
            blocks: [(kind: .paragraph, text: "Thanks, everyone. Sales rose 4% in the quarter.")])
        document.transcript = Transcript(
            participants: [],
            turns: [.init(speaker: "Nora Quinn -- Chief Executive Officer", start: 0, end: document.blocks[0].end)])
        let found = SpeakerExtractor().extract(from: document)
        #expect(found.map(\.name) == ["Nora Quinn"])
        #expect(found.first?.title == "Chief Executive Officer")
        #expect(found.first?.organization == "Verdant Foods")
    }
}

extension SpeakerPatternTests {
    @Test func quotedAndNamedAfterTheQuoteIsAPersonWithoutATitle() {
        let found = Self.speakers(["\"We were lucky to get out,\" said Rosa Delgado. Acme Foods said the plant would reopen."])
        #expect(found.map(\.name) == ["Rosa Delgado"])
        #expect(found.first?.title == nil)
    }
}

extension SpeakerPatternTests {
    @Test func parentheticalTitleAndGenericOwner() {
        let found = Self.speakers([
            "Jane Doe (chief executive, Acme) said demand was steady.",
            "\"Orders picked up in March,\" said John Roe, the company's chief financial officer.",
        ])
        #expect(found.map(\.name) == ["Jane Doe", "John Roe"])
        #expect(found.first?.title == "chief executive")
        #expect(found.first?.organization == "Acme")
        #expect(found.last?.title == "chief financial officer")
    }

    @Test func firmAsASegmentOfItsOwn() {
        let found = Self.speakers(["Jane Doe, CEO, Acme Corp., said orders rose. Tim Roe, CFO, John Moe and others attended."])
        #expect(found.map(\.name) == ["Jane Doe"])
        #expect(found.first?.title == "CEO")
        #expect(found.first?.organization == "Acme Corp.")
    }
}

extension SpeakerPatternTests {
    @Test func nameBeforeSaidHeIsTheSpeaker() {
        let found = Self.speakers([
            "\"Sentiment is fragile,\" said Jason Brown, chief investment officer at Silverline Asset Management.",
            "Maria Lopez, an analyst at Eastbridge, agreed. Brown said he had reduced exposure to developers.",
        ])
        #expect(found.map(\.name) == ["Jason Brown", "Maria Lopez"])
        #expect(found.first?.aliases == ["Brown"])
        #expect(found.first?.evidence.count == 2)
        #expect(found.first?.organization == "Silverline Asset Management")
    }
}

extension SpeakerPatternTests {
    @Test func nameGivenInBothScripts() {
        let found = Self.speakers(["Chen Juhong (陈菊红), vice president of Tencent, said the report would be quarterly."])
        #expect(found.map(\.name) == ["Chen Juhong"])
        #expect(found.first?.organization == "Tencent")
    }
}

extension SpeakerPatternTests {
    @Test func turnLabelWithAShorterFormOfARosterName() {
        var document = Document(
            format: .text, blocks: [(kind: .paragraph, text: "Timothy D. Cook -- Chief Executive Officer"), (kind: .paragraph, text: "Thank you. It was a record quarter.")])
        document.transcript = Transcript(
            participants: [.init(name: "Timothy D. Cook", title: "Chief Executive Officer", side: .corporate)],
            turns: [.init(speaker: "Tim Cook", start: document.blocks[1].start, end: document.blocks[1].end)])
        let found = SpeakerExtractor().extract(from: document)
        #expect(found.map(\.name) == ["Timothy D. Cook"])
        #expect(found.first?.evidence.count == 2)
    }
}
