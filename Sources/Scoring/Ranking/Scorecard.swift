import Foundation

/// The points of every contender under one set of rules, before ranking.
struct Scorecard {
    /// Per contender: the indicators, then bonuses, then penalties.
    var breakdowns: [[IndicatorScore]]
    /// Per contender: the sum of the unrounded points.
    var unroundedTotals: [Decimal]
    /// Per contender: the reasons of the vetoes that hold.
    var vetoReasons: [[String]]
    /// Per contender: the tie-breakers' values, in the rules' order.
    var tieValues: [[MetricValue]]

    /// Per contender: the total rounded half-up to 2 decimals.
    var totals: [Decimal] { unroundedTotals.map { $0.rounded(places: 2) } }

    init(_ contenders: [Contender], rules: RankingRules) {
        let scopes = contenders.map(\.scope)
        var breakdowns = contenders.map { _ in [IndicatorScore]() }
        for indicator in rules.indicators {
            let raws = scopes.map { indicator.metric.evaluate(in: $0) }
            let normalised = indicator.method.normalise(raws, targets: scopes.map(\.target))
            for index in contenders.indices {
                breakdowns[index].append(IndicatorScore(name: indicator.name, kind: .indicator, raw: raws[index], normalised: normalised[index],
                                                        weight: indicator.weight, points: indicator.weight * normalised[index]))
            }
        }
        for (index, scope) in scopes.enumerated() {
            for bonus in rules.bonuses {
                let raw = bonus.metric.evaluate(in: scope)
                breakdowns[index].append(IndicatorScore(name: bonus.name, kind: .bonus, raw: raw, normalised: nil, weight: nil,
                                                        points: bonus.award(for: raw)))
            }
            for penalty in rules.penalties {
                let raw = penalty.metric.evaluate(in: scope)
                breakdowns[index].append(IndicatorScore(name: penalty.name, kind: .penalty, raw: raw, normalised: nil, weight: nil,
                                                        points: -penalty.deduction(for: raw)))
            }
        }
        self.breakdowns = breakdowns
        unroundedTotals = breakdowns.map { $0.reduce(Decimal(0)) { $0 + $1.points } }
        vetoReasons = scopes.map { scope in rules.vetoes.filter { $0.condition.holds(in: scope) }.map(\.reason) }
        tieValues = zip(scopes, breakdowns).map { scope, breakdown in
            rules.tieBreakers.map { tieBreaker in
                switch tieBreaker.source {
                case .metric(let metric): return metric.evaluate(in: scope)
                case .indicator(let name): return breakdown.first { $0.name == name }?.normalised.map(MetricValue.number) ?? .none
                }
            }
        }
    }
}
