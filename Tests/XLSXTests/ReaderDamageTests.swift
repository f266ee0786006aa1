import Testing
@testable import XLSX

/// A workbook with one damaged sheet still yields its other sheets, and every sheet kind that
/// holds cells is read with its kind.
@Suite("Reader: damaged sheets and sheet kinds")
struct ReaderDamageTests {
    static let threeSheets = PackageFixture.workbook(sheets: [
        ("一", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"),
        ("二", "<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>"),
        ("三", "<row r=\"1\"><c r=\"A1\"><v>3</v></c></row>"),
    ])

    /// Reads every sheet; a damaged one gives its error instead of its cells.
    func readAll(_ workbook: Workbook) throws -> [String: Result<[String: CellValue], XLSXError>] {
        var result: [String: Result<[String: CellValue], XLSXError>] = [:]
        for sheet in workbook.sheets {
            do {
                result[sheet.name] = .success(try workbook.cells(of: sheet.name))
            } catch let error as XLSXError {
                result[sheet.name] = .failure(error)
            }
        }
        return result
    }

    func expectOnlyTheMiddleSheetDamaged(_ fixture: PackageFixture) throws {
        let sheets = try readAll(try fixture.open())
        #expect(try sheets["一"]?.get() == ["A1": .number(1)])
        #expect(try sheets["三"]?.get() == ["A1": .number(3)])
        guard case .failure(let error) = sheets["二"] else {
            Issue.record("the damaged sheet was read: \(String(describing: sheets["二"]))")
            return
        }
        #expect(error.isPartDamage)
        #expect(error.description.contains("xl/worksheets/sheet2.xml"))
    }

    @Test func aMissingSheetPartLeavesTheOtherSheets() throws {
        var fixture = Self.threeSheets
        fixture.remove("xl/worksheets/sheet2.xml")
        try expectOnlyTheMiddleSheetDamaged(fixture)
    }

    @Test func aMalformedSheetPartLeavesTheOtherSheets() throws {
        var fixture = Self.threeSheets
        fixture.replace("xl/worksheets/sheet2.xml",
                        "<worksheet xmlns=\"\(PackageFixture.mainNamespace)\"><sheetData><row r=\"1\"><c r=\"A1\"><v>2</v></row>")
        try expectOnlyTheMiddleSheetDamaged(fixture)
    }

    @Test func impossibleContentLeavesTheOtherSheets() throws {
        var fixture = Self.threeSheets
        fixture.replace("xl/worksheets/sheet2.xml",
                        "<worksheet xmlns=\"\(PackageFixture.mainNamespace)\"><sheetData><row r=\"1\"><c r=\"A0\"><v>2</v></c></row></sheetData></worksheet>")
        try expectOnlyTheMiddleSheetDamaged(fixture)
    }

    @Test func aSafetyRefusalIsNotDamage() {
        #expect(!XLSXError.limitExceeded(limit: .cellsPerRow, part: "xl/worksheets/sheet1.xml", value: 10, maximum: 5).isPartDamage)
        #expect(!XLSXError.notAWorksheet("图表").isPartDamage)
        #expect(!XLSXError.doctypeForbidden(part: "xl/worksheets/sheet1.xml").isPartDamage)
    }

    @Test func macroAndDialogSheetsAreReadWithTheirKind() throws {
        var fixture = Self.threeSheets
        let base = PackageFixture.relationshipBase
        fixture.replace("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(base)/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/>\
            <Relationship Id="rId3" Type="\(base)/dialogsheet" Target="dialogsheets/sheet1.xml"/>\
            <Relationship Id="rIdStyles" Type="\(base)/styles" Target="styles.xml"/></Relationships>
            """)
        fixture.add("xl/macrosheets/sheet1.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <xm:macrosheet xmlns="\(PackageFixture.mainNamespace)" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">\
            <sheetData><row r="1"><c r="A1" t="str"><f>ALERT("hi")</f><v>TRUE</v></c><c r="B1"><v>7</v></c></row></sheetData></xm:macrosheet>
            """)
        fixture.add("xl/dialogsheets/sheet1.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <dialogsheet xmlns="\(PackageFixture.mainNamespace)"><sheetData><row r="2"><c r="C2" t="inlineStr"><is><t>标签</t></is></c></row></sheetData></dialogsheet>
            """)
        let workbook = try fixture.open()
        #expect(workbook.sheets.map(\.kind) == [.worksheet, .macrosheet, .dialogsheet])
        #expect(workbook.sheets.allSatisfy { $0.kind.holdsCells })
        #expect(try workbook.cells(of: "二") == ["A1": .string("TRUE"), "B1": .number(7)])
        #expect(try workbook.cells(of: "三") == ["C2": .string("标签")])
        #expect(!SheetKind.chartsheet.holdsCells)
    }
}
