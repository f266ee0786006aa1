import Foundation
import TaizhangSupport
import Testing
import Foundation
import TaizhangSupport
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
        // Examples name the town whose template they are in; rules have names to print.
        #expect(town.example(town: "罗家镇") == "罗家镇")
        #expect(configuration.schema.sheet("直属团组织")?.column("团组织名称")?.example(town: "塘山镇") == "塘山镇商业街团支部")
        #expect(configuration.schema.ruleName("youth-below-members") == "青年人数少于团员人数(youth-below-members)")
        #expect(configuration.schema.ruleName(.minValue) == "小于最小值(min-value)")
        #expect(configuration.schema.ruleName("made-up") == "made-up")
        // What the documents print is left blank unless the district file says it.
        #expect(configuration.district.noticePeriod == nil && configuration.district.contactName == nil)
        #expect(configuration.district.resubmissionDeadline == nil && configuration.district.preparedBy == nil)
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

    @Test func whatTheDocumentsPrintReadsAndWritesBack() throws {
        let base = try String(contentsOfFile: SchemaLoadingTests.templates + "/district.yaml", encoding: .utf8)
        let text = base + """
            notice_period: {from: 2026-11-02, to: 2026-11-06}
            contact: {name: 王丽, phone: "0791-88123456"}
            resubmission_deadline: 2026-11-05
            prepared_by: 李明
            reviewed_by: 张华

            """
        let district = try DistrictConfig.parse(text, file: "d.yaml")
        #expect(district.noticePeriod == LedgerDate(year: 2026, month: 11, day: 2)!...LedgerDate(year: 2026, month: 11, day: 6)!)
        #expect(district.contactName == "王丽" && district.contactPhone == "0791-88123456")
        #expect(district.resubmissionDeadline == LedgerDate(year: 2026, month: 11, day: 5))
        #expect(district.preparedBy == "李明" && district.reviewedBy == "张华")
        let again = try DistrictConfig.parse(district.yamlText, file: "written.yaml")
        #expect(again.noticePeriod == district.noticePeriod && again.contactName == "王丽" && again.contactPhone == "0791-88123456")
        #expect(again.resubmissionDeadline == district.resubmissionDeadline && again.preparedBy == "李明" && again.reviewedBy == "张华")
        // A period that ends before it starts, or a key given empty, is a mistake with its line.
        #expect(throws: ConfigurationError.self) { try DistrictConfig.parse(base + "notice_period: {from: 2026-11-06, to: 2026-11-02}\n", file: "d.yaml") }
        #expect(throws: ConfigurationError.self) { try DistrictConfig.parse(base + "prepared_by: \"  \"\n", file: "d.yaml") }
        #expect(throws: ConfigurationError.self) { try DistrictConfig.parse(base + "contact: {name: 王丽, email: x}\n", file: "d.yaml") }
    }
}
