import Foundation
import Ledger
import Testing
@testable import Scoring

@Suite("Scoring: rank intervals and award shares when the weights move")
struct RobustnessTests {
    typealias F = Fixtures

    /// Two weighted indicators (questionnaires issued, relative to the best, and visits, of 100)
    /// with `robustness` settings and the default tiers.
    func rules(weights: (Int, Int) = (50, 50), robustness: String = "", tieBreakers: String = "") throws -> ScoringRules {
        try F.rules("""
        towns:
          indicators:
            - {name: 调查, metric: sum(调查摸底.发放调查表数), method: relative_to_best, weight: \(weights.0)}
            - {name: 走访, metric: sum(调查摸底.上门走访次数), method: ratio, of: 100, weight: \(weights.1)}
        \(tieBreakers)
          tiers:
            - {name: 先进集体, top: 2, min_score: 85}
            - {name: 达标单位, min_score: 60}
            - {name: 未达标}
        \(robustness)
        """)
    }

    func town(_ name: String, issued: Int, visits: Int) -> TownData {
        F.town(name, ["调查摸底": [F.survey(issued: issued, visits: visits)]])
    }

    /// Towns whose values come from a seeded generator.
    func randomTowns(_ count: Int, seed: UInt64, issued: ClosedRange<Int>, visits: ClosedRange<Int>) -> [TownData] {
        var generator = SplitMix64(seed: seed, stream: 0)
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(generator.next() % UInt64(range.count)) }
        return (0..<count).map { town("第\($0)镇", issued: pick(issued), visits: pick(visits)) }
    }

    @Test func theSameSeedGivesTheSameResultsAndAnotherSeedOthers() throws {
        let towns = randomTowns(40, seed: 7, issued: 50...100, visits: 50...100)
        let first = F.score(towns, rules: try rules(robustness: "robustness: {draws: 2000, seed: 42}"))
        let again = F.score(towns, rules: try rules(robustness: "robustness: {draws: 2000, seed: 42}"))
        let other = F.score(towns, rules: try rules(robustness: "robustness: {draws: 2000, seed: 43}"))
        #expect(first.json == again.json)
        #expect(first.towns.map(\.robustness) == again.towns.map(\.robustness))
        #expect(first.towns.map(\.robustness) != other.towns.map(\.robustness))
    }

    @Test func theResultsDoNotDependOnHowManyWorkersDraw() throws {
        let rules = try rules(robustness: "robustness: {draws: 1001, seed: 9}")
        let data = DistrictData(district: F.district, towns: randomTowns(60, seed: 3, issued: 40...100, visits: 40...100))
        let contenders = Contender.towns(data, rules: rules)
        let scorecard = Scorecard(contenders, rules: rules.towns)
        let ranker = Ranker(totals: scorecard.totals, tieValues: scorecard.tieValues, tieBreakers: rules.towns.tieBreakers)
        let draws = WeightDraws(settings: rules.robustness, indicators: rules.towns.indicators, scorecard: scorecard, pass: ranker.pass,
                                tiers: TierTable(rules.towns.tiers, contenders: contenders.count))
        let single = try #require(draws.run(workers: 1))
        #expect(draws.run(workers: 2) == single)
        #expect(draws.run(workers: 3) == single)
        #expect(single.contains { $0.rankLow != $0.rankHigh }, "the weights should move some ranks")
    }

    @Test func aTownFarAheadIsFirstInEveryDraw() throws {
        let towns = [town("湖坊镇", issued: 100, visits: 100)] + randomTowns(20, seed: 1, issued: 10...40, visits: 10...40)
        let board = F.score(towns, rules: try rules(robustness: "robustness: {draws: 3000}"))
        let leader = try #require(board.towns.first)
        #expect(leader.name == "湖坊镇")
        #expect(leader.robustness == RankRobustness(rankLow: 1, rankHigh: 1, draws: 3000, awards: [AwardShare(tier: "先进集体", draws: 3000)]))
        #expect(leader.robustness?.interval == "1")
        #expect(board.json.contains(#""robustness": {"rank_low": 1, "rank_high": 1, "awards": {"先进集体": 1.0}}"#))
    }

    @Test func townsEqualOnEveryNormalisedValueGetTheSameInterval() throws {
        var towns = randomTowns(30, seed: 11, issued: 60...100, visits: 60...100)
        towns.insert(town("甲镇", issued: 80, visits: 75), at: 5)
        towns.append(town("乙镇", issued: 80, visits: 75))
        let board = F.score(towns, rules: try rules(weights: (70, 30)))
        let pair = board.towns.filter { ["甲镇", "乙镇"].contains($0.name) }
        #expect(pair.count == 2)
        #expect(pair[0].robustness != nil && pair[0].robustness == pair[1].robustness)
        #expect(pair[0].rank == pair[1].rank)
    }

    /// With no spread every draw is the real ranking: ties at 2 decimals, totals of exactly x.xx5
    /// (rounded up), thirds whose decimals and doubles differ in the last digits, shared ranks,
    /// tie-breakers and tiers.
    @Test func withNoSpreadTheIntervalIsTheRankItself() throws {
        let settings = "robustness: {spread: 0, draws: 50}"
        // 调查 relative to the best (3 or 8 issued): thirds of 50 points, eighths of 5.
        let towns = randomTowns(300, seed: 5, issued: 0...3, visits: 0...100)
        let thirds = F.score(towns, rules: try rules(robustness: settings))
        let eighths = F.score(randomTowns(300, seed: 6, issued: 0...8, visits: 0...100), rules: try rules(weights: (5, 95), robustness: settings))
        let tieBroken = F.score(towns, rules: try rules(robustness: settings, tieBreakers: """
          tie_breakers:
            - {name: 走访, indicator: 走访, prefer: higher}
        """))
        for board in [thirds, eighths, tieBroken] {
            #expect(Set(board.towns.map(\.rank)).count < board.towns.count, "the data should share ranks")
            for standing in board.towns {
                let robustness = try #require(standing.robustness)
                #expect(robustness.rankLow == standing.rank && robustness.rankHigh == standing.rank, "\(standing.name)")
                #expect(robustness.awards == standing.award.map { [AwardShare(tier: $0, draws: 50)] } ?? [], "\(standing.name)")
            }
        }
        let halves = eighths.towns.filter { ($0.unroundedTotal * 200).isWhole && !($0.unroundedTotal * 100).isWhole }
        #expect(!halves.isEmpty, "the data should hold totals of exactly x.xx5")
    }

    @Test func aCloseRaceShowsInTheIntervalsAndShares() throws {
        // 甲 leads on questionnaires, 乙 on visits: whichever weight draws the larger factor puts its
        // leader first and the other third; 丙, between them on both, is second either way.
        let towns = [town("甲镇", issued: 100, visits: 86), town("乙镇", issued: 96, visits: 90), town("丙镇", issued: 98, visits: 88),
                     town("丁镇", issued: 60, visits: 60)]
        let board = F.score(towns, rules: try rules(robustness: "robustness: {draws: 4000}"))
        let byName = Dictionary(uniqueKeysWithValues: board.towns.map { ($0.name, $0) })
        for name in ["甲镇", "乙镇"] {
            let robustness = try #require(byName[name]?.robustness)
            #expect(robustness.interval == "1–3", "\(name)")
            #expect(robustness.awards.map(\.tier) == ["先进集体", "达标单位"], "\(name)")
            #expect(robustness.awards.reduce(0) { $0 + $1.draws } == 4000, "\(name)")
            #expect((1600...2400).contains(robustness.awards[0].draws), "\(name): about half the draws")
        }
        #expect(byName["丙镇"]?.robustness == RankRobustness(rankLow: 2, rankHigh: 2, draws: 4000, awards: [AwardShare(tier: "先进集体", draws: 4000)]))
        #expect(byName["丁镇"]?.robustness == RankRobustness(rankLow: 4, rankHigh: 4, draws: 4000, awards: [AwardShare(tier: "达标单位", draws: 4000)]))
        #expect(board.text.contains("  1–3       先进集体 5"))
    }

    @Test func theAwardSharesOfEachContenderSumToAtMostOne() throws {
        // A veto and a last tier with a condition: some draws give no award at all.
        let rules = try F.rules("""
        towns:
          indicators:
            - {name: 调查, metric: sum(调查摸底.发放调查表数), method: relative_to_best, weight: 40}
            - {name: 走访, metric: sum(调查摸底.上门走访次数), method: ratio, of: 100, weight: 60}
          veto:
            - {reason: 未走访, when: "sum(调查摸底.上门走访次数) < 50"}
          tiers:
            - {name: 先进集体, share: 10%, min_score: 80}
            - {name: 达标单位, min_score: 70}
        cadres:
          roster: 挂点包干.姓名
          responsibility: [直属团组织.挂点班子成员]
          indicators:
            - {name: 建团, metric: count(直属团组织), method: relative_to_best, weight: 50}
            - {name: 包干, metric: sum(挂点包干.包干区域数), method: ratio, of: 5, cap: 1, weight: 50}
          tiers:
            - {name: 优秀团干部, top: 2, min_score: 60}
        robustness: {draws: 2500, seed: 3}
        """)
        var generator = SplitMix64(seed: 8, stream: 0)
        let towns = (0..<50).map { index in
            F.town("第\(index)镇", ["调查摸底": [F.survey(issued: 50 + Int(generator.next() % 50), visits: 40 + Int(generator.next() % 60))],
                                  "挂点包干": [F.cadre("干部\(index)", areas: 1 + index % 5)],
                                  "直属团组织": F.repeated(1 + index % 7, F.organisation("2026-10-20", cadre: "干部\(index)"))])
        }
        let board = F.score(towns, rules: rules)
        #expect(board.cadres.count == 50)
        var someGetNone = false
        for standing in board.towns + board.cadres {
            let robustness = try #require(standing.robustness, "\(standing.name)")
            let shares = robustness.awards.map(robustness.fraction)
            #expect(shares.allSatisfy { $0 > 0 && $0 <= 1 })
            #expect(shares.reduce(0, +) <= 1)
            someGetNone = someGetNone || shares.reduce(0, +) < 1
            if !standing.vetoReasons.isEmpty { #expect(robustness.awards.isEmpty) }
        }
        #expect(someGetNone)
        #expect(board.towns.contains { $0.robustness!.awards.contains { (1..<2500).contains($0.draws) } })
    }

    @Test func noDrawsNoIntervals() throws {
        let board = F.score(randomTowns(5, seed: 2, issued: 1...9, visits: 1...9), rules: try rules(robustness: "robustness: {draws: 0}"))
        #expect(board.towns.allSatisfy { $0.robustness == nil })
        #expect(board.json.contains(#""robustness": null"#))
        #expect(!board.text.contains("名次区间"))
    }

    @Test func percentilesAreTheNearestRanks() {
        // 20 draws: the 5th percentile is the 1st smallest rank, the 95th the 19th.
        let selection = PercentileSelection(draws: 20)
        #expect(selection.lowCount == 1 && selection.highCount == 2)
        let extremes = RankExtremes(contenders: 2, selection: selection)
        for rank in [7, 3, 19, 1, 20, 11, 2, 18, 4, 16, 5, 9, 13, 6, 17, 8, 10, 15, 12, 14] {
            extremes.record(rank: Int32(rank), of: 1)
            extremes.record(rank: 4, of: 0)
        }
        #expect(extremes.percentiles(of: 1) == (low: 1, high: 19))
        #expect(extremes.percentiles(of: 0) == (low: 4, high: 4))
        // 1,000 draws of ranks 1…1000 in random order: the 50th and the 950th.
        let wide = RankExtremes(contenders: 1, selection: PercentileSelection(draws: 1000))
        var generator = SplitMix64(seed: 1, stream: 1)
        for rank in (1...1000).shuffled(using: &generator) { wide.record(rank: Int32(rank), of: 0) }
        #expect(wide.percentiles(of: 0) == (low: 50, high: 950))
        // One draw: its rank at both ends.
        let single = RankExtremes(contenders: 1, selection: PercentileSelection(draws: 1))
        single.record(rank: 7, of: 0)
        #expect(single.percentiles(of: 0) == (low: 7, high: 7))
    }

    @Test(arguments: [(500, [0, 5, 11, 12, 30, 62]), (5, [3, 40]), (20_000, [14, 20])])
    func theRankingPassOrdersByTotalThenTieClassThenInput(count: Int, spreads: [Int]) {
        var generator = SplitMix64(seed: 4, stream: UInt64(count))
        for spreadBits in spreads {
            let classes = (0..<count).map { _ in Int32(generator.next() % 7) }
            let cents = (0..<count).map { _ in spreadBits == 0 ? 42 : Int64(bitPattern: generator.next() >> UInt64(64 - spreadBits)) - (1 << Int64(spreadBits - 1)) }
            var pass = RankingPass(tieClasses: classes)
            cents.withUnsafeBufferPointer { pass.rank(cents: $0) }
            let expectedOrder = (0..<count).sorted { (-cents[$0], classes[$0], $0) < (-cents[$1], classes[$1], $1) }
            #expect(pass.order.map(Int.init) == expectedOrder, "\(count) contenders, a spread of \(spreadBits) bits")
            // 1 + the number ahead: the first position of its (total, class) in the sorted order.
            var expectedRanks = [Int](repeating: 0, count: count)
            for (position, index) in expectedOrder.enumerated() {
                let previous = position > 0 ? expectedOrder[position - 1] : nil
                let level = previous.map { cents[$0] == cents[index] && classes[$0] == classes[index] } ?? false
                expectedRanks[index] = level ? expectedRanks[previous!] : position + 1
            }
            #expect(pass.ranks.map(Int.init) == expectedRanks, "\(count) contenders, a spread of \(spreadBits) bits")
        }
    }

    @Test func roundingHalfUpIsExact() {
        #expect(WeightDraws.roundHalfUp(-0.5) == 0)
        #expect(WeightDraws.roundHalfUp(0.5.nextDown) == 0)
        #expect(WeightDraws.roundHalfUp(0.5) == 1)
        #expect(WeightDraws.roundHalfUp((-0.5).nextUp) == 0)
        #expect(WeightDraws.roundHalfUp((-0.5).nextDown) == -1)
        #expect(WeightDraws.roundHalfUp(-1e-300) == 0)
        #expect(WeightDraws.roundHalfUp(-1.5) == -1)
        #expect(WeightDraws.roundHalfUp(2.5) == 3)
        #expect(WeightDraws.roundHalfUp(-2.7) == -3)
    }
}

extension Decimal {
    /// Whether it has no fraction.
    var isWhole: Bool { self == rounded(places: 0) }
}
