import Testing

@testable import Parsing

@Suite struct ClassHintsTests {
    @Test func eachWordListCountsWhereverItsWordSits() {
        #expect(ClassHints.hints("") == .init(weight: 0, unlikely: false, caption: false))
        #expect(ClassHints.hints("x") == .init(weight: 0, unlikely: false, caption: false))
        #expect(ClassHints.hints("site-sidebar") == .init(weight: -25, unlikely: true, caption: false))
        // A content word rescues furniture and cancels its weight.
        #expect(ClassHints.hints("sidebar main-column") == .init(weight: 0, unlikely: false, caption: false))
        #expect(ClassHints.hints("article-body") == .init(weight: 25, unlikely: false, caption: false))
        #expect(ClassHints.hints("photo-credit") == .init(weight: -25, unlikely: false, caption: true))
        #expect(ClassHints.hints("topnav") == .init(weight: -25, unlikely: false, caption: false))
        #expect(ClassHints.hints("正文") == .init(weight: 25, unlikely: false, caption: false))
    }
}
