import Ledger

/// A town or cadre to score: who it is and what its metrics see.
struct Contender {
    var name: String
    var town: String
    var scope: MetricScope

    /// How notes name it: the town, or `姓名(镇)` for a cadre.
    var label: String { name == town ? town : "\(name)(\(town))" }

    /// The towns of a run, with only their counted rows.
    static func towns(_ data: DistrictData, rules: ScoringRules) -> [Contender] {
        data.towns.map { town in
            Contender(name: town.name, town: town.name,
                      scope: MetricScope(tables: countedRows(town.tables, rules: rules, district: data.district), target: town.target,
                                         errorCount: town.errorCount, dataRowCount: town.dataRowCount,
                                         deadline: data.district.deadline, reportDays: data.district.reportDays))
        }
    }

    /// The cadres of a run: one per name in each town's roster, seeing their own roster row and
    /// the counted rows that name them.
    static func cadres(_ data: DistrictData, rules: ScoringRules, cadreRules: CadreRules) -> [Contender] {
        data.towns.flatMap { town -> [Contender] in
            let tables = countedRows(town.tables, rules: rules, district: data.district)
            var names: [String] = []
            for row in tables[cadreRules.roster.sheet] ?? [] {
                guard let name = row[cadreRules.roster.column]?.description, !name.isEmpty, !names.contains(name) else { continue }
                names.append(name)
            }
            return names.map { name in
                var own: [String: [LedgerRow]] = [:]
                for path in [cadreRules.roster] + cadreRules.responsibility {
                    own[path.sheet] = (tables[path.sheet] ?? []).filter { $0[path.column]?.description == name }
                }
                return Contender(name: name, town: town.name,
                                 scope: MetricScope(tables: own, target: nil, errorCount: nil, dataRowCount: nil,
                                                    deadline: data.district.deadline, reportDays: data.district.reportDays))
            }
        }
    }

    /// The rows that count: those dated before the campaign start in a `not_before_campaign_start`
    /// column are left out.
    private static func countedRows(_ tables: [String: [LedgerRow]], rules: ScoringRules, district: DistrictConfig) -> [String: [LedgerRow]] {
        var counted = tables
        for path in rules.notBeforeCampaignStart {
            counted[path.sheet] = counted[path.sheet]?.filter { row in
                guard let date = row[path.column]?.date else { return true }
                return date >= district.campaignStart
            }
        }
        return counted
    }
}
