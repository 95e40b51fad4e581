import Testing

@testable import Extraction

@Suite struct DatelineTests {
    static func resumed(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        return Dateline.end(in: scalars, 0..<scalars.count).map { String(String.UnicodeScalarView(scalars[$0...])) }
    }

    @Test(arguments: [
        ("LAGOS (AP) — The former minister said the tolls would rise.", "The former minister said the tolls would rise."),
        ("NEW YORK, Nov. 5, 2024 /PRNewswire/ -- Acme Corp. today announced results.", "Acme Corp. today announced results."),
        ("SAN FRANCISCO--(BUSINESS WIRE)--Acme today announced results.", "Acme today announced results."),
        ("BEIJING, Aug. 24 (Xinhua) -- China's exports rose in July.", "China's exports rose in July."),
        ("WASHINGTON – Lawmakers returned on Tuesday.", "Lawmakers returned on Tuesday."),
    ])
    func datelinesAreSkipped(text: String, rest: String) {
        #expect(Self.resumed(text) == rest)
    }

    @Test(arguments: [
        "U.S. stocks fell — and bonds rallied.",
        "Apple Inc. — the maker of phones — said sales rose.",
        "The board met - twice - in May.",
        "Revenue rose 12% to $4.1 billion -- a record.",
        "LAGOS is a city of twenty million people.",
    ])
    func proseIsNotADateline(text: String) {
        #expect(Self.resumed(text) == nil)
    }
}
