import Ledger
import Testing
@testable import Scoring

/// `rank_points` written in a rules file: the table read as written (percentages or numbers), the
/// order, and the points a district's towns then get.
@Suite("Scoring: rank_points from a rules file")
struct RankPointsRulesTests {
    @Test func percentagesByRankWithSharedRanksAndNothingBeyondTheTable() throws {
        let rules = try Fixtures.rules("""
            towns:
              indicators:
                - {name: 调查, metric: sum(调查摸底.发放调查表数), method: rank_points, table: [100%, 90%, 80%], weight: 100}
            """)
        let board = Fixtures.score([Fixtures.issuing("甲镇", 50), Fixtures.issuing("乙镇", 40), Fixtures.issuing("丙镇", 40),
                                    Fixtures.issuing("丁镇", 10)], rules: rules)
        let points = Dictionary(uniqueKeysWithValues: board.towns.map { ($0.name, $0.total) })
        // 甲 1st (100 %), 乙 and 丙 share 2nd (90 %), 丁 is 4th, beyond the table (0).
        #expect(points["甲镇"] == 100 && points["乙镇"] == 90 && points["丙镇"] == 90 && points["丁镇"] == 0)
    }

    @Test func lowerFirstAndPlainNumbers() throws {
        let rules = try Fixtures.rules("""
            towns:
              indicators:
                - {name: 调查, metric: sum(调查摸底.发放调查表数), method: rank_points, table: [1, 0.5], order: lower, weight: 100}
            """)
        let board = Fixtures.score([Fixtures.issuing("甲镇", 50), Fixtures.issuing("乙镇", 10), Fixtures.issuing("丙镇", 30)], rules: rules)
        let points = Dictionary(uniqueKeysWithValues: board.towns.map { ($0.name, $0.total) })
        #expect(points["乙镇"] == 100 && points["丙镇"] == 50 && points["甲镇"] == 0)
    }

    @Test func aWrongTableOrOrderNamesTheLine() {
        #expect(throws: ConfigurationError.self) {
            try Fixtures.rules("""
                towns:
                  indicators:
                    - {name: 调查, metric: sum(调查摸底.发放调查表数), method: rank_points, table: [100%, 九成], weight: 100}
                """)
        }
        #expect(throws: ConfigurationError.self) {
            try Fixtures.rules("""
                towns:
                  indicators:
                    - {name: 调查, metric: sum(调查摸底.发放调查表数), method: rank_points, table: [1], order: sideways, weight: 100}
                """)
        }
    }
}
