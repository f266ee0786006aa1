import TaizhangSupport
import Foundation
import Ledger

extension ScoreBoard {
    /// `scores.json` as `cli.md` shows it: `{"towns": [{town, rank, total, award, indicators}],
    /// "cadres": [{name, town, rank, total, award}]}`, keys in that order, followed by additions:
    /// cadres' `indicators`, and for both `veto` (the reasons) and `notes` (ties and how they were
    /// settled), and `robustness` (scoring.md's `{"rank_low", "rank_high", "awards": {tier: share}}`,
    /// tiers never got left out, shares to 6 decimals; null when `robustness.draws` is 0). Each indicator is `{name, raw, normalised, weight, points}`; a bonus or a penalty has
    /// `normalised` and `weight` null and its points (negative for a penalty). The total has 2
    /// decimals at most; normalised values and points are given to 10 decimals; raw dates are
    /// `"YYYY-MM-DD"` and a missing raw value is null; `award` is null when none.
    public var json: String {
        let towns = self.towns.map { standing in
            Self.object([("town", JSONText.string(standing.town))], standing: standing)
        }
        let cadres = self.cadres.map { standing in
            Self.object([("name", JSONText.string(standing.name)), ("town", JSONText.string(standing.town))], standing: standing)
        }
        return JSONText.object([("towns", JSONText.array(towns, indent: 1)), ("cadres", JSONText.array(cadres, indent: 1))]) + "\n"
    }

    private static func object(_ identity: [(String, String)], standing: Standing) -> String {
        JSONText.object(identity + [
            ("rank", String(standing.rank)),
            ("total", DecimalText.text(standing.total, minimumFractionDigits: 1)),
            ("award", JSONText.optional(standing.award)),
            ("indicators", JSONText.array(standing.indicators.map(indicator), indent: 3)),
            ("veto", "[" + standing.vetoReasons.map(JSONText.string).joined(separator: ", ") + "]"),
            ("notes", JSONText.array(standing.notes.map { JSONText.string($0.description) }, indent: 3)),
            ("robustness", standing.robustness.map(robustness) ?? "null"),
        ], indent: 2)
    }

    /// Shares are exact to 6 decimals: there are at most 1,000,000 draws, so a share is never shown as 0.
    private static func robustness(_ robustness: RankRobustness) -> String {
        let awards = robustness.awards.map { share in
            (share.tier, DecimalText.text(robustness.fraction(share).rounded(places: 6), minimumFractionDigits: 1))
        }
        return JSONText.compactObject([
            ("rank_low", String(robustness.rankLow)),
            ("rank_high", String(robustness.rankHigh)),
            ("awards", JSONText.compactObject(awards)),
        ])
    }

    private static func indicator(_ score: IndicatorScore) -> String {
        JSONText.compactObject([
            ("name", JSONText.string(score.name)),
            ("raw", raw(score.raw)),
            ("normalised", score.normalised.map(precise) ?? "null"),
            ("weight", score.weight.map { DecimalText.text($0) } ?? "null"),
            ("points", precise(score.points)),
        ])
    }

    private static func raw(_ value: MetricValue) -> String {
        switch value {
        case .number(let number): return DecimalText.text(number.rounded(places: 10))
        case .date(let date): return JSONText.string(date.description)
        case .none: return "null"
        }
    }

    private static func precise(_ value: Decimal) -> String {
        DecimalText.text(value.rounded(places: 10), minimumFractionDigits: 1)
    }
}
