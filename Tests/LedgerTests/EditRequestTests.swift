import LedgerSamples
import Foundation
import Testing
import XLSX
@testable import Ledger

/// What an edit request may ask: refusals (`not-editable`, `invalid`), how values are typed by
/// their column, the API's JSON, and what the page is offered.
@Suite("Ledger: edit requests")
struct EditRequestTests {
    let configuration = EditingFixtures.configuration
    var editor: LedgerEditor { LedgerEditor(schema: configuration.schema, district: configuration.district) }

    /// A valid sample of 湖坊镇 and its validation.
    func sample() throws -> (folder: String, result: SubmissionResult) {
        let folder = temporaryFolder()
        let town = configuration.district.towns[0]
        try SampleGenerator(configuration: configuration, seed: 5).write(to: folder, towns: [town], faults: false)
        return (folder, EditingFixtures.validator.validate(path: folder + "/" + TemplateBuilder.fileName(town: town.name)))
    }

    func refusal(_ request: EditRequest, _ result: SubmissionResult, to destination: String) -> EditRefusal? {
        do {
            try editor.write(request, for: result, to: destination)
            return nil
        } catch let refusal as EditRefusal {
            return refusal
        } catch {
            Issue.record("not a refusal: \(error)")
            return nil
        }
    }

    @Test func cellsOutsideTheDataAndFormFieldsAreNotEditable() throws {
        let (folder, result) = try sample()
        let table = try #require(result.submission?.tables["直属团组织"])
        let form = try #require(result.submission?.forms["基本信息"])
        let last = try #require(table.rows.last?.number)
        let nameColumn = CellReference.columnLetters(table.columns["团组织名称"]!)
        let label = form.fields["填报人"]!.reference
        let cases: [(CellEditRequest, EditProblem.Reason)] = [
            (CellEditRequest(sheet: "直属团组织", cell: "\(nameColumn)\(table.headerRow)", value: "名称"), .header),
            (CellEditRequest(sheet: "直属团组织", cell: "A1", value: "标题"), .title),
            (CellEditRequest(sheet: "直属团组织", cell: "\(nameColumn)\(last + 3)", value: "新"), .notADataRow),
            (CellEditRequest(sheet: "直属团组织", cell: "Z\(last)", value: "1"), .notALedgerColumn),
            (CellEditRequest(sheet: "直属团组织", cell: "第三行", value: "1"), .badReference),
            (CellEditRequest(sheet: "基本信息", cell: CellReference(row: label.row, column: 1).description, value: "填报"), .notAFormField),
            (CellEditRequest(sheet: "填报说明", cell: "A1", value: "说明"), .sheetNotInLedger),
            (CellEditRequest(sheet: "我的表", cell: "A1", value: "1"), .sheetNotInLedger),
        ]
        let destination = folder + "/edited.xlsx"
        for (request, reason) in cases {
            let refused = try #require(refusal(EditRequest(cells: [request]), result, to: destination), "\(request)")
            #expect(refused.code == .notEditable)
            #expect(refused.problems.map(\.reason) == [reason], "\(request)")
        }
        // Every problem of a request is listed, in order; one not-editable makes the whole not-editable.
        let mixed = try #require(refusal(EditRequest(cells: cases.map(\.0) + [
            CellEditRequest(sheet: "直属团组织", cell: "\(nameColumn)\(last)", value: "响\u{7}铃"),
        ]), result, to: destination))
        #expect(mixed.problems.count == cases.count + 1)
        #expect(mixed.code == .notEditable)
        #expect(mixed.problems.last?.reason == .controlCharacter("U+0007"))
        #expect(mixed.message(.chinese).contains("\(nameColumn)\(table.headerRow) 是表头,不能修改"))
        #expect(mixed.message(.english).contains("is the header and cannot be edited"))
        #expect(!FileManager.default.fileExists(atPath: destination), "nothing is written")
        // A refusal crosses a process boundary (a worker that reads the workbook) as JSON.
        #expect(try JSONDecoder().decode(EditRefusal.self, from: JSONEncoder().encode(mixed)) == mixed)
    }

    @Test func rowsAreRefusedForFormsUnknownColumnsAndNothingToAdd() throws {
        let (folder, result) = try sample()
        let destination = folder + "/edited.xlsx"
        func reasons(_ rows: [RowEditRequest]) -> [EditProblem.Reason]? {
            refusal(EditRequest(rows: rows), result, to: destination)?.problems.map(\.reason)
        }
        #expect(reasons([RowEditRequest(sheet: "基本信息", values: ["填报人": "张三"])]) == [.formSheet])
        #expect(reasons([RowEditRequest(sheet: "直属团组织", values: ["团组织名称": "新团支部", "口号": "奋斗"])]) == [.noSuchColumn])
        #expect(reasons([RowEditRequest(sheet: "直属团组织", values: ["团组织名称": " ", "备注": ""])]) == [.emptyRow])
        #expect(reasons([RowEditRequest(sheet: "说明", values: ["团组织名称": "新团支部"])]) == [.sheetNotInLedger])
        #expect(reasons([RowEditRequest(sheet: "直属团组织", values: ["备注": String(repeating: "长", count: 32_768)])])
                == [.tooLong(length: 32_768)])
        let invalid = try #require(refusal(EditRequest(rows: [RowEditRequest(sheet: "直属团组织", values: ["备注": "\u{1}"])]), result,
                                           to: destination))
        #expect(invalid.code == .invalid)
        #expect(invalid.message(.chinese) == "备注含有不可见的控制字符(U+0001),请删除后再保存")
    }

    @Test func anUnreadableSubmissionCannotBeEdited() throws {
        let folder = temporaryFolder()
        let path = folder + "/broken.xlsx"
        try Data("not a workbook".utf8).write(to: URL(fileURLWithPath: path))
        let result = EditingFixtures.validator.validate(path: path)
        let refused = try #require(refusal(EditRequest(cells: [CellEditRequest(sheet: "基本信息", cell: "B2", value: "x")]), result,
                                           to: folder + "/edited.xlsx"))
        #expect(refused.problems.map(\.reason) == [.unreadableSubmission])
        #expect(editor.editableCells(of: result).isEmpty && editor.newRowForms(of: result).isEmpty)
    }

    @Test func valuesAreTypedByTheirColumn() throws {
        let typing = EditValueTyping(defaultYear: 2026, firstYear: 1900)
        func column(_ type: FieldType) -> ColumnSchema { ColumnSchema(label: "列", type: type) }
        let cases: [(String, FieldType, CellEditValue)] = [
            ("2026-10-08", .date, .date(LocalDateTime(year: 2026, month: 10, day: 8))),
            ("2026年10月8日", .date, .date(LocalDateTime(year: 2026, month: 10, day: 8))),
            ("10月8日", .date, .date(LocalDateTime(year: 2026, month: 10, day: 8))),
            ("２０２６/１０/８", .date, .date(LocalDateTime(year: 2026, month: 10, day: 8))),
            ("abc", .date, .text("abc")),
            ("2026-02-30", .date, .text("2026-02-30")),
            ("1899-12-01", .date, .text("1899-12-01")),
            (" 20 ", .integer, .number(20)),
            ("２０", .integer, .number(20)),
            ("2.5", .integer, .number(2.5)),
            ("-1e3", .decimal, .number(-1000)),
            ("20人", .integer, .text("20人")),
            ("inf", .decimal, .text("inf")),
            ("0x10", .integer, .text("0x10")),
            ("1e400", .decimal, .text("1e400")),
            ("1234567890123456", .integer, .text("1234567890123456")),
            ("3", .serial, .number(3)),
            ("13800138000", .phone, .text("13800138000")),
            ("13800138000", .integer, .number(13_800_138_000)),
            ("=SUM(A1:A9)", .text, .text("=SUM(A1:A9)")),
            ("第一行\r\n第二行", .text, .text("第一行\n第二行")),
            ("\u{3000}王五 ", .personName, .text("王五")),
            ("  ", .integer, .empty),
            ("", .date, .empty),
        ]
        for (typed, type, expected) in cases {
            #expect(try typing.value(typed, column: column(type)).get() == expected, "\(typed) as \(type)")
        }
        #expect(EditValueTyping(defaultYear: 2026, firstYear: 1904).value("1903-05-01", column: column(.date)) == .success(.text("1903-05-01")))
        #expect(typing.value("a\u{0}b", column: column(.text)) == .failure(.controlCharacter("U+0000")))
        #expect(typing.value("a\u{85}b", column: column(.text)) == .failure(.controlCharacter("U+0085")))
        #expect(typing.value("tab\there", column: column(.text)) == .success(.text("tab\there")))
        #expect(typing.value(String(repeating: "😀", count: 16_384), column: column(.text)) == .failure(.tooLong(length: 32_768)))
    }

    @Test func aDateColumnGivenTextKeepsTheTextForTheValidationToReport() throws {
        let (folder, result) = try sample()
        let table = try #require(result.submission?.tables["直属团组织"])
        let cell = CellReference(row: table.rows[0].number, column: table.columns["成立日期"]!)
        let destination = folder + "/edited.xlsx"
        let plan = try editor.write(EditRequest(cells: [CellEditRequest(sheet: "直属团组织", cell: cell.description, value: "下周一")]),
                                    for: result, to: destination)
        #expect(plan.cells.map(\.value) == [.text("下周一")])
        let after = EditingFixtures.validator.validate(path: destination)
        #expect(after.findings.contains { $0.code == .notADate && $0.cell == cell && $0.value == "下周一" })
    }

    @Test func theAPIsJSONDecodes() throws {
        let json = #"""
        {"cells": [{"sheet": "直属团组织", "cell": "F9", "value": "2026-10-08"}, {"sheet": "直属团组织", "cell": "G9", "value": 13800138000},
                   {"sheet": "直属团组织", "cell": "H9", "value": 2.5}, {"sheet": "直属团组织", "cell": "I9", "value": null}],
         "rows": [{"sheet": "直属团组织", "values": {"团组织名称": "…", "团员人数": 5, "备注": null}}]}
        """#
        let request = try JSONDecoder().decode(EditRequest.self, from: Data(json.utf8))
        #expect(request.cells.map(\.value) == ["2026-10-08", "13800138000", "2.5", ""])
        #expect(request.rows == [RowEditRequest(sheet: "直属团组织", values: ["团组织名称": "…", "团员人数": "5", "备注": ""])])
        #expect(try JSONDecoder().decode(EditRequest.self, from: Data(#"{"rows": []}"#.utf8)).isEmpty)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EditRequest.self, from: Data(#"{"cells": [{"sheet": "x"}]}"#.utf8)) }
    }

    @Test func thePageIsOfferedTheFormFieldsTheFlaggedCellsAndANewRowPerTable() throws {
        // A valid ledger: its form fields first, in the ledger's order.
        let (_, valid) = try sample()
        let fields = Array(editor.editableCells(of: valid).prefix { $0.isFormField })
        let form = configuration.schema.sheet("基本信息")!
        #expect(fields.map(\.column) == form.columns.map(\.label))
        let reportDate = try #require(fields.first { $0.column == "填报日期" })
        #expect(reportDate.kind == .date && reportDate.required && LedgerDate(iso: reportDate.inputValue) != nil)
        #expect(fields.first { $0.column == "镇名称" }?.kind == .list)
        #expect(fields.first { $0.column == "镇名称" }?.choices == configuration.district.towns.map(\.name))
        #expect(fields.first { $0.column == "联系电话" }?.kind == .text)

        // A faulty one: the form fields first, then an input for every flagged data cell.
        let folder = temporaryFolder()
        let town = configuration.district.towns[0]
        try SampleGenerator(configuration: configuration, seed: 9).write(to: folder, towns: [town], faults: true)
        let result = EditingFixtures.validator.validate(path: folder + "/" + TemplateBuilder.fileName(town: town.name))
        let cells = editor.editableCells(of: result)
        let formCount = cells.prefix { $0.isFormField }.count
        #expect(!cells.dropFirst(formCount).contains { $0.isFormField })
        // Every finding on a data cell of a ledger column has its input, named as the page names it.
        let table = try #require(result.submission?.tables["直属团组织"])
        let dataCells = result.findings.filter { finding in
            finding.sheet == table.sheetName && finding.cell.map { cell in
                table.rows.contains { $0.number == cell.row } && table.columns.values.contains(cell.column)
            } == true
        }
        #expect(!dataCells.isEmpty)
        for finding in dataCells {
            let input = try #require(cells.first { $0.sheet == finding.sheet && $0.cell == finding.cell })
            #expect(input.findings.contains(finding))
            #expect(input.inputName == "cell:\(finding.sheet!)!\(finding.cell!)")
        }
        #expect(Set(cells.map { "\($0.sheet)!\($0.cell)" }).count == cells.count, "each cell once")
        if let date = cells.first(where: { $0.kind == .date && !$0.isFormField }), !date.inputValue.isEmpty {
            #expect(LedgerDate(iso: date.inputValue) != nil || date.findings.contains { $0.code == .notADate })
        }
        let forms = editor.newRowForms(of: valid)
        #expect(forms.map(\.sheet) == configuration.schema.sheets.filter { $0.kind == .table }.map(\.name))
        let organisations = try #require(forms.first)
        #expect(organisations.fields.map(\.label) == configuration.schema.sheet("直属团组织")!.columns.map(\.label))
        #expect(organisations.fields.first { $0.label == "成立日期" }?.kind == .date)
        #expect(organisations.fields.first { $0.label == "组织类型" }?.choices == ["团委", "团总支", "团支部"])
        #expect(organisations.fields.first { $0.label == "团员人数" }?.kind == .number)
        #expect(organisations.fields.first { $0.label == "书记联系电话" }?.kind == .text)
    }
}
