import Foundation
import ReportModel

/// A document's text prepared once for all extractors (the Analyzer runs several on one document): its text
/// decoded into scalars, and its sentences.
struct PreparedText {
    let document: Document
    let decoded: DecodedText
    let sentences: [Sentence]

    var scalars: [Unicode.Scalar] { decoded.scalars }

    init(_ document: Document) {
        self.document = document
        decoded = DecodedText(document.text)
        sentences = SentenceSplitter.sentences(of: document, text: decoded)
    }
}

/// A string's Unicode scalars, its UTF-8 bytes and each scalar's byte offset (plus the end), so that substrings
/// are sliced from the bytes rather than rebuilt scalar by scalar.
struct DecodedText {
    let scalars: [Unicode.Scalar]
    let bytes: [UInt8]
    let byteOffsets: [Int32]

    init(_ string: String) {
        let bytes = Array(string.utf8)
        // Decoded by hand into preallocated arrays (the bytes are valid UTF-8): appending scalar by scalar costs
        // several times more.
        let count = bytes.count
        var byteOffsets = [Int32](repeating: 0, count: count + 1)
        var scalarCount = 0
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            byteOffsets.withUnsafeMutableBufferPointer { offsets in
                bytes.withUnsafeBufferPointer { utf8 in
                    var i = 0
                    while i < count {
                        let lead = UInt32(utf8[i])
                        offsets[scalarCount] = Int32(i)
                        // Most text is ASCII: one byte, one scalar.
                        if lead < 0x80 {
                            buffer[scalarCount] = Unicode.Scalar(UInt8(truncatingIfNeeded: lead))
                            scalarCount += 1
                            i += 1
                            continue
                        }
                        var value = lead
                        var length = 1
                        if lead >= 0xF0 {
                            value = (lead & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12
                                | UInt32(utf8[i + 2] & 0x3F) << 6 | UInt32(utf8[i + 3] & 0x3F)
                            length = 4
                        } else if lead >= 0xE0 {
                            value = (lead & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                            length = 3
                        } else if lead >= 0x80 {
                            value = (lead & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                            length = 2
                        }
                        buffer[scalarCount] = Unicode.Scalar(value) ?? "\u{FFFD}"
                        scalarCount += 1
                        i += length
                    }
                    offsets[scalarCount] = Int32(count)
                }
            }
            initialized = scalarCount
        }
        byteOffsets.removeLast(count - scalarCount)
        self.scalars = scalars
        self.bytes = bytes
        self.byteOffsets = byteOffsets
    }

    /// How many scalars from `index` on, at most `limit`, are ASCII other than the bytes `a`, `b` and `c`: a walk
    /// looking for those or for other characters skips them at once. The bytes are read eight at a time; each
    /// skipped byte is one scalar.
    func asciiRun(from index: Int, limit: Int, excluding a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        let start = Int(byteOffsets[index])
        let end = min(bytes.count, start + limit)
        return bytes.withUnsafeBufferPointer { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var position = start
            while position + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                if word & Self.highBits != 0 || Self.has(a, in: word) || Self.has(b, in: word) || Self.has(c, in: word) {
                    break
                }
                position += 8
            }
            while position < end, bytes[position] < 0x80, bytes[position] != a, bytes[position] != b,
                bytes[position] != c
            {
                position += 1
            }
            return position - start
        }
    }

    /// The indexes of the scalars that are the ASCII bytes `a` or `b`, in order. The bytes are read eight at a
    /// time, and a byte found is turned into its scalar's index by a binary search of the offsets.
    func scalarIndexes(ofASCII a: UInt8, _ b: UInt8) -> [Int] {
        precondition(a < 0x80 && b < 0x80)
        var bytePositions: [Int] = []
        bytes.withUnsafeBufferPointer { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var position = 0
            while position < bytes.count {
                if position + 8 <= bytes.count {
                    let word = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                    if !Self.has(a, in: word), !Self.has(b, in: word) {
                        position += 8
                        continue
                    }
                }
                let end = min(position + 8, bytes.count)
                while position < end {
                    if bytes[position] == a || bytes[position] == b { bytePositions.append(position) }
                    position += 1
                }
            }
        }
        return byteOffsets.withUnsafeBufferPointer { offsets in
            bytePositions.map { byte in
                // The scalar starting at this byte: the first offset not below it.
                var low = 0
                var high = offsets.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if Int(offsets[middle]) < byte { low = middle + 1 } else { high = middle }
                }
                return low
            }
        }
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether one of the eight bytes of `word` is `byte`: XOR makes it a zero byte, which borrowing from it shows.
    @inline(__always)
    private static func has(_ byte: UInt8, in word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let xored = word ^ (ones &* UInt64(byte))
        return (xored &- ones) & ~xored & highBits != 0
    }

    /// The text of scalars `start..<end`.
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[Int(byteOffsets[start])..<Int(byteOffsets[end])], as: UTF8.self)
    }

    /// Whether scalars `range` spell exactly `string`.
    func holds(_ string: String, at range: Range<Int>) -> Bool {
        guard range.lowerBound >= 0, range.lowerBound <= range.upperBound, range.upperBound < byteOffsets.count else {
            return false
        }
        let slice = bytes[Int(byteOffsets[range.lowerBound])..<Int(byteOffsets[range.upperBound])]
        guard slice.count == string.utf8.count else { return false }
        var string = string
        return string.withUTF8 { utf8 in
            slice.withUnsafeBufferPointer { bytes in
                bytes.isEmpty || memcmp(bytes.baseAddress!, utf8.baseAddress!, bytes.count) == 0
            }
        }
    }
}
