import Foundation
import Ledger
import Testing
@testable import Scoring

@Suite("Scoring: normalisation methods")
struct NormalisationTests {
    func numbers(_ values: [Decimal?]) -> [MetricValue] { values.map { $0.map(MetricValue.number) ?? .none } }
    func decimal(_ text: String) -> Decimal { Decimal(string: text)! }
    func date(_ text: String) -> MetricValue { .date(LedgerDate(iso: text)!) }

    @Test func ratioOfTargetClippedToTheCap() {
        let ratio = Normalisation.ratio(of: .target(times: 1), cap: 1)
        #expect(ratio.normalise(numbers([22, 15, 0, nil]), targets: [20, 20, 20, 20]) == [1, decimal("0.75"), 0, 0])
        #expect(ratio.normalise(numbers([15]), targets: [10]) == [1])
        let capped = Normalisation.ratio(of: .constant(10), cap: decimal("1.2"))
        #expect(capped.normalise(numbers([15, 6]), targets: [nil, nil]) == [1, decimal("0.5")])
    }

    @Test func thresholdIsInclusive() {
        let half = Normalisation.threshold(at: .target(times: decimal("0.5")))
        #expect(half.normalise(numbers([10, 9, 8, 7, nil]), targets: [20, 20, 15, 15, 20]) == [1, 0, 1, 0, 0])
        let three = Normalisation.threshold(at: .constant(3))
        #expect(three.normalise(numbers([3, 2, 4]), targets: [nil, nil, nil]) == [1, 0, 1])
    }

    @Test func linearOverNumbersAndDatesInEitherDirection() {
        let early = Normalisation.linear(from: .amount(.constant(0)), to: .amount(.constant(16)))
        #expect(early.normalise(numbers([6, 16, 20, -3, nil]), targets: Array(repeating: 20, count: 5))
            == [decimal("0.375"), 1, 1, 0, 0])
        let falling = Normalisation.linear(from: .amount(.constant(16)), to: .amount(.constant(0)))
        #expect(falling.normalise(numbers([4]), targets: [nil]) == [decimal("0.75")])
        let days = Normalisation.linear(from: .date(LedgerDate(iso: "2026-10-31")!), to: .date(LedgerDate(iso: "2026-10-15")!))
        #expect(days.normalise([date("2026-10-25"), date("2026-10-01"), date("2026-11-03"), .none], targets: [nil, nil, nil, nil])
            == [decimal("0.375"), 1, 0, 0])
    }

    @Test func relativeToBest() {
        #expect(Normalisation.relativeToBest.normalise(numbers([240, 120, 0, nil]), targets: [nil, nil, nil, nil]) == [1, decimal("0.5"), 0, 0])
        #expect(Normalisation.relativeToBest.normalise(numbers([0, 0]), targets: [nil, nil]) == [0, 0])
    }

    @Test func minmax() {
        #expect(Normalisation.minmax.normalise(numbers([10, 20, 30, nil]), targets: [nil, nil, nil, nil]) == [0, decimal("0.5"), 1, 0])
        #expect(Normalisation.minmax.normalise(numbers([7, 7]), targets: [nil, nil]) == [1, 1])
    }

    @Test func inverseAloneAndOfARatio() {
        #expect(Normalisation.inverse(of: nil).normalise(numbers([decimal("0.25"), decimal("1.5"), -1, nil]), targets: [nil, nil, nil, nil])
            == [decimal("0.75"), 0, 1, 0])
        let quality = Normalisation.inverse(of: .ratio(of: .constant(decimal("0.2")), cap: 1))
        #expect(quality.normalise(numbers([decimal("0.05"), 0, decimal("0.3"), decimal("0.1"), nil]), targets: [nil, nil, nil, nil, nil])
            == [decimal("0.75"), 1, 0, decimal("0.5"), 0])
    }

    @Test func rankPointsShareRanksAsRankEq() {
        let table = [Decimal(1), decimal("0.9"), decimal("0.8")]
        let higher = Normalisation.rankPoints(table: table, order: .higher)
        // 9 and 9 share 1st; 5 is 3rd; 3 is 4th and 1 is 5th, beyond the table.
        #expect(higher.normalise(numbers([5, 9, 9, 3, 1, nil]), targets: Array(repeating: nil, count: 6)) == [decimal("0.8"), 1, 1, 0, 0, 0])
        let lower = Normalisation.rankPoints(table: table, order: .lower)
        #expect(lower.normalise(numbers([5, 9, 3]), targets: [nil, nil, nil]) == [decimal("0.9"), decimal("0.8"), 1])
    }

    @Test func decimalsDoNotDrift() {
        // In binary floating point 0.1 + 0.2 ≠ 0.3 and 1.005 rounds down; in decimals neither happens.
        #expect(decimal("0.1") + decimal("0.2") == decimal("0.3"))
        #expect(decimal("1.005").rounded(places: 2) == decimal("1.01"))
        #expect(decimal("84.995").rounded(places: 2) == 85)
        #expect(decimal("88.874999").rounded(places: 2) == decimal("88.87"))
        #expect(DecimalText.parse("12abc") == nil)
        #expect(DecimalText.parse("1e3") == nil)
        #expect(DecimalText.parse("20%", percent: true) == decimal("0.2"))
        #expect(DecimalText.text(88, minimumFractionDigits: 1) == "88.0")
        #expect(DecimalText.fixed(decimal("93.5"), places: 2) == "93.50")
    }
}
