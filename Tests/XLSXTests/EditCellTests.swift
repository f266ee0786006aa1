import Foundation
import Testing
@testable import XLSX

/// The editor on small workbooks written part by part: values and their types, styles, shared
/// strings, formulas (plain, shared, array) and the calculation chain, untouched parts.
@Suite("Edit: cells")
struct EditCellTests {
    static func ref(_ text: String) -> CellReference { CellReference(text)! }

    /// Formats: 0 General, 1 a date (id 14, italic font), 2 bordered General, 3 text (`@`) with a border.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8"?>
        <styleSheet xmlns="\(PackageFixture.mainNamespace)"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><i/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="2"><border/><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="14" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyBorder="1"/>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
        """

    /// A sheet of values of every kind, a second sheet, an image: the parts an edit must not touch.
    static func fixture(workbookExtras: String = "") -> PackageFixture {
        var fixture = PackageFixture.workbook(sheets: [
            ("台账", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(PackageFixture.mainNamespace)" xmlns:r="\(PackageFixture.relationshipsNamespace)">\
            <dimension ref="A1:D3"/><cols><col min="4" max="4" width="12" style="2" customWidth="1"/></cols>\
            <sheetData><row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>42</v></c><c r="C1" s="1"><v>46300</v></c>\
            <c r="D1" t="inlineStr" s="3"><is><t>备注</t></is></c></row>\
            <row r="3"><c r="A3" s="3" t="s"><v>1</v></c><c r="C3" t="b"><v>1</v></c></row></sheetData>\
            <pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>
            """),
            ("其他", "<row r=\"1\"><c r=\"A1\"><v>7</v></c></row>"),
        ], sharedStrings: ["名称", "13800138000"], workbookExtras: workbookExtras)
        fixture.replace("xl/styles.xml", styles)
        fixture.add("xl/media/image1.png", "not really a png")
        return fixture
    }

    static func edit(_ fixture: PackageFixture, _ edits: [CellEdit], appends: [RowAppend] = []) throws
        -> (source: String, output: String, summary: EditSummary) {
        let source = fixture.write()
        let output = PatchSupport.outputPath()
        let summary = try WorkbookEditor(sourcePath: source).write(edits: edits, appends: appends, to: output)
        return (source, output, summary)
    }

    static let october8 = LocalDateTime(year: 2026, month: 10, day: 8)

    @Test func valuesAreWrittenWithTheirTypesAndEverythingElseIsKept() throws {
        let (source, output, summary) = try Self.edit(Self.fixture(), [
            CellEdit(sheet: "台账", cell: Self.ref("A1"), value: .number(13800138000)),       // text → number
            CellEdit(sheet: "台账", cell: Self.ref("B1"), value: .date(Self.october8)),        // General → a date format
            CellEdit(sheet: "台账", cell: Self.ref("C1"), value: .date(Self.october8)),        // a date format stays
            CellEdit(sheet: "台账", cell: Self.ref("D1"), value: .empty),                      // an inline string goes
            CellEdit(sheet: "台账", cell: Self.ref("A3"), value: .text("=SUM(A1:A2)")),        // never a formula
            CellEdit(sheet: "台账", cell: Self.ref("B3"), value: .text("名称")),               // a missing cell, a known string
            CellEdit(sheet: "台账", cell: Self.ref("C2"), value: .number(0.1)),                // a missing row
            CellEdit(sheet: "台账", cell: Self.ref("E5"), value: .text("新 & <值>\n第二行")),   // a row after the last
            CellEdit(sheet: "台账", cell: Self.ref("D1"), value: .number(1)),                  // the last edit of a cell wins
        ])
        #expect(summary.editedCells == 8)
        #expect(summary.rewrittenParts == ["xl/sharedStrings.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        #expect(summary.addedParts.isEmpty)
        try PatchSheetTests.expectUntouchedEntriesIdentical(source: source, output: output, except: Set(summary.rewrittenParts))

        let workbook = try Workbook(path: output)
        let cells = try workbook.cells(of: "台账")
        #expect(cells["A1"] == .number(13800138000))
        #expect(cells["B1"] == .date(ExcelDate(serial: 46303, system: .system1900, kind: .date)))
        #expect(cells["C1"] == .date(ExcelDate(serial: 46303, system: .system1900, kind: .date)))
        #expect(cells["D1"] == .number(1))
        #expect(cells["A3"] == .string("=SUM(A1:A2)"))
        #expect(cells["B3"] == .string("名称"))
        #expect(cells["C2"] == .number(0.1))
        #expect(cells["C3"] == .boolean(true))
        #expect(cells["E5"] == .string("新 & <值>\n第二行"))
        #expect(try workbook.allCells(of: "台账").allSatisfy { $0.formula == nil })

        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        #expect(sheet.contains("<dimension ref=\"A1:E5\"/>"))
        // B1 kept its font and border in a new format with the short date; C1 kept its own; the new
        // cells take their column's format (D) or none; rows and cells stay in order.
        #expect(sheet.contains("<row r=\"1\" spans=\"1:4\"><c r=\"A1\"><v>13800138000</v></c><c r=\"B1\" s=\"5\"><v>46303</v></c>"
                               + "<c r=\"C1\" s=\"1\"><v>46303</v></c><c r=\"D1\" s=\"3\"><v>1</v></c></row>"
                               + "<row r=\"2\"><c r=\"C2\"><v>0.1</v></c></row>"
                               + "<row r=\"3\"><c r=\"A3\" s=\"3\" t=\"s\"><v>2</v></c><c r=\"B3\" t=\"s\"><v>0</v></c><c r=\"C3\" t=\"b\"><v>1</v></c></row>"
                               + "<row r=\"5\"><c r=\"E5\" t=\"s\"><v>3</v></c></row></sheetData>"), "\(sheet)")
        let styles = try #require(PatchSupport.text(output, "xl/styles.xml"))
        #expect(styles.contains("<cellXfs count=\"6\">"))
        #expect(styles.contains("<xf numFmtId=\"14\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\" applyNumberFormat=\"1\"/></cellXfs>"))
        let strings = try #require(PatchSupport.text(output, "xl/sharedStrings.xml"))
        // Two references gone (A1, A3's old text), three added (A3, B3, E5); two new items.
        #expect(strings.contains("count=\"3\" uniqueCount=\"4\""), "\(strings)")
        #expect(strings.hasSuffix("<si><t>=SUM(A1:A2)</t></si><si><t>新 &amp; &lt;值&gt;\n第二行</t></si></sst>"), "\(strings)")
        // The source is untouched.
        #expect(PatchSupport.entries(source) == Self.fixture().entriesByName)
    }

    @Test func datesUseTheWorkbooksOwnDateSystem() throws {
        let (_, output, _) = try Self.edit(Self.fixture(workbookExtras: "<workbookPr date1904=\"1\"/>"), [
            CellEdit(sheet: "台账", cell: Self.ref("C1"), value: .date(Self.october8)),
            CellEdit(sheet: "台账", cell: Self.ref("B1"), value: .date(LocalDateTime(year: 2026, month: 10, day: 8, hour: 12))),
        ])
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        #expect(sheet.contains("<c r=\"C1\" s=\"1\"><v>44841</v></c>"), "\(sheet)")
        #expect(sheet.contains("<c r=\"B1\" s=\"5\"><v>44841.5</v></c>"), "\(sheet)")
        let workbook = try Workbook(path: output)
        #expect(workbook.dateSystem == .system1904)
        let cells = try workbook.cells(of: "台账")
        guard case .date(let date)? = cells["C1"] else { Issue.record("C1 is \(String(describing: cells["C1"]))"); return }
        #expect(date.dateTime == Self.october8)
        // A date the 1904 system cannot hold is refused.
        #expect(throws: XLSXError.self) {
            try Self.edit(Self.fixture(workbookExtras: "<workbookPr date1904=\"1\"/>"), [
                CellEdit(sheet: "台账", cell: Self.ref("C1"), value: .date(LocalDateTime(year: 1903, month: 12, day: 31))),
            ])
        }
    }

    @Test func aWorkbookWithoutSharedStringsGetsTheTable() throws {
        var fixture = PackageFixture.workbook(sheets: [
            ("Sheet1", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>旧</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>"),
        ])
        fixture.replace("xl/styles.xml", Self.styles)
        let (source, output, summary) = try Self.edit(fixture, [
            CellEdit(sheet: "Sheet1", cell: Self.ref("B1"), value: .text("新的")),
            CellEdit(sheet: "sheet1", cell: Self.ref("C1"), value: .text("新的")),
        ])
        #expect(summary.addedParts == ["xl/sharedStrings.xml"])
        #expect(Set(summary.rewrittenParts) == ["[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"])
        try PatchSheetTests.expectUntouchedEntriesIdentical(source: source, output: output, except: Set(summary.rewrittenParts))
        #expect(PatchSupport.text(output, "[Content_Types].xml")?.contains("PartName=\"/xl/sharedStrings.xml\"") == true)
        #expect(PatchSupport.text(output, "xl/_rels/workbook.xml.rels")?.contains("Target=\"sharedStrings.xml\"") == true)
        #expect(PatchSupport.text(output, "xl/sharedStrings.xml")?.contains("count=\"2\" uniqueCount=\"1\"><si><t>新的</t></si></sst>") == true)
        let cells = try Workbook(path: output).cells(of: "Sheet1")
        #expect(cells == ["A1": .string("旧"), "B1": .string("新的"), "C1": .string("新的")])
    }

    @Test func formulasGiveWayAndTheCalculationChainFollows() throws {
        var fixture = PackageFixture.workbook(sheets: [
            ("台账", """
            <row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c><c r="C1"><f t="shared" ref="C1:D3" si="0">A1+1</f><v>2</v></c>\
            <c r="D1"><f t="shared" si="0"/><v>3</v></c><c r="E1"><f t="array" ref="E1:E2">A1:A2*10</f><v>10</v></c></row>\
            <row r="2"><c r="A2"><v>2</v></c><c r="C2"><f t="shared" si="0"/><v>3</v></c><c r="D2"><f t="shared" si="0"/><v>4</v></c><c r="E2"><v>20</v></c></row>\
            <row r="3"><c r="A3"><v>3</v></c><c r="C3"><f t="shared" si="0"/><v>4</v></c><c r="D3"><f t="shared" si="0"/><v>5</v></c></row>
            """),
            ("其他", "<row r=\"1\"><c r=\"A1\"><f>台账!A1</f><v>1</v></c></row>"),
        ])
        fixture.add("xl/calcChain.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <calcChain xmlns="\(PackageFixture.mainNamespace)"><c r="B1" i="1" l="1"/><c r="C1"/><c r="D1"/><c r="C2"/><c r="D2"/>\
            <c r="C3"/><c r="D3"/><c r="E1" a="1"/><c r="A1" i="2"/></calcChain>
            """)
        fixture.replace("xl/_rels/workbook.xml.rels", PatchSupport.text(fixture, "xl/_rels/workbook.xml.rels")!
            .replacingOccurrences(of: "</Relationships>", with: "<Relationship Id=\"rIdChain\" Type=\"\(PackageFixture.relationshipBase)/calcChain\" Target=\"calcChain.xml\"/></Relationships>"))
        fixture.replace("[Content_Types].xml", PatchSupport.text(fixture, "[Content_Types].xml")!
            .replacingOccurrences(of: "</Types>", with: "<Override PartName=\"/xl/calcChain.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml\"/></Types>"))
        let (source, output, summary) = try Self.edit(fixture, [
            CellEdit(sheet: "台账", cell: Self.ref("B1"), value: .number(5)),   // a plain formula
            CellEdit(sheet: "台账", cell: Self.ref("C1"), value: .number(7)),   // the shared formula's master
            CellEdit(sheet: "台账", cell: Self.ref("E2"), value: .number(99)),  // inside an array's range
        ])
        #expect(Set(summary.removedFormulas.map(\.description)) == ["台账!B1", "台账!C1", "台账!E1"])
        #expect(Set(summary.rewrittenParts) == ["xl/calcChain.xml", "xl/worksheets/sheet1.xml"])
        try PatchSheetTests.expectUntouchedEntriesIdentical(source: source, output: output, except: Set(summary.rewrittenParts))
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        // The group's other cells carry the formula moved to them; the array's master keeps its value.
        #expect(sheet.contains("<c r=\"D1\"><f>B1+1</f><v>3</v></c><c r=\"E1\"><v>10</v></c>"), "\(sheet)")
        #expect(sheet.contains("<c r=\"C2\"><f>A2+1</f><v>3</v></c><c r=\"D2\"><f>B2+1</f><v>4</v></c><c r=\"E2\"><v>99</v></c>"), "\(sheet)")
        #expect(sheet.contains("<c r=\"C3\"><f>A3+1</f><v>4</v></c><c r=\"D3\"><f>B3+1</f><v>5</v></c>"), "\(sheet)")
        // The chain loses B1 (which named the sheet and a new level: the next entry carries both), C1 and E1.
        let chain = try #require(PatchSupport.text(output, "xl/calcChain.xml"))
        #expect(chain.contains("<c r=\"D1\" i=\"1\" l=\"1\"/><c r=\"C2\"/><c r=\"D2\"/><c r=\"C3\"/><c r=\"D3\"/><c r=\"A1\" i=\"2\"/></calcChain>"),
                "\(chain)")
        let workbook = try Workbook(path: output)
        let formulas = Dictionary(uniqueKeysWithValues: try workbook.allCells(of: "台账").map { ($0.reference.description, $0.formula) })
        #expect(formulas["C2"] == "A2+1")
        #expect(formulas["D3"] == "B3+1")
        #expect(formulas["E1"] == .some(nil))

        // With no formula left, the chain goes, with its relationship and content type.
        let (_, second, secondSummary) = try Self.edit(fixture, [
            "B1", "C1", "D1", "C2", "D2", "C3", "D3", "E1",
        ].map { CellEdit(sheet: "台账", cell: Self.ref($0), value: .empty) } + [CellEdit(sheet: "其他", cell: Self.ref("A1"), value: .empty)])
        #expect(!PatchSupport.names(second).contains("xl/calcChain.xml"))
        #expect(secondSummary.removedFormulas.count == 9)
        #expect(PatchSupport.text(second, "xl/_rels/workbook.xml.rels")?.contains("calcChain") == false)
        #expect(PatchSupport.text(second, "[Content_Types].xml")?.contains("calcChain") == false)
    }

    @Test func unusualSheetsAreEditedInTheirOwnTerms() throws {
        let main = PackageFixture.mainNamespace
        let (_, output, _) = try Self.edit(PackageFixture.workbook(sheets: [
            // Rows and cells without numbers; a prefixed main namespace; an empty sheet.
            ("S", "<row><c><v>1</v></c><c><v>2</v></c></row><row><c r=\"B2\"><v>3</v></c></row><row><c><v>4</v></c></row>"),
            ("P", "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"\(main)\"><x:sheetData><x:row r=\"2\"><x:c r=\"A2\"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"),
            ("E", "<?xml version=\"1.0\"?><worksheet xmlns=\"\(main)\"><sheetData/></worksheet>"),
        ]), [
            CellEdit(sheet: "S", cell: Self.ref("B1"), value: .number(20)),
            CellEdit(sheet: "S", cell: Self.ref("A2"), value: .number(30)),
            CellEdit(sheet: "P", cell: Self.ref("A1"), value: .text("新")),
            CellEdit(sheet: "P", cell: Self.ref("B2"), value: .number(2)),
            CellEdit(sheet: "E", cell: Self.ref("B3"), value: .number(1)),
        ], appends: [RowAppend(sheet: "P", after: 2, rows: [[1: .number(3)]])])
        let plain = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        #expect(plain.contains("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>20</v></c></row><row r=\"2\"><c r=\"A2\"><v>30</v></c>"
                               + "<c r=\"B2\"><v>3</v></c></row><row r=\"3\"><c r=\"A3\"><v>4</v></c></row></sheetData>"), "\(plain)")
        let prefixed = try #require(PatchSupport.text(output, "xl/worksheets/sheet2.xml"))
        #expect(prefixed.contains("<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c></x:row><x:row r=\"2\"><x:c r=\"A2\"><x:v>1</x:v></x:c>"
                                  + "<x:c r=\"B2\"><x:v>2</x:v></x:c></x:row><x:row r=\"3\"><x:c r=\"A3\"><x:v>3</x:v></x:c></x:row></x:sheetData>"), "\(prefixed)")
        let empty = try #require(PatchSupport.text(output, "xl/worksheets/sheet3.xml"))
        #expect(empty.contains("<sheetData><row r=\"3\"><c r=\"B3\"><v>1</v></c></row></sheetData>"), "\(empty)")
        let workbook = try Workbook(path: output)
        #expect(try workbook.cells(of: "S") == ["A1": .number(1), "B1": .number(20), "A2": .number(30), "B2": .number(3), "A3": .number(4)])
        #expect(try workbook.cells(of: "P") == ["A1": .string("新"), "A2": .number(1), "B2": .number(2), "A3": .number(3)])
    }

    @Test func refusals() throws {
        var fixture = Self.fixture()
        fixture.replace("xl/worksheets/sheet2.xml", """
            <worksheet xmlns="\(PackageFixture.mainNamespace)"><sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData>\
            <mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>
            """)
        let source = fixture.write()
        let output = PatchSupport.outputPath()
        let editor = WorkbookEditor(sourcePath: source)
        func refusal(_ edits: [CellEdit], _ appends: [RowAppend] = []) -> Error? {
            do {
                try editor.write(edits: edits, appends: appends, to: output)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal([CellEdit(sheet: "其他", cell: Self.ref("B2"), value: .number(1))]) as? WorkbookEditError
                == .insideMergedRange(sheet: "其他", cell: Self.ref("B2"), range: CellRange("A1:B2")!))
        #expect(refusal([], [RowAppend(sheet: "台账", after: 0, rows: [[1: .number(1)]])]) as? WorkbookEditError
                == .styleRowBelowAppend(sheet: "台账", styleRow: 0, after: 0))
        #expect(refusal([], [RowAppend(sheet: "台账", after: 0, styleRow: nil, rows: [[1: .number(1)]])]) as? WorkbookEditError
                == .cellNotEmpty(sheet: "台账", cell: Self.ref("A1")))
        #expect(refusal([CellEdit(sheet: "台账", cell: Self.ref("A2"), value: .number(2))],
                        [RowAppend(sheet: "台账", after: 1, rows: [[1: .number(1)]])]) as? WorkbookEditError
                == .overlappingEdits(sheet: "台账", cell: Self.ref("A2")))
        #expect(refusal([CellEdit(sheet: "没有", cell: Self.ref("A1"), value: .number(1))]) as? XLSXError
                == .noSuchSheet("没有", available: ["台账", "其他"]))
        #expect(refusal([CellEdit(sheet: "台账", cell: Self.ref("A1"), value: .text(String(repeating: "字", count: 32_768)))])
                as? XLSXError == .excelLimit(.cellTextLength, detail: "32768 characters for cell A1 of sheet \"台账\""))
        #expect(refusal([CellEdit(sheet: "台账", cell: Self.ref("A1"), value: .number(.nan))]) as? XLSXError
                == .excelLimit(.nonFiniteNumber, detail: "cell A1 of sheet \"台账\""))
        #expect(refusal([CellEdit(sheet: "台账", cell: CellReference(row: 1_048_577, column: 1), value: .number(1))]) is XLSXError)
        #expect(refusal([CellEdit(sheet: "台账", cell: Self.ref("A1"), value: .date(LocalDateTime(year: 10000, month: 1, day: 1)))]) is XLSXError)
        #expect(refusal([], [RowAppend(sheet: "台账", after: 1_048_576, rows: [[1: .number(1)]])]) is XLSXError)
        // Nothing was written, and no temporary file is left.
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: (output as NSString).deletingLastPathComponent).isEmpty)
        #expect(throws: XLSXError.destinationIsSource(path: source)) {
            try editor.write(edits: [CellEdit(sheet: "台账", cell: Self.ref("A1"), value: .number(1))], to: source)
        }
    }
}

extension PackageFixture {
    /// The entries' bytes by name.
    var entriesByName: [String: [UInt8]] {
        Dictionary(entries.map { ($0.name, $0.bytes) }, uniquingKeysWith: { _, last in last })
    }
}

extension PatchSupport {
    /// An entry's text in a fixture.
    static func text(_ fixture: PackageFixture, _ name: String) -> String? {
        fixture.entriesByName[name].map { String(decoding: $0, as: UTF8.self) }
    }
}
