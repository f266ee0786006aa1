import Ledger

extension ScoringRules {
    /// Every sheet and column the rules read, so that a merge of thousands of towns keeps only
    /// those in memory. The nominations sheet is kept whole (it is listed, not scored).
    public func referencedColumns(schema: LedgerSchema) -> [String: Set<String>] {
        var columns: [String: Set<String>] = [:]
        func add(_ sheet: String, _ column: String?) {
            columns[sheet, default: []].formUnion(column.map { [$0] } ?? [])
        }
        func add(_ selection: RowSelection) {
            add(selection.sheet, nil)
            for condition in selection.conditions { add(selection.sheet, condition.column) }
        }
        func add(_ metric: Metric) {
            for term in metric.terms {
                switch term {
                case .count(let rows): add(rows)
                case .sum(let rows, let column), .distinct(let rows, let column), .reached(let rows, let column, _),
                     .daysEarly(let rows, let column, _), .reportDays(let rows, let column):
                    add(rows)
                    add(rows.sheet, column)
                case .findingRate: break
                }
            }
        }
        func add(_ ranking: RankingRules) {
            ranking.indicators.forEach { add($0.metric) }
            ranking.bonuses.forEach { add($0.metric) }
            ranking.penalties.forEach { add($0.metric) }
            ranking.vetoes.forEach { add($0.condition.metric) }
            for tieBreaker in ranking.tieBreakers {
                if case .metric(let metric) = tieBreaker.source { add(metric) }
            }
        }
        add(towns)
        notBeforeCampaignStart.forEach { add($0.sheet, $0.column) }
        if let cadres {
            add(cadres.roster.sheet, cadres.roster.column)
            cadres.responsibility.forEach { add($0.sheet, $0.column) }
            add(cadres.ranking)
        }
        if let nominations, let sheet = schema.sheet(nominations) {
            columns[nominations, default: []].formUnion(sheet.columns.map(\.label))
        }
        return columns
    }
}
