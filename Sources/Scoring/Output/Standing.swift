import Foundation

/// One line of a breakdown: a weighted indicator, a bonus or a penalty.
public struct IndicatorScore: Hashable, Sendable {
    /// What the line is.
    public enum Kind: String, Hashable, Sendable {
        /// Weighted: points = weight × normalised.
        case indicator
        /// Added points (no weight, no normalised value).
        case bonus
        /// Deducted points (no weight, no normalised value; the points are negative).
        case penalty
    }

    /// The indicator's, bonus's or penalty's name in the rules.
    public var name: String
    /// Indicator, bonus or penalty.
    public var kind: Kind
    /// The metric's value as measured.
    public var raw: MetricValue
    /// 0…1; nil for a bonus or a penalty.
    public var normalised: Decimal?
    /// Nil for a bonus or a penalty.
    public var weight: Decimal?
    /// Unrounded: weight × normalised, the bonus, or minus the deduction.
    public var points: Decimal
}

/// How a town or cadre came out: rank, total, award and everything behind them.
public struct Standing: Sendable {
    /// The town's name, or the cadre's.
    public var name: String
    /// The town (for a town, its own name).
    public var town: String
    /// 1 for the best; equal totals that no tie-breaker separates share a rank (1, 2, 2, 4).
    public var rank: Int
    /// The total rounded half-up to 2 decimals: ROUND(sum of the unrounded points, 2).
    public var total: Decimal
    /// The sum of the unrounded points (indicators, plus bonuses, minus penalties).
    public var unroundedTotal: Decimal
    /// The award tier's name; nil when no tier admits it.
    public var award: String?
    /// The indicators in rules order, then the bonuses, then the penalties.
    public var indicators: [IndicatorScore]
    /// The reasons of the vetoes that hold (empty when none): it could get only the last tier.
    public var vetoReasons: [String]
    /// Ties and how they were settled, for comments in the export.
    public var notes: [ScoreNote]
    /// How the rank and award fare when the weights move; nil when the rules draw nothing (`robustness.draws: 0`).
    public var robustness: RankRobustness?

    /// The tie-breakers that decided this one's order against an equal total (for the rank cell's comment).
    public var decidingTieBreakers: [String] {
        var names: [String] = []
        for case .tieBroken(let tieBreak) in notes where !names.contains(tieBreak.tieBreaker) { names.append(tieBreak.tieBreaker) }
        return names
    }
}

/// A contender's rank interval and award shares over the robustness draws (scoring.md, "Robustness
/// of the ranking").
public struct RankRobustness: Hashable, Sendable {
    /// The 5th percentile of its rank over the draws (nearest rank): the better end of the interval.
    public var rankLow: Int
    /// The 95th percentile of its rank over the draws (nearest rank).
    public var rankHigh: Int
    /// How many draws there were.
    public var draws: Int
    /// The tiers it got in at least one draw, in the rules' order.
    public var awards: [AwardShare]

    /// 名次区间 as the export shows it: `3–4`, or `3` when both ends are the same.
    public var interval: String { rankLow == rankHigh ? String(rankLow) : "\(rankLow)–\(rankHigh)" }

    /// The share of the draws that gave `share` its tier, exactly (`draws` divides it).
    public func fraction(_ share: AwardShare) -> Decimal { Decimal(share.draws) / Decimal(draws) }
}

/// An award tier and the number of draws that gave it.
public struct AwardShare: Hashable, Sendable {
    /// The tier's name (先进集体).
    public var tier: String
    /// In how many draws the contender got it.
    public var draws: Int
}

/// How a tie-breaker settled the order of two equal totals.
public struct TieBreakNote: Hashable, Sendable {
    /// The tie-breaker's name (e.g. 达标日期).
    public var tieBreaker: String
    /// The other town, or the other cadre as `姓名（镇）`.
    public var other: String
    /// Whether this one was placed ahead of the other.
    public var placedAhead: Bool
    /// This one's value of the tie-breaker.
    public var value: MetricValue
    /// The other's value.
    public var otherValue: MetricValue
}

/// A note on a standing, in Chinese as the export shows it.
///
/// Notes name at most ``namedLimit`` others: in a district of thousands, hundreds may share a
/// total, and naming every one in every note would make the notes grow with the square of the
/// group (gigabytes of scores.json at the national scale). The count of the others left
/// unnamed is kept.
public enum ScoreNote: Hashable, Sendable, CustomStringConvertible {
    /// How many others a note names at most; `Ranker` also notes tie-breaks only against the
    /// nearest this many on either side.
    public static let namedLimit = 10

    /// Equal on the total and every tie-breaker with these others (and `unnamed` more): the same rank.
    case sharedRank(rank: Int, with: [String], unnamed: Int = 0)
    /// An equal total separated by a tie-breaker.
    case tieBroken(TieBreakNote)
    /// A shared rank straddling a tier's rank limit: all who share it are in.
    case tierBoundaryTie(tier: String, rank: Int, limit: Int, with: [String], unnamed: Int = 0)

    /// `与罗家镇并列第2名` and the like.
    public var description: String {
        switch self {
        case .sharedRank(let rank, let others, let unnamed):
            return "与\(Self.list(others, unnamed))并列第\(rank)名"
        case .tieBroken(let note):
            return "与\(note.other)总分相同,按“\(note.tieBreaker)”排在其\(note.placedAhead ? "前" : "后")"
                + "(本方 \(note.value),对方 \(note.otherValue))"
        case .tierBoundaryTie(let tier, let rank, let limit, let others, let unnamed):
            return "与\(Self.list(others, unnamed))并列第\(rank)名,超出“\(tier)”前\(limit)名的名额,并列者均入选"
        }
    }

    /// `甲、乙` or, with others unnamed, `甲、乙等 12 个`.
    private static func list(_ names: [String], _ unnamed: Int) -> String {
        names.joined(separator: "、") + (unnamed > 0 ? "等 \(names.count + unnamed) 个" : "")
    }

    /// The first ``namedLimit`` of `others` (`count` of them) as labels, and how many are left
    /// (only the named ones are visited).
    static func named(_ others: some Sequence<Int>, count: Int, labels: [String]) -> (names: [String], unnamed: Int) {
        let names = others.prefix(namedLimit).map { labels[$0] }
        return (names, count - names.count)
    }
}

/// The scores of one run: towns and cadres in rank order.
public struct ScoreBoard: Sendable {
    /// The towns in rank order (their input order within a rank).
    public var towns: [Standing]
    /// The cadres in rank order; empty when the rules rank no cadres.
    public var cadres: [Standing]
}
