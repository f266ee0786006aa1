import Foundation
import Ledger

/// The scoring rules (`templates/scoring.yaml`, format in `docs/scoring-rules.md`): how towns and
/// cadres are scored, ranked and awarded.
public struct ScoringRules: Sendable {
    /// The rules' title.
    public var name: String
    /// Date columns whose rows count only when dated on or after the campaign start
    /// (an organisation founded earlier is not new).
    public var notBeforeCampaignStart: [ColumnPath]
    /// The sheet whose validated rows are listed, not scored, in the awards workbook (推荐名单).
    public var nominations: String?
    /// How towns are scored.
    public var towns: RankingRules
    /// How cadres are scored; nil when the rules rank no cadres.
    public var cadres: CadreRules?
    /// How the rank intervals and award shares are drawn (the same for towns and cadres).
    public var robustness: RobustnessSettings = RobustnessSettings()
}

/// The robustness of a ranking (`robustness:` in the rules file): `draws` times, every weighted
/// indicator's weight is multiplied by its own factor uniform in [1 − `spread`, 1 + `spread`], the
/// weights are scaled back to their sum, and the contenders are ranked and awarded again.
public struct RobustnessSettings: Hashable, Sendable {
    /// How far a weight may move, as a fraction of itself (0.2: ±20 %); 0 to 1 exclusive.
    public var spread: Decimal
    /// How many times the weights are drawn; 0 turns the analysis off.
    public var draws: Int
    /// Seeds the generator, so that a run is reproducible.
    public var seed: UInt64

    /// The defaults of scoring.md: ±20 %, 10,000 draws, seed 1.
    public init(spread: Decimal = Decimal(string: "0.2")!, draws: Int = 10_000, seed: UInt64 = 1) {
        self.spread = spread
        self.draws = draws
        self.seed = seed
    }
}

/// A column of a sheet, written `SHEET.COLUMN`.
public struct ColumnPath: Hashable, Sendable, CustomStringConvertible {
    /// The sheet's name.
    public var sheet: String
    /// The column's label.
    public var column: String

    /// `SHEET.COLUMN`.
    public var description: String { "\(sheet).\(column)" }
}

/// Who the cadres are and which rows belong to each.
public struct CadreRules: Sendable {
    /// The column listing the cadres, one per row, per town (挂点包干.姓名); their own row is theirs.
    public var roster: ColumnPath
    /// Columns naming the cadre a row belongs to (直属团组织.挂点班子成员).
    public var responsibility: [ColumnPath]
    /// How cadres are scored.
    public var ranking: RankingRules
}

/// Indicators, bonuses, penalties, vetoes, tie-breakers and tiers for one kind of contender.
public struct RankingRules: Sendable {
    /// Weighted indicators; the weights sum to 100.
    public var indicators: [Indicator]
    /// Points added to the total.
    public var bonuses: [Bonus]
    /// Points deducted from the total.
    public var penalties: [Penalty]
    /// Conditions that leave only the last tier.
    public var vetoes: [Veto]
    /// Applied in order to equal totals.
    public var tieBreakers: [TieBreaker]
    /// In order: each contender gets the first tier whose conditions it meets.
    public var tiers: [AwardTier]
}

/// A weighted indicator: points = weight × the normalised value of its metric.
public struct Indicator: Sendable {
    /// The name the export shows.
    public var name: String
    /// What is measured.
    public var metric: Metric
    /// How the raw value becomes 0…1.
    public var method: Normalisation
    /// The points for a normalised value of 1.
    public var weight: Decimal
}

/// Extra points (加分): `points` per unit of the metric above `beyond`, at most `cap`.
public struct Bonus: Sendable {
    /// The name the export shows (as one more indicator).
    public var name: String
    /// The units counted.
    public var metric: Metric
    /// Points per unit above `beyond`.
    public var points: Decimal
    /// Units up to this earn nothing.
    public var beyond: Decimal
    /// The most the bonus gives.
    public var cap: Decimal

    /// The bonus for a raw value: nothing for no value.
    func award(for raw: MetricValue) -> Decimal {
        guard let value = raw.number else { return 0 }
        return (points * Swift.max(0, value - beyond)).clipped(to: 0...cap)
    }
}

/// A deduction (扣分): `points` per occurrence counted by the metric, at most `cap` (扣完为止).
public struct Penalty: Sendable {
    /// The name the export shows (as one more indicator).
    public var name: String
    /// The occurrences counted.
    public var metric: Metric
    /// Points deducted per occurrence.
    public var points: Decimal
    /// The most the item deducts.
    public var cap: Decimal

    /// The deduction (a positive number) for a raw count.
    func deduction(for raw: MetricValue) -> Decimal {
        guard let count = raw.number else { return 0 }
        return (points * count).clipped(to: 0...cap)
    }
}

/// A veto (一票否决): when its condition holds the contender can get only the last tier, and only
/// when that tier takes the rest (no condition).
public struct Veto: Sendable {
    /// Why, as the export says it.
    public var reason: String
    /// When it holds.
    public var condition: MetricCondition
}

/// A tie-breaker: separates equal totals by a metric or an indicator's normalised value.
public struct TieBreaker: Sendable {
    /// What is compared.
    public enum Source: Sendable {
        /// A metric's raw value.
        case metric(Metric)
        /// An indicator's normalised value (e.g. 建团完成率 as a rate).
        case indicator(String)
    }

    /// Which value wins. A contender with no value loses to any value.
    public enum Preference: String, Sendable {
        /// The higher number wins.
        case higher
        /// The lower number wins.
        case lower
        /// The earlier date wins.
        case earlier
        /// The later date wins.
        case later
    }

    /// The name notes show (e.g. 达标日期).
    public var name: String
    /// What is compared.
    public var source: Source
    /// Which value wins.
    public var preference: Preference

    /// Whether `lhs` is preferred to `rhs` (`.orderedAscending`), the reverse, or neither.
    func order(_ lhs: MetricValue, _ rhs: MetricValue) -> ComparisonResult {
        switch (lhs.scalar, rhs.scalar) {
        case (nil, nil): return .orderedSame
        case (_?, nil): return .orderedAscending
        case (nil, _?): return .orderedDescending
        case (let left?, let right?):
            if left == right { return .orderedSame }
            let lowerWins = preference == .lower || preference == .earlier
            return (left < right) == lowerWins ? .orderedAscending : .orderedDescending
        }
    }
}

/// An award tier (先进集体, 达标单位 …). `top` and `share` bound the rank, so contenders sharing a
/// rank at the boundary are all in; a tier with no condition takes the rest.
public struct AwardTier: Sendable {
    /// The award's name (先进集体).
    public var name: String
    /// At most this rank.
    public var top: Int?
    /// At most the rank `share` × the number of contenders, rounded down but at least 1.
    public var share: Decimal?
    /// At least this (rounded) total.
    public var minScore: Decimal?

    /// The rank limit for `count` contenders: the smaller of `top` and the share's quota; nil when neither is set.
    func rankLimit(contenders count: Int) -> Int? {
        let quota = share.map { Swift.max(1, NSDecimalNumber(decimal: ($0 * Decimal(count)).rounded(places: 0, mode: .down)).intValue) }
        switch (top, quota) {
        case (let top?, let quota?): return Swift.min(top, quota)
        case (let top?, nil): return top
        case (nil, let quota?): return quota
        case (nil, nil): return nil
        }
    }

    /// Whether the tier has no condition, so takes every contender that reaches it (未达标).
    public var takesTheRest: Bool { top == nil && share == nil && minScore == nil }
}
