import Testing

@testable import Extraction

/// The byte scans that decide whether a block or sentence needs the full byline test.
@Suite struct BylineScanTests {
    static func mightBeByline(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { Boilerplate.mightBeByline($0) }
    }

    @Test func aThreeByteLeadIsFoundWhereverItStands() {
        for length in 0..<20 {
            for position in 0..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                bytes[position] = 0xE4
                for start in 0...length {
                    let found = bytes.withUnsafeBufferPointer { Boilerplate.hasThreeByteLead($0, from: start) }
                    #expect(found == (start <= position), "length \(length), lead at \(position), from \(start)")
                }
            }
        }
        // Two-byte sequences (accented Latin letters) lead with bytes below 0xE0.
        #expect(!Array("Zoë Müller, café, naïve résumé".utf8).withUnsafeBufferPointer {
            Boilerplate.hasThreeByteLead($0, from: 0)
        })
    }

    @Test(arguments: [
        ("By Jane Doe", true), ("Reporter: Jane Doe", true), ("记者 王明 报道", true), ("Revenue rose 5% in the quarter.", false),
        ("Photo by Jane Doe, with the 王 family", true), ("Bye for now, said the chairman.", false),
    ])
    func shortTexts(text: String, expected: Bool) {
        #expect(Self.mightBeByline(text) == expected)
    }

    @Test func aLongTextWithCJKAfterItsFirstWordIsNot() {
        let long = "Revenue " + String(repeating: "rose in the quarter ", count: 12) + "王"
        #expect(long.utf8.count > 240)
        #expect(!Self.mightBeByline(long))
        #expect(Self.mightBeByline("By " + long))
    }
}
