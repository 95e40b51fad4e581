import ReportModel
import Testing

/// Paragraphs are compared with white space folded (`ChangeSetBuilder.paragraphDifference`).
@Suite struct WhitespaceFoldingTests {
    /// The reference: Unicode's White_Space property, scalar by scalar.
    static func reference(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !folded.isEmpty
                continue
            }
            if pendingSpace {
                folded.append(" ")
                pendingSpace = false
            }
            folded.append(scalar)
        }
        return String(folded)
    }

    @Test(arguments: [
        "", " ", "a", "a b", " a b", "a b ", "a  b", "a\tb", "a\nb", "\r\n a \u{3000}b\u{00A0}\u{2003}c\u{85}",
        "腾讯发布。第二句", "腾讯\u{3000}发布", "é  ü", "already folded, with punctuation.", "\u{1F600} x",
    ])
    func foldsLikeTheWhiteSpaceProperty(text: String) {
        #expect(WhitespaceFolding.fold(text) == Self.reference(text))
        #expect(WhitespaceFolding.foldedUTF8(text) == Array(Self.reference(text).utf8))
    }

    /// Every scalar up to U+FFFF and a sample above, between two letters and doubled at the ends.
    @Test func recognisesExactlyTheWhiteSpaceScalars() {
        let scalars = (0...0xFFFF).compactMap(Unicode.Scalar.init) + (0x10000...0x10FFFF).lazy.filter { $0 % 997 == 0 }
            .compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            for text in ["a\(Character(scalar))b", "\(Character(scalar))\(Character(scalar))a"] {
                #expect(WhitespaceFolding.fold(text) == Self.reference(text), "U+\(String(scalar.value, radix: 16))")
            }
        }
    }
}
