import Foundation
import Ledger
import Testing
@testable import Scoring

@Suite("Scoring: scores.json and the text table")
struct OutputTests {
    typealias F = Fixtures

    var board: ScoreBoard {
        get throws {
            let rules = try F.plainRules("""
            veto:
              - {reason: 未新建直属团组织, when: "count(直属团组织) < 1"}
            tiers:
              - {name: 先进集体, top: 1}
            """)
            return F.score([F.issuing("湖坊镇", 90), F.issuing("扬子洲镇", 90)], rules: rules)
        }
    }

    @Test func scoresJSONIsWrittenInTheDocumentedOrder() throws {
        #expect(try board.json == """
        {
          "towns": [
            {
              "town": "湖坊镇",
              "rank": 1,
              "total": 90.0,
              "award": null,
              "indicators": [
                {"name": "得分", "raw": 90, "normalised": 0.9, "weight": 100, "points": 90.0}
              ],
              "veto": ["未新建直属团组织"],
              "notes": [
                "与扬子洲镇并列第1名"
              ],
              "robustness": {"rank_low": 1, "rank_high": 1, "awards": {}}
            },
            {
              "town": "扬子洲镇",
              "rank": 1,
              "total": 90.0,
              "award": null,
              "indicators": [
                {"name": "得分", "raw": 90, "normalised": 0.9, "weight": 100, "points": 90.0}
              ],
              "veto": ["未新建直属团组织"],
              "notes": [
                "与湖坊镇并列第1名"
              ],
              "robustness": {"rank_low": 1, "rank_high": 1, "awards": {}}
            }
          ],
          "cadres": []
        }

        """)
    }

    @Test func theTextTableAlignsChineseAsTwoColumns() throws {
        #expect(try board.text == """
        镇排名
        名次  镇         总分  奖项  名次区间  获奖比例   得分
           1  湖坊镇    90.00  -     1         -         90.00
           1  扬子洲镇  90.00  -     1         -         90.00
        说明:
          湖坊镇:一票否决,未新建直属团组织
          湖坊镇:与扬子洲镇并列第1名
          扬子洲镇:一票否决,未新建直属团组织
          扬子洲镇:与湖坊镇并列第1名

        """)
    }
}
