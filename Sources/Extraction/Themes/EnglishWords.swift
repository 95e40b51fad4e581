/// Closed word classes and suffix rules for English candidate phrases. These are grammar, not topics: they say
/// which words cannot start, end or be a theme, never which themes exist.
enum EnglishWords {
    /// Function words, pronouns, auxiliaries, quantifiers, and reporting vocabulary.
    static let stopWords: Set<String> = Set([
        "a", "about", "above", "across", "after", "again", "against", "all", "almost", "along", "already", "also",
        "although", "always", "am", "among", "an", "and", "another", "any", "anyone", "anything", "are", "around",
        "as", "at", "away", "back", "be", "because", "been", "before", "being", "below", "between", "beyond", "both",
        "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down", "during", "each",
        "either", "else", "enough", "etc", "even", "ever", "every", "everyone", "everything", "few", "for", "from",
        "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
        "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "let",
        "like", "many", "may", "me", "might", "mine", "more", "most", "much", "must", "my", "myself", "neither",
        "never", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "onto", "or",
        "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps",
        "quite", "rather", "same", "several", "shall", "she", "should", "since", "so", "some", "someone",
        "something", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
        "therefore", "these", "they", "this", "those", "though", "through", "throughout", "thus", "to", "together",
        "too", "toward", "towards", "under", "unless", "until", "up", "upon", "us", "very", "via", "was", "we",
        "well", "were", "what", "whatever", "when", "where", "whether", "which", "while", "who", "whom", "whose",
        "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself", "ll", "ve",
        "re", "s", "t", "d", "m", "dont", "didnt", "doesnt", "isnt", "arent", "wasnt", "werent", "cant", "wont",
        "im", "ive", "weve", "youre", "theyre", "thats", "lets", "theres", "whats", "first", "second", "third",
        "fourth", "fifth", "next", "last", "new", "old", "good", "better", "best", "great", "greater", "high",
        "higher", "highest", "low", "lower", "lowest", "big", "bigger", "small", "smaller", "large", "larger",
        "more", "various", "certain", "different", "same", "many", "main", "mainly", "key", "important", "overall",
        "total", "approximately", "nearly", "around", "roughly", "yes", "okay", "ok", "thank", "thanks", "hello",
        "hi", "please", "sure", "really", "actually", "basically", "obviously", "clearly", "pretty", "lot", "lots",
        "bit", "kind", "sort", "way", "ways", "thing", "things", "stuff", "one", "two", "three", "four", "five",
        "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty",
        "hundred", "thousand", "million", "billion", "trillion", "dozen", "half", "double", "percent",
        "percentage", "basis", "point", "points", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "today", "yesterday", "tomorrow", "tonight", "year", "years", "quarter", "quarters",
        "month", "months", "week", "weeks", "day", "days", "time", "times", "period", "moment", "date", "ago",
        "recent", "recently", "current", "currently", "previous", "previously", "future", "past", "present",
        "early", "earlier", "late", "later", "long", "longer", "short", "far", "still", "ever", "soon", "ahead",
        "part", "parts", "aspect", "aspects", "example", "examples", "instance", "level", "levels", "field",
        "process", "number", "numbers", "amount", "side", "sides", "term", "terms", "case", "cases", "fact",
        "issue", "issues", "problem", "problems", "question", "questions", "end", "beginning", "rest", "type",
        "types", "step", "steps", "idea", "ideas", "reason", "reasons", "manner", "place", "position",
        "situation", "context", "regard", "regards", "respect", "attention", "concern", "concerns", "importance",
        "role", "perspective", "perspectives", "view", "views", "light", "hand", "people", "person", "everybody",
        "somebody", "anybody", "nobody", "none", "whole", "entire", "real", "true", "able", "unable", "possible",
        "likely", "unlikely", "specific", "particular", "general", "various", "additional", "further", "related",
        "relevant", "own", "based", "according", "regarding", "including", "following", "compared", "versus",
        "vs", "mr", "mrs", "ms", "dr", "prof", "sir", "madam", "ladies", "gentlemen", "everyone", "welcome",
        "morning", "afternoon", "evening", "guest", "guests", "audience", "meanwhile", "moreover", "furthermore",
        "addition", "additionally", "instead", "indeed", "especially", "particularly", "finally", "lastly",
        "firstly", "secondly", "thirdly", "namely", "word", "words", "something", "anything",
        // Contractions as the tokenizer leaves them (apostrophe dropped): only those that are no other word.
        "youll", "theyll", "itll", "youd", "theyd", "youve", "theyve", "wouldnt", "couldnt", "shouldnt", "hasnt",
        "havent", "hadnt", "aint", "wouldve", "couldve", "shouldve", "whos", "wheres", "hows", "thatll", "thered",
        // Adjectives that say nothing alone ("former", "top"), found as themes of real news pages.
        "former", "latter", "little", "top", "latest", "upcoming", "ongoing", "numerous",
        // Wire-service credits in datelines and captions ("(AP) —", "AFP Photo"): bylines, not subjects.
        "ap", "afp", "upi", "dpa", "reuters", "xinhua", "prnewswire", "newswire", "globenewswire", "businesswire",
        "accesswire",
        // Stock exchanges before a ticker ("NASDAQ: ACMR"): the listing, not the subject.
        "nasdaq", "nyse", "amex", "tsx", "tsxv", "asx", "hkex", "sgx", "otcqx", "otcqb", "euronext", "xetra", "szse",
        // Reporting periods and the furniture of results calls: every call has them, none is about anything.
        "q1", "q2", "q3", "q4", "1q", "2q", "3q", "4q", "h1", "h2", "fy", "ytd", "yoy", "qoq", "transcript",
        "transcripts", "remarks", "webcast", "replay",
    ])

    /// Common verbs, given in base form; their inflections are stop words too.
    static let verbs: [String] = [
        "be", "have", "do", "say", "make", "take", "give", "get", "go", "come", "see", "know", "think", "look",
        "want", "find", "tell", "ask", "seem", "feel", "try", "leave", "call", "keep", "begin", "show", "hear",
        "become", "bring", "happen", "write", "provide", "stand", "lose", "meet", "include", "continue", "set",
        "learn", "lead", "understand", "follow", "stop", "create", "speak", "read", "allow", "add", "spend",
        "grow", "open", "win", "offer", "remember", "consider", "appear", "buy", "wait", "serve", "send",
        "expect", "build", "stay", "fall", "cut", "reach", "remain", "suggest", "raise", "pass", "sell", "require",
        "decide", "pull", "promote", "improve", "explore", "solve", "achieve", "enable", "ensure", "help", "point",
        "introduce", "explain", "express", "announce", "discuss", "pursue", "enhance", "strengthen", "deliver",
        "accelerate", "deepen", "expand", "maintain", "integrate", "implement", "establish", "encourage",
        "realize", "realise", "consolidate", "cultivate", "activate", "stimulate", "rely", "respond", "listen",
        "evaluate", "prefer", "describe", "analyze", "analyse", "enter", "connect", "select", "gather", "arrange",
        "contribute", "encounter", "grasp", "dare", "reflect", "enlarge", "face", "invest", "push", "relate",
        "aim", "increase", "decrease", "rise", "climb", "jump", "drop", "compare", "exceed", "generate", "believe",
        "note", "mention", "state", "claim", "argue", "add", "emphasize", "emphasise", "stress", "highlight",
        "indicate", "reveal", "disclose", "confirm", "reiterate", "observe", "release", "publish",
        "launch", "hold", "host", "organize", "organise", "attend", "join", "participate", "involve", "seek",
        "hope", "intend", "expect", "anticipate", "estimate", "guide", "reach",
        "remain", "represent", "mean", "matter", "need", "put", "run", "move", "turn", "start", "work",
        "play", "live", "talk", "walk", "sit", "carry", "apply", "obtain", "gain", "form", "shape", "drive",
        "address", "tackle", "handle", "manage", "operate", "own", "pay", "receive", "use", "utilize",
        "utilise", "adopt", "accept", "agree", "answer", "reply", "thank", "welcome", "open", "close", "finish",
        "complete", "conclude", "summarize", "summarise", "mark", "mind", "notice", "recognize", "recognise",
        "regard", "treat", "view", "position", "focus", "devote", "dedicate", "commit", "fulfil", "fulfill",
        "perform", "conduct", "carry", "undertake", "boost", "foster", "nurture", "advance", "facilitate",
        "empower", "embrace", "unlock", "leverage", "strive", "remain", "tend", "try", "fail", "succeed",
        "manage", "exist", "lie", "rest", "depend", "result", "lay", "cause", "affect", "influence",
        "reduce", "lower", "limit", "prevent", "avoid", "protect", "keep", "save", "spend", "rank",
        "list", "cover", "contain", "comprise", "consist", "total", "amount", "equal", "hit", "post", "record",
        "report", "prove", "produce", "develop", "cooperate", "collaborate", "collide", "chair",
        "feed", "solve", "split", "reach", "revolutionize", "revolutionise", "incubate", "iterate", "separate",
        "combine", "merge", "acquire", "divest", "strengthen", "weaken", "widen", "narrow", "tighten", "loosen",
        "stabilize", "stabilise", "recover", "rebound", "slow", "accelerate", "moderate", "outperform",
        "underperform", "beat", "miss", "guide", "let", "wish", "like", "love", "enjoy", "ensure", "look",
        "innovate", "envisage", "envision", "examine", "study", "review", "assess", "calculate", "count",
    ]

    /// General nouns of any subject: as single words they say little about what a document is about.
    static let broadNouns: Set<String> = Set([
        "development", "society", "enterprise", "company", "business", "model", "force", "service", "system",
        "value", "work", "group", "government", "market", "world", "life", "country", "state", "program", "power",
        "change", "information", "industry", "policy", "product", "technology", "innovation", "economy",
        "project", "team", "organisation", "community", "effort", "practice", "activity", "opportunity",
        "solution", "resource", "capability", "ability", "environment", "platform", "sector", "data", "result",
        "performance", "growth", "strategy", "management", "operation", "experience", "support", "action",
        "measure", "plan", "goal", "target", "mission", "future", "progress", "direction", "relationship",
        "cooperation", "partner", "partnership", "customer", "user", "public", "thinking", "concept", "method",
        "approach", "discussion", "construction", "party", "era", "theme", "tension", "corporate", "salon",
        "meeting", "event", "conference", "call", "report", "release", "statement", "research", "study", "area",
        "region", "city", "nation", "people", "population", "person", "individual", "job", "task", "challenge",
        "need", "demand", "price", "cost", "quality", "level", "rate", "share", "term", "sustainability",
        "responsibility", "foundation", "path", "engine", "driver", "factor", "element", "structure", "form",
        "content", "material", "tool", "application", "use", "function", "feature", "role", "position", "power",
        "energy", "space", "field", "base", "centre", "center", "line", "network", "chain", "ecosystem", "ecology",
        "economic", "operation", "scale", "size", "figure", "amount", "volume", "outcome", "impact", "effect",
        "influence", "benefit", "advantage", "interest", "right", "law", "rule", "standard", "system", "capacity",
        "potential", "detail", "comment", "story", "name", "title", "man", "woman", "night", "minute", "hour",
        "front", "top", "earnings",
    ])

    /// Job titles and honorifics: never part of a theme.
    static let titleWords: Set<String> = Set([
        "president", "vice", "director", "deputy", "chairman", "chairwoman", "chairperson", "chair", "ceo", "cfo",
        "coo", "cto", "cio", "cmo", "officer", "manager", "secretary", "head", "chief", "executive", "founder",
        "cofounder", "analyst", "host", "moderator", "spokesperson", "spokesman", "spokeswoman", "academician",
        "professor", "minister", "governor", "mayor", "commissioner", "treasurer", "counsel", "sponsor",
        "initiator", "dean", "editor", "reporter", "correspondent", "author", "journalist", "operator",
        "superintendent", "supervisor", "chancellor", "premier", "ambassador", "envoy", "consul", "senator",
        "representative", "lecturer", "fellow", "economist", "strategist", "researcher", "scholar", "expert",
        "experts", "leader", "leaders", "official", "officials", "staff", "employee", "member", "members",
    ])

    /// Words that end an organisation's name when capitalised (`China Internet Association`).
    static let organisationSuffixes: Set<String> = Set([
        "association", "institute", "division", "center", "centre", "inc", "ltd", "group", "corporation", "corp",
        "company", "co", "university", "academy", "department", "laboratory", "lab", "office", "bureau",
        "ministry", "commission", "council", "committee", "foundation", "society", "federation", "agency",
        "administration", "authority", "bank", "fund", "holding", "partner", "llc", "plc", "ag", "sa", "gmbh",
        "times", "news", "daily", "weekly", "weekend", "television", "radio", "network", "press", "post", "journal",
        "college", "school", "hospital", "union", "alliance", "club", "circle", "forum", "exchange", "court",
        "congress", "parliament", "government", "technologies", "technology", "system", "limited",
    ])

    /// Organisation words that mark a name even in lower case (`the village development laboratory`).
    static let organisationWordsAnyCase: Set<String> = Set([
        "association", "institute", "division", "department", "laboratory", "lab", "bureau", "ministry", "academy",
        "university", "inc", "ltd", "llc", "plc", "corp", "corporation", "gmbh",
    ])

    /// Labels that open a byline or dateline (`Author: …`, `Source: …`).
    static let bylineLabels: Set<String> = Set([
        "author", "source", "editor", "reporter", "photo", "photograph", "image", "time", "date", "by", "writer",
        "correspondent", "translator", "compiled", "edited", "published", "updated", "posted", "contact", "email",
        "tel", "phone", "fax", "web", "website", "link", "tags", "tag", "category",
    ])

    /// Connectors allowed inside a proper-noun run (`Institute of Sociology`, `Research and Experience`).
    static let nameConnectors: Set<String> = ["of", "and", "the", "for", "&", "de", "du", "la", "von", "van", "der"]

    /// Determiners and prepositions after which an `-ed` word is an adjective (`the integrated platform`).
    static let participleLicensors: Set<String> = Set([
        "the", "a", "an", "its", "our", "their", "his", "her", "this", "these", "those", "such", "of", "for", "on",
        "in", "with", "and", "from", "by", "into", "to", "at", "as", "or",
    ])

    /// Nouns with adjective-looking endings.
    static let nounExceptions: Set<String> = Set([
        "proposal", "approval", "capital", "rival", "arrival", "signal", "material", "potential", "interval",
        "hospital", "journal", "principal", "terminal", "portal", "animal", "rental", "renewal", "withdrawal",
        "festival", "manual", "metal", "individual", "criminal", "professional", "official", "original",
        "tutorial", "referral", "removal", "disposal", "survival", "revival", "denial", "trial", "crystal",
        "tribunal", "cardinal", "recital", "chemical", "material", "editorial", "memorial", "mineral", "canal",
        "pedal", "petal", "capital", "appraisal", "rehearsal", "reversal", "refusal", "dismissal", "burial",
        "approval", "terminal", "deal", "goal", "coal", "meal", "seal", "total", "vital", "signal", "sequel",
        "initiative", "executive", "objective", "incentive", "alternative", "representative", "perspective",
        "directive", "derivative", "narrative", "collective", "relative", "native", "motive", "archive",
        "explosive", "preservative", "adhesive", "detective", "olive", "drive", "hive", "five", "live", "give",
        "table", "cable", "variable", "receivable", "payable", "deliverable", "vegetable", "timetable", "fable",
        "stable", "collectible", "convertible", "consumable", "topic", "logic", "music", "clinic", "traffic",
        "republic", "fabric", "panic", "epidemic", "pandemic", "plastic", "critic", "tactic", "graphic", "metric",
        "characteristic", "rhetoric", "arithmetic", "mechanic", "economic", "analytic", "basic", "supply",
        "family", "assembly", "monopoly", "anomaly", "rally", "ally", "reply", "butterfly", "belly", "jelly",
        "bully", "lily", "italy", "oligopoly", "fly", "elderly",
        "hundred", "need", "seed", "speed", "feed", "greed", "weed", "bleed", "creed", "bed", "red", "shed",
        "sled", "bread", "thread", "spread", "head", "lead", "dread", "tread", "shred",
    ])

    /// English words that keep a final `s`.
    static let pluralExceptions: Set<String> = Set([
        "news", "series", "species", "means", "economics", "politics", "physics", "mathematics", "statistics",
        "logistics", "ethics", "analytics", "electronics", "semiconductors", "always", "perhaps", "lens", "gas",
        "bus", "plus", "thus", "yes", "this", "has", "was", "is", "its", "us", "as", "chaos", "ethos", "canvas",
        "atlas", "alias", "bias", "status", "campus", "census", "consensus", "virus", "bonus", "focus", "genius",
        "corpus", "surplus", "apparatus", "stimulus", "nexus", "impetus", "radius", "sars", "aids", "cos",
        "headquarters", "whereabouts", "mathematics", "gymnastics", "diabetes", "measles", "kudos",
    ])

    /// What the lists say about a word, in one lookup.
    struct WordClass: OptionSet, Sendable {
        let rawValue: UInt8
        static let stop = WordClass(rawValue: 1)
        static let verb = WordClass(rawValue: 2)
        static let title = WordClass(rawValue: 4)
        static let organisationAnyCase = WordClass(rawValue: 8)
        static let licensor = WordClass(rawValue: 16)
        static let connector = WordClass(rawValue: 32)
        static let organisationSuffix = WordClass(rawValue: 64)
        static let broad = WordClass(rawValue: 128)
    }

    /// Each list with the class it gives its words.
    static var classLists: [(Set<String>, WordClass)] {
        [
            (stopWords, .stop), (EnglishMorphology.verbForms, .verb), (titleWords, .title),
            (organisationWordsAnyCase, .organisationAnyCase), (participleLicensors, .licensor),
            (nameConnectors, .connector), (organisationSuffixes, .organisationSuffix), (broadNouns, .broad),
        ]
    }

    static var classEntries: some Sequence<(String, WordClass)> {
        classLists.lazy.flatMap { words, wordClass in words.lazy.map { ($0, wordClass) } }
    }

    /// What the lists say about each word, for words that are not ASCII (whose `String` equality joins
    /// canonically equivalent spellings); built only when such a word is looked up.
    static let classes: [String: WordClass] = Dictionary(classEntries, uniquingKeysWith: { $0.union($1) })

    /// The classes looked up by the scalars of a word, for the tokenizer's words (the lists are ASCII).
    static let classMap = ScalarMap(classEntries, merging: { $0.union($1) })
}
