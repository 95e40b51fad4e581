import ReportModel

/// A document's text prepared once for all extractors (the Analyzer runs several on one document): its Unicode
/// scalars, its UTF-8 bytes with each scalar's byte offset (to slice strings without rebuilding them), and its
/// sentences.
struct PreparedText {
    let document: Document
    let scalars: [Unicode.Scalar]
    let bytes: [UInt8]
    /// Byte offset of each scalar, plus the end.
    let byteOffsets: [Int32]
    let sentences: [Sentence]

    init(_ document: Document) {
        self.document = document
        let bytes = Array(document.text.utf8)
        var scalars: [Unicode.Scalar] = []
        var byteOffsets: [Int32] = []
        scalars.reserveCapacity(bytes.count)
        byteOffsets.reserveCapacity(bytes.count + 1)
        var byteOffset: Int32 = 0
        for scalar in document.text.unicodeScalars {
            scalars.append(scalar)
            byteOffsets.append(byteOffset)
            let value = scalar.value
            byteOffset += value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
        }
        byteOffsets.append(byteOffset)
        self.scalars = scalars
        self.bytes = bytes
        self.byteOffsets = byteOffsets
        sentences = SentenceSplitter.sentences(of: document)
    }

}
