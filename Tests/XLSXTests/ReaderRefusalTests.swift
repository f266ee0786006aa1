import CLibzip
import Foundation
import Testing
@testable import XLSX

@Suite("Reader: refusals with clear messages")
struct ReaderRefusalTests {
    private func refusal(_ bytes: [UInt8], limits: ReadLimits = ReadLimits()) -> XLSXError? {
        do {
            let workbook = try Workbook(bytes: bytes, limits: limits)
            for sheet in workbook.sheets where sheet.kind == .worksheet {
                try workbook.forEachRow(of: sheet) { _ in }
            }
            return nil
        } catch let error as XLSXError {
            return error
        } catch {
            return nil
        }
    }

    @Test func notAWorkbookAtAll() {
        #expect(refusal([]) == .emptyFile)
        #expect(refusal(CompoundFileBuilder(streams: [("EncryptionInfo", [1]), ("EncryptedPackage", [2])]).bytes()) == .encryptedWorkbook)
        #expect(refusal(CompoundFileBuilder(streams: [("WordDocument", [1])]).bytes()) == .compoundFileNotWorkbook)
        #expect(refusal(Array("<html><body><table><tr><td>1</td></tr></table></body></html>".utf8))
                == .textFile(kind: "an HTML page (a web system's \"export to Excel\")"))
        #expect(refusal(Array("镇名称,填报人\n湖坊镇,张三\n".utf8)) == .textFile(kind: "a text file (CSV or tab-separated)"))
        #expect(refusal([0x00, 0x01, 0x02, 0x03, 0xFF]) == .notAZipFile)
    }

    @Test func truncatedZip() {
        let bytes = PackageFixture.workbook(sheets: [("S", "")]).zipBytes()
        guard case .corruptArchive? = refusal(Array(bytes.prefix(bytes.count / 2))) else {
            Issue.record("a truncated zip should be reported as damaged")
            return
        }
    }

    @Test func otherPackages() {
        var docx = PackageFixture()
        docx.add("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
        docx.add("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"r\" Type=\"\(PackageFixture.relationshipBase)/officeDocument\" Target=\"word/document.xml\"/></Relationships>")
        docx.add("word/document.xml", "<document/>")
        #expect(refusal(docx.zipBytes()) == .otherOfficeDocument(kind: "Word (.docx)"))
        var ods = PackageFixture()
        ods.add("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.add("content.xml", "<office/>")
        #expect(refusal(ods.zipBytes()) == .openDocumentSpreadsheet)
        var xlsb = PackageFixture()
        xlsb.add("xl/workbook.bin", "binary")
        #expect(refusal(xlsb.zipBytes()) == .binaryWorkbook)
        var empty = PackageFixture()
        empty.add("readme.txt", "nothing")
        guard case .missingPart? = refusal(empty.zipBytes()) else {
            Issue.record("a zip without a workbook should name the missing part")
            return
        }
    }

    @Test func missingSheetPart() {
        var fixture = PackageFixture.workbook(sheets: [("S", "")])
        fixture.remove("xl/worksheets/sheet1.xml")
        #expect(refusal(fixture.zipBytes()) == .missingPart("xl/worksheets/sheet1.xml"))
    }

    @Test func malformedXMLNamesPartAndLine() {
        var fixture = PackageFixture.workbook(sheets: [("S", "")])
        fixture.replace("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(PackageFixture.mainNamespace)\">\n<sheetData>\n<row r=\"1\"><c r=\"A1\"><v>1</v></c>\n</sheetData>")
        guard case .malformedXML(let part, let line, _)? = refusal(fixture.zipBytes()) else {
            Issue.record("malformed XML should be reported")
            return
        }
        #expect(part == "xl/worksheets/sheet1.xml")
        #expect(line >= 3)
    }

    @Test func doctypeAndEntitiesAreRefused() {
        var fixture = PackageFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")], sharedStrings: ["x"])
        fixture.replace("xl/sharedStrings.xml", """
            <?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\
            <sst xmlns="\(PackageFixture.mainNamespace)"><si><t>&b;</t></si></sst>
            """)
        #expect(refusal(fixture.zipBytes()) == .doctypeForbidden(part: "xl/sharedStrings.xml"))
        fixture.replace("xl/sharedStrings.xml", """
            <?xml version="1.0"?><!DOCTYPE sst SYSTEM "file:///etc/passwd"><sst xmlns="\(PackageFixture.mainNamespace)"><si><t>x</t></si></sst>
            """)
        #expect(refusal(fixture.zipBytes()) == .doctypeForbidden(part: "xl/sharedStrings.xml"))
        fixture.replace("xl/sharedStrings.xml", "<sst xmlns=\"\(PackageFixture.mainNamespace)\"><si><t>&undefined;</t></si></sst>")
        guard case .malformedXML? = refusal(fixture.zipBytes()) else {
            Issue.record("an undefined entity is malformed XML")
            return
        }
    }

    @Test func zipBombIsRefusedByLimits() {
        // 64 MiB of one repeated row compresses about 1000:1.
        var fixture = PackageFixture.workbook(sheets: [("S", "")])
        let row = "<row><c><v>0</v></c></row>"
        let body = String(repeating: row, count: (64 << 20) / row.utf8.count)
        fixture.replace("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(PackageFixture.mainNamespace)\"><sheetData>\(body)</sheetData></worksheet>")
        let bytes = fixture.zipBytes()
        var limits = ReadLimits()
        limits.maximumPartSize = 8 << 20
        guard case .limitExceeded(.partSize, _, _, _)? = refusal(bytes, limits: limits) else {
            Issue.record("a part larger than the limit must be refused")
            return
        }
        limits = ReadLimits()
        limits.maximumCompressionRatio = 50
        limits.compressionRatioThreshold = 1 << 20
        guard case .limitExceeded(.compressionRatio, _, _, _)? = refusal(bytes, limits: limits) else {
            Issue.record("a part compressed beyond the ratio must be refused")
            return
        }
    }

    @Test func impossibleContentIsRefusedWithTheCell() {
        let cases: [(String, String)] = [
            ("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", "XFE1"),
            ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>", "shared string 5"),
            ("<row r=\"1\"><c r=\"A1\"><v>1e400</v></c></row>", "1e400"),
            ("<row r=\"1\"><c r=\"A1\"><v>-</v></c></row>", "A1"),
            ("<row r=\"2000000\"><c><v>1</v></c></row>", "2000000"),
        ]
        for (sheet, mention) in cases {
            let error = refusal(PackageFixture.workbook(sheets: [("S", sheet)], sharedStrings: ["only"]).zipBytes())
            guard case .invalidContent(_, let message)? = error else {
                Issue.record("expected invalid content for \(sheet), got \(String(describing: error))")
                continue
            }
            #expect(message.contains(mention), "\(message)")
        }
    }

    @Test func styleIndexesBeyondTheStylesAreTolerated() throws {
        let sheet = "<row r=\"1\"><c r=\"A1\" s=\"99\"><v>5</v></c><c r=\"B1\" s=\"\"><v>6</v></c></row>"
        let cells = try PackageFixture.workbook(sheets: [("S", sheet)]).open().cells(of: "S")
        #expect(cells == ["A1": .number(5), "B1": .number(6)])
    }
}
