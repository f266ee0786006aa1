import Foundation
import Ledger
import Testing
@testable import Scoring

/// The default rules (`templates/scoring.yaml`) on a small district worked out by hand.
@Suite("Scoring: the default rules on a hand-computed district")
struct DefaultRulesTests {
    typealias F = Fixtures

    func decimal(_ text: String) -> Decimal { Decimal(string: text)! }

    /// 湖坊镇: 22 organisations counted (the 20th founded 10-20), one founded before the campaign
    /// start (not counted), five areas besides 其他; every Friday reported; 2 errors in 40 rows.
    var hufang: TownData {
        let areas = ["商业街区", "企业", "集贸市场", "农业产业化基地", "居住社区"]
        let organisations = (0..<10).map { F.organisation("2026-10-10", area: areas[$0 % 5], cadre: "赵六") }
            + (0..<10).map { F.organisation("2026-10-20", area: "其他", cadre: $0 < 5 ? "赵六" : "钱七") }
            + F.repeated(2, F.organisation("2026-10-28", cadre: "钱七"))
            + [F.organisation("2026-08-20", cadre: "钱七")]
        return F.town("湖坊镇", errors: 2, rows: 40, [
            "直属团组织": organisations,
            "调查摸底": [F.survey(issued: 60, visits: 10), F.survey(issued: 40, visits: 10)],
            "活动开展": [F.activity(shown: 3), F.activity(shown: 3), F.activity(), F.activity()],
            "周交账": ["2026-10-02", "2026-10-09", "2026-10-16", "2026-10-23", "2026-10-30", "2026-10-31"].map(F.report),
            "挂点包干": [F.cadre("赵六", areas: 3), F.cadre("钱七", areas: 2)],
        ])
    }

    /// 罗家镇: 17 organisations (8 by 10-15), the best survey and 亮明身份, three Fridays, no errors.
    var luojia: TownData {
        let organisations = F.repeated(8, F.organisation("2026-10-12", area: "企业", members: 4, cadre: "孙八"))
            + F.repeated(8, F.organisation("2026-10-24", area: "居住社区", members: 4, cadre: "孙八"))
            + [F.organisation("2026-10-24", area: "其他", members: 4, cadre: "孙八")]
        return F.town("罗家镇", errors: 0, rows: 30, [
            "直属团组织": organisations,
            "调查摸底": [F.survey(issued: 200, visits: 40)],
            "活动开展": [F.activity(shown: 6), F.activity(shown: 6)],
            "周交账": ["2026-10-02", "2026-10-09", "2026-10-16", "2026-10-15"].map(F.report),
            "挂点包干": [F.cadre("孙八", areas: 4)],
        ])
    }

    /// 塘山镇: target 10, all founded 10-14 (17 days early, clipped to 16), four areas, no survey,
    /// no reports; 1 error in 10 rows.
    var tangshan: TownData {
        let areas = ["企业", "企业", "企业", "商业街区", "商业街区", "商业街区", "集贸市场", "集贸市场", "居住社区", "居住社区"]
        return F.town("塘山镇", target: 10, errors: 1, rows: 10, [
            "直属团组织": areas.map { F.organisation("2026-10-14", area: $0, members: 10, cadre: "李九") },
            "活动开展": F.repeated(4, F.activity()),
            "挂点包干": [F.cadre("李九", areas: 3)],
        ])
    }

    var board: ScoreBoard {
        get throws { F.score([hufang, luojia, tangshan], rules: try F.defaultRules()) }
    }

    @Test func townsAreScoredRankedAndAwarded() throws {
        let towns = try board.towns
        #expect(towns.map(\.name) == ["湖坊镇", "塘山镇", "罗家镇"])
        #expect(towns.map(\.rank) == [1, 2, 3])
        #expect(towns.map(\.unroundedTotal) == [decimal("88.875"), 71, 59])
        #expect(towns.map(\.total) == [decimal("88.88"), 71, 59])
        #expect(towns.map(\.award) == ["先进集体", "达标单位", "未达标"])
        #expect(towns.allSatisfy { $0.vetoReasons.isEmpty && $0.notes.isEmpty })
    }

    @Test func everyIndicatorIsExplained() throws {
        let towns = try board.towns
        let names = ["建团完成率", "首节点达标", "次节点达标", "提前完成", "调查摸底", "宣传活动", "亮明身份", "周交账", "台账质量", "领域覆盖"]
        #expect(towns.allSatisfy { $0.indicators.map(\.name) == names })
        let hufang = towns[0].indicators
        #expect(hufang.map(\.raw) == [22, 10, 20, 11, 120, 4, 6, 5, decimal("0.05"), 5].map { MetricValue.number($0) })
        #expect(hufang.map(\.normalised) == [1, 1, 1, decimal("0.6875"), decimal("0.5"), 1, decimal("0.5"), 1, decimal("0.75"), nil])
        #expect(hufang.map(\.weight) == [30, 10, 10, 10, 10, 5, 5, 10, 10, nil])
        #expect(hufang.map(\.points) == [30, 10, 10, decimal("6.875"), 5, 5, decimal("2.5"), 10, decimal("7.5"), 2])
        let luojia = towns[2].indicators
        #expect(luojia.map(\.raw) == [.number(17), .number(8), .number(17), .none, .number(240), .number(2), .number(12), .number(3), .number(0), .number(2)])
        #expect(luojia.map(\.points) == [decimal("25.5"), 0, 0, 0, 10, decimal("2.5"), 5, 6, 10, 0])
        let tangshan = towns[1].indicators
        #expect(tangshan.map(\.raw) == [10, 10, 10, 17, 0, 4, 0, 0, decimal("0.1"), 4].map { MetricValue.number($0) })
        #expect(tangshan.map(\.points) == [30, 10, 10, 10, 0, 5, 0, 0, 5, 1])
    }

    @Test func cadresAreRankedByTheirOrganisations() throws {
        let cadres = try board.cadres
        #expect(cadres.map(\.name) == ["孙八", "赵六", "李九", "钱七"])
        #expect(cadres.map(\.town) == ["罗家镇", "湖坊镇", "塘山镇", "湖坊镇"])
        #expect(cadres.map(\.rank) == [1, 2, 3, 4])
        #expect(cadres.map(\.total) == [decimal("93.6"), decimal("87.94"), decimal("75.29"), decimal("31.71")])
        #expect(cadres.map(\.award) == ["优秀团干部", "优秀团干部", "优秀团干部", nil])
        // 赵六: 15 of the best 17 organisations, 75 of the best 100 members, 3 areas.
        let zhao = cadres[1].indicators
        #expect(zhao.map(\.name) == ["挂点建团数", "挂点团员数", "包干区域数"])
        #expect(zhao.map(\.raw) == [.number(15), .number(75), .number(3)])
        #expect(zhao.map(\.normalised) == [Decimal(15) / 17, decimal("0.75"), 1])
        // 钱七's organisation founded before the campaign start does not count.
        #expect(cadres[3].indicators.map(\.raw) == [.number(7), .number(35), .number(2)])
        #expect(cadres[3].indicators[2].points == 0)
    }

    @Test func cadresAreIdentifiedByTownAndName() throws {
        func town(_ name: String) -> TownData {
            F.town(name, ["直属团组织": F.repeated(2, F.organisation("2026-10-10", cadre: "赵六")), "挂点包干": [F.cadre("赵六", areas: 3)]])
        }
        let cadres = F.score([town("湖坊镇"), town("罗家镇")], rules: try F.defaultRules()).cadres
        #expect(cadres.map(\.name) == ["赵六", "赵六"])
        #expect(cadres.map(\.town) == ["湖坊镇", "罗家镇"])
        #expect(cadres.map(\.indicators[0].raw) == [.number(2), .number(2)])
        #expect(cadres.map(\.rank) == [1, 1])
        #expect(cadres[0].notes.map(\.description) == ["与赵六(罗家镇)并列第1名"])
    }

    @Test func scoresJSONFollowsTheCommandLineContract() throws {
        let json = try board.json
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let towns = try #require(document["towns"] as? [[String: Any]])
        #expect(towns.map { $0["town"] as? String } == ["湖坊镇", "塘山镇", "罗家镇"])
        #expect(towns.first?["total"] as? Double == 88.88)
        let indicators = try #require(towns.last?["indicators"] as? [[String: Any]])
        #expect(indicators[3]["raw"] is NSNull)
        #expect(indicators.last?["name"] as? String == "领域覆盖")
        #expect(indicators.last?["weight"] is NSNull)
        let cadres = try #require(document["cadres"] as? [[String: Any]])
        #expect(cadres.last?["award"] is NSNull)
        #expect(cadres.last?["name"] as? String == "钱七")
        #expect(json.contains("""
              "town": "湖坊镇",
              "rank": 1,
              "total": 88.88,
              "award": "先进集体",
              "indicators": [
                {"name": "建团完成率", "raw": 22, "normalised": 1.0, "weight": 30, "points": 30.0},
        """))
        #expect(json.contains("""
                {"name": "提前完成", "raw": null, "normalised": 0.0, "weight": 10, "points": 0.0},
        """))
        #expect(json.contains("""
                {"name": "挂点建团数", "raw": 15, "normalised": 0.8823529412, "weight": 60, "points": 52.9411764706},
        """))
    }
}
