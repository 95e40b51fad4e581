import Foundation

/// A parsed document: metadata and its main text as ordered blocks.
///
/// Offsets (`TextBlock.start`/`end`, `Evidence.start`/`end`) count Unicode scalars of `text`, as Python's `str`
/// indexes do, so that users' scripts can slice the text with them directly.
public struct Document: Sendable, Codable, Hashable {
    public var title: String?
    public var published: Date?
    /// A language guess: `en`, `zh`, … or nil when unknown.
    public var language: String?
    public var format: DocumentFormat
    /// The main text: the blocks' texts joined by blank lines.
    public var text: String
    public var blocks: [TextBlock]
    /// Earnings-call layout, when recognised: the roster and the attributed turns.
    public var transcript: Transcript?

    public init(
        title: String? = nil, published: Date? = nil, language: String? = nil, format: DocumentFormat,
        text: String, blocks: [TextBlock], transcript: Transcript? = nil
    ) {
        self.title = title
        self.published = published
        self.language = language
        self.format = format
        self.text = text
        self.blocks = blocks
        self.transcript = transcript
    }

    /// Builds a document whose text is the given blocks joined by blank lines, with offsets computed.
    public init(
        title: String? = nil, published: Date? = nil, language: String? = nil, format: DocumentFormat,
        blocks: [(kind: TextBlock.Kind, text: String)], transcript: Transcript? = nil
    ) {
        var text = ""
        var built: [TextBlock] = []
        var offset = 0
        for (index, block) in blocks.enumerated() {
            if index > 0 {
                text += "\n\n"
                offset += 2
            }
            // Scalars are the UTF-8 bytes that are not continuation bytes: one pass over bytes, no decoding.
            let length = block.text.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            } ?? block.text.unicodeScalars.count
            built.append(TextBlock(kind: block.kind, text: block.text, start: offset, end: offset + length))
            text += block.text
            offset += length
        }
        self.init(
            title: title, published: published, language: language, format: format, text: text, blocks: built,
            transcript: transcript)
    }
}

public struct TextBlock: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        case heading, paragraph, listItem = "list_item", quote, tableRow = "table_row"
    }

    public var kind: Kind
    public var text: String
    /// Unicode-scalar offsets of this block in `Document.text`.
    public var start: Int
    public var end: Int

    public init(kind: Kind, text: String, start: Int, end: Int) {
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
    }
}

/// An earnings-call transcript's structure.
public struct Transcript: Sendable, Codable, Hashable {
    public var participants: [Participant]
    public var turns: [Turn]

    public init(participants: [Participant], turns: [Turn]) {
        self.participants = participants
        self.turns = turns
    }

    public struct Participant: Sendable, Codable, Hashable {
        public enum Side: String, Sendable, Codable, Hashable { case corporate, analyst, other }
        public var name: String
        public var title: String?
        public var organization: String?
        public var side: Side

        public init(name: String, title: String? = nil, organization: String? = nil, side: Side) {
            self.name = name
            self.title = title
            self.organization = organization
            self.side = side
        }
    }

    public struct Turn: Sendable, Codable, Hashable {
        /// The speaker as the transcript names the turn (`Operator` included).
        public var speaker: String
        /// Unicode-scalar offsets of the turn's words in `Document.text`.
        public var start: Int
        public var end: Int

        public init(speaker: String, start: Int, end: Int) {
            self.speaker = speaker
            self.start = start
            self.end = end
        }
    }
}
