import Foundation
import ReportModel

extension SpeakerExtraction {
    /// An earnings call: the roster gives names, titles and firms; each turn's sentences are its speaker's evidence.
    mutating func readTranscript(_ transcript: Transcript) {
        isTranscript = true
        collectOrganizations()
        issuer = SpeakerIssuer.fromTranscript(self, transcript)
        var rosterForms: [Int?] = []
        var byNormalized: [String: Int] = [:]
        for participant in transcript.participants {
            guard !Self.isNonPerson(participant.name), let form = participantForm(participant.name) else {
                rosterForms.append(nil)
                continue
            }
            let organization = participant.organization
                ?? (participant.side == .corporate ? issuer : nil)
            registry.addTitle(
                form,
                SpeakerTitleCandidate(
                    title: participant.title.map { $0.speakerNormalizedSpacing }, organization: organization,
                    inAttribution: true, priority: 2, order: 0))
            rosterForms.append(form)
            byNormalized[Self.normalized(participant.name)] = form
        }
        var turnCounts: [Int: Int] = [:]
        for turn in transcript.turns {
            guard let form = turnForm(turn.speaker, roster: transcript.participants, forms: rosterForms, byNormalized: &byNormalized)
            else { continue }
            turnCounts[form, default: 0] += 1
            var index = firstSentence(endingAfter: turn.start)
            while index < sentences.count, sentences[index].start < turn.end {
                registry.attribute(form, sentence: index, strong: true)
                index += 1
            }
        }
        for (form, count) in turnCounts { registry.setMentionsHint(form, count) }
    }

    private func firstSentence(endingAfter offset: Int) -> Int {
        var low = 0
        var high = sentences.count
        while low < high {
            let middle = (low + high) / 2
            if sentences[middle].end <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func participantForm(_ name: String) -> Int? {
        let trimmed = name.speakerNormalizedSpacing
        if trimmed.unicodeScalars.contains(where: ChineseSpeakerAnalyzer.isHan) {
            let compact = String(trimmed.filter { !$0.isWhitespace })
            let form = registry.form(tokens: [compact], han: true, surface: trimmed, honorific: false, offset: Int.max)
            registry.markPerson(form)
            return form
        }
        var words = trimmed.split(separator: " ").map(String.init)
        var honorific = false
        while let first = words.first, words.count > 1, SpeakerLexicon.honorifics.contains(first.lowercased()) {
            words.removeFirst()
            honorific = true
        }
        guard !words.isEmpty else { return nil }
        let form = registry.form(tokens: words, han: false, surface: trimmed, honorific: honorific, offset: Int.max)
        registry.markPerson(form)
        return form
    }

    private mutating func turnForm(
        _ label: String, roster: [Transcript.Participant], forms: [Int?], byNormalized: inout [String: Int]
    ) -> Int? {
        var name = label
        var details: [String] = []
        if let entry = Self.dashEntry(label) {
            name = entry.surface
            details = entry.parts
        } else if let range = label.range(of: " -- ") ?? label.range(of: " - ") {
            name = String(label[..<range.lowerBound])
        }
        guard !Self.isNonPerson(name) else { return nil }
        let key = Self.normalized(name)
        if let form = byNormalized[key] { return form }
        // A turn labelled with part of a roster name ("Jane" or "Doe").
        let words = Set(key.split(separator: " "))
        let containing = roster.indices.filter { index in
            forms[index] != nil && words.isSubset(of: Set(Self.normalized(roster[index].name).split(separator: " ")))
        }
        if containing.count == 1, let form = forms[containing[0]] { return form }
        // "Tim Cook" for the roster's "Timothy D. Cook": the same family name, once in the roster.
        if containing.isEmpty, let family = key.split(separator: " ").last {
            let sameFamily = roster.indices.filter { index in
                forms[index] != nil && Self.normalized(roster[index].name).split(separator: " ").last == family
            }
            if sameFamily.count == 1, let form = forms[sameFamily[0]] { return form }
        }
        guard containing.isEmpty, words.count >= 2 || name.unicodeScalars.contains(where: ChineseSpeakerAnalyzer.isHan),
            let form = participantForm(name)
        else { return nil }
        // A turn labelled "Jane Doe -- Chief Executive Officer" when the roster does not list her.
        if let title = details.last {
            registry.addTitle(
                form,
                SpeakerTitleCandidate(
                    title: title, organization: details.count >= 2 ? details[0] : nil, inAttribution: true,
                    priority: 1, order: 0))
        }
        byNormalized[key] = form
        return form
    }

    static func isNonPerson(_ name: String) -> Bool {
        let lower = name.lowercased().trimmingSpeakerWhitespace()
        if lower.isEmpty { return true }
        for marker in ["operator", "moderator", "unidentified", "unknown", "company representative", "participant", "analyst"]
        where lower == marker || lower.hasPrefix(marker + " ") || lower.hasPrefix("unidentified") || lower.hasPrefix("unknown") {
            return true
        }
        return lower.hasSuffix("operator")
    }

    static func normalized(_ name: String) -> String {
        var out = ""
        var space = false
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                if space, !out.isEmpty { out.append(" ") }
                out.append(character)
                space = false
            } else {
                space = true
            }
        }
        return out
    }
}
