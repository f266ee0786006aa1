import LedgerSamples
import Foundation
import TestOracles
import Testing
import XLSX
@testable import Ledger

/// Correcting a town's own workbook from the portal (issue 22): for ledgers written by other
/// programs, correcting the flagged cells and adding a row gives a workbook that validates with
/// no errors, holds the corrected values with their types (for our reader and for openpyxl),
/// keeps every other part byte for byte, passes the schema check and opens in LibreOffice.
@Suite("Ledger: correcting a workbook", .serialized)
struct EditingTests {
    let configuration = EditingFixtures.configuration
    let validator = EditingFixtures.validator
    var editor: LedgerEditor { LedgerEditor(schema: configuration.schema, district: configuration.district) }

    @Test(.needs(.openpyxl)) func openpyxlLedger() throws {
        try correct(.openpyxl)
    }

    @Test(.needs(.openpyxl, .python(["xlsxwriter"]))) func xlsxWriterLedgerWithASharedFormulaAndACalculationChain() throws {
        try correct(.xlsxWriter)
    }

    @Test(.needs(.openpyxl, .python(["xlsxwriter"]))) func xlsxWriterLedgerWithInlineStringsIn1904() throws {
        try correct(.xlsxWriterInline1904)
    }

    @Test(.needs(.openpyxl, .libreOffice)) func libreOfficeLedger() throws {
        try correct(.libreOffice)
    }

    @Test(.needs(.openpyxl, .libreOffice)) func libreOfficeXLSLedgerIsEditedAsItsConversion() throws {
        try correct(.libreOfficeXLS)
    }

    @Test(.needs(.openpyxl, .program("ssconvert"))) func gnumericLedger() throws {
        try correct(.gnumeric)
    }

    @Test(.needs(.openpyxl, .python(["xlsxwriter"]), .libreOffice))
    func libreOfficeOpensAnEditedLedger() throws {
        let (ledger, edited) = try correct(.xlsxWriter)
        // Saved again by LibreOffice, the copy holds the corrected values, the shared formula's
        // cells computed again, and the new row.
        let saved = try EditingFixtures.convert(edited, with: "xlsx", in: ledger.folder + "/reopened")
        let cells = try Workbook(path: saved).cells(of: "直属团组织")
        for mistake in ledger.mistakes where mistake.sheet == "直属团组织" {
            #expect(cells[mistake.cell.description]?.displayText == mistake.expected.displayText, "LibreOffice: \(mistake.cell)")
        }
        let original = try Workbook(path: ledger.path).cells(of: "直属团组织")
        if let master = ledger.sharedFormula.first { #expect(cells[master.description] == .number(99)) }
        for cell in ledger.sharedFormula.dropFirst() {
            #expect(cells[cell.description] == original[cell.description], "LibreOffice computes \(cell)")
        }
        let resaved = validator.validate(path: saved)
        #expect(resaved.errorCount == 0)
        #expect(resaved.submission?.tables["直属团组织"]?.rows.count == ledger.organisationRows + 1)
    }

    @Test func ourOwnTemplateLedger() throws {
        // A sample written by our own writer, with the sample generator's mistakes: every flagged
        // cell the page offers is given its sample value back where one is known.
        let folder = temporaryFolder()
        let town = configuration.district.towns[1]
        try SampleGenerator(configuration: configuration, seed: 9).write(to: folder, towns: [town], faults: false)
        let path = folder + "/" + TemplateBuilder.fileName(town: town.name)
        let result = validator.validate(path: path)
        let request = EditRequest(cells: [CellEditRequest(sheet: "基本信息", cell: result.submission!.forms["基本信息"]!.fields["填报人"]!.reference.description,
                                                          value: "李雷")],
                                  rows: [RowEditRequest(sheet: "调查摸底", values: ["村(社区)名称": "新村测试", "青年人数": "40", "发放调查表数": "30",
                                                                                    "回收调查表数": "20"])])
        let destination = folder + "/edited.xlsx"
        let plan = try editor.write(request, for: result, to: destination)
        let after = validator.validate(path: destination)
        #expect(after.errorCount == 0, "\(after.findings.filter { $0.severity == .error }.prefix(5))")
        let survey = try #require(after.submission?.tables["调查摸底"])
        let before = try #require(result.submission?.tables["调查摸底"])
        #expect(survey.rows.count == before.rows.count + 1)
        #expect(survey.rows.last?.number == plan.rows.first?.row)
        #expect(survey.rows.last?.value("序号") == .integer(before.rows.count + 1))
        #expect(survey.rows.last?.value("青年人数") == .integer(40))
        #expect(after.submission?.forms["基本信息"]?.value("填报人") == .text("李雷"))
        // The new row looks like the one above it: the same cell formats.
        let edited = try Workbook(path: destination)
        var styles: [Int: [Int: Int]] = [:]
        try edited.forEachRow(of: try edited.sheet(named: "调查摸底")) { row in
            styles[row.number] = Dictionary(uniqueKeysWithValues: row.cells.map { ($0.reference.column, $0.styleIndex) })
        }
        let newStyles = try #require(styles[survey.rows.last!.number])
        let above = try #require(styles[before.rows.last!.number])
        #expect(newStyles.count == 5 && newStyles.allSatisfy { above[$0.key] == $0.value }, "\(newStyles) \(above)")
        try expectSchemaValid(source: path, edited: destination)
    }

    // MARK: the checks

    /// Corrects a producer's faulty ledger and checks the result every way; returns the ledger and the edited copy.
    @discardableResult
    func correct(_ producer: LedgerProducer) throws -> (FaultyLedger, String) {
        let ledger = try EditingFixtures.make(producer)
        let before = validator.validate(path: ledger.path)
        #expect(before.readable, "\(before.findings.first?.message.english ?? "")")
        let editable = editor.editableCells(of: before)
        for mistake in ledger.mistakes {
            #expect(before.findings.contains { $0.sheet == mistake.sheet && $0.cell == mistake.cell },
                    "\(producer): no finding at \(mistake.sheet)!\(mistake.cell)")
            #expect(editable.contains { $0.sheet == mistake.sheet && $0.cell == mistake.cell },
                    "\(producer): no input for \(mistake.sheet)!\(mistake.cell)")
        }
        var cells = ledger.mistakes.map { CellEditRequest(sheet: $0.sheet, cell: $0.cell.description, value: $0.correction) }
        if let master = ledger.sharedFormula.first { cells.append(CellEditRequest(sheet: "直属团组织", cell: master.description, value: "99")) }
        let request = EditRequest(cells: cells, rows: [RowEditRequest(sheet: "直属团组织", values: ledger.newRow)])
        try FileManager.default.createDirectory(atPath: ledger.folder + "/edited", withIntermediateDirectories: true)
        let destination = ledger.folder + "/edited/" + LedgerEditor.editedFileName(of: before)
        let plan = try editor.write(request, for: before, to: destination)
        #expect(destination.hasSuffix(".xlsx"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: ledger.folder + "/edited").count == 1, "no temporary file left")

        // It validates with no errors, and the new row is a data row that counts.
        let after = validator.validate(path: destination)
        #expect(after.errorCount == 0, "\(producer): \(after.findings.filter { $0.severity == .error }.map { "\($0.sheet ?? "")!\($0.cell?.description ?? "") \($0.message.chinese)" })")
        let organisations = try #require(after.submission?.tables["直属团组织"])
        #expect(organisations.rows.count == ledger.organisationRows + 1)
        let added = try #require(organisations.rows.last)
        #expect(added.number == plan.rows.first?.row)
        #expect(added.value("团组织名称") == .text("湖坊镇新建测试团支部"))
        #expect(added.value("序号") == .integer(ledger.organisationRows + 1))
        #expect(added.value("书记联系电话") == .phone("13900139000"))
        #expect(foundingCount(after) == ledger.validFounded + 1, "the corrected rows count again, and the new row too")

        // The corrected values with their types, as our reader sees them.
        let workbook = try Workbook(path: destination)
        #expect(workbook.dateSystem == (producer == .xlsxWriterInline1904 ? .system1904 : .system1900))
        for mistake in ledger.mistakes {
            let value = try workbook.cells(of: mistake.sheet)[mistake.cell.description]
            switch (value, mistake.expected) {
            case (.date(let found)?, .date(let expected)):
                #expect(found.dateTime == expected.dateTime && found.kind == .date, "\(producer): \(mistake.cell)")
            default:
                #expect(value == mistake.expected, "\(producer): \(mistake.sheet)!\(mistake.cell)")
            }
        }
        let formulas = try workbook.formulas(of: "直属团组织")
        for mistake in ledger.mistakes where mistake.sheet == "直属团组织" {
            #expect(formulas[mistake.cell] == nil, "\(producer): \(mistake.cell) keeps a formula")
        }
        // The shared formula's other cells keep working: each has the formula moved to it.
        for cell in ledger.sharedFormula.dropFirst() {
            let members = CellReference.columnLetters(before.submission!.tables["直属团组织"]!.columns["团员人数"]!)
            #expect(formulas[cell] == "\(members)\(cell.row)*10", "\(producer): \(cell)")
        }

        // Every other part is the town's own, byte for byte.
        if producer != .libreOfficeXLS { try expectOtherPartsUntouched(source: ledger.path, edited: destination) }
        try expectOpenpyxlReads(source: ledger.path, edited: destination, ledger: ledger, plan: plan, compareOthers: producer != .libreOfficeXLS)
        try expectSchemaValid(source: ledger.path, edited: destination)
        return (ledger, destination)
    }

    /// The founded organisations the campaign counts: rows of 直属团组织 that count
    /// (``CountedRows``) founded since the campaign start.
    func foundingCount(_ result: SubmissionResult) -> Int {
        guard let table = result.submission?.tables["直属团组织"] else { return 0 }
        return CountedRows(findings: result.findings).rows(of: table).compactMap { $0.value("成立日期")?.date }
            .filter { $0 >= configuration.district.campaignStart }.count
    }

    /// Every zip entry of the source is in the copy; those the edit did not need to change are
    /// identical; the changed ones are the edited sheets and the tables the edit maintains.
    func expectOtherPartsUntouched(source: String, edited: String) throws {
        #expect(try EditingFixtures.unexpectedlyChangedParts(source: source, edited: edited).isEmpty)
        let before = ZipEntries.read(source)
        let after = ZipEntries.read(edited)
        #expect(!before.names.isEmpty)
        #expect(Set(after.entries.keys).subtracting(before.entries.keys).isSubset(of: ["xl/sharedStrings.xml"]))
        #expect(after.names.filter { before.entries[$0] != nil } == before.names.filter { after.entries[$0] != nil }, "entries keep their order")
    }

    /// openpyxl reads the corrected values with their types, the new row, and every other cell as before.
    func expectOpenpyxlReads(source: String, edited: String, ledger: FaultyLedger, plan: EditPlan, compareOthers: Bool) throws {
        let script = #"""
import sys, json, datetime, warnings
warnings.simplefilter("ignore")
import openpyxl
source, edited, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
a = openpyxl.load_workbook(source) if spec["compare"] else None
b = openpyxl.load_workbook(edited)
problems = []
changed = set((s, c) for s, c, _, _ in spec["cells"])
for s, c, kind, value in spec["cells"]:
    v = b[s][c].value
    if kind == "date":
        ok = isinstance(v, datetime.datetime) and v.date().isoformat() == value
    elif kind == "number":
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and float(v) == float(value)
    else:
        ok = isinstance(v, str) and v == value
    if not ok:
        problems.append("%s!%s is %r, expected %s %r" % (s, c, v, kind, value))
for s, c in spec["new"]:
    if b[s][c].value is None:
        problems.append("%s!%s of the new row is empty" % (s, c))
if spec["compare"]:
    for ws in a.worksheets:
        other = b[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if (ws.title, cell.coordinate) in changed:
                    continue
                if cell.value != other[cell.coordinate].value:
                    problems.append("%s!%s was %r, is %r" % (ws.title, cell.coordinate, cell.value, other[cell.coordinate].value))
print("\n".join(problems))
"""#
        func kind(_ value: CellValue) -> (String, Any) {
            switch value {
            case .date(let date): return ("date", LedgerDate(date.dateTime).description)
            case .number(let number): return ("number", number)
            default: return ("text", value.displayText)
            }
        }
        var cells: [[Any]] = ledger.mistakes.map { mistake in
            let (kind, value) = kind(mistake.expected)
            return [mistake.sheet, mistake.cell.description, kind, value]
        }
        if let master = ledger.sharedFormula.first { cells.append(["直属团组织", master.description, "number", 99]) }
        let newCells: [[String]] = plan.rows.flatMap { row in row.values.keys.compactMap { label -> [String]? in
            guard let column = try? Workbook(path: edited).columnOfHeader(label, sheet: row.sheet) else { return nil }
            return [row.sheet, CellReference(row: row.row, column: column).description]
        } }
        let spec: [String: Any] = ["cells": cells, "new": newCells, "compare": compareOthers]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let problems = try PythonOracle.run(script, arguments: [source, edited, json]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(problems.isEmpty, "\(problems)")
        #expect(newCells.count == ledger.newRow.count + 1, "every value of the new row, and its 序号")
    }

    /// The copy passes the schema check when its source does; when the source's own parts break
    /// the schema (LibreOffice's `xml:space` on shared strings), the copy breaks it in no other way.
    func expectSchemaValid(source: String, edited: String) throws {
        let checker = (#filePath.components(separatedBy: "/Tests/").first! as NSString).deletingLastPathComponent + "/shared/tools/xlsx_schema_check"
        guard Oracle.runs(.schemaCheck, .program("xmllint"), check: "the schema check of the edited copy") else { return }
        func complaints(_ path: String) throws -> Set<String> {
            Set(try ProcessRun.run(checker, [path]).output.split(separator: "\n").filter { $0.hasPrefix("INVALID ") }
                .map { $0.replacingOccurrences(of: path, with: "") })
        }
        let run = try ProcessRun.run(checker, [edited])
        #expect(run.output.contains("parts valid"), "\(run.output.suffix(500))")
        #expect(try complaints(edited).isSubset(of: complaints(source)), "\(run.output.suffix(1500))")
    }
}

extension Workbook {
    /// Every cell of a sheet, A1 → value.
    func cells(of name: String) throws -> [String: CellValue] {
        try AnnotationTests().values(self, name)
    }

    /// The formulas of a sheet's cells, by cell.
    func formulas(of name: String) throws -> [CellReference: String] {
        var result: [CellReference: String] = [:]
        try forEachRow(of: try sheet(named: name)) { row in
            for cell in row.cells { if let formula = cell.formula { result[cell.reference] = formula } }
        }
        return result
    }

    /// The column whose header (in the first ten rows) reads as `label`.
    func columnOfHeader(_ label: String, sheet name: String) throws -> Int? {
        var column: Int?
        try forEachRow(of: try sheet(named: name)) { row in
            guard column == nil, row.number <= 10 else { return }
            column = row.cells.first { TextNormaliser.headerKey($0.value.displayText) == label }?.reference.column
        }
        return column
    }
}
