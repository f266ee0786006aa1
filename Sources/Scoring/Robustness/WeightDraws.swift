import Foundation
import Ledger

/// The Monte Carlo of scoring.md's "Robustness of the ranking": each draw moves every weighted
/// indicator's weight by its own factor, uniform in [1 − spread, 1 + spread), scales the weights back
/// to their sum, recomputes the totals from the same normalised values (bonuses, penalties and vetoes
/// unchanged) and ranks and awards through the real ranking's code (``RankingPass``, ``TierTable``).
///
/// Arithmetic: the real totals are decimal; a draw works in doubles on the difference it makes.
/// Each contender keeps its real total rounded to cents, `C`, and the rounding's remainder
/// `r = (unrounded − rounded) × 100`, which half-up rounding puts in [−0.5, 0.5). A draw's total in
/// cents is `C + roundHalfUp(r + Σ (w′ − w) × 100 × normalised)`. With a spread of 0 every factor is
/// exactly 1, so `w′ − w` is exactly 0, the sum is `r`, which rounds to 0: the draw reproduces the
/// real rounded totals, ties at 2 decimals included, whatever the doubles' error on the totals.
///
/// Each draw has its own generator (SplitMix64 seeded from the seed and the draw's number), so the
/// draws can run on every core and the results do not depend on how many there are.
struct WeightDraws {
    let settings: RobustnessSettings
    /// Per indicator: its weight.
    let weights: [Double]
    /// Per contender, per indicator (row-major): the normalised value.
    let normalised: [Double]
    /// Per contender: the real total rounded to 2 decimals, in cents.
    let roundedCents: [Int64]
    /// Per contender: the real total's rounding remainder, in cents, in [−0.5, 0.5).
    let remainders: [Double]
    let vetoed: [Bool]
    let pass: RankingPass
    let tiers: TierTable

    init(settings: RobustnessSettings, indicators: [Indicator], scorecard: Scorecard, pass: RankingPass, tiers: TierTable) {
        self.settings = settings
        weights = indicators.map { Self.double($0.weight) }
        normalised = scorecard.breakdowns.flatMap { breakdown in breakdown.prefix(indicators.count).map { Self.double($0.normalised ?? 0) } }
        roundedCents = scorecard.totals.map(\.cents)
        remainders = zip(scorecard.unroundedTotals, scorecard.totals).map { unrounded, rounded in
            Swift.min(Self.double((unrounded - rounded) * 100), 0.5.nextDown)
        }
        vetoed = scorecard.vetoReasons.map { !$0.isEmpty }
        self.pass = pass
        self.tiers = tiers
    }

    /// The double nearest the decimal (through its text: `NSDecimalNumber.doubleValue` can be one ulp off).
    static func double(_ value: Decimal) -> Double { Double(value.description) ?? NSDecimalNumber(decimal: value).doubleValue }

    /// Per contender: its rank interval and award shares; nil when the settings draw nothing. The
    /// draws are shared among `workers` (by default one per core, at most 8); the results are the same
    /// for any number.
    func run(workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [RankRobustness]? {
        let draws = settings.draws
        let count = roundedCents.count
        guard draws > 0, count > 0 else { return nil }
        let selection = PercentileSelection(draws: draws)
        let workers = Swift.max(1, Swift.min(workers, 8, draws))
        let chunks = (0..<workers).map { worker in (draws * worker / workers)..<(draws * (worker + 1) / workers) }
        let tallies = ParallelMap.map(chunks) { run(draws: $0, selection: selection) }
        return (0..<count).map { contender in
            var shares: [AwardShare] = []
            for (index, tier) in tiers.tiers.enumerated() {
                let won = tallies.reduce(0) { $0 + Int($1.awardCounts[contender * tiers.tiers.count + index]) }
                if won > 0 { shares.append(AwardShare(tier: tier.name, draws: won)) }
            }
            let (low, high) = selection.percentiles(of: contender, in: tallies.map(\.ranks))
            return RankRobustness(rankLow: low, rankHigh: high, draws: draws, awards: shares)
        }
    }

    /// What one worker saw over its draws.
    private struct Tally: Sendable {
        var ranks: RankExtremes
        /// Per contender, per tier (row-major): the draws that gave that tier.
        var awardCounts: [Int32]
    }

    private func run(draws: Range<Int>, selection: PercentileSelection) -> Tally {
        let count = roundedCents.count
        let indicatorCount = weights.count
        let tierCount = tiers.tiers.count
        var pass = self.pass
        var extremes = RankExtremes(contenders: count, selection: selection, draws: draws.count)
        var awardCounts = [Int32](repeating: 0, count: count * tierCount)
        var cents = [Int64](repeating: 0, count: count)
        var deltas = [Double](repeating: 0, count: indicatorCount)
        let spread = Self.double(settings.spread)
        let weightSum = weights.reduce(0, +)
        for draw in draws {
            var generator = SplitMix64(seed: settings.seed, stream: UInt64(draw))
            var drawnSum = 0.0
            for index in 0..<indicatorCount {
                deltas[index] = weights[index] * (1 + spread * (2 * generator.nextUnit() - 1))
                drawnSum += deltas[index]
            }
            let scale = weightSum / drawnSum
            for index in 0..<indicatorCount { deltas[index] = (deltas[index] * scale - weights[index]) * 100 }
            normalised.withUnsafeBufferPointer { values in
                for contender in 0..<count {
                    var moved = remainders[contender]
                    let row = contender * indicatorCount
                    for index in 0..<indicatorCount { moved += deltas[index] * values[row + index] }
                    cents[contender] = roundedCents[contender] + Self.roundHalfUp(moved)
                }
            }
            cents.withUnsafeBufferPointer { pass.rank(cents: $0) }
            pass.ranks.withUnsafeBufferPointer { ranks in
                for contender in 0..<count {
                    let rank = Int(ranks[contender])
                    extremes.record(rank: Int32(rank), of: contender)
                    if let tier = tiers.tier(rank: rank, cents: cents[contender], vetoed: vetoed[contender]) {
                        awardCounts[contender * tierCount + tier] += 1
                    }
                }
            }
        }
        return Tally(ranks: extremes, awardCounts: awardCounts)
    }

    /// `value` rounded half-up to a whole number (−0.5 → 0, 0.5 → 1), exactly: the fraction is
    /// taken from the floor, so no rounding of `value + 0.5` can carry it over a boundary.
    static func roundHalfUp(_ value: Double) -> Int64 {
        let floor = value.rounded(.down)
        return Int64(floor) + (value - floor >= 0.5 ? 1 : 0)
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, well-mixed generator; one per draw,
/// seeded from the run's seed and the draw's number.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64, stream: UInt64) {
        state = Self.mix(seed &+ Self.mix(stream &+ 0x9E37_79B9_7F4A_7C15))
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform in [0, 1), on a grid of 2⁻⁵³.
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
