import Foundation
import Testing
@testable import XLSX

/// The patcher on small workbooks: marked cells, added cells and rows, styles, untouched parts.
@Suite("Patch: sheets and styles")
struct PatchSheetTests {
    static let red = "FFFFC7CE"
    static let yellow = "FFFFEB9C"

    static func ref(_ text: String) -> CellReference { CellReference(text)! }

    /// Two sheets; the first has values in rows 1 and 3, a column style on C, a font of its own on B1.
    static func fixture() -> PackageFixture {
        var fixture = PackageFixture.workbook(sheets: [
            ("数据", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(PackageFixture.mainNamespace)" xmlns:r="\(PackageFixture.relationshipsNamespace)">\
            <sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>\
            <cols><col min="3" max="3" width="12" style="1" customWidth="1"/></cols>\
            <sheetData><row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>2</v></c></row>\
            <row r="3"><c r="A3"><f>B1*2</f><v>4</v></c><c r="D3" t="inlineStr"><is><t>a &amp; b</t></is></c></row></sheetData>\
            <pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>
            """),
            ("其他", "<row r=\"1\"><c r=\"A1\"><v>7</v></c></row>"),
        ], sharedStrings: ["名称"], cellFormatIDs: [0, 14])
        fixture.replace("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="\(PackageFixture.mainNamespace)"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
            <font><i/><sz val="11"/><name val="Calibri"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border/></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="14" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment horizontal="center"/></xf></cellXfs>\
            </styleSheet>
            """)
        fixture.add("xl/media/image1.png", "not really a png")
        return fixture
    }

    @Test func marksExistingEmptyAndMissingCellsInOrder() throws {
        let source = Self.fixture().write()
        let output = PatchSupport.outputPath()
        let summary = try WorkbookPatcher(sourcePath: source).write(marks: [
            CellMark(sheet: "数据", cell: Self.ref("B1"), fillARGB: Self.red),
            CellMark(sheet: "数据", cell: Self.ref("C3"), fillARGB: Self.yellow),
            CellMark(sheet: "数据", cell: Self.ref("B2"), fillARGB: Self.red),
            CellMark(sheet: "数据", cell: Self.ref("A5"), fillARGB: Self.red),
        ], report: nil, commentAuthor: "校验", to: output)
        #expect(summary.markedCells == 4)
        #expect(summary.rewrittenParts == ["xl/styles.xml", "xl/worksheets/sheet1.xml"])
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        // B1 (format 1) → 2; new row 2 with B2 (no column style) → 3; C3 (column style 1) → 4 (same as 2);
        // A5: new row after row 3.
        #expect(sheet.contains("<row r=\"1\" spans=\"1:2\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"2\"><v>2</v></c></row>"))
        #expect(sheet.contains("<row r=\"2\"><c r=\"B2\" s=\"3\"/></row><row r=\"3\"><c r=\"A3\"><f>B1*2</f><v>4</v></c><c r=\"C3\" s=\"4\"/><c r=\"D3\" t=\"inlineStr\"><is><t>a &amp; b</t></is></c></row><row r=\"5\"><c r=\"A5\" s=\"3\"/></row></sheetData>"))
        // No report: the tab selection stays.
        #expect(sheet.contains("<sheetView tabSelected=\"1\" workbookViewId=\"0\"/>"))
        let styles = try #require(PatchSupport.text(output, "xl/styles.xml"))
        #expect(styles.contains("<fills count=\"4\">"))
        #expect(styles.contains("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFC7CE\"/><bgColor indexed=\"64\"/></patternFill></fill><fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFEB9C\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"))
        #expect(styles.contains("<cellXfs count=\"5\">"))
        #expect(styles.contains("<xf numFmtId=\"14\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"><alignment horizontal=\"center\"/></xf>"))
        #expect(styles.contains("<xf numFmtId=\"0\" fontId=\"0\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/>"))
        #expect(styles.contains("<xf numFmtId=\"14\" fontId=\"1\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\"><alignment horizontal=\"center\"/></xf></cellXfs>"))

        let before = try Workbook(path: source)
        let after = try Workbook(path: output)
        #expect(try after.cells(of: "数据") == before.cells(of: "数据"))
        #expect(try after.cells(of: "其他") == before.cells(of: "其他"))
        try Self.expectUntouchedEntriesIdentical(source: source, output: output, except: Set(summary.rewrittenParts))
        #expect(PatchSupport.names(output) == PatchSupport.names(source))
    }

    @Test func rowsAndCellsWithoutNumbersGetThemWhenHeld() throws {
        let source = PackageFixture.workbook(sheets: [
            ("S", "<row><c><v>1</v></c><c><v>2</v></c></row><row><c r=\"B2\"><v>3</v></c></row><row><c><v>4</v></c></row>"),
        ]).write()
        let output = PatchSupport.outputPath()
        try WorkbookPatcher(sourcePath: source).write(marks: [
            CellMark(sheet: "S", cell: Self.ref("B1"), fillARGB: Self.red),
            CellMark(sheet: "S", cell: Self.ref("A2"), fillARGB: Self.red),
            CellMark(sheet: "S", cell: Self.ref("C4"), fillARGB: Self.red),
        ], report: nil, commentAuthor: "校验", to: output)
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        #expect(sheet.contains("<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>2</v></c></row><row r=\"2\"><c r=\"A2\" s=\"1\"/><c r=\"B2\"><v>3</v></c></row><row r=\"3\"><c r=\"A3\"><v>4</v></c></row><row r=\"4\"><c r=\"C4\" s=\"1\"/></row></sheetData>"))
        #expect(try Workbook(path: output).cells(of: "S") == Workbook(path: source).cells(of: "S"))
    }

    @Test func prefixedElementsKeepTheirPrefix() throws {
        let main = PackageFixture.mainNamespace
        let source = PackageFixture.workbook(sheets: [
            ("S", "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"\(main)\"><x:sheetData><x:row r=\"2\"><x:c r=\"A2\"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"),
        ]).write()
        let output = PatchSupport.outputPath()
        try WorkbookPatcher(sourcePath: source).write(marks: [
            CellMark(sheet: "S", cell: Self.ref("A1"), fillARGB: Self.red, comment: "缺少"),
            CellMark(sheet: "S", cell: Self.ref("B2"), fillARGB: Self.red),
        ], report: nil, commentAuthor: "校验", to: output)
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        #expect(sheet.contains("<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" s=\"1\"/></x:row><x:row r=\"2\"><x:c r=\"A2\"><x:v>1</x:v></x:c><x:c r=\"B2\" s=\"1\"/></x:row></x:sheetData><x:legacyDrawing xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"rId1\"/></x:worksheet>"))
    }

    @Test func copyOfACopyAddsNoFormats() throws {
        let source = Self.fixture().write()
        let first = PatchSupport.outputPath()
        let second = PatchSupport.outputPath()
        let marks = [CellMark(sheet: "数据", cell: Self.ref("B1"), fillARGB: Self.red),
                     CellMark(sheet: "数据", cell: Self.ref("A3"), fillARGB: Self.yellow)]
        try WorkbookPatcher(sourcePath: source).write(marks: marks, report: nil, commentAuthor: "校验", to: first)
        try WorkbookPatcher(sourcePath: first).write(marks: marks, report: nil, commentAuthor: "校验", to: second)
        #expect(PatchSupport.text(first, "xl/styles.xml") == PatchSupport.text(second, "xl/styles.xml"))
        #expect(PatchSupport.text(first, "xl/worksheets/sheet1.xml") == PatchSupport.text(second, "xl/worksheets/sheet1.xml"))
    }

    @Test func workbookWithoutStylesGetsOne() throws {
        var fixture = PackageFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")])
        fixture.remove("xl/styles.xml")
        fixture.replace("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(PackageFixture.relationshipBase)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """)
        let source = fixture.write()
        let output = PatchSupport.outputPath()
        let summary = try WorkbookPatcher(sourcePath: source).write(
            marks: [CellMark(sheet: "S", cell: Self.ref("A1"), fillARGB: "#FFC7CE")], report: nil, commentAuthor: "校验", to: output)
        #expect(summary.addedParts == ["xl/styles.xml"])
        let styles = try #require(PatchSupport.text(output, "xl/styles.xml"))
        #expect(styles.contains("<cellXfs count=\"2\">"))
        #expect(try #require(PatchSupport.text(output, "xl/_rels/workbook.xml.rels")).contains("Target=\"styles.xml\""))
        #expect(try #require(PatchSupport.text(output, "[Content_Types].xml")).contains("<Override PartName=\"/xl/styles.xml\""))
    }

    @Test func refusals() throws {
        let source = Self.fixture().write()
        let output = PatchSupport.outputPath()
        let patcher = WorkbookPatcher(sourcePath: source)
        #expect(throws: XLSXError.noSuchSheet("无此表", available: ["数据", "其他"])) {
            try patcher.write(marks: [CellMark(sheet: "无此表", cell: Self.ref("A1"), fillARGB: Self.red)], report: nil,
                              commentAuthor: "校验", to: output)
        }
        #expect(throws: XLSXError.invalidColor("red")) {
            try patcher.write(marks: [CellMark(sheet: "数据", cell: Self.ref("A1"), fillARGB: "red")], report: nil,
                              commentAuthor: "校验", to: output)
        }
        #expect(throws: XLSXError.destinationIsSource(path: source)) {
            try patcher.write(marks: [], report: nil, commentAuthor: "校验", to: source)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (output as NSString).deletingLastPathComponent)
        #expect(leftovers.isEmpty)
    }

    /// Every entry not in `except` has the same uncompressed bytes in both files.
    static func expectUntouchedEntriesIdentical(source: String, output: String, except: Set<String>,
                                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = PatchSupport.entries(source)
        let after = PatchSupport.entries(output)
        for (name, bytes) in before where !except.contains(name) {
            #expect(after[name] == bytes, "\(name) changed", sourceLocation: sourceLocation)
        }
    }
}
