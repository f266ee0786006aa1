import Ledger
@testable import Scoring

/// The default schema, district and rules from `templates/`, and builders of ledger rows.
enum Fixtures {
    static let templates: String = {
        let file = #filePath
        return file.components(separatedBy: "/Tests/").first! + "/templates"
    }()

    static let configuration: LedgerConfiguration = {
        try! LedgerConfiguration.load(schemaPath: templates + "/ledger.yaml", districtPath: templates + "/district.yaml")
    }()

    static var schema: LedgerSchema { configuration.schema }
    static var district: DistrictConfig { configuration.district }

    static func defaultRules() throws -> ScoringRules {
        try ScoringRules.load(path: templates + "/scoring.yaml", schema: schema)
    }

    static func rules(_ text: String) throws -> ScoringRules {
        try ScoringRules.parse(text, file: "test.yaml", schema: schema)
    }

    /// Rules whose only indicator is `sum(调查摸底.发放调查表数)` ÷ `divisor` × 100: a town's total is
    /// then its issued questionnaires ÷ `divisor` × 100. `ranking` holds more keys of the towns'
    /// section (tiers, tie-breakers …), written without indentation.
    static func plainRules(divisor: Int = 100, _ ranking: String = "") throws -> ScoringRules {
        let more = ranking.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        return try rules("""
        towns:
          indicators:
            - {name: 得分, metric: sum(调查摸底.发放调查表数), method: ratio, of: \(divisor), weight: 100}
        \(more)
        """)
    }

    static func date(_ text: String) -> LedgerValue { .date(LedgerDate(iso: text)!) }

    static func organisation(_ founded: String, area: String = "企业", members: Int = 5, cadre: String = "赵六",
                             type: String = "团支部") -> LedgerRow {
        ["成立日期": date(founded), "依托领域": .text(area), "团员人数": .integer(members), "青年人数": .integer(members * 3),
         "挂点班子成员": .text(cadre), "组织类型": .text(type)]
    }

    static func survey(issued: Int, visits: Int) -> LedgerRow {
        ["发放调查表数": .integer(issued), "回收调查表数": .integer(issued), "上门走访次数": .integer(visits)]
    }

    static func activity(type: String = "座谈讨论会", shown: Int = 0, attendees: Int = 10) -> LedgerRow {
        ["活动类型": .text(type), "亮明身份团员数": .integer(shown), "参加人数": .integer(attendees)]
    }

    static func report(_ day: String) -> LedgerRow { ["交账日期": date(day)] }

    static func cadre(_ name: String, areas: Int) -> LedgerRow { ["姓名": .text(name), "包干区域数": .integer(areas)] }

    static func town(_ name: String, target: Int = 20, errors: Int = 0, rows: Int = 10, _ tables: [String: [LedgerRow]]) -> TownData {
        TownData(name: name, target: target, tables: tables, errorCount: errors, dataRowCount: rows)
    }

    /// A town whose only data is one survey row with this many questionnaires issued.
    static func issuing(_ name: String, _ issued: Int) -> TownData {
        town(name, ["调查摸底": [survey(issued: issued, visits: 0)]])
    }

    static func score(_ towns: [TownData], rules: ScoringRules) -> ScoreBoard {
        Scoring.score(DistrictData(district: district, towns: towns), rules: rules)
    }

    /// `count` copies of a row.
    static func repeated(_ count: Int, _ row: LedgerRow) -> [LedgerRow] { Array(repeating: row, count: count) }
}
