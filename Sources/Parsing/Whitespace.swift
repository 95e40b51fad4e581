import ReportModel

extension StringProtocol {
    /// Runs of white space folded to one space, ends trimmed. On UTF-8 bytes: a grapheme walk with a property
    /// lookup per character was most of the cost of reading a page's title.
    var collapsingWhitespace: String {
        WhitespaceFolding.fold(String(self))
    }
}
