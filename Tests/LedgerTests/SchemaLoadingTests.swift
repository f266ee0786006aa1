import Foundation
import TaizhangSupport
import Testing
@testable import Ledger

@Suite("Ledger: schema and district files")
struct SchemaLoadingTests {
    static let templates: String = {
        let file = #filePath
        let root = file.components(separatedBy: "/Tests/").first!
        return root + "/templates"
    }()

    @Test func defaultFilesLoad() throws {
        let configuration = try LedgerConfiguration.load(schemaPath: Self.templates + "/ledger.yaml",
                                                         districtPath: Self.templates + "/district.yaml")
        #expect(configuration.district.towns.map(\.name) == ["湖坊镇", "罗家镇", "塘山镇", "京东镇", "扬子洲镇"])
        #expect(configuration.district.districtTarget == 100)
        #expect(configuration.district.reportDays.map(\.description) == ["2026-10-02", "2026-10-09", "2026-10-16", "2026-10-23", "2026-10-30"])
        #expect(configuration.schema.sheets.map(\.name) == ["基本信息", "直属团组织", "调查摸底", "活动开展", "周交账", "挂点包干", "优秀个人推荐"])
        let town = try #require(configuration.schema.sheet("基本信息")?.column("镇名称"))
        #expect(town.values == ["湖坊镇", "罗家镇", "塘山镇", "京东镇", "扬子洲镇"])
    }
}

@Suite("Ledger: district files written back")
struct DistrictWritingTests {
    @Test func yamlTextReadsBackTheSame() throws {
        let district = try DistrictConfig.load(path: SchemaLoadingTests.templates + "/district.yaml")
        let again = try DistrictConfig.parse(district.yamlText, file: "written.yaml")
        #expect(again.towns == district.towns)
        #expect(again.milestones == district.milestones)
        #expect(again.reportDays == district.reportDays)
        #expect(again.deadline == district.deadline && again.campaignStart == district.campaignStart)
        #expect(again.liaison.map(\.towns) == district.liaison.map(\.towns))
        #expect(again.reportDeadline == district.reportDeadline)
    }

    @Test func theReportDeadlineIsATimeOfDay() throws {
        let district = try DistrictConfig.load(path: SchemaLoadingTests.templates + "/district.yaml")
        #expect(district.reportDeadline == .endOfDay && district.reportDeadline.description == "24:00")
        #expect(district.liaisonTowns(of: "书记") == ["湖坊镇", "罗家镇"] && district.liaisonTowns(of: "部长") == nil)
        #expect(district.liaisonLeaders["京东镇"] == ["副书记"])
        #expect(district.reportDayNumber(of: LedgerDate(iso: "2026-10-16")!) == 3)
        #expect(district.reportDayNumber(of: LedgerDate(iso: "2026-10-17")!) == nil)
        let text = try String(contentsOfFile: SchemaLoadingTests.templates + "/district.yaml", encoding: .utf8)
        for (written, minutes) in [("\"18:00\"", 1080), ("18:00", 1080), ("\"9:30\"", 570), ("\"24:00\"", 1440), ("\"00:01\"", 1)] {
            let changed = text.replacingOccurrences(of: "report_deadline: \"24:00\"", with: "report_deadline: " + written)
            let parsed = try DistrictConfig.parse(changed, file: "district.yaml")
            #expect(parsed.reportDeadline.minutes == minutes, "\(written)")
            #expect(try DistrictConfig.parse(parsed.yamlText, file: "again.yaml").reportDeadline == parsed.reportDeadline)
        }
        for wrong in ["\"25:00\"", "\"18:60\"", "\"00:00\"", "\"6pm\"", "\"18\"", "\"18:0\"", "\"１８:００\""] {
            let changed = text.replacingOccurrences(of: "report_deadline: \"24:00\"", with: "report_deadline: " + wrong)
            #expect(throws: ConfigurationError.self, "\(wrong)") { try DistrictConfig.parse(changed, file: "district.yaml") }
        }
    }
}
