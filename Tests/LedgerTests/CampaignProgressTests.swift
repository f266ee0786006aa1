import LedgerSamples
import Foundation
import Testing
import XLSX
@testable import Ledger

@Suite("Ledger: campaign progress (进度)")
struct CampaignProgressTests {
    let configuration = TemplateValidationTests.configuration

    func day(_ text: String) -> LedgerDate { LedgerDate(iso: text)! }

    func town(_ name: String, target: Int, founded: [String?]) -> TownData {
        let rows: [LedgerRow] = founded.map { date in date.map { ["成立日期": .date(day($0))] } ?? ["团组织名称": .text("无日期")] }
        return TownData(name: name, target: target, tables: ["直属团组织": rows], errorCount: 0, dataRowCount: rows.count)
    }

    @Test func countsFoundingDatesCumulativelyOnReportDaysAndMilestones() throws {
        let towns = [
            town("甲镇", target: 21, founded: ["2026-08-31", "2026-09-01", "2026-10-02", "2026-10-03", "2026-10-15", "2026-10-15",
                                              "2026-10-16", nil] + Array(repeating: "2026-10-20", count: 4)),
            town("乙镇", target: 4, founded: []),
        ]
        let progress = try #require(CampaignProgress(towns: towns, configuration: configuration))
        #expect(CampaignProgress.foundingColumn(in: configuration.schema)! == ("直属团组织", "成立日期"))
        // The five Fridays and the three milestone dates, in order.
        #expect(progress.dates.map(\.description) == ["2026-10-02", "2026-10-09", "2026-10-15", "2026-10-16", "2026-10-23",
                                                      "2026-10-25", "2026-10-30", "2026-10-31"])
        let first = progress.towns[0]
        // 08-31 is before the campaign start, the undated row never counts; dates are inclusive.
        #expect(first.series.map(\.founded) == [2, 3, 5, 6, 10, 10, 10, 10])
        #expect(first.milestones.map(\.required) == [11, 21, 21])
        #expect(first.milestones.map(\.founded) == [5, 10, 10])
        #expect(first.milestones.map(\.met) == [false, false, false])
        #expect(first.milestones.map(\.name) == ["首节点", "次节点", "巩固提高"])
        let second = progress.towns[1]
        #expect(second.series.allSatisfy { $0.founded == 0 })
        #expect(second.milestones.map(\.required) == [2, 4, 4])
        #expect(CampaignProgress.required(share: 0.1, target: 30) == 3)
        #expect(CampaignProgress.required(share: 0.5, target: 20) == 10)
        #expect(CampaignProgress.required(share: 0.5, target: 21) == 11)
    }

    @Test func theDistrictLedgerShowsTheSameProgressWithAChart() throws {
        let folder = temporaryFolder()
        try SampleGenerator(configuration: configuration, seed: 3).write(to: folder, towns: configuration.district.towns, faults: false)
        let files = configuration.district.towns.map { folder + "/" + TemplateBuilder.fileName(town: $0.name) }
        let ledger = folder + "/区汇总.xlsx"
        let outcome = try DistrictMerger(configuration: configuration).merge(files: files, to: ledger)
        let progress = try #require(CampaignProgress(towns: outcome.towns, configuration: configuration))
        let workbook = try Workbook(path: ledger)
        #expect(workbook.sheets.map(\.name).prefix(2) == ["汇总", "进度"])
        var rows: [Row] = []
        try workbook.forEachRow(of: try workbook.sheet(named: "进度")) { rows.append($0) }
        // Under the title and the dating line: the dates as dates, then what happens on each.
        #expect(rows[2].number == 3 && rows[2][column: 5]?.value.displayText == "2026-10-15")
        #expect(rows[3][column: 5]?.value == .string("首节点"))
        #expect(rows[3][column: 6]?.value == .string("交账日"))
        for (offset, town) in progress.towns.enumerated() {
            let row = rows[4 + offset]
            #expect(row[column: 1]?.value == .string(town.name))
            #expect(row[column: 2]?.value == .number(Double(town.target)))
            #expect((3..<(3 + progress.dates.count)).map { row[column: $0]?.value } == town.series.map { .number(Double($0.founded)) })
        }
        func part(_ name: String) throws -> String { try PackageParts.text(name, of: ledger) }
        let chart = try part("xl/charts/chart1.xml")
        #expect(chart.contains("<c:lineChart>"))
        #expect(chart.contains("<c:f>'进度'!$C$3:$J$3</c:f>"))
        #expect(configuration.district.towns.allSatisfy { chart.contains("<c:v>\($0.name)</c:v>") })
        // The chart's time line: a date axis, the target and the milestones' requirements drawn.
        #expect(chart.contains("<c:dateAx>") && chart.contains("<c:v>目标 20 个</c:v>") && chart.contains("<c:v>节点要求("))
        // Every sheet prints on A4, one page wide or, too wide for that at 80 %, across pages at
        // 80 % with manual breaks, with the page numbers and the date the data stands at in its footer.
        for (index, sheet) in workbook.sheets.enumerated() {
            let xml = try part("xl/worksheets/sheet\(index + 1).xml")
            #expect(xml.contains("<pageSetup paperSize=\"9\""), "\(sheet.name)")
            #expect(xml.contains("fitToWidth=\"1\"") || (xml.contains("scale=\"80\"") && xml.contains("<colBreaks")), "\(sheet.name)")
            #expect(xml.contains("&amp;P") && xml.contains("数据截至 2026-10-31"), "\(sheet.name)")
        }
    }
}
