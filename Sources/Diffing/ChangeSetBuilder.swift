import Foundation
import ReportModel

/// Computes what changed in substance between two analyses of one series.
///
/// Themes, with a hysteresis band so a theme hovering near the cut-off does not flap between quarters:
/// - `added`: in the new top `enterRank` (15) and not in the previous top `exitRank` (25);
/// - `removed`: in the previous top `enterRank` and not in the new top `exitRank`;
/// - `rising` / `falling`: in both reports, the score moved by at least `minimumScoreChange` (0.15, scores are 0–1)
///   and by at least `minimumRelativeChange` (30 %) of the previous score.
/// Speakers are matched by name, through aliases, and by family name plus organisation when one given name extends
/// the other ("Raj Singh" / "Rajinder Singh" of one firm); `changed` means title or organisation differ.
public struct ChangeSetBuilder: Sendable {
    public var enterRank = 15
    public var exitRank = 25
    public var minimumScoreChange = 0.15
    public var minimumRelativeChange = 0.30
    /// Evidence sentences per change, and characters per sentence, so payloads stay small.
    public var evidenceLimit = 3
    public var evidenceLength = 280

    public init() {}

    public func changes(from previous: Analysis, to current: Analysis) -> ChangeSet {
        ChangeSet(themes: themeChanges(previous.themes, current.themes),
                  speakers: speakerChanges(previous.speakers, current.speakers))
    }

    /// The change set of a revision: substance as above plus the paragraphs the edit added and removed.
    public func revision(
        from previous: Analysis, _ previousBlocks: [String], to current: Analysis, _ currentBlocks: [String]
    ) -> ChangeSet {
        var changes = changes(from: previous, to: current)
        changes.revision = Self.paragraphDifference(previousBlocks, currentBlocks)
        return changes
    }

    // MARK: - Themes

    func themeChanges(_ old: [Theme], _ new: [Theme]) -> [ThemeChange] {
        let oldRanks = Dictionary(old.enumerated().map { ($0.element.key, $0.offset + 1) }, uniquingKeysWith: min)
        let newRanks = Dictionary(new.enumerated().map { ($0.element.key, $0.offset + 1) }, uniquingKeysWith: min)
        var result: [ThemeChange] = []
        for (index, theme) in new.enumerated() {
            let rank = index + 1
            let current = ThemeChange.Standing(score: theme.score, rank: rank)
            guard let oldRank = oldRanks[theme.key] else {
                if rank <= enterRank {
                    result.append(ThemeChange(change: .added, key: theme.key, label: theme.label, previous: nil,
                                              current: current, evidence: clip(theme.evidence)))
                }
                continue
            }
            let before = old[oldRank - 1]
            let previous = ThemeChange.Standing(score: before.score, rank: oldRank)
            if rank <= enterRank, oldRank > exitRank {
                result.append(ThemeChange(change: .added, key: theme.key, label: theme.label, previous: previous,
                                          current: current, evidence: clip(theme.evidence)))
                continue
            }
            let delta = theme.score - before.score
            guard abs(delta) >= minimumScoreChange, abs(delta) >= minimumRelativeChange * before.score,
                  rank <= exitRank || oldRank <= exitRank
            else { continue }
            result.append(ThemeChange(change: delta > 0 ? .rising : .falling, key: theme.key, label: theme.label,
                                      previous: previous, current: current, evidence: clip(theme.evidence)))
        }
        for (index, theme) in old.enumerated() where index + 1 <= enterRank {
            let newRank = newRanks[theme.key]
            guard newRank == nil || newRank! > exitRank else { continue }
            let current = newRank.map { ThemeChange.Standing(score: new[$0 - 1].score, rank: $0) }
            result.append(ThemeChange(change: .removed, key: theme.key, label: theme.label,
                                      previous: ThemeChange.Standing(score: theme.score, rank: index + 1),
                                      current: current, evidence: clip(theme.evidence)))
        }
        return result
    }

    // MARK: - Speakers

    func speakerChanges(_ old: [Speaker], _ new: [Speaker]) -> [SpeakerChange] {
        // Names are folded once per speaker, not once per comparison.
        let oldIdentities = old.map(SpeakerIdentity.init)
        var unmatchedOld = Array(old.indices)
        var result: [SpeakerChange] = []
        for speaker in new {
            let identity = SpeakerIdentity(speaker)
            let role = SpeakerChange.Role(title: speaker.title, organization: speaker.organization)
            guard let position = unmatchedOld.firstIndex(where: { oldIdentities[$0].isSamePerson(as: identity) }) else {
                result.append(SpeakerChange(change: .added, name: speaker.name, previous: nil, current: role,
                                            evidence: clip(speaker.evidence)))
                continue
            }
            let before = old[unmatchedOld.remove(at: position)]
            if !Self.sameRole(before.title, speaker.title) || !Self.sameText(before.organization, speaker.organization) {
                result.append(SpeakerChange(
                    change: .changed, name: speaker.name,
                    previous: SpeakerChange.Role(title: before.title, organization: before.organization),
                    current: role, evidence: clip(speaker.evidence)))
            }
        }
        for index in unmatchedOld {
            let speaker = old[index]
            result.append(SpeakerChange(
                change: .removed, name: speaker.name,
                previous: SpeakerChange.Role(title: speaker.title, organization: speaker.organization), current: nil,
                evidence: clip(speaker.evidence)))
        }
        return result
    }

    static func samePerson(_ a: Speaker, _ b: Speaker) -> Bool {
        SpeakerIdentity(a).isSamePerson(as: SpeakerIdentity(b))
    }

    /// What matching looks at, folded once.
    struct SpeakerIdentity {
        var names: Set<String>
        var organization: String?
        var given: Substring?
        var family: Substring?

        init(_ speaker: Speaker) {
            let name = ChangeSetBuilder.normalise(speaker.name)
            names = Set([name] + speaker.aliases.map(ChangeSetBuilder.normalise))
            organization = speaker.organization.map(ChangeSetBuilder.normalise)
            let parts = name.split(separator: " ")
            if parts.count == 2 {
                given = parts[0]
                family = parts[1]
            }
        }

        /// Same name or alias; or "Raj Singh" and "Rajinder Singh": same family name, one given name extends the
        /// other (3 letters at least), same organisation.
        func isSamePerson(as other: SpeakerIdentity) -> Bool {
            if !names.isDisjoint(with: other.names) { return true }
            guard let organization, organization == other.organization, let family, family == other.family,
                  let given, let otherGiven = other.given, min(given.count, otherGiven.count) >= 3
            else { return false }
            return given.hasPrefix(otherGiven) || otherGiven.hasPrefix(given)
        }
    }

    /// Lower case, words separated by single spaces, dots dropped ("Mr. Blair" = "mr blair").
    static func normalise(_ text: String) -> String {
        asciiNormalised(text) ?? words(of: text, keepPunctuation: true).joined(separator: " ")
    }

    /// `normalise` of an ASCII text in one pass over its bytes (names and organisations mostly are); nil otherwise.
    static func asciiNormalised(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case 0x20, 0x09, 0x0A, 0x0D: pendingSpace = !out.isEmpty
                case 0x2E: continue
                default:
                    if pendingSpace {
                        out.append(0x20)
                        pendingSpace = false
                    }
                    out.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Lower-case words, split at white space (and at punctuation unless `keepPunctuation`), in one pass over the
    /// scalars with an ASCII fast path: titles are long and compared often.
    static func words(of text: String, keepPunctuation: Bool) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        // After an apostrophe a lone "s" is a possessive: "Tencent's" folds to "tencent".
        var afterApostrophe = false
        func flush() {
            if !word.isEmpty, !(afterApostrophe && word.count == 1 && word.first == "s") { words.append(String(word)) }
            afterApostrophe = false
            word = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if !keepPunctuation, scalar == "'" || scalar == "’" {
                flush()
                afterApostrophe = true
                continue
            }
            if value < 0x80 {
                switch value {
                case 0x41...0x5A: word.append(Unicode.Scalar(value + 0x20)!)
                case 0x61...0x7A, 0x30...0x39: word.append(scalar)
                case 0x2E where keepPunctuation: continue
                case 0x20, 0x09, 0x0A, 0x0D: flush()
                default: if keepPunctuation { word.append(scalar) } else { flush() }
                }
            } else if scalar.properties.isWhitespace {
                flush()
            } else if keepPunctuation || scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    public static func sameText(_ a: String?, _ b: String?) -> Bool {
        // Most titles and organisations repeat to the letter from one quarter to the next: no folding needed.
        if a == b { return true }
        return (a.map(fold) ?? "") == (b.map(fold) ?? "")
    }

    /// Titles are compared by their primary role, the part before the first ';': a speaker described once as
    /// "director of X; host of the salon" and once as "director of X" holds the same position.
    public static func sameRole(_ a: String?, _ b: String?) -> Bool {
        func primary(_ title: String?) -> String? {
            title.map { String($0.split(separator: ";", maxSplits: 1).first ?? Substring($0)) }
        }
        if a == b { return true }
        return sameText(primary(a), primary(b))
    }

    /// Case, spacing, possessives, articles and punctuation folded: "Tencent's User  Research" = "tencent user research".
    static func fold(_ text: String) -> String {
        var words: [String] = []
        for word in Self.words(of: text, keepPunctuation: false) where word != "the" {
            words.append(word)
        }
        return words.joined(separator: " ")
    }

    // MARK: - Revisions

    /// Paragraphs added and removed by an edit, compared with white space folded.
    public static func paragraphDifference(_ old: [String], _ new: [String]) -> RevisionSummary {
        let oldParagraphs = old.map(WhitespaceFolding.fold)
        let newParagraphs = new.map(WhitespaceFolding.fold)
        // The diff runs on numbers standing for the distinct paragraphs: the same equalities, so the same edit
        // script, but each comparison the standard library's (unspecialised) diff makes is of two integers, not of
        // two strings (which, for non-ASCII text, compares canonical forms).
        var numbers: [String: Int] = [:]
        numbers.reserveCapacity(oldParagraphs.count + newParagraphs.count)
        func number(_ paragraph: String) -> Int {
            if let known = numbers[paragraph] { return known }
            numbers[paragraph] = numbers.count
            return numbers.count - 1
        }
        let oldNumbers = oldParagraphs.map(number)
        let newNumbers = newParagraphs.map(number)
        let difference = newNumbers.difference(from: oldNumbers)
        // Each in document order (iterating the difference itself gives the removals last to first).
        let added = difference.insertions.compactMap { change -> String? in
            guard case .insert(let offset, _, _) = change else { return nil }
            return newParagraphs[offset]
        }
        let removed = difference.removals.compactMap { change -> String? in
            guard case .remove(let offset, _, _) = change else { return nil }
            return oldParagraphs[offset]
        }
        // A paragraph that only moved is neither added nor removed.
        let moved = Set(added).intersection(removed)
        return RevisionSummary(paragraphsAdded: added.filter { !moved.contains($0) },
                               paragraphsRemoved: removed.filter { !moved.contains($0) })
    }

    /// At most `evidenceLimit` sentences of at most `evidenceLength` characters (Unicode scalars, as offsets count).
    func clip(_ evidence: [Evidence]) -> [Evidence] {
        evidence.prefix(evidenceLimit).map { item in
            // A text of no more bytes than the limit cannot have more characters.
            guard item.text.utf8.count > evidenceLength else { return item }
            let scalars = item.text.unicodeScalars
            guard let cut = scalars.index(scalars.startIndex, offsetBy: evidenceLength - 1, limitedBy: scalars.endIndex),
                  scalars.index(after: cut) < scalars.endIndex
            else { return item }
            var clipped = item
            clipped.text = String(scalars[..<cut]) + "…"
            return clipped
        }
    }
}

