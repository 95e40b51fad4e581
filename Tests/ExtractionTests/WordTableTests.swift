import Testing

@testable import Extraction

/// The word tables the tokenizers read at every word: built from the lists, they must say what the lists say.
@Suite struct WordTableTests {
    @Test func scalarMapMergesTheValuesOfAWordGivenTwice() {
        let map = ScalarMap([("growth", 1), ("café", 2), ("growth", 4)], merging: |)
        func value(_ word: String) -> Int? {
            let scalars = Array(word.unicodeScalars)[...]
            return map.value(scalars, hash: ScalarInterner.hash(scalars))
        }
        #expect(value("growth") == 5)
        #expect(value("café") == 2)
        #expect(value("cafe") == nil)
        #expect(value("grow") == nil)
    }

    @Test func interningFindsEachWordAgainAndNoOther() {
        var interner = ScalarInterner(capacity: 4)
        let words = (0..<200).map { "w\($0)" } + ["naïve", "Straße", ""]
        for (index, word) in words.enumerated() {
            let scalars = Array(word.unicodeScalars)[...]
            #expect(interner.intern(scalars, hash: ScalarInterner.hash(scalars)) == (index, true))
        }
        for (index, word) in words.enumerated() {
            #expect(interner.find(word) == index)
            #expect(interner.length(index) == word.unicodeScalars.count)
            #expect(Array(interner.word(index)) == Array(word.unicodeScalars))
        }
        #expect(interner.find("w200") == nil)
        #expect(interner.find("naive") == nil)
    }

    @Test func everyListedWordHasItsListsClasses() {
        var expected: [String: EnglishWords.WordClass] = [:]
        for (words, wordClass) in EnglishWords.classLists {
            for word in words { expected[word, default: []].insert(wordClass) }
        }
        #expect(expected["said"]?.contains(.verb) == true && expected["the"]?.contains(.stop) == true)
        #expect(EnglishWords.classes == expected)
        for (word, classes) in expected {
            let scalars = Array(word.unicodeScalars)[...]
            #expect(EnglishWords.classMap.value(scalars, hash: ScalarInterner.hash(scalars)) == classes)
        }
    }

    /// The inflection rules read the verbs' bytes, which are their characters only for ASCII words.
    @Test func verbsAreASCIIAndInflectRegularly() {
        #expect(EnglishWords.verbs.allSatisfy { $0.utf8.allSatisfy { $0 >= 97 && $0 <= 122 } })
        let forms = EnglishMorphology.verbForms
        for verb in EnglishWords.verbs { #expect(forms.contains(verb)) }
        let present = EnglishWords.verbs.filter { ["apply", "stop", "focus", "increase", "reach", "say"].contains($0) }
        let inflected: [String: [String]] = [
            "apply": ["applies", "applied", "applying"], "stop": ["stops", "stopped", "stopping"],
            "focus": ["focuses", "focused", "focusing"], "increase": ["increases", "increased", "increasing"],
            "reach": ["reaches", "reached", "reaching"], "say": ["says", "said", "saying"],
        ]
        for verb in present {
            for form in inflected[verb] ?? [] { #expect(forms.contains(form), "\(verb) → \(form)") }
        }
        #expect(!forms.contains("applys") && !forms.contains("increaseed") && !forms.contains("reachs"))
    }

    @Test func speakerFlagsAreTheUnionOfTheWordsLists() {
        var expected: [String: SpeakerWordFlags] = [:]
        for (word, flags) in SpeakerWordFlags.listedWords { expected[word, default: []].formUnion(flags) }
        #expect(expected["chief"]?.contains(.role) == true && expected["said"]?.contains(.speech) == true)
        #expect(expected.count > 100)
        for (word, flags) in expected {
            #expect(SpeakerWordFlags.of(word, hyphenated: false) == flags, "\(word)")
        }
        #expect(SpeakerWordFlags.of("quarterly-revenue", hyphenated: true) == [])
    }
}
