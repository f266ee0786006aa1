import Foundation
import Ledger
import Testing
@testable import Scoring

@Suite("Scoring: ranks, tie-breakers, tiers, vetoes, bonuses and penalties")
struct RankingTests {
    typealias F = Fixtures

    static let tiers = """
    tiers:
      - {name: 先进集体, top: 2, min_score: 85}
      - {name: 达标单位, min_score: 60}
      - {name: 未达标}
    """

    func decimal(_ text: String) -> Decimal { Decimal(string: text)! }

    func organisations(_ count: Int, _ founded: String) -> [LedgerRow] { F.repeated(count, F.organisation(founded)) }

    @Test func equalTotalsShareARankAndTheNextIsSkipped() throws {
        let board = F.score([F.issuing("湖坊镇", 80), F.issuing("罗家镇", 90), F.issuing("塘山镇", 70), F.issuing("京东镇", 80)],
                            rules: try F.plainRules())
        #expect(board.towns.map(\.name) == ["罗家镇", "湖坊镇", "京东镇", "塘山镇"])
        #expect(board.towns.map(\.rank) == [1, 2, 2, 4])
        #expect(board.towns.map(\.total) == [90, 80, 80, 70])
        #expect(board.towns[1].notes == [.sharedRank(rank: 2, with: ["京东镇"])])
        #expect(board.towns[2].notes == [.sharedRank(rank: 2, with: ["湖坊镇"])])
        #expect(board.towns[0].notes.isEmpty)
    }

    @Test func aLargeTieNamesTenAndCountsTheRest() throws {
        // 300 towns on one total: every note would otherwise name 299 others (gigabytes of
        // scores.json at the national scale).
        let towns = (1...300).map { F.issuing("第\($0)镇", 80) }
        let board = F.score(towns, rules: try F.plainRules())
        #expect(Set(board.towns.map(\.rank)) == [1])
        for standing in board.towns {
            guard case .sharedRank(let rank, let names, let unnamed)? = standing.notes.first, standing.notes.count == 1 else {
                Issue.record("\(standing.name): \(standing.notes)")
                continue
            }
            #expect(rank == 1 && names.count == ScoreNote.namedLimit && unnamed == 299 - ScoreNote.namedLimit)
            #expect(!names.contains(standing.name))
            #expect(standing.notes[0].description.hasSuffix("等 299 个并列第1名"))
        }
    }

    @Test func aLargeTieBrokenGroupNotesOnlyTheNeighbours() throws {
        let rules = try F.plainRules("""
        tie_breakers:
          - {name: 达标日期, metric: "reached(直属团组织.成立日期, target)", prefer: earlier}
        """)
        // 60 towns on one total, each reaching the target on a different day.
        let towns = (0..<60).map { day in
            F.town("第\(day)镇", ["调查摸底": [F.survey(issued: 80, visits: 0)],
                                "直属团组织": organisations(20, "2026-\(String(format: "%02d", 1 + day / 28))-\(String(format: "%02d", 1 + day % 28))")])
        }
        let board = F.score(towns, rules: rules)
        #expect(board.towns.map(\.rank) == Array(1...60))
        #expect(board.towns.map(\.name) == (0..<60).map { "第\($0)镇" })
        for (position, standing) in board.towns.enumerated() {
            let others = standing.notes.compactMap { note -> String? in
                if case .tieBroken(let tieBreak) = note { return tieBreak.other }
                return nil
            }
            let window = max(0, position - ScoreNote.namedLimit)..<min(60, position + ScoreNote.namedLimit + 1)
            #expect(others == window.filter { $0 != position }.map { "第\($0)镇" })
            #expect(standing.decidingTieBreakers == ["达标日期"])
        }
    }

    @Test func totalsAreComparedToTwoDecimals() throws {
        // 80.004 and 79.996 both round to 80.00: one rank.
        let board = F.score([F.issuing("湖坊镇", 80004), F.issuing("罗家镇", 79996)], rules: try F.plainRules(divisor: 100_000))
        #expect(board.towns.map(\.rank) == [1, 1])
        #expect(board.towns.map(\.unroundedTotal) == [decimal("80.004"), decimal("79.996")])
    }

    @Test func theEarlierReachedDateBreaksATie() throws {
        let rules = try F.plainRules("""
        tie_breakers:
          - {name: 达标日期, metric: "reached(直属团组织.成立日期, target)", prefer: earlier}
        """)
        let towns = [
            F.town("湖坊镇", ["调查摸底": [F.survey(issued: 80, visits: 0)], "直属团组织": organisations(20, "2026-10-20")]),
            F.town("罗家镇", ["调查摸底": [F.survey(issued: 80, visits: 0)], "直属团组织": organisations(20, "2026-10-18")]),
            F.town("塘山镇", ["调查摸底": [F.survey(issued: 80, visits: 0)], "直属团组织": organisations(19, "2026-10-01")]),
            F.town("京东镇", ["调查摸底": [F.survey(issued: 80, visits: 0)], "直属团组织": organisations(20, "2026-10-18")]),
        ]
        let board = F.score(towns, rules: rules)
        #expect(board.towns.map(\.name) == ["罗家镇", "京东镇", "湖坊镇", "塘山镇"])
        #expect(board.towns.map(\.rank) == [1, 1, 3, 4])
        let first = board.towns[0]
        #expect(first.notes == [
            .sharedRank(rank: 1, with: ["京东镇"]),
            .tieBroken(TieBreakNote(tieBreaker: "达标日期", other: "湖坊镇", placedAhead: true,
                                    value: .date(LedgerDate(iso: "2026-10-18")!), otherValue: .date(LedgerDate(iso: "2026-10-20")!))),
            .tieBroken(TieBreakNote(tieBreaker: "达标日期", other: "塘山镇", placedAhead: true,
                                    value: .date(LedgerDate(iso: "2026-10-18")!), otherValue: .none)),
        ])
        // Never reaching the target loses to any date.
        #expect(board.towns[3].decidingTieBreakers == ["达标日期"])
        #expect(board.towns[3].notes.allSatisfy { if case .tieBroken(let note) = $0 { !note.placedAhead } else { false } })
        #expect(board.towns[2].notes[0].description == "与罗家镇总分相同,按“达标日期”排在其后(本方 2026-10-20,对方 2026-10-18)")
    }

    @Test func theHigherCompletionRateBreaksWhatTheDateLeavesEqual() throws {
        let rules = try F.rules("""
        towns:
          indicators:
            - {name: 建团完成率, metric: count(直属团组织), method: ratio, of: target, weight: 50}
            - {name: 调查, metric: sum(调查摸底.发放调查表数), method: ratio, of: 100, weight: 50}
          tie_breakers:
            - {name: 达标日期, metric: "reached(直属团组织.成立日期, target)", prefer: earlier}
            - {indicator: 建团完成率, prefer: higher}
        """)
        // 16/20 × 50 + 60 % × 50 = 70 and 18/20 × 50 + 50 % × 50 = 70; neither reached its target.
        let towns = [
            F.town("湖坊镇", ["调查摸底": [F.survey(issued: 60, visits: 0)], "直属团组织": organisations(16, "2026-10-10")]),
            F.town("罗家镇", ["调查摸底": [F.survey(issued: 50, visits: 0)], "直属团组织": organisations(18, "2026-10-10")]),
        ]
        let board = F.score(towns, rules: rules)
        #expect(board.towns.map(\.name) == ["罗家镇", "湖坊镇"])
        #expect(board.towns.map(\.rank) == [1, 2])
        #expect(board.towns.map(\.total) == [70, 70])
        #expect(board.towns[0].notes == [.tieBroken(TieBreakNote(tieBreaker: "建团完成率", other: "湖坊镇", placedAhead: true,
                                                                  value: .number(decimal("0.9")), otherValue: .number(decimal("0.8"))))])
        #expect(board.towns[1].decidingTieBreakers == ["建团完成率"])
    }

    @Test func exactly85IsInAndHalfUpRoundingDecides() throws {
        let rules = try F.plainRules(divisor: 20000, Self.tiers)
        // 17000 → 85.00 (rank 1), 16998 → 84.99 (rank 2, in the top 2 but below 85).
        let board = F.score([F.issuing("湖坊镇", 17000), F.issuing("罗家镇", 16998)], rules: rules)
        #expect(board.towns.map(\.total) == [85, decimal("84.99")])
        #expect(board.towns.map(\.award) == ["先进集体", "达标单位"])
        // 16999 → 84.995, rounded half-up to 85.00.
        let halfUp = F.score([F.issuing("塘山镇", 16999)], rules: rules).towns[0]
        #expect(halfUp.unroundedTotal == decimal("84.995"))
        #expect(halfUp.total == 85)
        #expect(halfUp.award == "先进集体")
    }

    @Test func exactly60IsIn() throws {
        let rules = try F.plainRules(divisor: 20000, Self.tiers)
        let board = F.score([F.issuing("湖坊镇", 12000), F.issuing("罗家镇", 11999), F.issuing("塘山镇", 11998)], rules: rules)
        #expect(board.towns.map(\.total) == [60, 60, decimal("59.99")])
        #expect(board.towns.map(\.award) == ["达标单位", "达标单位", "未达标"])
    }

    @Test func aTieAtRank2ForATop2TierLetsAllIn() throws {
        let board = F.score([F.issuing("湖坊镇", 95), F.issuing("罗家镇", 90), F.issuing("塘山镇", 90), F.issuing("京东镇", 88)],
                            rules: try F.plainRules(Self.tiers))
        #expect(board.towns.map(\.rank) == [1, 2, 2, 4])
        #expect(board.towns.map(\.award) == ["先进集体", "先进集体", "先进集体", "达标单位"])
        #expect(board.towns[0].notes.isEmpty)
        #expect(board.towns[1].notes == [.sharedRank(rank: 2, with: ["塘山镇"]),
                                         .tierBoundaryTie(tier: "先进集体", rank: 2, limit: 2, with: ["塘山镇"])])
        #expect(board.towns[2].notes.last?.description == "与罗家镇并列第2名,超出“先进集体”前2名的名额,并列者均入选")
        // A tie at rank 1 fills the two places without crossing the boundary.
        let first = F.score([F.issuing("湖坊镇", 95), F.issuing("罗家镇", 95), F.issuing("塘山镇", 90)], rules: try F.plainRules(Self.tiers))
        #expect(first.towns.map(\.award) == ["先进集体", "先进集体", "达标单位"])
        #expect(first.towns.map(\.notes) == [[.sharedRank(rank: 1, with: ["罗家镇"])], [.sharedRank(rank: 1, with: ["湖坊镇"])], []])
    }

    @Test func aShareQuotaIsRoundedDownButAtLeastOne() throws {
        let tier = AwardTier(name: "先进集体", top: nil, share: decimal("0.2"), minScore: nil)
        #expect(tier.rankLimit(contenders: 5) == 1)
        #expect(tier.rankLimit(contenders: 9) == 1)
        #expect(tier.rankLimit(contenders: 2) == 1)
        #expect(tier.rankLimit(contenders: 10) == 2)
        #expect(tier.rankLimit(contenders: 14) == 2)
        #expect(AwardTier(name: "甲", top: 3, share: decimal("0.2"), minScore: nil).rankLimit(contenders: 20) == 3)
        let rules = try F.plainRules("""
        tiers:
          - {name: 先进集体, share: 20%}
          - {name: 其余}
        """)
        let towns = [F.issuing("湖坊镇", 90), F.issuing("罗家镇", 80), F.issuing("塘山镇", 70), F.issuing("京东镇", 60), F.issuing("扬子洲镇", 50)]
        #expect(F.score(towns, rules: rules).towns.map(\.award) == ["先进集体", "其余", "其余", "其余", "其余"])
        var tied = towns
        tied[1] = F.issuing("罗家镇", 90)
        let board = F.score(tied, rules: rules)
        #expect(board.towns.map(\.award) == ["先进集体", "先进集体", "其余", "其余", "其余"])
        #expect(board.towns[0].notes.last == .tierBoundaryTie(tier: "先进集体", rank: 1, limit: 1, with: ["罗家镇"]))
    }

    @Test func aVetoLeavesOnlyTheLastTier() throws {
        let rules = try F.plainRules("""
        veto:
          - {reason: 未新建直属团组织, when: "count(直属团组织) < 1"}
          - {reason: 未完成目标任务, when: "reached(直属团组织.成立日期, target) is none"}
        \(Self.tiers)
        """)
        let towns = [
            F.town("湖坊镇", ["调查摸底": [F.survey(issued: 95, visits: 0)]]),
            F.town("罗家镇", ["调查摸底": [F.survey(issued: 90, visits: 0)], "直属团组织": organisations(20, "2026-10-10")]),
            F.town("塘山镇", ["调查摸底": [F.survey(issued: 88, visits: 0)], "直属团组织": organisations(19, "2026-10-10")]),
        ]
        let board = F.score(towns, rules: rules)
        #expect(board.towns.map(\.name) == ["湖坊镇", "罗家镇", "塘山镇"])
        #expect(board.towns.map(\.rank) == [1, 2, 3])
        #expect(board.towns.map(\.award) == ["未达标", "先进集体", "未达标"])
        #expect(board.towns.map(\.vetoReasons) == [["未新建直属团组织", "未完成目标任务"], [], ["未完成目标任务"]])
    }

    @Test func aVetoLeavesNoAwardWhenTheLastTierHasConditions() throws {
        let rules = try F.plainRules("""
        veto:
          - {reason: 未新建直属团组织, when: "count(直属团组织) < 1"}
        tiers:
          - {name: 优秀, top: 5, min_score: 60}
        """)
        let towns = [F.issuing("湖坊镇", 95), F.town("罗家镇", ["调查摸底": [F.survey(issued: 90, visits: 0)],
                                                               "直属团组织": organisations(1, "2026-10-10")])]
        let board = F.score(towns, rules: rules)
        #expect(board.towns.map(\.award) == [nil, "优秀"])
        #expect(board.towns.map(\.vetoReasons) == [["未新建直属团组织"], []])
    }

    @Test func theBonusIsCapped() throws {
        let bonus = """
        bonuses:
          - {name: 领域覆盖, metric: "distinct(直属团组织.依托领域 where 依托领域 != 其他)", beyond: BEYOND, points: 1, cap: 2}
        """
        func town(_ name: String, _ areas: [String]) -> TownData {
            F.town(name, ["调查摸底": [F.survey(issued: 90, visits: 0)], "直属团组织": areas.map { F.organisation("2026-10-10", area: $0) }])
        }
        let towns = [
            town("湖坊镇", ["商业街区", "企业", "集贸市场", "农业产业化基地", "居住社区", "其他"]),
            town("罗家镇", ["商业街区", "企业", "集贸市场", "居住社区", "企业"]),
            town("塘山镇", ["商业街区", "企业", "其他", "居住社区"]),
        ]
        let board = F.score(towns, rules: try F.plainRules(bonus.replacing("BEYOND", with: "3")))
        #expect(board.towns.map(\.total) == [92, 91, 90])
        let entry = try #require(board.towns[0].indicators.last)
        #expect(entry == IndicatorScore(name: "领域覆盖", kind: .bonus, raw: .number(5), normalised: nil, weight: nil, points: 2))
        // Beyond 2 areas the five areas would earn 3 points; the cap keeps 2.
        let capped = F.score(towns, rules: try F.plainRules(bonus.replacing("BEYOND", with: "2")))
        #expect(capped.towns.map(\.total) == [92, 92, 91])
    }

    @Test func aPenaltyStopsAtItsCap() throws {
        let rules = try F.plainRules("""
        penalties:
          - {name: 活动无人参加, metric: "count(活动开展 where 参加人数 == 0)", points: 0.5, cap: 2}
        """)
        func town(_ name: String, empty: Int) -> TownData {
            F.town(name, ["调查摸底": [F.survey(issued: 90, visits: 0)],
                          "活动开展": F.repeated(empty, F.activity(attendees: 0)) + [F.activity(attendees: 12)]])
        }
        let board = F.score([town("湖坊镇", empty: 0), town("罗家镇", empty: 3), town("塘山镇", empty: 6)], rules: rules)
        #expect(board.towns.map(\.name) == ["湖坊镇", "罗家镇", "塘山镇"])
        #expect(board.towns.map(\.total) == [90, decimal("88.5"), 88])
        #expect(board.towns[2].indicators.last == IndicatorScore(name: "活动无人参加", kind: .penalty, raw: .number(6), normalised: nil,
                                                                  weight: nil, points: -2))
    }
}
