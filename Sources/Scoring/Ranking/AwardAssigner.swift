import Foundation

/// The award tiers resolved for one field of contenders: each tier's rank limit and minimum total in
/// cents, so that the real ranking and every robustness draw assign awards by the same code.
struct TierTable {
    let tiers: [AwardTier]
    /// Per tier: the highest rank admitted; nil when the tier does not bound ranks.
    let rankLimits: [Int?]
    /// Per tier: the lowest total admitted, in cents (`min_score` × 100 rounded up, as totals have
    /// whole cents); nil when the tier has no minimum.
    let minimumCents: [Int64?]
    /// The tier a vetoed contender may get: the last, when it takes the rest.
    let vetoedTier: Int?

    init(_ tiers: [AwardTier], contenders count: Int) {
        self.tiers = tiers
        rankLimits = tiers.map { $0.rankLimit(contenders: count) }
        minimumCents = tiers.map { tier in tier.minScore.map { NSDecimalNumber(decimal: ($0 * 100).ceiling).int64Value } }
        vetoedTier = tiers.last?.takesTheRest == true ? tiers.count - 1 : nil
    }

    /// The index of the first tier that admits a contender of this rank and total; nil when none does.
    func tier(rank: Int, cents: Int64, vetoed: Bool) -> Int? {
        if vetoed { return vetoedTier }
        for index in tiers.indices {
            if let limit = rankLimits[index], rank > limit { continue }
            if let minimum = minimumCents[index], cents < minimum { continue }
            return index
        }
        return nil
    }
}

/// Gives each contender the first tier that admits it. A vetoed contender can get only the last
/// tier, and only when that tier takes the rest (has no condition): otherwise no award. A veto does
/// not move the others up: tiers bound ranks, and ranks follow the totals.
struct AwardAssigner {
    let table: TierTable
    let ranks: [Int]
    let cents: [Int64]
    let vetoed: [Bool]

    init(tiers: [AwardTier], ranks: [Int], totals: [Decimal], vetoed: [Bool]) {
        table = TierTable(tiers, contenders: ranks.count)
        self.ranks = ranks
        cents = totals.map(\.cents)
        self.vetoed = vetoed
    }

    /// Per contender: the tier's name, nil when no tier admits it.
    var awards: [String?] {
        ranks.indices.map { tier(for: $0)?.name }
    }

    private func tier(for index: Int) -> AwardTier? {
        table.tier(rank: ranks[index], cents: cents[index], vetoed: vetoed[index]).map { table.tiers[$0] }
    }

    /// Per contender: a note when it is in its tier through a shared rank that straddles the tier's
    /// rank limit (e.g. two towns sharing 2nd place for a top-2 tier).
    func boundaryNotes(labels: [String]) -> [[ScoreNote]] {
        let byRank = Dictionary(grouping: ranks.indices, by: { ranks[$0] })
        return ranks.indices.map { index in
            guard let tier = tier(for: index), let limit = tier.rankLimit(contenders: ranks.count),
                  let sharingRank = byRank[ranks[index]], sharingRank.count > 1,
                  ranks[index] + sharingRank.count - 1 > limit else { return [] }
            let (names, unnamed) = ScoreNote.named(sharingRank.lazy.filter { $0 != index }, count: sharingRank.count - 1,
                                                   labels: labels)
            return [.tierBoundaryTie(tier: tier.name, rank: ranks[index], limit: limit, with: names, unnamed: unnamed)]
        }
    }
}
