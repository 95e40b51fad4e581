import Foundation
import ReportModel

/// Weights blocks and sentences so that legal notices, "About us" sections, bylines, datelines and contact lines
/// contribute nothing: the same report with different boilerplate must yield the same themes.
/// Works on UTF-8 bytes with ASCII case folding: it runs on every block, and the markers are ASCII or CJK.
enum Boilerplate {
    /// Phrases that mark a whole block as boilerplate.
    static let blockMarkers = Markers(bytes([
        "forward-looking statement", "forward looking statement", "safe harbor", "safe harbour", "all rights reserved",
        "undue reliance", "copyright", "©", "for more information", "for further information", "media contact",
        "investor contact", "investor relations contact", "unsubscribe", "privacy policy", "terms of use",
        "disclaimer", "click here", "follow us", "scan the qr", "this press release contains",
        "免责声明", "版权所有", "责任编辑", "原标题", "扫码", "点击关注", "转载请注明", "未经授权",
    ]))

    /// Short headings after which the next block is boilerplate too.
    static let headingMarkers = bytes([
        "safe harbor", "safe harbour", "forward-looking", "forward looking", "disclaimer", "contacts", "contact",
        "media inquiries", "investor relations", "about ", "关于我们", "免责声明",
    ])

    /// Byline and source lines in Chinese news.
    static let chineseBylineMarkers = Markers(bytes(["记者", "编辑：", "来源：", "作者：", "责编", "通讯员", "摄影：", "图片来源"]))

    static func bytes(_ strings: [String]) -> [[UInt8]] { strings.map { Array($0.utf8) } }

    /// Several byte strings searched in one pass: a table of their first two bytes picks the few positions
    /// worth comparing, and a set of the third bytes that may follow drops most of those (`th` is common, `thi`
    /// less so).
    struct Markers {
        var needles: [[UInt8]]
        /// First two bytes → 1 + index into `slots`, 0 when no marker starts so.
        var pairSlot: [UInt8]
        var slots: [[Int]] = []
        /// Per slot, 256 bits: the third bytes of its markers (all set for a two-byte marker).
        var thirdBytes: [UInt64] = []

        init(_ needles: [[UInt8]]) {
            self.needles = needles
            pairSlot = Array(repeating: 0, count: 1 << 16)
            for (index, needle) in needles.enumerated() where needle.count >= 2 {
                let pair = Int(needle[0]) << 8 | Int(needle[1])
                if pairSlot[pair] == 0 {
                    slots.append([])
                    thirdBytes.append(contentsOf: [0, 0, 0, 0])
                    pairSlot[pair] = UInt8(slots.count)
                }
                let slot = Int(pairSlot[pair]) - 1
                slots[slot].append(index)
                if needle.count == 2 {
                    for word in 0..<4 { thirdBytes[slot * 4 + word] = ~0 }
                } else {
                    thirdBytes[slot * 4 + Int(needle[2]) >> 6] |= 1 << (UInt64(needle[2]) & 63)
                }
            }
        }

        /// Whether a marker occurs in `haystack` read with ASCII letters folded to lower case (the markers are).
        func occurs(inFolded haystack: UnsafeBufferPointer<UInt8>) -> Bool {
            guard haystack.count >= 2 else { return false }
            return pairSlot.withUnsafeBufferPointer { pairSlot in
                var pair = Int(fold(haystack[0]))
                for i in 0..<(haystack.count - 1) {
                    pair = (pair << 8 | Int(fold(haystack[i + 1]))) & 0xFFFF
                    guard pairSlot[pair] != 0 else { continue }
                    let slot = Int(pairSlot[pair]) - 1
                    if i + 2 < haystack.count {
                        let third = fold(haystack[i + 2])
                        if thirdBytes[slot * 4 + Int(third) >> 6] & (1 << (UInt64(third) & 63)) == 0 { continue }
                    }
                    for index in slots[slot] where Boilerplate.matches(needles[index], in: haystack, at: i) {
                        return true
                    }
                }
                return false
            }
        }
    }

    /// ASCII upper-case letters to lower case; every other byte unchanged.
    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// Whether the lower-case `needle` occurs in `haystack` (case-folded) at `offset`.
    static func matches(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset + needle.count <= haystack.count else { return false }
        for k in needle.indices where fold(haystack[offset + k]) != needle[k] { return false }
        return true
    }

    static let tableRowWeight = 0.25

    /// Blocks are read in place as UTF-8; a `Text` (two byte copies) is made only for the few that may be a
    /// byline, a short heading or an "About" paragraph.
    static func blockWeights(_ document: Document) -> [Double] {
        var weights = Array(repeating: 1.0, count: document.blocks.count)
        var index = 0
        while index < document.blocks.count {
            var string = document.blocks[index].text
            let (marked, isByline, heading, about) = string.withUTF8 { bytes in
                let marked = blockMarkers.occurs(inFolded: bytes)
                let isByline = !marked && mightBeByline(bytes) && Text(bytes).isByline
                // A short block: at most 80 bytes and 8 words.
                let heading = bytes.count <= 80 && headingMarkers.contains { matches($0, in: bytes, at: 0) }
                    && Text(bytes).wordCount(upTo: 8) <= 8
                let about = !heading && matches(aboutPrefix, in: bytes, at: 0) && {
                    let text = Text(bytes)
                    return text.capitalisedSecondWord && text.colonInFirstWords
                }()
                return (marked, isByline, heading, about)
            }
            if marked || isByline {
                weights[index] = 0
            } else if document.blocks[index].kind == .tableRow {
                // Financial tables repeat their row labels in every period column.
                weights[index] = min(weights[index], Self.tableRowWeight)
            }
            if heading {
                weights[index] = 0
                if index + 1 < weights.count { weights[index + 1] = 0 }
                index += 1
            } else if about {
                weights[index] = 0  // "About Acme: Acme is …"
            }
            index += 1
        }
        return weights
    }

    static let aboutPrefix = Array("about ".utf8)

    /// Sentence weights: the block's weight, or 0 when the sentence itself is a byline or dateline.
    static func sentenceWeights(_ sentences: [Sentence], blockWeights: [Double]) -> [Double] {
        sentences.map { sentence in
            let weight = blockWeights.indices.contains(sentence.block) ? blockWeights[sentence.block] : 1
            guard weight > 0 else { return 0 }
            // Bylines are short and say so in their first word: only the head of a sentence is looked at, and
            // only when it could be one (a colon in the first word, `By`, or a short sentence with CJK).
            // A byline has at most 240 bytes (`Text.isByline`).
            var text = sentence.text
            let isByline = text.withUTF8 { bytes in
                bytes.count <= 240 && mightBeByline(bytes) && Text(bytes).isByline
            }
            return isByline ? 0 : weight
        }
    }

    /// False only when `Text(utf8).isByline` is false, read off the bytes without copying them.
    static func mightBeByline(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var position = 0
        var hasCJK = false
        // The first word: `By`, or a colon in it.
        while position < utf8.count {
            let byte = utf8[position]
            if byte == 32 || byte == 9 || byte == 10 {
                if index == 2 { return true }  // `By …`
                break
            } else if byte == 58 || byte == 0xEF {
                return true  // ASCII or full-width colon
            } else if index < 2, byte | 32 != (index == 0 ? 98 : 121) {
                index = 3
            } else {
                index += 1
            }
            if byte >= 0xE0 { hasCJK = true }
            position += 1
        }
        // Otherwise a short text with CJK.
        guard utf8.count <= 240 else { return false }
        return hasCJK || hasThreeByteLead(utf8, from: position)
    }

    /// Whether a byte from `start` on is 0xE0 or above (it leads a CJK character's three bytes). ASCII text is
    /// passed over eight bytes at a time.
    static func hasThreeByteLead(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var position = start
        let raw = UnsafeRawBufferPointer(bytes)
        while position + 8 <= bytes.count,
            raw.loadUnaligned(fromByteOffset: position, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
            position += 8
        }
        while position < bytes.count {
            if bytes[position] >= 0xE0 { return true }
            position += 1
        }
        return false
    }

    /// A block or sentence as ASCII-lower-cased UTF-8 with a few facts about its first words.
    struct Text {
        var lower: [UInt8]
        var original: [UInt8]

        init(_ utf8: UnsafeBufferPointer<UInt8>) {
            original = Array(utf8)
            lower = original.map(Boilerplate.fold)
        }

        /// Words, counting at most `limit`.
        func wordCount(upTo limit: Int = .max) -> Int {
            var count = 0
            var inWord = false
            for byte in original {
                let space = byte == 32 || byte == 9 || byte == 10 || byte == 13
                if !space, !inWord {
                    count += 1
                    if count > limit { return count }
                }
                inWord = !space
            }
            return count
        }

        var firstWord: ArraySlice<UInt8> {
            let end = lower.firstIndex { $0 == 32 || $0 == 9 || $0 == 10 } ?? lower.count
            return lower[0..<end]
        }

        var capitalisedSecondWord: Bool {
            guard let space = original.firstIndex(of: 32), space + 1 < original.count else { return false }
            return original[space + 1] >= 65 && original[space + 1] <= 90
        }

        var colonInFirstWords: Bool {
            var words = 0
            for byte in original {
                if byte == 32 { words += 1 }
                if words >= 6 { return false }
                if byte == 58 { return true }
            }
            return false
        }

        /// `Author: …`, `Source: …`, `Time:2022.08.24`, `By Jane Doe`, or a Chinese byline.
        var isByline: Bool {
            let first = firstWord
            let words = wordCount(upTo: 20)
            if words <= 20 {
                // The label before a colon (ASCII or full-width) in the first word.
                var label = first
                if let colon = first.firstIndex(of: 58) {
                    label = first[first.startIndex..<colon]
                } else if let colon = Self.fullWidthColon(in: first) {
                    label = first[first.startIndex..<colon]
                }
                if label.count < first.count, EnglishWords.bylineLabels.contains(String(decoding: label, as: UTF8.self)) {
                    return true
                }
            }
            if first.elementsEqual("by".utf8), words <= 8, capitalisedSecondWord { return true }
            if original.count <= 240,
                lower.withUnsafeBufferPointer(Boilerplate.chineseBylineMarkers.occurs(inFolded:))
            {
                return true
            }
            return false
        }

        static func fullWidthColon(in bytes: ArraySlice<UInt8>) -> Int? {
            var i = bytes.startIndex
            while i + 2 < bytes.endIndex {
                if bytes[i] == 0xEF, bytes[i + 1] == 0xBC, bytes[i + 2] == 0x9A { return i }
                i += 1
            }
            return nil
        }
    }
}
