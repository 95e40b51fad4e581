/// Word lists the speaker extractor reads. All English entries are lower case.
enum SpeakerLexicon {
    /// Reporting verbs that make their subject a speaker ("said", "pointed out" is handled as a phrase).
    static let speechVerbs: Set<String> = [
        "say", "says", "said", "saying", "tell", "tells", "told", "add", "adds", "added", "note", "notes", "noted",
        "explain", "explains", "explained", "explaining", "state", "states", "stated", "stress", "stresses",
        "stressed", "emphasize", "emphasizes", "emphasized", "emphasise", "emphasises", "emphasised", "underline",
        "underlined", "highlight", "highlights", "highlighted", "remark", "remarks", "remarked", "comment",
        "comments", "commented", "observe", "observes", "observed", "argue", "argues", "argued", "believe",
        "believes", "believed", "express", "expresses", "expressed", "share", "shares", "shared", "introduce",
        "introduces", "introduced", "announce", "announces", "announced", "reveal", "reveals", "revealed",
        "disclose", "discloses", "disclosed", "answer", "answers", "answered", "reply", "replies", "replied",
        "respond", "responds", "responded", "suggest", "suggests", "suggested", "predict", "predicts", "predicted",
        "warn", "warns", "warned", "caution", "cautions", "cautioned", "acknowledge", "acknowledges",
        "acknowledged", "admit", "admits", "admitted", "concede", "concedes", "conceded", "confirm", "confirms",
        "confirmed", "insist", "insists", "insisted", "maintain", "maintains", "maintained", "claim", "claims",
        "claimed", "contend", "contends", "contended", "reiterate", "reiterates", "reiterated", "recall", "recalls",
        "recalled", "write", "writes", "wrote", "declare", "declares", "declared", "describe", "describes",
        "described", "elaborate", "elaborates", "elaborated", "summarize", "summarizes", "summarized", "summarise",
        "summarises", "summarised", "conclude", "concludes", "concluded", "propose", "proposes", "proposed", "urge",
        "urges", "urged", "cite", "cites", "cited", "mention", "mentions", "mentioned", "indicate", "indicates",
        "indicated", "estimate", "estimates", "estimated", "discuss", "discusses", "discussed", "ask", "asks",
        "asked", "continue", "continued", "quipped", "agreed", "agrees", "complained", "complains", "forecast",
        "forecasts", "expect", "expects", "expected", "thinks", "feels", "felt", "hopes", "hoped", "recommended",
        "recommends", "advised", "advises", "affirmed", "assured", "called",
    ]

    /// Reporting verbs that may come before the speaker ("…," said Jane Doe).
    static let invertibleVerbs: Set<String> = [
        "say", "says", "said", "added", "adds", "noted", "notes", "explained", "explains", "continued", "continues",
        "wrote", "writes", "asked", "asks", "stated", "states", "remarked", "commented", "observed", "concluded",
        "recalled", "recalls", "argued", "argues", "warned", "warns", "stressed", "emphasized", "emphasised",
        "quipped", "replied", "answered", "insisted", "acknowledged", "admitted", "declared", "predicted",
        "cautioned", "suggested", "tells", "told",
    ]

    /// Verbs too common to count unless their object is speech ("called for", "continued to say").
    static let verbsNeedingObject: [String: Set<String>] = [
        "called": ["for", "on"], "continue": ["to"], "continued": ["to"], "expect": ["that"], "expects": ["that"],
        "expected": ["that"], "share": ["that", "his", "her", "their", "views", "thoughts", "insights"],
        "shares": ["that", "his", "her", "their", "views", "thoughts", "insights"],
        "estimated": ["that"], "estimate": ["that"], "estimates": ["that"], "feels": ["that"], "felt": ["that"],
        "hopes": ["that"], "hoped": ["that"], "ask": ["whether", "if", "why", "how", "what"],
    ]

    /// Words skipped between a subject and its verb ("also said", "has repeatedly stressed").
    static let verbModifiers: Set<String> = [
        "also", "further", "then", "later", "again", "once", "still", "has", "have", "had", "was", "were", "is", "are",
        "would", "will", "had", "previously", "recently", "earlier", "separately", "however", "too", "both", "even",
        "first", "often", "always", "never", "not", "just", "openly", "publicly", "repeatedly", "specifically",
    ]

    /// Prepositional attributions whose object is the speaker.
    static let attributionPhrases: [[String]] = [
        ["according", "to"], ["from", "the", "perspective", "of"], ["in", "the", "view", "of"],
        ["in", "the", "opinion", "of"], ["in", "the", "words", "of"], ["as", "explained", "by"],
        ["as", "noted", "by"], ["quoted", "by"],
    ]

    /// Both lists, with whether a match attributes the sentence strongly: built once, not at every phrase start.
    static let attributionPhraseLists: [(phrases: [[String]], strong: Bool)] = [
        (attributionPhrases, true), (weakAttributionPhrases, false),
    ]

    /// "X was chaired by NAME": the person spoke, but no words are given; adds evidence only.
    static let weakAttributionPhrases: [[String]] = [
        ["chaired", "by"], ["hosted", "by"], ["moderated", "by"], ["presided", "over", "by"],
    ]

    /// Words naming a role; an appositive or a pre-name phrase with one of these is a title.
    static let roleWords: Set<String> = [
        "president", "vice", "chairman", "chairwoman", "chair", "chairperson", "ceo", "cfo", "coo", "cto", "cio",
        "cmo", "cso", "cro", "chief", "officer", "executive", "executives", "director", "manager", "head", "leader",
        "spokesperson", "spokesman", "spokeswoman", "secretary", "minister", "deputy", "analyst", "economist",
        "strategist", "professor", "researcher", "fellow", "scientist", "founder", "cofounder", "partner",
        "governor", "mayor", "premier", "treasurer", "controller", "counsel", "editor", "commissioner",
        "chancellor", "dean", "vp", "svp", "evp", "md", "host", "moderator", "initiator", "sponsor", "owner",
        "consultant", "adviser", "advisor", "expert", "scholar", "academician", "lecturer", "engineer", "lawyer",
        "attorney", "official", "representative", "delegate", "ambassador", "envoy", "trustee", "superintendent",
        "inspector", "auditor", "banker", "trader", "investor", "entrepreneur", "journalist", "columnist",
        "curator", "coordinator", "supervisor", "administrator", "commander", "senator", "congressman",
        "congresswoman", "lawmaker", "legislator", "councillor", "councilor", "organiser", "organizer", "convener",
        "general", "principal", "head", "boss", "physician", "doctor", "teacher", "student", "resident", "farmer",
        "worker", "employee", "member", "staff", "specialist", "officials", "economists", "analysts", "researchers",
        "architect", "designer", "developer", "producer", "author", "writer", "reporter", "correspondent",
        "vice-president", "vice-chairman", "secretary-general", "co-founder", "co-director", "co-chair", "lead",
        "senior", "associate", "assistant", "managing", "operating", "financial", "technology", "marketing",
        "investment", "portfolio", "fund", "equity", "research", "global", "regional", "country", "general",
        "board", "committee", "party", "secretary", "chiefs", "investors", "prime", "press",
    ]

    /// Role words that alone make a phrase a title (the rest above only modify one of these).
    static let roleHeads: Set<String> = [
        "president", "chairman", "chairwoman", "chair", "chairperson", "ceo", "cfo", "coo", "cto", "cio", "cmo",
        "cso", "cro", "officer", "executive", "director", "manager", "head", "leader", "spokesperson", "spokesman",
        "spokeswoman", "secretary", "minister", "deputy", "analyst", "economist", "strategist", "professor",
        "researcher", "fellow", "scientist", "founder", "cofounder", "partner", "governor", "mayor", "premier",
        "treasurer", "controller", "counsel", "editor", "commissioner", "chancellor", "dean", "vp", "svp", "evp",
        "md", "host", "moderator", "initiator", "owner", "consultant", "adviser", "advisor", "expert",
        "scholar", "academician", "lecturer", "engineer", "lawyer", "attorney", "official", "representative",
        "delegate", "ambassador", "envoy", "trustee", "superintendent", "inspector", "auditor", "banker", "trader",
        "investor", "entrepreneur", "journalist", "columnist", "curator", "coordinator", "supervisor",
        "administrator", "commander", "senator", "congressman", "congresswoman", "lawmaker", "legislator",
        "councillor", "councilor", "organiser", "organizer", "convener", "principal", "boss", "physician",
        "doctor", "teacher", "student", "resident", "farmer", "worker", "employee", "member", "specialist",
        "architect", "designer", "developer", "producer", "author", "writer", "reporter", "correspondent",
        "chief", "lead",
    ]

    /// Honorifics before a name; dropped from the name.
    static let honorifics: Set<String> = [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "professor", "sir", "dame",
        "madam", "mme", "mme.",
    ]

    /// Capitalised words that start sentences or phrases but are never part of a name.
    static let functionWords: Set<String> = [
        "the", "a", "an", "in", "on", "at", "for", "from", "to", "of", "by", "with", "and", "but", "or", "as", "if",
        "when", "while", "after", "before", "since", "during", "although", "though", "because", "so", "yet", "this",
        "that", "these", "those", "it", "its", "we", "our", "they", "their", "i", "you", "she", "his", "her",
        "him", "them", "us", "my", "your", "according", "meanwhile", "however", "moreover", "also", "then", "there",
        "here", "what", "which", "who", "how", "why", "where", "all", "some", "many", "most", "more", "each",
        "every", "both", "one", "two", "three", "first", "second", "third", "last", "next", "new", "said", "says",
        "not", "no", "yes", "dear", "thanks", "thank", "hello", "hi", "good", "morning", "afternoon", "evening",
        "today", "yesterday", "tomorrow", "now", "just", "other", "another", "such", "than", "into", "over",
        "under", "about", "against", "between", "through", "within", "without", "upon", "via", "per", "like",
        "unlike", "despite", "among", "amid", "regarding", "following", "including", "once", "still", "even",
    ]

    /// Words that make a capitalised run an organisation, a product, a place or an event rather than a person.
    static let nonNameWords: Set<String> = [
        "group", "company", "companies", "corp", "corp.", "corporation", "inc", "inc.", "ltd", "ltd.", "llc", "plc",
        "co", "co.", "bank", "association", "university", "institute", "center", "centre", "ministry", "bureau",
        "department", "office", "committee", "council", "commission", "agency", "foundation", "fund", "capital",
        "partners", "securities", "holdings", "research", "technology", "technologies", "systems", "solutions",
        "services", "international", "global", "national", "federal", "state", "city", "county", "province",
        "party", "news", "times", "post", "daily", "journal", "report", "review", "weekly", "radio", "television",
        "tv", "circle", "friends", "great", "street", "road", "river", "lake", "mountain", "square",
        "tower", "building", "airport", "station", "day", "week", "month", "year", "quarter", "social",
        "value", "sustainable", "innovation", "division", "lab", "laboratory", "program", "programme", "project",
        "plan", "platform", "app", "applet", "mini", "cloud", "index", "exchange", "market", "markets", "economic",
        "economy", "conference", "forum", "summit", "expo", "award", "prize", "academy", "society", "federation",
        "union", "school", "college", "hospital", "trust", "media", "network", "networks", "system", "industry",
        "industries", "energy", "motors", "airlines", "pharmaceuticals", "therapeutics", "bio", "labs",
        "studio", "studios", "entertainment", "games", "software", "digital", "online", "internet", "electronics",
        "semiconductor", "communications", "telecom", "financial", "finance", "insurance", "investment",
        "investments", "management", "consulting", "advisors", "advisers", "ventures", "equity", "assets",
        "weekend", "southern", "northern", "eastern", "western", "central", "development", "reform", "commerce",
        "trade", "statistics", "affairs", "science", "sciences", "welfare", "public", "village", "world", "life",
        "health", "care", "team", "unit", "section", "board", "court", "congress", "parliament", "senate",
        "government", "administration", "authority", "authorities", "police", "army", "navy", "force", "union",
        "nasdaq", "nyse", "stock", "shares", "earnings", "results", "revenue", "call", "webcast", "release",
        "press", "photo", "source", "author", "editor", "reporter", "time", "date", "title", "note", "notes",
        "copyright", "contact", "contacts", "email", "phone", "tel", "fax", "website", "q1", "q2", "q3", "q4",
        "fiscal", "annual", "quarterly", "full", "total", "net", "gross", "operating", "non-gaap", "gaap",
        "ebitda", "guidance", "outlook", "operator", "question", "answer", "questions", "answers", "session",
        "participants", "presentation", "remarks", "prepared", "safe", "harbor", "forward-looking", "statements",
        "about", "investor", "investors", "relations", "media", "inquiries", "academician", "expert", "discussion",
        "round", "table", "heart", "lecture", "responsibility", "mall", "plaza", "hotel", "resort",
        "museum", "gallery", "theatre", "theater", "temple", "bridge", "port", "bay", "island", "valley",
        "district", "region", "zone", "area", "province", "prefecture", "avenue", "boulevard",
    ]

    /// Places and nationalities (which start organisation names and never person names here).
    static let places: Set<String> = [
        "china", "chinese", "beijing", "shanghai", "shenzhen", "guangzhou", "hong", "kong", "hangzhou", "tianjin",
        "chongqing", "wuhan", "chengdu", "nanjing", "xi'an", "taiwan", "macau", "macao", "asia", "asian", "europe",
        "european", "america", "american", "americas", "africa", "african", "us", "u.s.", "usa", "uk", "u.k.",
        "britain", "british", "england", "english", "france", "french", "germany", "german", "japan", "japanese",
        "korea", "korean", "india", "indian", "russia", "russian", "canada", "canadian", "australia",
        "australian", "brazil", "mexico", "spain", "italy", "singapore", "london", "paris", "tokyo", "york",
        "washington", "california", "texas", "silicon", "pacific", "atlantic", "north", "south", "east", "west",
        "guangdong", "zhejiang", "jiangsu", "shandong", "sichuan", "hubei", "hunan", "fujian", "yunnan",
        "xinjiang", "tibet", "mainland", "greater", "united", "states", "kingdom", "republic", "people's",
        "israel", "israeli", "ukraine", "ukrainian", "iran", "iranian", "iraq", "iraqi", "saudi", "turkey",
        "turkish", "egypt", "egyptian", "syria", "syrian", "pakistan", "pakistani", "afghan", "vietnam",
        "vietnamese", "thai", "indonesia", "indonesian", "malaysia", "malaysian", "philippine", "filipino", "swiss",
        "sweden", "swedish", "norway", "norwegian", "denmark", "danish", "finland", "finnish", "dutch", "belgian",
        "austria", "austrian", "poland", "polish", "czech", "hungarian", "greece", "greek", "ireland", "irish",
        "scotland", "scottish", "welsh", "portugal", "portuguese", "spanish", "italian", "mexican", "brazilian",
        "argentina", "argentine", "chile", "chilean", "colombia", "colombian", "peru", "peruvian", "venezuela",
        "venezuelan", "nigeria", "nigerian", "kenya", "kenyan", "ethiopia", "ethiopian", "palestinian", "lebanon",
        "lebanese", "jordan", "jordanian", "qatar", "qatari", "emirati", "kuwait", "kuwaiti", "zealand",
        "northern", "southern", "eastern", "western",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    /// Portfolios written before a title ("Energy Minister", "Foreign Secretary").
    static let portfolios: Set<String> = [
        "energy", "finance", "foreign", "defence", "defense", "trade", "health", "education", "interior", "justice",
        "labor", "labour", "transport", "transportation", "agriculture", "environment", "culture", "economy",
        "economic", "treasury", "home", "industry", "commerce", "housing", "digital", "science", "technology",
        "climate", "tourism", "employment", "security", "development", "infrastructure", "communications",
    ]

    /// Head nouns of organisations in "of the X" (an institution, not a unit inside one).
    static let institutionWords: Set<String> = [
        "association", "institute", "university", "academy", "center", "centre", "bank", "ministry", "bureau",
        "commission", "council", "committee", "agency", "administration", "company", "corporation", "corp",
        "corp.", "inc", "inc.", "ltd", "ltd.", "group", "holdings", "society", "federation", "foundation", "fund",
        "partners", "capital", "securities", "exchange", "party", "government", "authority", "board",
        "organization", "organisation", "union", "forum", "chamber", "school", "college", "hospital", "trust",
        "llc", "llp", "plc", "ag", "sa", "nv", "gmbh", "co", "co.", "media", "times", "news", "post", "journal",
        "report", "magazine", "daily", "weekly", "network", "alliance", "consortium", "club", "league",
        "federation", "cooperative", "institution", "firm", "ventures", "investments", "management", "advisors",
        "technologies", "systems", "labs", "studios", "entertainment", "motors",
        "airlines", "pharmaceuticals", "therapeutics", "limited", "incorporated", "platforms", "international",
    ]

    /// Institutions named head first ("Institute of Sociology", "Ministry of Finance", "Bank of America").
    static let institutionHeads: Set<String> = [
        "institute", "university", "ministry", "bank", "academy", "bureau", "commission", "council", "committee",
        "school", "college", "society", "federation", "association", "agency", "administration", "center", "centre",
        "chamber", "board", "court", "house", "office", "department", "state", "people's", "federal", "national",
        "government", "city", "province", "museum", "church", "union", "league", "organization", "organisation",
    ]

    /// Head nouns of units inside an organisation ("Research Office", "Design Department").
    static let unitWords: Set<String> = [
        "department", "division", "office", "lab", "laboratory", "team", "unit", "section", "desk", "branch",
        "segment", "business", "studio", "bu", "programme", "program", "project", "relations", "affairs",
        "communications", "operations", "sales", "marketing", "finance", "strategy", "development",
    ]

    /// Common Chinese family names in pinyin, to read "He Guili" as a name rather than a pronoun.
    static let pinyinSurnames: Set<String> = [
        "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu",
        "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao",
        "peng", "zeng", "xiao", "tian", "dong", "yuan", "pan", "yu", "jiang", "cai", "du", "ye", "cheng", "su",
        "wei", "lu", "ding", "ren", "shen", "yao", "cui", "zhong", "tan", "fan", "jin", "shi", "liao", "jia",
        "xia", "fu", "fang", "bai", "zou", "meng", "xiong", "qin", "qiu", "yin", "xue", "yan", "duan", "lei",
        "hou", "long", "tao", "gu", "mao", "hao", "gong", "shao", "wan", "qian", "dai", "mo", "kong", "xiang",
        "dou", "niu", "chang", "wen", "ge", "zhan", "guan", "lai", "ni", "bao", "qi", "ou", "ouyang", "situ",
        "zhuge", "shangguan", "sima", "lou", "hong", "ling", "bi", "ji", "mei", "chu", "yi", "an", "ai", "che",
        "kang", "ning", "yue", "zhai", "yin", "xing", "geng", "gan", "rao", "miao", "jing", "ruan", "lan", "xin",
        "qu", "pei", "yang", "hua", "zhuang", "nie", "tu", "weng", "ran", "zhen", "shan", "shu", "ke", "lian",
    ]
}

/// Chinese word lists.
enum ChineseSpeakerLexicon {
    /// Reporting verbs, longest first when they share a prefix.
    static let verbs: [String] = [
        "表示", "指出", "认为", "介绍", "强调", "坦言", "透露", "提到", "提出", "解释", "谈到", "补充", "建议",
        "呼吁", "直言", "回应", "告诉", "预计", "坦承", "说道", "总结", "分析称", "分析", "称", "说", "讲到", "谈及",
        "分享", "阐述", "解读", "表态", "披露", "直指", "判断", "提醒", "预测", "感慨", "回忆", "说明", "评价",
        "发言", "致辞", "宣布", "发布",
    ]

    /// Adverbs between the name and the verb ("陈菊红也表示").
    static let adverbs: [String] = ["进一步", "同时", "还", "也", "则", "更", "再次", "明确", "特别", "曾", "已", "都", "亦", "随后", "最后", "首先"]

    /// Titles, matched as suffixes of the text before a name. Longest first.
    static let titles: [String] = [
        "首席执行官", "首席财务官", "首席运营官", "首席技术官", "首席投资官", "首席经济学家", "首席分析师", "首席策略师",
        "新闻发言人", "联合创始人", "执行副总裁", "高级副总裁", "副董事长", "副秘书长", "副总经理", "党委书记",
        "党组书记", "副理事长", "总工程师", "高级研究员", "副研究员", "副教授", "副院长", "副所长", "副行长", "副局长",
        "副部长", "副司长", "副主任", "副主席", "副总裁", "副会长", "副市长", "副省长", "副总理", "部长助理",
        "经济学家", "发言人", "负责人", "创始人", "合伙人", "主持人", "董事长", "理事长", "秘书长", "总经理",
        "分析师", "研究员", "工程师", "策略师", "总编辑", "董事会", "会长", "社长", "行长", "局长", "部长", "司长",
        "处长", "科长", "厅长", "院长", "所长", "校长", "市长", "省长", "县长", "区长", "组长", "主任", "主席",
        "总裁", "经理", "总监", "教授", "专家", "学者", "院士", "董事", "书记", "委员", "代表", "大使", "总理",
        "助理", "顾问", "主管", "主编", "律师", "博士", "CEO", "CFO", "COO", "CTO", "总师",
    ]

    /// Modifiers that extend a title leftwards ("常务副总裁").
    static let titleModifiers: [String] = [
        "常务", "执行", "高级", "资深", "首席", "名誉", "特约", "联席", "宏观", "研究", "行业", "投资", "金融", "策略",
        "固收", "经济", "兼", "副", "总",
    ]

    /// Units inside an organisation; kept with the title, as in English.
    static let unitSuffixes: [String] = [
        "事业部", "事业群", "研究室", "实验室", "办公室", "工作室", "研究部", "调查中心", "部门", "司", "处", "科", "室", "组",
    ]

    /// Institutions; the organisation ends after the last of these.
    static let institutionSuffixes: [String] = [
        "委员会", "研究院", "研究所", "研究中心", "集团", "公司", "银行", "大学", "学院", "协会", "学会", "基金会",
        "中心", "证券", "基金", "保险", "控股", "科技", "资本", "研究院", "管理局", "统计局", "科学院", "联合会", "院",
        "所", "局", "部", "委", "会", "署",
        "厅", "办", "行", "社", "台", "报", "网", "司",
    ]

    /// Single-character family names (the common ones), and two-character ones.
    static let surnames: Set<Unicode.Scalar> = Set(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝宣阎储芮盖揭蔺栗沃亢祖鞠禹阙隆郜谌晋嵇帅皮冼练束诸经荆来楚闻仝习".unicodeScalars
    )
    static let compoundSurnames: [String] = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "长孙", "尉迟"]

    /// Characters that never appear in a given name here (function words, institution suffixes).
    static let nonNameCharacters: Set<Unicode.Scalar> = Set(
        "的是了在和也都就而并还又我他她们这那个不有为会对将与及或被把从以于之其所该此各等上下内外年日时分说表示指出认为介绍强调称部局院委司厅署处办行社网报公集团银省市县区人家师员长官者记".unicodeScalars
    )

    /// Two-character words that look like a family name plus a given name but are not names.
    static let nonNames: Set<String> = [
        "方面", "国家", "高管", "明确", "市场", "文件", "全国", "同时", "于是", "公司", "官方", "业内", "相关",
        "有关", "专家", "分析", "报告", "数据", "记者", "研究", "机构", "人士", "政府", "央行", "商务", "金融",
        "安全", "常务", "景气", "成本", "成果", "周期", "周边", "程度", "向来", "华为", "申请", "管理", "沈阳",
        "钱包", "孔子", "齐心", "宁波", "包括", "万元", "时间", "季度", "江苏", "黄金", "石油", "温度", "康养",
        "曾经", "柯桥", "何时", "何种", "高层", "高速", "高新", "高质", "高端", "马上", "杨浦", "王府", "许多",
        "尤其", "路径", "田间", "任务", "任何", "毛利", "龙头", "史上", "薛定", "易于", "宋体", "钟表", "苏州",
        "温州", "常州", "杭州", "广州", "福州", "郑州", "兰州", "贵州", "徐州", "泉州", "潘多",
        // Firms and brands written with a family-name character first.
        "高盛", "花旗", "汇丰", "渣打", "德银", "瑞银", "野村", "惠誉", "穆迪", "标普", "贝莱", "桥水", "富达", "摩根",
        "中金", "华泰", "国泰", "海通", "广发", "招商", "兴业", "申万", "光大", "平安", "中信", "国信", "安信", "东吴",
        "方正", "长江", "天风", "华创", "民生", "万科", "恒大", "碧桂", "美团", "京东", "阿里", "百度", "小米", "宁德",
        "吉利", "华夏", "易方", "嘉实", "南方", "博时", "广汽", "上汽", "东风", "一汽", "蔚来", "理想", "小鹏", "中芯",
        "联想", "海尔", "格力", "美的", "茅台", "五粮", "伊利", "蒙牛", "滴滴", "拼多", "网易", "携程", "快手", "字节",
        "中海", "中建", "中铁", "中交", "中粮", "中化", "华润", "华能", "华电", "国电", "大唐", "国网", "南网", "石化",
        "金沙", "周大", "李宁", "安踏", "苏宁", "国美", "万达", "龙湖", "融创", "保利", "金地", "华发", "中原", "克而",
        "易居", "贝壳", "链家", "戴德", "仲量", "高力", "世邦", "第一", "方大", "东方", "东财", "同花", "万得", "财新",
        "路透", "彭博", "金十", "新华", "人民", "经济", "央视", "澎湃", "界面", "钱江", "齐鲁", "燕赵", "荆楚", "罗兰",
    ]

    /// Things before a name that make it a byline or a credit, not a speaker.
    static let bylineMarkers: [String] = ["记者", "通讯员", "编辑", "摄影", "摄", "作者", "来源", "责编", "校对"]
}
