import Testing
@testable import Scoring

@Suite("Scoring module")
struct ScoringSmokeTests {
    @Test func moduleLinks() {
        #expect(String(describing: Scoring.self) == "Scoring")
    }
}
