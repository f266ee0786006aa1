import Foundation

/// Gives each contender the first tier that admits it. A vetoed contender can get only the last
/// tier, and only when that tier takes the rest (has no condition): otherwise no award. A veto does
/// not move the others up: tiers bound ranks, and ranks follow the totals.
struct AwardAssigner {
    let tiers: [AwardTier]
    let ranks: [Int]
    let totals: [Decimal]
    let vetoed: [Bool]

    /// Per contender: the tier's name, nil when no tier admits it.
    var awards: [String?] {
        ranks.indices.map { tier(for: $0)?.name }
    }

    private func tier(for index: Int) -> AwardTier? {
        let open = vetoed[index] ? tiers.suffix(1).filter(\.takesTheRest) : tiers
        return open.first { $0.admits(rank: ranks[index], total: totals[index], contenders: ranks.count) }
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
