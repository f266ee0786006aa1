import Foundation
import Testing
@testable import XLSX

@Suite("Writer: package parts")
struct WriterPackageTests {
    private typealias Support = WriterTestSupport

    @Test func contentTypesAndRelationships() throws {
        let path = try Support.writeWorkbook("package") { workbook, sheet in
            try sheet.writeRow(["x"])
            try sheet.addComment("c", at: CellReference("A1")!)
            _ = try workbook.addSheet("Two")
        }
        #expect(try Support.entries(of: path) == [
            "[Content_Types].xml", "xl/worksheets/sheet1.xml", "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml",
            "xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/sharedStrings.xml",
            "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docProps/core.xml", "docProps/app.xml", "docProps/custom.xml",
            "_rels/.rels",
        ])
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml."
        #expect(try Support.part("[Content_Types].xml", of: path) == """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>\
            <Override PartName="/xl/comments1.xml" ContentType="\(ct)comments+xml"/>\
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="\(ct)worksheet+xml"/>\
            <Override PartName="/xl/worksheets/sheet2.xml" ContentType="\(ct)worksheet+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="\(ct)styles+xml"/>\
            <Override PartName="/xl/sharedStrings.xml" ContentType="\(ct)sharedStrings+xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="\(ct)sheet.main+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
            <Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>\
            </Types>
            """)
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        #expect(try Support.part("xl/_rels/workbook.xml.rels", of: path) == """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(rel)worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(rel)worksheet" Target="worksheets/sheet2.xml"/>\
            <Relationship Id="rId3" Type="\(rel)styles" Target="styles.xml"/>\
            <Relationship Id="rId4" Type="\(rel)sharedStrings" Target="sharedStrings.xml"/>\
            </Relationships>
            """)
        #expect(try Support.part("xl/worksheets/_rels/sheet1.xml.rels", of: path) == """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(rel)vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>\
            <Relationship Id="rId2" Type="\(rel)comments" Target="../comments1.xml"/>\
            </Relationships>
            """)
        #expect(try Support.part("_rels/.rels", of: path).contains(
            "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"))
        #expect(RelationshipsPart.partName(for: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
        #expect(RelationshipsPart.partName(for: "") == "_rels/.rels")
    }

    @Test func commentsAndTheirVMLDrawing() throws {
        let comments = [
            SheetComment(reference: CellReference("A1")!, text: "第一条 & <注释>", author: "区民政局", isVisible: false),
            SheetComment(reference: CellReference("C5")!, text: " edge ", author: "", isVisible: true),
        ]
        #expect(String(decoding: CommentsPart.xml(comments, preservingEdgeWhitespace: true), as: UTF8.self) == """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>区民政局</author>\
            <author></author></authors><commentList><comment ref="A1" authorId="0"><text><r><rPr><sz val="9"/>\
            <color indexed="81"/><rFont val="宋体"/><charset val="134"/></rPr><t>第一条 &amp; &lt;注释&gt;</t></r></text></comment>\
            <comment ref="C5" authorId="1"><text><r><rPr><sz val="9"/><color indexed="81"/><rFont val="宋体"/>\
            <charset val="134"/></rPr><t xml:space="preserve"> edge </t></r></text></comment></commentList></comments>
            """)
        let vml = String(decoding: VMLDrawingPart.xml(comments, firstBlock: 2), as: UTF8.self)
        #expect(vml.hasPrefix("""
            <xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
            xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="2"/>\
            </o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" \
            path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/>\
            </v:shapetype><v:shape id="_x0000_s2049" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;\
            margin-top:1.5pt;width:108pt;height:59.25pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">
            """))
        #expect(vml.contains("<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>"
                             + "<x:Anchor>1, 15, 0, 2, 3, 15, 4, 16</x:Anchor><x:AutoFill>False</x:AutoFill>"
                             + "<x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData>"))
        #expect(vml.contains("<v:shape id=\"_x0000_s2050\""))
        #expect(vml.contains("visibility:visible"))
        #expect(vml.contains("<x:Anchor>3, 15, 3, 10, 5, 15, 7, 4</x:Anchor><x:AutoFill>False</x:AutoFill>"
                             + "<x:Row>4</x:Row><x:Column>2</x:Column><x:Visible/></x:ClientData>"))
        let many = (1...1_500).map { SheetComment(reference: CellReference(row: $0, column: 1), text: "x", author: "", isVisible: false) }
        #expect(VMLDrawingPart.blockCount(forShapes: many.count) == 2)
        #expect(String(decoding: VMLDrawingPart.xml(many, firstBlock: 1), as: UTF8.self).contains("data=\"1,2\""))
    }

    @Test func commentDrawingsOfSeveralSheetsUseDistinctShapeIDs() throws {
        let path = try Support.scratchDirectory("two-drawings") + "/two.xlsx"
        let workbook = try WorkbookWriter(path: path)
        workbook.properties.creator = "作者"
        for name in ["一", "二", "三"] {
            let sheet = try workbook.addSheet(name)
            if name != "二" { try sheet.addComment("注 \(name)", at: CellReference("B2")!) }
        }
        try workbook.close()
        let first = try Support.part("xl/drawings/vmlDrawing1.vml", of: path)
        let second = try Support.part("xl/drawings/vmlDrawing2.vml", of: path)
        #expect(first.contains("data=\"1\"") && first.contains("_x0000_s1025"))
        #expect(second.contains("data=\"2\"") && second.contains("_x0000_s2049"))
        #expect(try Support.part("xl/worksheets/_rels/sheet3.xml.rels", of: path).contains("../comments2.xml"))
        #expect(try Support.part("xl/comments1.xml", of: path).contains("<author>作者</author>"))
        #expect(try !Support.entries(of: path).contains("xl/worksheets/_rels/sheet2.xml.rels"))
    }

    @Test func workbookPartListsSheetsNamesAndActiveTab() throws {
        let path = try Support.scratchDirectory("workbook") + "/wb.xlsx"
        let workbook = try WorkbookWriter(path: path)
        let hidden = try workbook.addSheet("字典")
        hidden.state = .hidden
        let main = try workbook.addSheet("A & B")
        let secret = try workbook.addSheet("secret")
        secret.state = .veryHidden
        try main.setPrintTitles(rows: 1...2, columns: 1...1)
        try workbook.defineName("镇列表", refersTo: "='字典'!$A$1:$A$30")
        try workbook.defineName("Rate", refersTo: "0.05", localTo: main, isHidden: true)
        try workbook.close()
        #expect(try Support.part("xl/workbook.xml", of: path) == """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><bookViews>\
            <workbookView activeTab="1"/></bookViews><sheets><sheet name="字典" sheetId="1" state="hidden" r:id="rId1"/>\
            <sheet name="A &amp; B" sheetId="2" r:id="rId2"/><sheet name="secret" sheetId="3" state="veryHidden" r:id="rId3"/>\
            </sheets><definedNames><definedName name="_xlnm.Print_Titles" localSheetId="1">'A &amp; B'!$A:$A,'A &amp; B'!$1:$2</definedName>\
            <definedName name="Rate" localSheetId="1" hidden="1">0.05</definedName>\
            <definedName name="镇列表">'字典'!$A$1:$A$30</definedName></definedNames>\
            <calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>
            """)
        #expect(try Support.part("xl/worksheets/sheet2.xml", of: path).contains("<sheetView tabSelected=\"1\" workbookViewId=\"0\"/>"))
        #expect(try !Support.part("xl/worksheets/sheet1.xml", of: path).contains("tabSelected"))
    }

    @Test func documentProperties() throws {
        let path = try Support.scratchDirectory("props") + "/props.xlsx"
        let workbook = try WorkbookWriter(path: path)
        workbook.properties = DocumentProperties(title: "台账", creator: "区政府 <办公室>", company: "某区",
                                                 created: LocalDateTime(year: 2024, month: 5, day: 1, hour: 8, minute: 30, second: 5))
        _ = try workbook.addSheet("一")
        _ = try workbook.addSheet("二")
        try workbook.close()
        let core = try Support.part("docProps/core.xml", of: path)
        #expect(core.contains("<dc:title>台账</dc:title><dc:creator>区政府 &lt;办公室&gt;</dc:creator>"
                              + "<cp:lastModifiedBy>区政府 &lt;办公室&gt;</cp:lastModifiedBy>"
                              + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-05-01T08:30:05Z</dcterms:created>"))
        let modified = try #require(core.range(of: "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">"))
        let stamp = core[modified.upperBound...].prefix(20)
        #expect(stamp.count == 20 && stamp.hasSuffix("Z") && stamp.hasPrefix("20"))
        let app = try Support.part("docProps/app.xml", of: path)
        #expect(app.contains("<vt:i4>2</vt:i4>"))
        #expect(app.contains("<TitlesOfParts><vt:vector size=\"2\" baseType=\"lpstr\"><vt:lpstr>一</vt:lpstr><vt:lpstr>二</vt:lpstr></vt:vector></TitlesOfParts>"))
        #expect(app.contains("<Company>某区</Company>"))
        #expect(try Support.part("docProps/custom.xml", of: path).contains(
            "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"Generator\"><vt:lpwstr>Taizhang \(TaizhangVersion.current)</vt:lpwstr></property>"))
        #expect(try Support.part("_rels/.rels", of: path).contains("Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\""))
        #expect(DocumentProperties(generator: nil).customXML() == nil)
        #expect(DocumentProperties.w3cText(LocalDateTime(year: 999, month: 1, day: 2, hour: 3, minute: 4, second: 5)) == "0999-01-02T03:04:05Z")
    }
}
