/// Scoring and ranking of towns and cadres for the year-end awards (评优评先); see `scoring.md`
/// and `docs/scoring-rules.md`.
///
/// ```swift
/// let configuration = try LedgerConfiguration.load()
/// let rules = try ScoringRules.default(schema: configuration.schema)  // or .load(path:schema:)
/// let board = Scoring.score(DistrictData(district: configuration.district, towns: towns), rules: rules)
/// print(board.text)
/// ```
public enum Scoring {
    /// Scores, ranks and awards the towns, and the cadres when the rules rank them.
    public static func score(_ data: DistrictData, rules: ScoringRules) -> ScoreBoard {
        let towns = standings(Contender.towns(data, rules: rules), rules: rules.towns, robustness: rules.robustness)
        let cadres = rules.cadres.map { cadreRules in
            standings(Contender.cadres(data, rules: rules, cadreRules: cadreRules), rules: cadreRules.ranking, robustness: rules.robustness)
        } ?? []
        return ScoreBoard(towns: towns, cadres: cadres)
    }

    /// The standings of contenders scored together, in rank order, with their rank intervals and
    /// award shares when `robustness` draws any.
    static func standings(_ contenders: [Contender], rules: RankingRules, robustness: RobustnessSettings) -> [Standing] {
        let scorecard = Scorecard(contenders, rules: rules)
        let totals = scorecard.totals
        let labels = contenders.map(\.label)
        let ranker = Ranker(totals: totals, tieValues: scorecard.tieValues, tieBreakers: rules.tieBreakers)
        let ranks = ranker.ranks
        let assigner = AwardAssigner(tiers: rules.tiers, ranks: ranks, totals: totals, vetoed: scorecard.vetoReasons.map { !$0.isEmpty })
        let awards = assigner.awards
        let tieNotes = ranker.notes(labels: labels)
        let boundaryNotes = assigner.boundaryNotes(labels: labels)
        let intervals = WeightDraws(settings: robustness, indicators: rules.indicators, scorecard: scorecard, pass: ranker.pass,
                                    tiers: assigner.table).run()
        return ranker.order.map { index in
            Standing(name: contenders[index].name, town: contenders[index].town, rank: ranks[index], total: totals[index],
                     unroundedTotal: scorecard.unroundedTotals[index], award: awards[index], indicators: scorecard.breakdowns[index],
                     vetoReasons: scorecard.vetoReasons[index], notes: tieNotes[index] + boundaryNotes[index],
                     robustness: intervals?[index])
        }
    }
}
