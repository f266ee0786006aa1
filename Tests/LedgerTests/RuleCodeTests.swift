import Foundation
import Testing
import XLSX
@testable import Ledger

/// The rule codes that no other test names: `extra-sheet`, `header-not-found`, `missing-column`,
/// `max-value` and `pattern`, each where it belongs and nowhere else.
@Suite("Ledger: rule codes found where they belong")
struct RuleCodeTests {
    let configuration = TemplateValidationTests.configuration

    /// A workbook of sheets given as rows (nil: an empty cell); `hidden` sheets are hidden.
    func workbook(_ sheets: [(String, [[WritableCell?]])], hidden: Set<String> = []) throws -> String {
        let path = temporaryFolder() + "/submission.xlsx"
        let writer = try WorkbookWriter(path: path)
        for (name, rows) in sheets {
            let sheet = try writer.addSheet(name)
            if hidden.contains(name) { sheet.state = .hidden }
            for row in rows { try sheet.writeRow(row) }
        }
        try writer.close()
        return path
    }

    var form: (String, [[WritableCell?]]) {
        ("基本信息", [["镇名称", "罗家镇"], ["填报日期", WritableCell(.date(LocalDateTime(year: 2026, month: 10, day: 31)))]])
    }

    func findings(_ path: String, schema: LedgerSchema? = nil) -> [Finding] {
        LedgerValidator(schema: schema ?? configuration.schema, district: configuration.district).validate(path: path).findings
    }

    @Test func aVisibleSheetWithDataThatIsNotPartOfTheLedgerIsAWarning() throws {
        let found = findings(try workbook([form, ("草稿", [["随手记的", 12]]), ("空白页", []), ("隐藏", [["x"]])], hidden: ["隐藏"]))
        let extra = found.filter { $0.code == .extraSheet }
        #expect(extra.count == 1)
        #expect(extra.first?.severity == .warning && extra.first?.sheet == "草稿")
    }

    @Test func aTableWithoutItsHeaderInTheFirstRowsIsAnError() throws {
        let rows: [[WritableCell?]] = Array(repeating: ["说明文字"], count: 12) + [["姓名", "职务", "包干区域数", "包干区域名称", "联系电话"]]
        let found = findings(try workbook([form, ("挂点包干", rows)]))
        let missing = found.filter { $0.code == .headerNotFound }
        #expect(missing.count == 1 && missing.first?.severity == .error && missing.first?.sheet == "挂点包干")
    }

    @Test func aMissingColumnIsAnErrorWhenRequiredAndAWarningWhenOptional() throws {
        // 挂点包干 without 职务 (required) and without 联系电话 (optional).
        let found = findings(try workbook([form, ("挂点包干", [["姓名", "包干区域数", "包干区域名称"], ["赵六", 3, "甲村、乙村、丙村"]])]))
        let missing = found.filter { $0.code == .missingColumn && $0.sheet == "挂点包干" }
        #expect(missing.first { $0.column == "职务" }?.severity == .error)
        #expect(missing.first { $0.column == "联系电话" }?.severity == .warning)
        #expect(missing.count == 2)
    }

    /// The default ledger has no upper bound or pattern: a district's own schema may.
    func schema(extraColumns: String) throws -> LedgerSchema {
        try LedgerSchema.parse("""
            name: 测试台账
            sheets:
              - name: 基本信息
                kind: form
                fields:
                  - {label: 镇名称, type: text, required: true, one_of: "${towns}"}
              - name: 队伍
                kind: table
                columns:
                  - {label: 姓名, type: text, required: true}
            \(extraColumns)
            """, file: "test.yaml", district: configuration.district)
    }

    @Test func aNumberAboveTheColumnsMaximumIsAnErrorAtItsCell() throws {
        let schema = try schema(extraColumns: "      - {label: 人数, type: integer, max: 50}")
        let path = try workbook([("基本信息", [["镇名称", "罗家镇"]]), ("队伍", [["姓名", "人数"], ["甲", 50], ["乙", 51]])])
        let over = findings(path, schema: schema).filter { $0.code == .maxValue }
        #expect(over.count == 1)
        #expect(over.first?.cell?.description == "B3" && over.first?.severity == .error && over.first?.value == "51")
    }

    @Test func textNotInTheColumnsPatternIsAnErrorAtItsCell() throws {
        let schema = try schema(extraColumns: #"      - {label: 编号, type: text, pattern: "TW-[0-9]{4}"}"#)
        let path = try workbook([("基本信息", [["镇名称", "罗家镇"]]), ("队伍", [["姓名", "编号"], ["甲", "TW-0001"], ["乙", "TW-12"], ["丙", "xTW-0002"]])])
        let wrong = findings(path, schema: schema).filter { $0.code == .pattern }
        #expect(wrong.map { $0.cell?.description } == ["B3", "B4"])
        #expect(wrong.allSatisfy { $0.severity == .error })
    }
}
