import Foundation

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
    /// `settings.spread` as a double.
    let spread: Double
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
        spread = settings.spread.nearestDouble
        weights = indicators.map { $0.weight.nearestDouble }
        normalised = scorecard.breakdowns.flatMap { breakdown in breakdown.prefix(indicators.count).map { ($0.normalised ?? 0).nearestDouble } }
        roundedCents = scorecard.totals.map(\.cents)
        remainders = zip(scorecard.unroundedTotals, scorecard.totals).map { unrounded, rounded in
            Swift.min(((unrounded - rounded) * 100).nearestDouble, 0.5.nextDown)
        }
        vetoed = scorecard.vetoReasons.map { !$0.isEmpty }
        self.pass = pass
        self.tiers = tiers
    }

    /// Per contender: its rank interval and award shares; nil when the settings draw nothing. The
    /// draws are shared among `workers` (by default one per core, at most 8); the results are the same
    /// for any number.
    ///
    /// The draws go in batches: first each worker draws and ranks its share of the batch on its own
    /// buffers, writing each draw's ranks and tiers to a row of the batch; then each worker takes a
    /// range of contenders and records their ranks and tiers of the whole batch. One set of heaps
    /// and counts serves every worker, and the memory stays one batch plus the heaps.
    func run(workers: Int = ProcessInfo.processInfo.activeProcessorCount) -> [RankRobustness]? {
        let draws = settings.draws
        let count = roundedCents.count
        guard draws > 0, count > 0 else { return nil }
        let workers = Swift.max(1, Swift.min(workers, 8))
        let tierCount = tiers.tiers.count
        let extremes = RankExtremes(contenders: count, selection: PercentileSelection(draws: draws))
        let awardCounts = SharedBuffer<Int32>(count: count * tierCount, value: 0)
        // About 16 MiB of batch (ranks and tiers): fewer, longer phases for fewer contenders.
        let batchSize = Swift.min(draws, Swift.max(32 * workers, Swift.min(1024, (2 << 20) / count)))
        let batchRanks = SharedBuffer<Int32>(count: batchSize * count, value: 0)
        let batchTiers = SharedBuffer<Int32>(count: batchSize * count, value: -1)
        let workspaces = (0..<workers).map { _ in DrawWorkspace(pass: pass, contenders: count, indicators: weights.count) }
        for batchStart in stride(from: 0, to: draws, by: batchSize) {
            let batchCount = Swift.min(batchSize, draws - batchStart)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for row in stride(from: worker, to: batchCount, by: workers) {
                    draw(batchStart + row, in: workspaces[worker], ranks: batchRanks.pointer + row * count, tiers: batchTiers.pointer + row * count)
                }
            }
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                // 256 contenders at a time, row by row: the batch is read in runs of 1 KiB and the
                // block's heap tops stay in cache.
                let contenders = (count * worker / workers)..<(count * (worker + 1) / workers)
                for blockStart in stride(from: contenders.lowerBound, to: contenders.upperBound, by: 256) {
                    let block = blockStart..<Swift.min(blockStart + 256, contenders.upperBound)
                    for row in 0..<batchCount {
                        for contender in block {
                            extremes.record(rank: batchRanks.pointer[row * count + contender], of: contender)
                            let tier = Int(batchTiers.pointer[row * count + contender])
                            if tier >= 0 { awardCounts.pointer[contender * tierCount + tier] += 1 }
                        }
                    }
                }
            }
        }
        return (0..<count).map { contender in
            var shares: [AwardShare] = []
            for (index, tier) in tiers.tiers.enumerated() where awardCounts.pointer[contender * tierCount + index] > 0 {
                shares.append(AwardShare(tier: tier.name, draws: Int(awardCounts.pointer[contender * tierCount + index])))
            }
            let (low, high) = extremes.percentiles(of: contender)
            return RankRobustness(rankLow: low, rankHigh: high, draws: draws, awards: shares)
        }
    }

    /// One draw: the weights drawn, the totals in cents recomputed, ranked and awarded into the
    /// batch's row (`ranks`, and `tiers` with −1 for no award). Allocates nothing.
    private func draw(_ number: Int, in workspace: DrawWorkspace, ranks: UnsafeMutablePointer<Int32>, tiers row: UnsafeMutablePointer<Int32>) {
        let count = roundedCents.count
        let indicatorCount = weights.count
        var generator = SplitMix64(seed: settings.seed, stream: UInt64(number))
        var drawnSum = 0.0, weightSum = 0.0
        let deltas = workspace.deltas
        for index in 0..<indicatorCount {
            deltas[index] = weights[index] * (1 + spread * (2 * generator.nextUnit() - 1))
            drawnSum += deltas[index]
            weightSum += weights[index]
        }
        let scale = weightSum / drawnSum
        for index in 0..<indicatorCount { deltas[index] = (deltas[index] * scale - weights[index]) * 100 }
        let cents = workspace.cents
        normalised.withUnsafeBufferPointer { values in
            for contender in 0..<count {
                var moved = remainders[contender]
                let start = contender * indicatorCount
                for index in 0..<indicatorCount { moved += deltas[index] * values[start + index] }
                cents[contender] = roundedCents[contender] + Self.roundHalfUp(moved)
            }
        }
        workspace.pass.rank(cents: UnsafeBufferPointer(cents))
        workspace.pass.ranks.withUnsafeBufferPointer { drawnRanks in
            for contender in 0..<count {
                ranks[contender] = drawnRanks[contender]
                row[contender] = Int32(tiers.tier(rank: Int(drawnRanks[contender]), cents: cents[contender], vetoed: vetoed[contender]) ?? -1)
            }
        }
    }

    /// `value` rounded half-up to a whole number (−0.5 → 0, 0.5 → 1), exactly: the fraction is
    /// taken from the floor, so no rounding of `value + 0.5` can carry it over a boundary.
    static func roundHalfUp(_ value: Double) -> Int64 {
        let floor = value.rounded(.down)
        return Int64(floor) + (value - floor >= 0.5 ? 1 : 0)
    }
}

/// One worker's buffers, allocated once per run: its ranking pass, the drawn totals, the weights' changes.
/// Used by one thread at a time.
private final class DrawWorkspace: @unchecked Sendable {
    var pass: RankingPass
    let cents: UnsafeMutableBufferPointer<Int64>
    let deltas: UnsafeMutableBufferPointer<Double>

    init(pass: RankingPass, contenders: Int, indicators: Int) {
        self.pass = pass
        cents = .allocate(capacity: contenders)
        cents.initialize(repeating: 0)
        deltas = .allocate(capacity: indicators)
        deltas.initialize(repeating: 0)
    }

    deinit {
        cents.deallocate()
        deltas.deallocate()
    }
}

/// A buffer that workers share, each writing only its own slots (a batch's rows, or its range of
/// contenders), so it is sent across threads unchecked.
private final class SharedBuffer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    private let count: Int

    init(count: Int, value: Element) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: value, count: count)
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
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
