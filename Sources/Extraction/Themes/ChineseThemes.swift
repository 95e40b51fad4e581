import ReportModel

/// Chinese theme discovery without a segmenter: character n-grams (2–6) inside runs of Han characters, kept when
/// they repeat, hold together (pointwise mutual information of every split) and are freely bounded (their left
/// and right neighbours vary: a fragment of a longer word always has the same neighbour). Function characters
/// split runs or may not start/end a term; names before speech verbs, title words and organisation suffixes are
/// dropped, and the given speakers' names, titles and organisations are masked.
struct ChineseThemes {
    let speakers: [Speaker]
    let lexicon: ThemeLexicon

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2A6DF: return true
        default: return false
        }
    }

    /// Particles, pronouns and conjunctions that are almost never inside a term: they split runs.
    static let splitters = Set("的了吗呢吧啊呀是和与及或并也都而把被让这那其我你他她它们".unicodeScalars)
    /// May not start a term.
    static let badStart = Set("额率者们类量对向从于为将要会能该此之个就还很更最已又再不没得地到着过所由至给跟如若但却且则因年月日号亿万元第各每些么".unicodeScalars)
    /// May not end a term.
    static let badEnd = Set("对向从于为以将要会能该此之个就还很更最已又再不没得地到着过上下中后前内外时里等年月日号说称在有所".unicodeScalars)
    /// Function words, time expressions and reporting verbs: they split runs like the characters above.
    static let stopWords = [
        "同比", "环比", "以来", "其中", "目前", "当前", "今年", "去年", "明年", "全年", "前三季度", "上半年", "下半年",
        "季度", "月份", "百分点", "显示", "表示", "指出", "认为", "进一步", "不断", "持续", "继续", "加快", "明显",
        "较快", "稳步", "有望", "预计", "随着", "以及", "通过", "已经", "正在", "可以", "能够", "需要", "应该", "还有",
        "一些", "部分", "各地", "我们", "他们", "以上", "以下", "之一", "方面", "同时", "此外", "另外", "因此", "但是",
        "如果", "虽然", "由于", "对于", "关于", "作为", "成为", "进行", "实现", "推动", "推进", "促进", "加强", "提升",
        "提高", "增强", "扩大", "释放", "带动", "拉动", "保持", "发布", "数据", "记者", "日电", "一步", "下一步", "有待",
        "普遍", "均", "仍", "还", "较大", "一半", "超过", "接近", "累计", "相关", "有关", "一个", "这个", "那个",
    ]
    /// Speech verbs: a short n-gram right before one is a speaker's name.
    static let speechVerbs = ["表示", "指出", "认为", "说", "介绍", "称", "强调", "坦言", "透露", "分析", "预计", "建议"]
    /// Title words: a term containing one is a job title, a short n-gram right after one a name.
    static let titleWords = [
        "主任", "总裁", "董事长", "总经理", "经理", "局长", "部长", "司长", "行长", "院长", "所长", "校长", "秘书长",
        "主席", "首席", "教授", "研究员", "分析师", "经济学家", "记者", "发言人", "负责人", "总监", "书记", "处长",
        "副总", "董事", "理事长", "会长", "委员", "专家", "博士", "统计师", "学者", "主编", "编辑", "通讯员",
    ]
    /// Endings of organisation names.
    static let organisationEnds = [
        "协会", "研究院", "研究所", "研究中心", "公司", "集团", "大学", "学院", "委员会", "实验室", "基金会", "事务所",
        "报社", "电视台", "新闻社", "日报", "晚报", "通讯社", "有限", "股份", "银行", "证券", "控股", "办公室", "商会",
        "联合会", "部门", "事业部", "科学院", "社科院", "署", "厅",
    ]

    static let maxLength = 9
    /// Two characters are a single word, too broad alone (`消费`); compounds of two words are the typical theme.
    static let lengthFactor: [Double] = [0, 0, 0.45, 0.8, 1.0, 1.1, 1.2, 1.2, 1.3, 1.3]

    struct Gram {
        var starts: [Int] = []
        var weights: [Double] = []
        var sentences: [Int] = []
        var left: [Unicode.Scalar: Int] = [:]
        var right: [Unicode.Scalar: Int] = [:]
        var count: Int { starts.count }
    }

    func analyse(_ text: PreparedText) -> ThemeAnalysis {
        let document = text.document
        let scalars = text.scalars
        let sentences = text.sentences
        let blockWeights = Boilerplate.blockWeights(document)
        let sentenceWeights = Boilerplate.sentenceWeights(sentences, blockWeights: blockWeights)
        let total = max(1, scalars.count)

        // Masked positions: the speakers' names, titles and organisations.
        var blocked = Array(repeating: false, count: scalars.count)
        var maskStrings: [String] = []
        for speaker in speakers {
            maskStrings += [speaker.name] + speaker.aliases
            for field in [speaker.title, speaker.organization].compactMap({ $0 }) {
                maskStrings += field.split(whereSeparator: { "；;，,、()（）".contains($0) }).map(String.init)
            }
        }
        for string in maskStrings where string.unicodeScalars.count >= 2 {
            for start in Self.occurrences(of: Array(string.unicodeScalars), in: scalars) {
                for i in start..<(start + string.unicodeScalars.count) { blocked[i] = true }
            }
        }

        // Stop words split runs.
        var splitAt = Array(repeating: false, count: scalars.count)
        for word in Self.stopWords {
            let needle = Array(word.unicodeScalars)
            for start in Self.occurrences(of: needle, in: scalars) {
                for i in start..<(start + needle.count) { splitAt[i] = true }
            }
        }

        var sentenceOf = Array(repeating: -1, count: scalars.count)
        var hanCount = 0.0
        for (index, sentence) in sentences.enumerated() where sentenceWeights[index] > 0 {
            for i in sentence.start..<sentence.end {
                sentenceOf[i] = index
                if Self.isHan(scalars[i]) { hanCount += sentenceWeights[index] }
            }
        }
        func position(_ start: Int) -> Double { 1 + 0.5 * (1 - Double(start) / Double(total)) }

        // Lexicon themes claim their characters first.
        var candidates: [ThemeCandidate] = []
        for name in lexicon.entries.keys.sorted() {
            var weight = 0.0
            var hits: [Int] = []
            var count = 0
            var longest = 2
            for phrase in [name] + (lexicon.entries[name] ?? []) {
                let needle = Array(phrase.unicodeScalars)
                guard needle.count >= 1 else { continue }
                for start in Self.occurrences(of: needle, in: scalars) {
                    let range = start..<(start + needle.count)
                    guard sentenceOf[start] >= 0, !range.contains(where: { blocked[$0] }) else { continue }
                    for i in range { blocked[i] = true }
                    weight += sentenceWeights[sentenceOf[start]] * position(start)
                    hits.append(sentenceOf[start])
                    count += 1
                    longest = max(longest, min(Self.maxLength, needle.count))
                }
            }
            if count > 0, weight > 0 {
                candidates.append(
                    ThemeCandidate(
                        key: name, label: name, raw: weight * Self.lengthFactor[longest], occurrences: count,
                        hitSentences: hits, units: name.unicodeScalars.map { String($0) }, fromLexicon: true))
            }
        }

        // Runs of Han characters, split at function characters and masked positions.
        var unigram: [Unicode.Scalar: Int] = [:]
        var runs: [Range<Int>] = []
        var runStart = -1
        for i in 0...scalars.count {
            let usable = i < scalars.count && sentenceOf[i] >= 0 && Self.isHan(scalars[i]) && !blocked[i]
                && !splitAt[i] && !Self.splitters.contains(scalars[i])
            if runStart >= 0, !usable || sentenceOf[i] != sentenceOf[runStart] {
                runs.append(runStart..<i)
                runStart = -1
            }
            if usable {
                if runStart < 0 { runStart = i }
                unigram[scalars[i], default: 0] += 1
            }
        }

        var grams: [String: Gram] = [:]
        for run in runs {
            for start in run {
                for length in 2...Self.maxLength where start + length <= run.upperBound {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[start..<(start + length)])
                    let key = String(view)
                    let sentence = sentenceOf[start]
                    var gram = grams[key] ?? Gram()
                    gram.starts.append(start)
                    gram.weights.append(sentenceWeights[sentence] * position(start))
                    gram.sentences.append(sentence)
                    // A run edge is a free boundary: each counts as a distinct neighbour.
                    if start > run.lowerBound { gram.left[scalars[start - 1], default: 0] += 1 }
                    if start + length < run.upperBound { gram.right[scalars[start + length], default: 0] += 1 }
                    grams[key] = gram
                }
            }
        }

        func frequency(_ part: ArraySlice<Unicode.Scalar>) -> Int {
            if part.count == 1, let only = part.first { return unigram[only] ?? 0 }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: part)
            return grams[String(view)]?.count ?? 0
        }

        var accepted: [(key: String, gram: Gram, length: Int)] = []
        for (key, gram) in grams where gram.count >= 2 {
            let chars = Array(key.unicodeScalars)
            guard let first = chars.first, let last = chars.last, !Self.badStart.contains(first),
                !Self.badEnd.contains(last), first != last || chars.count > 2
            else { continue }
            // Freely bounded on both sides.
            let count = Double(gram.count)
            guard Double(gram.left.values.max() ?? 0) <= 0.75 * count,
                Double(gram.right.values.max() ?? 0) <= 0.75 * count
            else { continue }
            // Not cut through a word: the pairs across each edge (`零售额增|长`) must not hold together more
            // often than the pair just inside it (`额增`).
            if chars.count >= 3 {
                let innerRight = Double(frequency(chars[(chars.count - 2)...]))
                let innerLeft = Double(frequency(chars[0..<2]))
                let acrossRight = gram.right.reduce(0.0) { $0 + Double($1.value * frequency([last, $1.key][...])) } / count
                let acrossLeft = gram.left.reduce(0.0) { $0 + Double($1.value * frequency([$1.key, first][...])) } / count
                if acrossRight > innerRight || acrossLeft > innerLeft { continue }
            }
            // Cohesive at every split.
            let cohesive = (1..<chars.count).allSatisfy { split in
                let a = Double(frequency(chars[0..<split]))
                let b = Double(frequency(chars[split...]))
                return count * Double(total) / max(1, a * b) >= 4
            }
            guard cohesive, !isNameOrTitle(key, gram: gram, scalars: scalars) else { continue }
            accepted.append((key, gram, chars.count))
        }

        // Occurrences inside a longer accepted term count little on their own.
        var covered = Set<Int>()
        for entry in accepted {
            for start in entry.gram.starts {
                for offset in 0..<(entry.length - 1) {
                    for length in 2...(entry.length - offset) where length < entry.length {
                        covered.insert((start + offset) * 8 + length)
                    }
                }
            }
        }
        for entry in accepted {
            var independent = 0.0
            for (offset, start) in entry.gram.starts.enumerated() {
                independent += entry.gram.weights[offset] * (covered.contains(start * 8 + entry.length) ? 0.3 : 1)
            }
            guard independent > 0 else { continue }
            let blocks = Set(entry.gram.sentences.map { sentences[$0].block }).count
            let spread = EnglishThemes.spread(blocks: blocks, occurrences: entry.gram.count)
            candidates.append(
                ThemeCandidate(
                    key: entry.key, label: entry.key,
                    raw: independent * Self.lengthFactor[min(entry.length, Self.maxLength)] * spread,
                    occurrences: entry.gram.count, hitSentences: entry.gram.sentences,
                    units: entry.key.unicodeScalars.map { String($0) }))
        }
        return ThemeAnalysis(
            candidates: candidates, contentMass: hanCount / 2, sentences: sentences, sentenceWeights: sentenceWeights)
    }

    /// A title, an organisation, or a name (short, and seen before a speech verb or after a title word).
    private func isNameOrTitle(_ key: String, gram: Gram, scalars: [Unicode.Scalar]) -> Bool {
        if Self.titleWords.contains(where: { key.contains($0) }) { return true }
        let length = key.unicodeScalars.count
        if Self.organisationEnds.contains(where: { key.hasSuffix($0) }) && length > 2 { return true }
        // Ministries and bureaus (`商务部`, `国家统计局`), not directions or layouts (`东部`, `新格局`).
        let chars = Array(key.unicodeScalars)
        if length >= 3, let last = chars.last, "部局".unicodeScalars.contains(last),
            !"东西南北中内外全局格布干总".unicodeScalars.contains(chars[length - 2])
        {
            return true
        }
        guard length <= 3 else { return false }
        for start in gram.starts {
            let end = start + length
            for verb in Self.speechVerbScalars
            where end + verb.count <= scalars.count && scalars[end..<(end + verb.count)].elementsEqual(verb) {
                return true
            }
            for title in Self.titleWordScalars
            where start >= title.count && scalars[(start - title.count)..<start].elementsEqual(title) {
                return true
            }
        }
        return false
    }

    static let speechVerbScalars = speechVerbs.map { Array($0.unicodeScalars) }
    static let titleWordScalars = titleWords.map { Array($0.unicodeScalars) }

    static func occurrences(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var result: [Int] = []
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], Array(haystack[i..<(i + needle.count)]) == needle {
                result.append(i)
                i += needle.count
            } else {
                i += 1
            }
        }
        return result
    }
}
