import Foundation
import Ledger
import Testing
@testable import Scoring

@Suite("Scoring: the rules file")
struct RulesLoaderTests {
    /// The mistake in a rules file, or nil when it loads.
    func failure(_ text: String) -> ConfigurationError? {
        do {
            _ = try Fixtures.rules(text)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    /// One indicator: the metric on line 4, the method on line 5.
    func indicator(metric: String, method: String = "method: relative_to_best") -> String {
        """
        towns:
          indicators:
            - name: 测试
              metric: \(metric)
              \(method)
              weight: 100
        """
    }

    @Test func defaultRulesAreScoringMarkdownsDefaults() throws {
        let rules = try Fixtures.defaultRules()
        let towns = rules.towns
        #expect(towns.indicators.map(\.name) == ["建团完成率", "首节点达标", "次节点达标", "提前完成", "调查摸底", "宣传活动", "亮明身份", "周交账", "台账质量"])
        #expect(towns.indicators.map(\.weight) == [30, 10, 10, 10, 10, 5, 5, 10, 10])
        #expect(towns.indicators.map(\.method.description) == [
            "ratio (of: target, cap: 1)", "threshold (at: 0.5 * target)", "threshold (at: target)", "linear (from: 0, to: 16)",
            "relative_to_best", "relative_to_best", "relative_to_best", "ratio (of: 5, cap: 1)",
            "inverse (of: ratio (of: 0.2, cap: 1))",
        ])
        #expect(towns.indicators.map(\.metric.description) == [
            "count(直属团组织)", "count(直属团组织 where 成立日期 <= 2026-10-15)", "count(直属团组织 where 成立日期 <= 2026-10-25)",
            "days_early(直属团组织.成立日期, target)", "sum(调查摸底.发放调查表数) + sum(调查摸底.上门走访次数)", "count(活动开展)",
            "sum(活动开展.亮明身份团员数)", "fridays(周交账.交账日期)", "finding_rate",
        ])
        #expect(towns.bonuses.map(\.name) == ["领域覆盖"])
        #expect(towns.bonuses.first?.metric.description == "distinct(直属团组织.依托领域 where 依托领域 != 其他)")
        #expect(towns.penalties.isEmpty)
        #expect(towns.vetoes.isEmpty)
        #expect(towns.tieBreakers.map(\.name) == ["达标日期", "建团完成率"])
        #expect(towns.tieBreakers.map(\.preference) == [.earlier, .higher])
        #expect(towns.tiers.map(\.name) == ["先进集体", "达标单位", "未达标"])
        #expect(towns.tiers.map(\.top) == [2, nil, nil])
        #expect(towns.tiers.map(\.minScore) == [85, 60, nil])
        #expect(rules.notBeforeCampaignStart.map(\.description) == ["直属团组织.成立日期"])
        let cadres = try #require(rules.cadres)
        #expect(cadres.roster.description == "挂点包干.姓名")
        #expect(cadres.responsibility.map(\.description) == ["直属团组织.挂点班子成员"])
        #expect(cadres.ranking.indicators.map(\.weight) == [60, 20, 20])
        #expect(cadres.ranking.indicators.map(\.method.description) == ["relative_to_best", "relative_to_best", "threshold (at: 3)"])
        #expect(cadres.ranking.tiers.map(\.name) == ["优秀团干部"])
        #expect(cadres.ranking.tiers.first?.top == 5)
        #expect(cadres.ranking.tiers.first?.minScore == 60)
    }

    /// The default file with its commented penalty and veto examples switched on.
    @Test func theCommentedExamplesOfTheDefaultFileLoad() throws {
        let template = try String(contentsOfFile: Fixtures.templates + "/scoring.yaml", encoding: .utf8)
        var lines: [String] = []
        var example: [String] = []
        for line in template.components(separatedBy: "\n") {
            if line.hasPrefix("  #   ") {
                example.append("    " + line.dropFirst(6))
            } else if line == "  penalties: []" || line == "  veto: []" {
                lines.append(String(line.dropLast(3)))
                lines += example
                example = []
            } else {
                example = []
                lines.append(line)
            }
        }
        let rules = try ScoringRules.parse(lines.joined(separator: "\n"), file: "scoring.yaml", schema: Fixtures.schema)
        #expect(rules.towns.penalties.map(\.name) == ["活动无人参加"])
        #expect(rules.towns.vetoes.map(\.condition.description) == ["count(直属团组织 where 成立日期 <= 2026-10-31) < target"])
    }

    @Test func theDocumentationShowsTheDefaultFile() throws {
        let template = try String(contentsOfFile: Fixtures.templates + "/scoring.yaml", encoding: .utf8)
        let documentation = try String(contentsOfFile: Fixtures.templates + "/../docs/scoring-rules.md", encoding: .utf8)
        #expect(documentation.contains("```yaml\n" + template + "```"))
    }

    @Test func theVocabularyReads() throws {
        let rules = try Fixtures.rules(indicator(metric: "count(活动开展 where 活动类型 in [经验交流会, 先进事迹报告会] and 参加人数 >= 10)"))
        #expect(rules.towns.indicators[0].metric.description == "count(活动开展 where 活动类型 in [经验交流会, 先进事迹报告会] and 参加人数 >= 10)")
        let quoted = try Fixtures.rules(indicator(metric: "distinct(直属团组织.所在村(社区)/单位 where 依托领域 not in [\"其他\"])"))
        #expect(quoted.towns.indicators[0].metric.description == "distinct(直属团组织.所在村(社区)/单位 where 依托领域 not in [其他])")
    }

    @Test func robustnessSettingsReadWithTheirDefaults() throws {
        let rules = indicator(metric: "count(直属团组织)")
        #expect(try Fixtures.rules(rules).robustness == RobustnessSettings(spread: Decimal(string: "0.2")!, draws: 10_000, seed: 1))
        #expect(try Fixtures.defaultRules().robustness == RobustnessSettings())
        let set = try Fixtures.rules(rules + "\nrobustness: {spread: 10%, draws: 0, seed: 18446744073709551615}")
        #expect(set.robustness == RobustnessSettings(spread: Decimal(string: "0.1")!, draws: 0, seed: .max))
        #expect(try Fixtures.rules(rules + "\nrobustness: {draws: 500}").robustness == RobustnessSettings(draws: 500))
    }

    @Test func refusesRobustnessSettingsOutOfRange() throws {
        let rules = indicator(metric: "count(直属团组织)") + "\nrobustness:\n"
        let cases = [("  spread: 1", "a spread is at least 0 and less than 1"), ("  spread: -0.1", "a spread is at least 0"),
                     ("  draws: -1", "draws is a whole number from 0 (off) to 1000000"), ("  draws: 1000001", "to 1000000"),
                     ("  draws: many", "expected a whole number, found \"many\""), ("  seed: -1", "a seed is a whole number from 0"),
                     ("  seeds: 1", "seeds")]
        for (line, message) in cases {
            let error = try #require(failure(rules + line), "\(line)")
            #expect(error.line == 8, "\(line)")
            #expect(error.message.contains(message), "\(line): \(error.message)")
        }
    }

    @Test func refusesAnUnknownMetric() throws {
        let error = try #require(failure(indicator(metric: "average(直属团组织)")))
        #expect(error.file == "test.yaml")
        #expect(error.line == 4)
        #expect(error.message.contains("unknown metric \"average\""))
    }

    @Test func refusesAnUnknownSheet() throws {
        let error = try #require(failure(indicator(metric: "count(直属团组)")))
        #expect(error.line == 4)
        #expect(error.message.contains("unknown sheet \"直属团组\""))
    }

    @Test func refusesAFormSheet() throws {
        let error = try #require(failure(indicator(metric: "count(基本信息)")))
        #expect(error.line == 4)
        #expect(error.message.contains("基本信息 is a form"))
    }

    @Test func refusesAnUnknownColumn() throws {
        let error = try #require(failure(indicator(metric: "sum(调查摸底.发放数)")))
        #expect(error.line == 4)
        #expect(error.message.contains("no column \"发放数\" in 调查摸底"))
        let filter = try #require(failure(indicator(metric: "count(直属团组织 where 创建日期 <= 2026-10-15)")))
        #expect(filter.line == 4)
        #expect(filter.message.contains("no column \"创建日期\" in 直属团组织"))
    }

    @Test func refusesAColumnOfTheWrongKind() throws {
        let sum = try #require(failure(indicator(metric: "sum(直属团组织.书记姓名)")))
        #expect(sum.message.contains("sum needs a number column"))
        let reached = try #require(failure(indicator(metric: "reached(直属团组织.团员人数, target)")))
        #expect(reached.message.contains("reached needs a date column"))
        let ordered = try #require(failure(indicator(metric: "count(直属团组织 where 依托领域 < 企业)")))
        #expect(ordered.message.contains("is text"))
    }

    @Test func refusesAValueTheColumnCannotHold() throws {
        let choice = try #require(failure(indicator(metric: "distinct(直属团组织.依托领域 where 依托领域 != 其它)")))
        #expect(choice.line == 4)
        #expect(choice.message.contains("\"其它\" is not a value of 直属团组织.依托领域"))
        let date = try #require(failure(indicator(metric: "count(直属团组织 where 成立日期 <= 2026-13-01)")))
        #expect(date.message.contains("is not a date"))
    }

    @Test func refusesAnUnknownMethod() throws {
        let error = try #require(failure(indicator(metric: "count(直属团组织)", method: "method: ratios")))
        #expect(error.line == 5)
        #expect(error.message.contains("unknown method \"ratios\""))
    }

    @Test func refusesAParameterTheMethodDoesNotTake() throws {
        let error = try #require(failure("""
        towns:
          indicators:
            - name: 测试
              metric: count(直属团组织)
              method: threshold
              of: 5
              weight: 100
        """))
        #expect(error.line == 6)
        #expect(error.message.contains("unknown key \"of\""))
    }

    @Test func refusesAMethodThatCannotNormaliseDates() throws {
        let error = try #require(failure(indicator(metric: "reached(直属团组织.成立日期, target)")))
        #expect(error.line == 5)
        #expect(error.message.contains("only linear"))
        let dates = try Fixtures.rules(indicator(metric: "reached(直属团组织.成立日期, target)", method: "method: linear\n      from: 2026-10-31\n      to: 2026-10-15"))
        #expect(dates.towns.indicators[0].method.description == "linear (from: 2026-10-31, to: 2026-10-15)")
    }

    @Test func refusesWeightsThatDoNotSumTo100() throws {
        let error = try #require(failure("""
        towns:
          indicators:
            - {name: 甲, metric: count(直属团组织), method: relative_to_best, weight: 60}
            - {name: 乙, metric: count(活动开展), method: relative_to_best, weight: 30}
        """))
        #expect(error.line == 3)
        #expect(error.message.contains("the weights sum to 90, not 100"))
    }

    @Test func refusesWhatCadresDoNotHave() throws {
        func cadres(_ metric: String) -> String {
            """
            towns:
              indicators:
                - {name: 甲, metric: count(直属团组织), method: relative_to_best, weight: 100}
            cadres:
              roster: 挂点包干.姓名
              responsibility: [直属团组织.挂点班子成员]
              indicators:
                - {name: 乙, metric: "\(metric)", method: relative_to_best, weight: 100}
            """
        }
        #expect(failure(cadres("count(直属团组织)")) == nil)
        let target = try #require(failure(cadres("days_early(直属团组织.成立日期, target)")))
        #expect(target.line == 8)
        #expect(target.message.contains("cadres have no target"))
        let sheet = try #require(failure(cadres("count(活动开展)")))
        #expect(sheet.message.contains("only the rows that belong to a cadre"))
        let rate = try #require(failure(cadres("finding_rate")))
        #expect(rate.message.contains("cadres have none"))
    }

    @Test func refusesBadTieBreakersAndTiers() throws {
        let base = """
        towns:
          indicators:
            - {name: 甲, metric: count(直属团组织), method: relative_to_best, weight: 100}

        """
        let indicator = try #require(failure(base + "  tie_breakers:\n    - {indicator: 乙, prefer: higher}"))
        #expect(indicator.line == 5)
        #expect(indicator.message.contains("no indicator \"乙\""))
        let preference = try #require(failure(base + "  tie_breakers:\n    - {metric: \"reached(直属团组织.成立日期, target)\", prefer: higher}"))
        #expect(preference.message.contains("prefer earlier or later"))
        let share = try #require(failure(base + "  tiers:\n    - {name: 甲等, share: 120%}"))
        #expect(share.line == 5)
        let key = try #require(failure(base + "  tiers:\n    - {name: 甲等, top: 2, bottom: 1}"))
        #expect(key.message.contains("unknown key \"bottom\""))
    }

    @Test func refusesASyntaxError() throws {
        let error = try #require(failure(indicator(metric: "count(直属团组织")))
        #expect(error.line == 4)
        #expect(error.message.contains("expected \")\""))
        let extra = try #require(failure(indicator(metric: "count(直属团组织) * 2")))
        #expect(extra.message.contains("unexpected \"* 2\""))
    }
}
