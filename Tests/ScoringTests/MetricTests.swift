import TaizhangSupport
import Foundation
import Ledger
import Testing
@testable import Scoring

@Suite("Scoring: metrics")
struct MetricTests {
    typealias F = Fixtures

    /// The metric's value for a town with these tables (target 20, 3 errors in 60 data rows).
    func value(_ text: String, _ tables: [String: [LedgerRow]], target: Int = 20, errors: Int = 3, rows: Int = 60) throws -> MetricValue {
        var parser = try MetricParser(try YAMLValue.parse(text, file: "metric"), schema: F.schema, context: .towns)
        let scope = MetricScope(tables: tables, target: target, errorCount: errors, dataRowCount: rows,
                                deadline: F.district.deadline, reportDays: F.district.reportDays)
        return try parser.metric().evaluate(in: scope)
    }

    let organisations: [String: [LedgerRow]] = [
        "直属团组织": F.repeated(9, F.organisation("2026-10-10", area: "企业"))
            + [F.organisation("2026-10-15", area: "其他"), F.organisation("2026-10-16", area: "居住社区")]
            + F.repeated(9, F.organisation("2026-10-25", area: "商业街区")) + [F.organisation("2026-10-30", area: "其他")],
    ]

    @Test func countWithInclusiveDateFilters() throws {
        #expect(try value("count(直属团组织)", organisations) == .number(21))
        #expect(try value("count(直属团组织 where 成立日期 <= 2026-10-15)", organisations) == .number(10))
        #expect(try value("count(直属团组织 where 成立日期 < 2026-10-15)", organisations) == .number(9))
        #expect(try value("count(直属团组织 where 成立日期 >= 2026-10-25)", organisations) == .number(10))
        #expect(try value("count(直属团组织 where 成立日期 > 2026-10-25)", organisations) == .number(1))
        #expect(try value("count(直属团组织 where 成立日期 == 2026-10-16)", organisations) == .number(1))
        #expect(try value("count(直属团组织 where 依托领域 in [企业, 居住社区])", organisations) == .number(10))
        #expect(try value("count(直属团组织 where 依托领域 == 其他 and 成立日期 <= 2026-10-20)", organisations) == .number(1))
        #expect(try value("count(活动开展)", organisations) == .number(0))
    }

    @Test func sumsOfOneAndOfSeveralColumns() throws {
        let surveys = ["调查摸底": [F.survey(issued: 100, visits: 12), F.survey(issued: 50, visits: 3), ["发放调查表数": .integer(7)]]]
        #expect(try value("sum(调查摸底.发放调查表数)", surveys) == .number(157))
        #expect(try value("sum(调查摸底.发放调查表数) + sum(调查摸底.上门走访次数)", surveys) == .number(172))
        #expect(try value("sum(调查摸底.上门走访次数 where 发放调查表数 >= 60)", surveys) == .number(12))
    }

    @Test func distinctLeavesOutWhatTheFilterSays() throws {
        #expect(try value("distinct(直属团组织.依托领域)", organisations) == .number(4))
        #expect(try value("distinct(直属团组织.依托领域 where 依托领域 != 其他)", organisations) == .number(3))
    }

    @Test func reachedAndDaysEarly() throws {
        // The 20th organisation in date order was founded on 10-25: 6 days before the 10-31 deadline.
        #expect(try value("reached(直属团组织.成立日期, target)", organisations) == .date(LedgerDate(iso: "2026-10-25")!))
        #expect(try value("days_early(直属团组织.成立日期, target)", organisations) == .number(6))
        #expect(try value("reached(直属团组织.成立日期, 0.5 * target)", organisations) == .date(LedgerDate(iso: "2026-10-15")!))
        // 0.5 × 15 = 7.5 organisations: the 8th.
        #expect(try value("reached(直属团组织.成立日期, 0.5 * target)", organisations, target: 15) == .date(LedgerDate(iso: "2026-10-10")!))
        #expect(try value("reached(直属团组织.成立日期, target)", organisations, target: 22) == .none)
        #expect(try value("days_early(直属团组织.成立日期, target)", organisations, target: 22) == .none)
        #expect(try value("days_early(直属团组织.成立日期, 21)", organisations) == .number(1))
    }

    @Test func fridaysCountsTheWindowsFridaysWithAReport() throws {
        // 10-02 twice, 10-16, a Thursday (10-15) and a Friday outside the window (09-25).
        let reports = ["周交账": ["2026-10-02", "2026-10-02", "2026-10-16", "2026-10-15", "2026-09-25"].map(F.report)]
        #expect(try value("fridays(周交账.交账日期)", reports) == .number(2))
        #expect(try value("fridays(周交账.交账日期)", [:]) == .number(0))
    }

    @Test func findingRateIsErrorsPerDataRow() throws {
        #expect(try value("finding_rate", [:], errors: 3, rows: 60) == .number(Decimal(string: "0.05")!))
        #expect(try value("finding_rate", [:], errors: 0, rows: 60) == .number(0))
        #expect(try value("finding_rate", [:], errors: 2, rows: 0) == .none)
    }

    @Test func targetComesFromTheTownElseTheConfiguration() {
        #expect(TownData.resolvedTarget(reported: .integer(15), town: "湖坊镇", district: F.district) == 15)
        #expect(TownData.resolvedTarget(reported: nil, town: "湖坊镇", district: F.district) == 20)
        #expect(TownData.resolvedTarget(reported: .integer(0), town: "罗家镇", district: F.district) == 20)
    }
}
