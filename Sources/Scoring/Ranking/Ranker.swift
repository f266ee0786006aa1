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

    /// Per contender: 1 + the number of contenders ahead of it. O(n log n): one sort, then
    /// equal neighbours share a rank.
    var ranks: [Int] {
        let sorted = order
        var ranks = [Int](repeating: 0, count: totals.count)
        for (position, index) in sorted.enumerated() {
            if position > 0, compare(sorted[position - 1], index).order == .orderedSame {
                ranks[index] = ranks[sorted[position - 1]]
            } else {
                ranks[index] = position + 1
            }
        }
        return ranks
    }

    /// The contenders' indices in rank order (input order within a rank).
    var order: [Int] {
        totals.indices.sorted { lhs, rhs in
            let order = compare(lhs, rhs).order
            return order == .orderedAscending || (order == .orderedSame && lhs < rhs)
        }
    }

    /// Per contender: how its equal totals were settled, naming the others by `labels`. Only
    /// contenders with the same total are compared, so the work stays near-linear.
    func notes(labels: [String]) -> [[ScoreNote]] {
        let order = self.order
        let ranks = self.ranks
        var notes = [[ScoreNote]](repeating: [], count: totals.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, totals[order[end]] == totals[order[start]] { end += 1 }
            let group = order[start..<end]
            if group.count > 1 {
                for index in group {
                    var level: [String] = []
                    for other in group where other != index {
                        let (comparison, decidedBy) = compare(index, other)
                        guard let decidedBy else {
                            level.append(labels[other])
                            continue
                        }
                        notes[index].append(.tieBroken(TieBreakNote(tieBreaker: tieBreakers[decidedBy].name, other: labels[other],
                                                                    placedAhead: comparison == .orderedAscending,
                                                                    value: tieValues[index][decidedBy], otherValue: tieValues[other][decidedBy])))
                    }
                    if !level.isEmpty { notes[index].insert(.sharedRank(rank: ranks[index], with: level), at: 0) }
                }
            }
            start = end
        }
        return notes
    }
}
