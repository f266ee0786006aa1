import Foundation
import Testing
@testable import XLSX

/// The patcher on numbers no real workbook holds (issue 20): every id, count and index it reads
/// is checked against its range, and what it writes from one is safe, or the file is refused
/// with a typed error. Never a trap.
@Suite("Patch: hostile numbers")
struct PatchHostileNumbersTests {
    static let red = PatchSheetTests.red
    static let report = PatchCommentsReportTests.report

    /// The commented fixture with its `workbook.xml`'s `<sheets>` and `<definedNames>` replaced.
    static func fixture(sheets: String, names: String) -> PackageFixture {
        var fixture = PatchCommentsReportTests.commentedFixture()
        fixture.replace("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="\(PackageFixture.mainNamespace)" xmlns:r="\(PackageFixture.relationshipsNamespace)">\
            <sheets>\(sheets)</sheets><definedNames>\(names)</definedNames></workbook>
            """)
        return fixture
    }

    static func patch(_ fixture: PackageFixture, marks: [CellMark] = [], report: ReportSheet? = Self.report) throws -> String {
        let output = PatchSupport.outputPath()
        try WorkbookPatcher(sourcePath: fixture.write()).write(marks: marks, report: report, commentAuthor: "校验", to: output)
        return output
    }

    @Test func aNewSheetIdStaysInItsRange() throws {
        // The largest valid id is the range's last: the report takes the smallest free one; an id
        // beyond the range (or negative) is no id at all.
        let output = try Self.patch(Self.fixture(sheets: """
            <sheet name="数据" sheetId="4294967295" r:id="rId1"/><sheet name="其他" sheetId="9223372036854775807" r:id="rId2"/>
            """, names: ""))
        let workbook = try #require(PatchSupport.text(output, "xl/workbook.xml"))
        #expect(workbook.contains("<sheet name=\"校验结果\" sheetId=\"1\" r:id=\"rId3\"/>"))
        #expect(SheetIdentifier.next(after: [1, 4]) == 5)
        #expect(SheetIdentifier.next(after: [1, 2, 4_294_967_295]) == 3)
        #expect(try Workbook(path: output).sheets.map(\.name) == ["校验结果", "数据", "其他"])

        // Patched again, the report keeps its id; an impossible one it had is not carried on.
        let again = PatchSupport.outputPath()
        try WorkbookPatcher(sourcePath: output).write(marks: [], report: Self.report, commentAuthor: "校验", to: again)
        #expect(try #require(PatchSupport.text(again, "xl/workbook.xml")).contains("<sheet name=\"校验结果\" sheetId=\"1\" r:id=\"rId3\"/>"))
    }

    @Test func namesLocalToASheetThatDoesNotExistGo() throws {
        let output = try Self.patch(Self.fixture(sheets: """
            <sheet name="数据" sheetId="1" r:id="rId1"/><sheet name="其他" sheetId="2" r:id="rId2"/>
            """, names: """
            <definedName name="a" localSheetId="1">其他!$A$1</definedName>\
            <definedName name="b" localSheetId="9223372036854775807">数据!$A$1</definedName>\
            <definedName name="c" localSheetId="-1">数据!$A$1</definedName>\
            <definedName name="d" localSheetId="2">数据!$A$1</definedName>\
            <definedName name="e" localSheetId="x">数据!$A$1</definedName><definedName name="f">数据!$B$1</definedName>
            """))
        let names = try Workbook(path: output).definedNames
        #expect(names.filter { !$0.name.hasPrefix("_") }.map(\.name) == ["a", "f"])
        #expect(names.first { $0.name == "a" }?.localSheetIndex == 2)
    }

    @Test func anImpossibleSharedStringsCountIsDropped() throws {
        for (count, expected) in [("9223372036854775807", " uniqueCount="), ("-1", " uniqueCount="), ("4294967295", " count=\"4294967295\""),
                                  ("5", " count=\"14\"")] {
            var fixture = PatchCommentsReportTests.commentedFixture()
            fixture.add("xl/sharedStrings.xml", """
                <?xml version="1.0" encoding="UTF-8"?><sst xmlns="\(PackageFixture.mainNamespace)" count="\(count)" uniqueCount="1">\
                <si><t>名称</t></si></sst>
                """)
            var rels = String(decoding: fixture.entries.first { $0.name == "xl/_rels/workbook.xml.rels" }!.bytes, as: UTF8.self)
            rels = rels.replacingOccurrences(of: "</Relationships>", with: """
                <Relationship Id="rIdStrings" Type="\(PackageFixture.relationshipBase)/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """)
            fixture.replace("xl/_rels/workbook.xml.rels", rels)
            let strings = try #require(PatchSupport.text(try Self.patch(fixture), "xl/sharedStrings.xml"))
            #expect(strings.contains("<sst xmlns=\"\(PackageFixture.mainNamespace)\"\(expected)"), "count=\"\(count)\": \(strings.prefix(160))")
        }
    }

    @Test func aNewDrawingTakesAFreeIdBlock() throws {
        // The drawing claims the last block there is (and an impossible one): the new drawing
        // cannot take the next, so it takes the smallest free block.
        var fixture = PatchCommentsReportTests.commentedFixture()
        var drawing = String(decoding: fixture.entries.first { $0.name == "xl/drawings/vmlDrawing1.vml" }!.bytes, as: UTF8.self)
        drawing = drawing.replacingOccurrences(of: "data=\"1\"", with: "data=\"\(VMLPatch.idBlockRange.upperBound),9223372036854775807\"")
        fixture.replace("xl/drawings/vmlDrawing1.vml", drawing)
        let output = try Self.patch(fixture, marks: [CellMark(sheet: "其他", cell: CellReference("A1")!, fillARGB: Self.red, comment: "新批注")],
                                    report: nil)
        let added = try #require(PatchSupport.text(output, "xl/drawings/vmlDrawing2.vml"))
        #expect(added.contains("<o:idmap v:ext=\"edit\" data=\"1\"/>") && added.contains("id=\"_x0000_s1025\""))
        #expect(VMLPatch.idBlocks(in: Array("<o:idmap data=\"-1,0,3, 99999999999999999999\"/>".utf8)) == [3])
    }

    @Test func aSpansHintThatNamesNoColumnsIsDropped() throws {
        var fixture = PatchSheetTests.fixture()
        var sheet = String(decoding: fixture.entries.first { $0.name == "xl/worksheets/sheet1.xml" }!.bytes, as: UTF8.self)
        sheet = sheet.replacingOccurrences(of: "spans=\"1:2\"", with: "spans=\"1:9223372036854775807\"")
        fixture.replace("xl/worksheets/sheet1.xml", sheet)
        let output = try Self.patch(fixture, marks: [CellMark(sheet: "数据", cell: CellReference("C1")!, fillARGB: Self.red)], report: nil)
        let patched = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        #expect(patched.contains("<row r=\"1\"><c r=\"A1\""))
    }

    @Test func rowsAndCellsPastTheSheetsEndAreRefused() throws {
        var fixture = PatchSheetTests.fixture()
        fixture.replace("xl/worksheets/sheet2.xml", """
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\(PackageFixture.mainNamespace)"><sheetData>\
            <row r="1048576"><c r="A1048576"><v>1</v></c></row><row><c><v>2</v></c></row></sheetData></worksheet>
            """)
        #expect(throws: XLSXError.invalidContent(part: "xl/worksheets/sheet2.xml", message: "more than 1048576 rows")) {
            try Self.patch(fixture, marks: [CellMark(sheet: "其他", cell: CellReference("B1")!, fillARGB: Self.red)], report: nil)
        }
    }

    @Test func aNewPartDoesNotInheritAStaleRelationshipsPart() throws {
        // A relationships part left over for a sheet part that is gone: the report must not take
        // that name, or it would gain the stale relationships.
        var fixture = PatchSheetTests.fixture()
        fixture.add("xl/worksheets/_rels/sheet3.xml.rels", "<not even XML")
        let output = try Self.patch(fixture, report: Self.report.with(links: false))
        #expect(PatchSupport.text(output, "xl/worksheets/sheet4.xml") != nil)
        #expect(PatchSupport.text(output, "xl/worksheets/sheet3.xml") == nil)
        let again = PatchSupport.outputPath()
        try WorkbookPatcher(sourcePath: output).write(marks: [], report: Self.report.with(links: false), commentAuthor: "校验", to: again)
        #expect(try Workbook(path: again).sheets.first?.name == "校验结果")
    }

    @Test func checkedNumbersParseOnlyWithinTheirRange() {
        #expect(FileNumber.integer(" 42 ", in: FileNumber.unsignedInt) == 42)
        #expect(FileNumber.integer("4294967296", in: FileNumber.unsignedInt) == nil)
        #expect(FileNumber.integer("9223372036854775808", in: FileNumber.unsignedInt) == nil)
        #expect(FileNumber.integer("-1", in: FileNumber.unsignedInt) == nil)
        #expect(FileNumber.integer("1.5", in: FileNumber.unsignedInt) == nil)
        #expect(FileNumber.integer("", in: FileNumber.unsignedInt) == nil)
        #expect(FileNumber.next(after: [], in: 1...3) == 1)
        #expect(FileNumber.next(after: [1, 3], in: 1...3) == 2)
        #expect(FileNumber.next(after: [1, 2, 3], in: 1...3) == nil)
    }
}
