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
    }
}
