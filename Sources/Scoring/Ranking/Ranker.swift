import Foundation

/// Ranks by total (highest first), tie-breakers in order separating equal totals; contenders
/// equal on the total and every tie-breaker share a rank and the next rank is skipped (RANK.EQ).
struct Ranker {
    let totals: [Decimal]
    let tieValues: [[MetricValue]]
    let tieBreakers: [TieBreaker]

    /// Whether `lhs` goes ahead of `rhs` (`.orderedAscending`), behind, or level; and the index of
    /// the tie-breaker that decided when the totals are equal.
    func compare(_ lhs: Int, _ rhs: Int) -> (order: ComparisonResult, decidedBy: Int?) {
        if totals[lhs] != totals[rhs] { return (totals[lhs] > totals[rhs] ? .orderedAscending : .orderedDescending, nil) }
        for (index, tieBreaker) in tieBreakers.enumerated() {
            let order = tieBreaker.order(tieValues[lhs][index], tieValues[rhs][index])
            if order != .orderedSame { return (order, index) }
        }
        return (.orderedSame, nil)
    }

    /// Per contender: 1 + the number of contenders ahead of it.
    var ranks: [Int] {
        totals.indices.map { index in 1 + totals.indices.filter { compare($0, index).order == .orderedAscending }.count }
    }

    /// The contenders' indices in rank order (input order within a rank).
    var order: [Int] {
        let ranks = self.ranks
        return totals.indices.sorted { (ranks[$0], $0) < (ranks[$1], $1) }
    }

    /// Per contender: how its equal totals were settled, naming the others by `labels`.
    func notes(labels: [String]) -> [[ScoreNote]] {
        let ranks = self.ranks
        let order = self.order
        return totals.indices.map { index in
            var notes: [ScoreNote] = []
            var level: [String] = []
            for other in order where other != index && totals[other] == totals[index] {
                let (comparison, decidedBy) = compare(index, other)
                guard let decidedBy else {
                    level.append(labels[other])
                    continue
                }
                notes.append(.tieBroken(TieBreakNote(tieBreaker: tieBreakers[decidedBy].name, other: labels[other],
                                                     placedAhead: comparison == .orderedAscending,
                                                     value: tieValues[index][decidedBy], otherValue: tieValues[other][decidedBy])))
            }
            if !level.isEmpty { notes.insert(.sharedRank(rank: ranks[index], with: level), at: 0) }
            return notes
        }
    }
}
