import ReportModel
import Testing

@testable import Diffing

@Suite struct ReportIdentityTests {
    let known = [
        ReportIdentity.Known(id: 1, url: "https://x.test/q1", itemID: "guid-1", period: "2024Q1"),
        ReportIdentity.Known(id: 2, url: "https://x.test/q2", itemID: "guid-2", period: "2024Q2"),
    ]

    @Test func storedContentIsAlreadySeenEvenWhenItFlipsBack() {
        let decision = ReportIdentity.decide(
            url: "https://x.test/q1", itemID: nil, period: nil, contentAlreadyStored: true, known: known)
        #expect(decision == .alreadySeen)
    }

    @Test func sameFeedIDIsARevision() {
        let decision = ReportIdentity.decide(
            url: "https://x.test/moved", itemID: "guid-2", period: nil, contentAlreadyStored: false, known: known)
        #expect(decision == .revision(of: 2))
    }

    @Test func sameURLIsARevision() {
        let decision = ReportIdentity.decide(
            url: "https://x.test/q1", itemID: nil, period: nil, contentAlreadyStored: false, known: known)
        #expect(decision == .revision(of: 1))
    }

    @Test func samePeriodAtAnotherURLIsARevision() {
        let decision = ReportIdentity.decide(
            url: "https://x.test/q2-corrected", itemID: nil, period: "2024Q2", contentAlreadyStored: false,
            known: known)
        #expect(decision == .revision(of: 2))
    }

    @Test func aNewPeriodAtTheSameURLIsANewReport() {
        let decision = ReportIdentity.decide(
            url: "https://x.test/q2", itemID: nil, period: "2024Q3", contentAlreadyStored: false, known: known)
        #expect(decision == .newReport)
    }

    @Test func anUnknownDocumentIsANewReport() {
        let decision = ReportIdentity.decide(
            url: "https://x.test/q3", itemID: "guid-3", period: nil, contentAlreadyStored: false, known: known)
        #expect(decision == .newReport)
        #expect(ReportIdentity.decide(url: "a", itemID: nil, period: nil, contentAlreadyStored: false, known: [])
            == .newReport)
    }
}
