import Foundation
import TestOracles
import Testing
@testable import XLSX

/// Rows appended below a table: formatted like the row above, written into pre-formatted rows,
/// and the ranges that end with the table grown with it; read back by other programs.
@Suite("Edit: appended rows")
struct EditRowTests {
    static func ref(_ text: String) -> CellReference { CellReference(text)! }

    /// A table in A2:E4 (header in row 2) of sheet 台账: row 4 is the last data row (height 20,
    /// D4:E4 merged, formats 2 and 4), row 5 is a hidden pre-formatted row with a note in G5; an
    /// Excel table, an auto-filter, a data validation, a conditional format and the filter and
    /// print names all end at row 4; a validation and the title's merge end elsewhere.
    /// With `dyDescent`, rows 3 and 4 carry Excel's `x14ac:dyDescent` (which the schemas do not know).
    static func fixture(dyDescent: Bool = true) -> PackageFixture {
        let descent = dyDescent ? " x14ac:dyDescent=\"0.25\"" : ""
        var fixture = PackageFixture.workbook(sheets: [
            ("台账", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(PackageFixture.mainNamespace)" xmlns:r="\(PackageFixture.relationshipsNamespace)" \
            xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">\
            <dimension ref="A1:E4"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>\
            <sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>\
            <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" t="s"><v>4</v></c></row>\
            <row r="3" spans="1:5" ht="20" customHeight="1"\(descent)><c r="A3" s="2"><v>1</v></c><c r="B3" s="3" t="s"><v>5</v></c>\
            <c r="C3" s="4"><v>46300</v></c><c r="D3" s="2"/><c r="E3" s="2"/></row>\
            <row r="4" spans="1:5" ht="20" customHeight="1"\(descent)><c r="A4" s="2"><v>2</v></c><c r="B4" s="3" t="s"><v>6</v></c>\
            <c r="C4" s="4"><v>46301</v></c><c r="D4" s="2"/><c r="E4" s="2"/></row>\
            <row r="5" hidden="1"><c r="B5" s="3"/><c r="G5" t="s"><v>7</v></c></row></sheetData>\
            <autoFilter ref="A2:E4"/><mergeCells count="3"><mergeCell ref="A1:E1"/><mergeCell ref="D3:E3"/><mergeCell ref="D4:E4"/></mergeCells>\
            <conditionalFormatting sqref="A3:A4 C3:C9"><cfRule type="cellIs" priority="1" operator="lessThan"><formula>0</formula></cfRule>\
            </conditionalFormatting><dataValidations count="2"><dataValidation type="whole" allowBlank="1" sqref="A3:A4"><formula1>1</formula1>\
            </dataValidation><dataValidation type="date" allowBlank="1" sqref="C3:C500"><formula1>46023</formula1></dataValidation></dataValidations>\
            <pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>\
            <tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>
            """),
        ], sharedStrings: ["台账", "序号", "名称", "日期", "备注", "甲", "乙", "表外的话"])
        fixture.replace("xl/styles.xml", EditCellTests.styles)
        fixture.replace("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="\(PackageFixture.mainNamespace)" xmlns:r="\(PackageFixture.relationshipsNamespace)">\
            <sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets><definedNames>\
            <definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">台账!$A$2:$E$4</definedName>\
            <definedName name="_xlnm.Print_Area" localSheetId="0">'台账'!$A$1:$E$4</definedName>\
            <definedName name="数据">台账!$A$3:$E$4</definedName></definedNames></workbook>
            """)
        fixture.add("xl/worksheets/_rels/sheet1.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(PackageFixture.relationshipBase)/table" Target="../tables/table1.xml"/></Relationships>
            """)
        fixture.add("xl/tables/table1.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <table xmlns="\(PackageFixture.mainNamespace)" id="1" name="表1" displayName="表1" ref="A2:E4" totalsRowShown="0">\
            <autoFilter ref="A2:E4"/><tableColumns count="5"><tableColumn id="1" name="序号"/><tableColumn id="2" name="名称"/>\
            <tableColumn id="3" name="日期"/><tableColumn id="4" name="备注"/><tableColumn id="5" name="列5"/></tableColumns>\
            <tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>
            """)
        fixture.replace("[Content_Types].xml", PatchSupport.text(fixture, "[Content_Types].xml")!.replacingOccurrences(of: "</Types>", with:
            "<Override PartName=\"/xl/tables/table1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml\"/></Types>"))
        fixture.add("xl/media/image1.png", "not really a png")
        return fixture
    }

    static let newRows: [[Int: CellEditValue]] = [
        [2: .text("丙"), 3: .date(LocalDateTime(year: 2026, month: 10, day: 20)), 4: .text("新的备注")],
        [1: .number(4), 2: .text("丁")],
    ]

    @Test func rowsTakeTheLookOfTheRowAboveAndTheTableGrows() throws {
        let (source, output, summary) = try EditCellTests.edit(Self.fixture(), [], appends: [
            RowAppend(sheet: "台账", after: 4, rows: Self.newRows),
        ])
        #expect(summary.appendedRows == [AppendedRows(sheet: "台账", rows: 5...6)])
        #expect(summary.editedCells == 5)
        #expect(Set(summary.rewrittenParts) == ["xl/sharedStrings.xml", "xl/tables/table1.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"])
        try PatchSheetTests.expectUntouchedEntriesIdentical(source: source, output: output, except: Set(summary.rewrittenParts))
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        // Row 5 existed (hidden, pre-formatted, a note outside the table): it is shown, keeps its note, and its
        // cells take row 4's formats; row 6 is new, with row 4's height and formats.
        #expect(sheet.contains("<row r=\"5\"><c r=\"A5\" s=\"2\"/><c r=\"B5\" s=\"3\" t=\"s\"><v>8</v></c>"
                                  + "<c r=\"C5\" s=\"4\"><v>46315</v></c><c r=\"D5\" s=\"2\" t=\"s\"><v>9</v></c><c r=\"E5\" s=\"2\"/>"
                                  + "<c r=\"G5\" t=\"s\"><v>7</v></c></row>"), "\(sheet)")
        #expect(sheet.contains("<row r=\"6\" ht=\"20\" customHeight=\"1\"><c r=\"A6\" s=\"2\"><v>4</v></c><c r=\"B6\" s=\"3\" t=\"s\"><v>10</v></c>"
                               + "<c r=\"C6\" s=\"4\"/><c r=\"D6\" s=\"2\"/><c r=\"E6\" s=\"2\"/></row></sheetData>"), "\(sheet)")
        #expect(sheet.contains("<dimension ref=\"A1:E6\"/>"))
        #expect(sheet.contains("<autoFilter ref=\"A2:E6\"/>"))
        #expect(sheet.contains("<mergeCells count=\"5\"><mergeCell ref=\"A1:E1\"/><mergeCell ref=\"D3:E3\"/><mergeCell ref=\"D4:E4\"/>"
                               + "<mergeCell ref=\"D5:E5\"/><mergeCell ref=\"D6:E6\"/></mergeCells>"))
        #expect(sheet.contains("<conditionalFormatting sqref=\"A3:A6 C3:C9\">"))
        #expect(sheet.contains("sqref=\"A3:A6\"><formula1>1</formula1>"))
        #expect(sheet.contains("sqref=\"C3:C500\"><formula1>46023</formula1>"))
        let table = try #require(PatchSupport.text(output, "xl/tables/table1.xml"))
        #expect(table.contains("ref=\"A2:E6\" totalsRowShown=\"0\"><autoFilter ref=\"A2:E6\"/>"))
        let workbook = try #require(PatchSupport.text(output, "xl/workbook.xml"))
        #expect(workbook.contains(">台账!$A$2:$E$6</definedName>"))
        #expect(workbook.contains(">'台账'!$A$1:$E$6</definedName>"))
        #expect(workbook.contains("<definedName name=\"数据\">台账!$A$3:$E$4</definedName>"), "other names are the workbook's to mean")

        let read = try Workbook(path: output)
        let cells = try read.cells(of: "台账")
        #expect(cells["B5"] == .string("丙") && cells["D5"] == .string("新的备注") && cells["A6"] == .number(4) && cells["B6"] == .string("丁"))
        #expect(cells["C5"] == .date(ExcelDate(serial: 46315, system: .system1900, kind: .date)))
        #expect(cells["G5"] == .string("表外的话"))
    }

    @Test func withoutAStyleRowNothingIsCopiedAndNothingGrows() throws {
        let (_, output, summary) = try EditCellTests.edit(Self.fixture(), [], appends: [
            RowAppend(sheet: "台账", after: 4, styleRow: nil, rows: Self.newRows),
        ])
        #expect(Set(summary.rewrittenParts) == ["xl/sharedStrings.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        // Row 5 keeps its own formats (B5: format 3); C5 gets a date format of its own; row 6 has no look.
        #expect(sheet.contains("<row r=\"5\"><c r=\"B5\" s=\"3\" t=\"s\"><v>8</v></c><c r=\"C5\" s=\"5\"><v>46315</v></c>"
                               + "<c r=\"D5\" t=\"s\"><v>9</v></c><c r=\"G5\" t=\"s\"><v>7</v></c></row>"), "\(sheet)")
        #expect(sheet.contains("<row r=\"6\"><c r=\"A6\"><v>4</v></c><c r=\"B6\" t=\"s\"><v>10</v></c></row>"), "\(sheet)")
        #expect(sheet.contains("<autoFilter ref=\"A2:E4\"/>") && sheet.contains("<mergeCells count=\"3\">"))
    }

    @Test func appendedValuesNeverGoOverAValueOrIntoAMergedRange() throws {
        let source = Self.fixture().write()
        let output = PatchSupport.outputPath()
        let editor = WorkbookEditor(sourcePath: source)
        #expect(throws: WorkbookEditError.cellNotEmpty(sheet: "台账", cell: Self.ref("G5"))) {
            try editor.write(edits: [], appends: [RowAppend(sheet: "台账", after: 4, rows: [[7: .text("覆盖")]])], to: output)
        }
        // E5 would be hidden behind D5 once row 4's merge is copied to row 5.
        #expect(throws: WorkbookEditError.insideMergedRange(sheet: "台账", cell: Self.ref("E5"), range: CellRange("D5:E5")!)) {
            try editor.write(edits: [], appends: [RowAppend(sheet: "台账", after: 4, rows: [[5: .text("藏")]])], to: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// An edited copy of the fixture (without `x14ac` attributes, which the schemas do not know).
    static func editedCopy() throws -> (source: String, output: String) {
        let (source, output, _) = try EditCellTests.edit(Self.fixture(dyDescent: false), [
            CellEdit(sheet: "台账", cell: Self.ref("B3"), value: .text("甲改")),
            CellEdit(sheet: "台账", cell: Self.ref("C4"), value: .date(LocalDateTime(year: 2026, month: 10, day: 8))),
        ], appends: [RowAppend(sheet: "台账", after: 4, rows: Self.newRows)])
        return (source, output)
    }

    static let schemaChecker = SharedFolder.root?.appendingPathComponent("tools/xlsx_schema_check").path

    @Test(.needs(.openpyxl)) func openpyxlReadsTheEditedCopy() throws {
        let view = try PatchSupport.openpyxlView(try Self.editedCopy().output)
        let cells = try #require((view["sheets"] as? [[String: Any]])?.first?["cells"] as? [String: [String: Any]])
        #expect(cells["B3"]?["value"] as? String == "甲改")
        #expect(cells["C4"]?["value"] as? String == "2026-10-08 00:00:00")
        #expect(cells["C5"]?["value"] as? String == "2026-10-20 00:00:00")
        #expect(cells["A6"]?["value"] as? Int == 4)
        #expect(cells["C4"]?["format"] as? String == "yyyy-mm-dd")
        #expect(cells["G5"]?["value"] as? String == "表外的话")
    }

    @Test(.needs(.shared("tools/xlsx_schema_check"), .program("xmllint"), .program("unzip"))) func theEditedCopyPassesTheSchemaCheck() throws {
        let (source, output) = try Self.editedCopy()
        #expect(PatchSupport.run(Self.schemaChecker!, [source])?.status == 0, "the fixture itself is valid")
        let checked = try #require(PatchSupport.run(Self.schemaChecker!, [output]))
        #expect(checked.status == 0, "\(checked.output)")
    }

    @Test(.needs(.libreOffice)) func libreOfficeOpensTheEditedCopy() throws {
        let output = try Self.editedCopy().output
        let folder = (output as NSString).deletingLastPathComponent
        let run = try #require(PatchSupport.run("soffice", ["-env:UserInstallation=file://" + folder + "/profile", "--headless",
                                                            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", folder, output]))
        #expect(run.status == 0, "\(run.error)")
        let csv = try String(contentsOfFile: folder + "/out.csv", encoding: .utf8)
        #expect(csv.contains("甲改") && csv.contains("新的备注") && csv.contains("丁"), "\(csv)")
    }
}
