import CLibzip
import Foundation
import Testing
@testable import XLSX

@Suite("Reader: package, workbook and tolerance")
struct ReaderPackageTests {
    @Test func opensFromPathAndFromBytes() throws {
        let fixture = PackageFixture.workbook(sheets: [("表一", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")])
        let path = fixture.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try Workbook(path: path).cells(of: "表一")["A1"] == .number(1))
        #expect(try Workbook(bytes: fixture.zipBytes()).cells(of: "表一")["A1"] == .number(1))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the input is never modified")
    }

    @Test func findsPartsThroughRelationshipsNotNames() throws {
        var fixture = PackageFixture()
        let base = PackageFixture.relationshipBase
        fixture.add("[Content_Types].xml", """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/data/book.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>
            """)
        fixture.add("_rels/.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="a" Type="\(base)/officeDocument" Target="/data/book.xml"/>\
            <Relationship Id="b" Type="http://example.com/unknown" Target="nowhere.xml"/></Relationships>
            """)
        fixture.add("data/book.xml", """
            <workbook xmlns="\(PackageFixture.mainNamespace)" xmlns:r="\(PackageFixture.relationshipsNamespace)">\
            <unknownElement/><sheets><sheet name="Second" sheetId="2" r:id="s2"/><sheet name="First" sheetId="1" state="hidden" r:id="s1"/>\
            <sheet name="Secret" sheetId="3" state="veryHidden" r:id="s3"/></sheets>\
            <definedNames><definedName name="Target" localSheetId="1">First!$A$1</definedName>\
            <definedName name="_xlnm._FilterDatabase" hidden="1">#REF!</definedName></definedNames></workbook>
            """)
        fixture.add("data/_rels/book.xml.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="s1" Type="\(base)/worksheet" Target="parts/one.xml"/>\
            <Relationship Id="s2" Type="\(base)/worksheet" Target="./parts/../parts/two.xml"/>\
            <Relationship Id="s3" Type="\(base)/worksheet" Target="parts/three.xml"/>\
            <Relationship Id="x" Type="http://example.com/custom" Target="custom.bin"/></Relationships>
            """)
        for (name, value) in [("one", 1), ("two", 2), ("three", 3)] {
            fixture.add("data/parts/\(name).xml", "<worksheet xmlns=\"\(PackageFixture.mainNamespace)\"><sheetData><row r=\"1\"><c r=\"A1\"><v>\(value)</v></c></row></sheetData><futureThing/></worksheet>")
        }
        fixture.add("xl/worksheets/sheet1.xml", "not even XML: never read, since nothing points here")
        let workbook = try fixture.open()
        #expect(workbook.sheets.map(\.name) == ["Second", "First", "Secret"])
        #expect(workbook.sheets.map(\.state) == [.visible, .hidden, .veryHidden])
        #expect(try workbook.cells(of: "First")["A1"] == .number(1))
        #expect(try workbook.cells(of: "Second")["A1"] == .number(2))
        #expect(workbook.definedNames.first == DefinedName(name: "Target", formula: "First!$A$1", localSheetIndex: 1, isHidden: false))
        #expect(workbook.definedNames.last?.isHidden == true)
    }

    @Test func strictNamespacesAndPrefixes() throws {
        let strictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main"
        var fixture = PackageFixture.workbook(sheets: [("S", "")])
        fixture.replace("xl/worksheets/sheet1.xml", """
            <x:worksheet xmlns:x="\(strictMain)"><x:dimension ref="A1:A1"/><x:sheetData>\
            <x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row>\
            <x:row><x:c r="C2"><x:v>3</x:v></x:c></x:row></x:sheetData>\
            <x:mergeCells count="1"><x:mergeCell ref="A5:C5"/></x:mergeCells></x:worksheet>
            """)
        let workbook = try fixture.open()
        let reader = try workbook.rows(of: try workbook.sheet(named: "S"))
        var cells: [String: CellValue] = [:]
        while let row = try reader.next() { for cell in row.cells { cells[cell.reference.description] = cell.value } }
        #expect(cells == ["A1": .string("a"), "B1": .number(2), "C2": .number(3)], "rows and cells without r, wrong dimension ignored")
        #expect(reader.mergedRanges == [CellRange("A5:C5")!])
        #expect(reader.declaredDimension == CellRange("A1:A1"))
    }

    @Test func outOfOrderAndRepeatedCellsAreSortedLastWins() throws {
        let sheet = "<row r=\"1\"><c r=\"C1\"><v>3</v></c><c r=\"A1\"><v>1</v></c><c r=\"C1\"><v>4</v></c></row>"
        let cells = try PackageFixture.workbook(sheets: [("S", sheet)]).open().allCells(of: "S")
        #expect(cells.map(\.reference.description) == ["A1", "C1"])
        #expect(cells.last?.value == .number(4))
    }

    @Test func emptyAndStyledOnlyRowsAreNotHandedOut() throws {
        let sheet = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\" s=\"1\" customFormat=\"1\"><c r=\"A2\" s=\"1\"/></row><row r=\"3\"/>"
        let workbook = try PackageFixture.workbook(sheets: [("S", sheet)], cellFormatIDs: [0, 0]).open()
        var numbers: [Int] = []
        try workbook.forEachRow(of: try workbook.sheet(named: "S")) { numbers.append($0.number) }
        #expect(numbers == [1])
    }

    @Test func streamsLargeSheetsAcrossChunks() throws {
        var xml = ""
        let rowCount = 20_000
        for row in 1...rowCount {
            xml += "<row r=\"\(row)\"><c r=\"A\(row)\"><v>\(row)</v></c><c r=\"B\(row)\" t=\"inlineStr\"><is><t>行\(row)</t></is></c></row>"
        }
        let workbook = try PackageFixture.workbook(sheets: [("S", xml)]).open()
        let reader = try workbook.rows(of: try workbook.sheet(named: "S"))
        var count = 0
        while let row = try reader.next() {
            count += 1
            #expect(row.number == count)
            #expect(row[column: 2]?.value == .string("行\(count)"))
        }
        #expect(count == rowCount)
    }

    @Test func sheetLookupAndChartSheets() throws {
        let workbook = try PackageFixture.workbook(sheets: [("Data", "")]).open()
        #expect(throws: XLSXError.noSuchSheet("Nope", available: ["Data"])) { try workbook.sheet(named: "Nope") }
        #expect(try workbook.sheet(named: "data").name == "Data")
    }

    @Test func templateAndMacroContentTypesReadLikeWorkbooks() throws {
        for type in ["application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
                     "application/vnd.ms-excel.template.macroEnabled.main+xml"] {
            var fixture = PackageFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><v>7</v></c></row>")])
            let contentTypes = String(decoding: fixture.entries.first { $0.name == "[Content_Types].xml" }!.bytes, as: UTF8.self)
            fixture.replace("[Content_Types].xml", contentTypes.replacingOccurrences(
                of: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", with: type))
            fixture.remove("_rels/.rels")
            #expect(try fixture.open().cells(of: "S")["A1"] == .number(7), "\(type)")
        }
    }
}
