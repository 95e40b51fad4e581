import Foundation
import ReportModel

/// Stores a document's blocks as offsets into its text when they are slices of it (the parsers build the text by
/// joining the blocks), so the text is written once; `nil` from `encode` means they are not, and the caller keeps
/// the full form.
enum BlockSpans {
    /// The spans' JSON, or nil when some block is not exactly the text between its offsets.
    static func encode(_ blocks: [TextBlock], text: String) -> String? {
        var text = text
        let areSlices = text.withUTF8 { bytes in
            guard let ranges = byteRanges(blocks.lazy.map { ($0.start, $0.end) }, in: bytes) else { return false }
            return zip(blocks, ranges).allSatisfy { block, range in
                var blockText = block.text
                return blockText.withUTF8 { blockBytes in
                    // Both are non-empty, so have addresses, whenever memcmp runs.
                    blockBytes.count == range.count && (range.isEmpty
                        || memcmp(blockBytes.baseAddress!, bytes.baseAddress! + range.lowerBound, range.count) == 0)
                }
            }
        }
        return areSlices ? CompactJSON.blockSpans(blocks) : nil
    }

    /// The blocks the spans describe, cut from `text`.
    static func decode(_ json: String, text: String) throws -> [TextBlock] {
        let spans = try CompactJSONReader.spans(json)
        var text = text
        return try text.withUTF8 { bytes in
            guard let ranges = byteRanges(spans.lazy.map { ($0.start, $0.end) }, in: bytes) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "block spans outside the text"))
            }
            return zip(spans, ranges).map { span, range in
                TextBlock(kind: span.kind, text: String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self),
                          start: span.start, end: span.end)
            }
        }
    }

    /// The UTF-8 byte ranges of Unicode-scalar offset ranges, found in one pass; nil when one lies outside the
    /// text, or when they overlap or go backwards (no parser produces that, but nothing forbids it).
    private static func byteRanges(
        _ offsets: some Sequence<(start: Int, end: Int)>, in bytes: UnsafeBufferPointer<UInt8>
    ) -> [Range<Int>]? {
        var position = 0
        var scalars = 0
        /// Moves `position` past scalars until `scalars == target`; false at the end of the text.
        func advance(to target: Int) -> Bool {
            // Eight bytes at a time while they hold no more scalars than are left to pass: a byte starts a scalar
            // unless it is a continuation byte (10xxxxxx), and a scalar the word cuts is passed whole after it.
            while position + 8 <= bytes.count {
                let word = UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self)
                let continuations = (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                guard scalars + 8 - continuations <= target else { break }
                scalars += 8 - continuations
                position += 8
                while position < bytes.count, bytes[position] & 0xC0 == 0x80 { position += 1 }
            }
            while scalars < target {
                guard position < bytes.count else { return false }
                position += 1
                while position < bytes.count, bytes[position] & 0xC0 == 0x80 { position += 1 }
                scalars += 1
            }
            return true
        }
        var ranges: [Range<Int>] = []
        for (start, end) in offsets {
            guard start >= scalars, end >= start, advance(to: start) else { return nil }
            let lower = position
            guard advance(to: end) else { return nil }
            ranges.append(lower..<position)
        }
        return ranges
    }
}
