import Foundation
import Testing
import XLSX
import TaizhangSupport
@testable import Ledger

/// A town's template as a paper: its instructions name the town, its columns are as wide as
/// what they may hold, long text wraps, a blank sheet prints ruled rows, its faces are Chinese.
@Suite("Ledger: templates on paper")
struct TemplateLayoutTests {
    let configuration = TemplateValidationTests.configuration

    @Test func columnsFitWhatTheyMayHold() throws {
        let schema = try #require(configuration.schema.sheet("直属团组织"))
        func layout(_ label: String) throws -> (width: Double, wraps: Bool) {
            let column = try #require(schema.column(label))
            return TemplateBuilder.layout(of: column, example: column.example(town: "湖坊镇"))
        }
        // 团组织名称 may hold 60 characters: it wraps in a column of 13 of them.
        #expect(try layout("团组织名称") == (TemplateBuilder.wrapWidth, true))
        #expect(try layout("成立日期") == (12, false))
        #expect(try layout("书记联系电话").width >= 15)
        // Free text without a length wraps; 主要事迹 (500 characters) takes a wide column.
        #expect(try layout("备注").wraps)
        let story = try #require(configuration.schema.sheet("优秀个人推荐")?.column("主要事迹"))
        #expect(TemplateBuilder.layout(of: story, example: nil) == (TemplateBuilder.longTextWidth, true))
        // 直属团组织 fits one landscape page at a legible size.
        let width = schema.columns.map { TemplateBuilder.layout(of: $0, example: $0.example(town: "湖坊镇")).width }.reduce(0, +)
        #expect(PrintLayout.pageSetup(width: width, issuer: "").fitToPages != nil, "\(width) characters wide")
    }

    @Test func eachTownsInstructionsNameItAndBlankSheetsPrintRuledRows() throws {
        let folder = temporaryFolder()
        let town = configuration.district.towns[1]
        let path = folder + "/" + TemplateBuilder.fileName(town: town.name)
        try TemplateBuilder(schema: configuration.schema, district: configuration.district).write(town: town, to: path)
        let workbook = try Workbook(path: path)
        var instructions: [String] = []
        var examples: [String] = []
        try workbook.forEachRow(of: try workbook.sheet(named: configuration.schema.instructionsSheet)) { row in
            instructions += row.cells.compactMap(\.value.stringValue)
            if let example = row[column: 5]?.value.stringValue { examples.append(example) }
        }
        // The examples (column 示例) name 罗家镇, never another town.
        #expect(examples.contains("罗家镇商业街团支部") && examples.contains("罗家镇"))
        #expect(!examples.contains { example in configuration.district.towns.contains { $0.name != town.name && example.contains($0.name) } })
        #expect(instructions.first?.hasSuffix("填报说明(罗家镇)") == true)
        // The blank table: its title names the town, its ruled rows are in the printed area.
        let sheet = try workbook.sheet(named: "直属团组织")
        var rows: [Row] = []
        try workbook.forEachRow(of: sheet) { rows.append($0) }
        #expect(rows.first?.cells.first?.value.stringValue?.hasSuffix("罗家镇新建直属团组织台账") == true)
        let area = try #require(workbook.definedNames.first { $0.name == "_xlnm.Print_Area" && $0.localSheetIndex == sheet.index })
        #expect(area.formula.hasSuffix("$A$1:$L$22"), "\(area.formula)")
        // The same file is read back as an empty submission: ruled rows are not data.
        let result = LedgerValidator(schema: configuration.schema, district: configuration.district).validate(path: path)
        #expect(result.submission?.tables["直属团组织"]?.rows.isEmpty == true)
        // Chinese faces with their character set.
        let styles = try PackageParts.text("xl/styles.xml", of: path)
        #expect(styles.contains("<name val=\"宋体\"/><charset val=\"134\"/>") && styles.contains("<name val=\"黑体\"/><charset val=\"134\"/>"))
        #expect(!styles.contains("Calibri"))
    }
}
