import Foundation

/// Ranks by total (highest first), tie-breakers in order separating equal totals; contenders
/// equal on the total and every tie-breaker share a rank and the next rank is skipped (RANK.EQ).
struct Ranker {
    let totals: [Decimal]
    let tieValues: [[MetricValue]]
    let tieBreakers: [TieBreaker]
    /// The ranking of `totals`, on buffers that the robustness draws reuse with other totals.
    let pass: RankingPass

    init(totals: [Decimal], tieValues: [[MetricValue]], tieBreakers: [TieBreaker]) {
        self.totals = totals
        self.tieValues = tieValues
        self.tieBreakers = tieBreakers
        var pass = RankingPass(tieClasses: Self.tieClasses(tieValues, tieBreakers))
        let cents = totals.map(\.cents)
        cents.withUnsafeBufferPointer { pass.rank(cents: $0) }
        self.pass = pass
    }

    /// Whether `lhs` goes ahead of `rhs` (`.orderedAscending`), behind, or level; and the index of
    /// the tie-breaker that decided when the totals are equal.
    func compare(_ lhs: Int, _ rhs: Int) -> (order: ComparisonResult, decidedBy: Int?) {
        if totals[lhs] != totals[rhs] { return (totals[lhs] > totals[rhs] ? .orderedAscending : .orderedDescending, nil) }
        return Self.compareTies(tieValues[lhs], tieValues[rhs], tieBreakers)
    }

    /// The tie-breakers in order on two contenders' values: the first that prefers one decides.
    private static func compareTies(_ lhs: [MetricValue], _ rhs: [MetricValue], _ tieBreakers: [TieBreaker]) -> (order: ComparisonResult, decidedBy: Int?) {
        for (index, tieBreaker) in tieBreakers.enumerated() {
            let order = tieBreaker.order(lhs[index], rhs[index])
            if order != .orderedSame { return (order, index) }
        }
        return (.orderedSame, nil)
    }

    /// Per contender: its class in the tie-breakers' order (0 the most preferred), contenders equal
    /// on every tie-breaker in the same class. The tie-breakers do not depend on the weights, so the
    /// classes serve every draw.
    private static func tieClasses(_ tieValues: [[MetricValue]], _ tieBreakers: [TieBreaker]) -> [Int32] {
        var classes = [Int32](repeating: 0, count: tieValues.count)
        guard !tieBreakers.isEmpty else { return classes }
        let sorted = tieValues.indices.sorted { compareTies(tieValues[$0], tieValues[$1], tieBreakers).order == .orderedAscending }
        for (position, index) in sorted.enumerated().dropFirst() {
            let previous = sorted[position - 1]
            let level = compareTies(tieValues[previous], tieValues[index], tieBreakers).order == .orderedSame
            classes[index] = level ? classes[previous] : classes[previous] + 1
        }
        return classes
    }

    /// Per contender: 1 + the number of contenders ahead of it (equal neighbours share a rank).
    var ranks: [Int] { pass.ranks.map(Int.init) }

    /// The contenders' indices in rank order (input order within a rank).
    var order: [Int] { pass.order.map(Int.init) }

    /// Per contender: how its equal totals were settled, naming the others by `labels`. Only
    /// contenders with the same total are compared, and within such a group only the nearest
    /// ``ScoreNote/namedLimit`` on either side, so the work stays near-linear however large the
    /// group (groups of up to that size are noted in full).
    func notes(labels: [String]) -> [[ScoreNote]] {
        let order = self.order
        let ranks = self.ranks
        var notes = [[ScoreNote]](repeating: [], count: totals.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, totals[order[end]] == totals[order[start]] { end += 1 }
            if end - start > 1 { addNotes(group: Array(order[start..<end]), ranks: ranks, labels: labels, to: &notes) }
            start = end
        }
        return notes
    }

    /// The notes of one group of equal totals, in rank order: whom each shares its rank with (a
    /// run of the group, since it is sorted), and the tie-breaks against its neighbours.
    private func addNotes(group: [Int], ranks: [Int], labels: [String], to notes: inout [[ScoreNote]]) {
        var runStart = [Int](repeating: 0, count: group.count)
        for position in group.indices.dropFirst() {
            runStart[position] = ranks[group[position]] == ranks[group[position - 1]] ? runStart[position - 1] : position
        }
        var runEnd = [Int](repeating: group.count, count: group.count)
        for position in group.indices.reversed().dropFirst() {
            runEnd[position] = runStart[position + 1] == runStart[position] ? runEnd[position + 1] : position + 1
        }
        let limit = ScoreNote.namedLimit
        for position in group.indices {
            let index = group[position]
            let run = runStart[position]..<runEnd[position]
            if run.count > 1 {
                let sharing = run.lazy.filter { $0 != position }.map { group[$0] }
                let (names, unnamed) = ScoreNote.named(sharing, count: run.count - 1, labels: labels)
                notes[index].append(.sharedRank(rank: ranks[index], with: names, unnamed: unnamed))
            }
            for other in max(0, position - limit)..<min(group.count, position + limit + 1) where !run.contains(other) {
                let (comparison, decidedBy) = compare(index, group[other])
                guard let decidedBy else { continue }
                notes[index].append(.tieBroken(TieBreakNote(tieBreaker: tieBreakers[decidedBy].name, other: labels[group[other]],
                                                            placedAhead: comparison == .orderedAscending,
                                                            value: tieValues[index][decidedBy], otherValue: tieValues[group[other]][decidedBy])))
            }
        }
    }
}
