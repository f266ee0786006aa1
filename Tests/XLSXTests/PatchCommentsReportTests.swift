import Foundation
import Testing
@testable import XLSX

/// The patcher's comments, VML drawings and report sheet.
@Suite("Patch: comments and report sheet")
struct PatchCommentsReportTests {
    static let red = PatchSheetTests.red
    static func ref(_ text: String) -> CellReference { CellReference(text)! }

    /// A sheet with a comment on A1 (by 张三), its VML drawing and a defined name local to the second sheet.
    static func commentedFixture() -> PackageFixture {
        var fixture = PackageFixture.workbook(sheets: [
            ("数据", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(PackageFixture.mainNamespace)" xmlns:r="\(PackageFixture.relationshipsNamespace)">\
            <sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetData>\
            <row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row></sheetData>\
            <pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>\
            <legacyDrawing r:id="rId2"/><tableParts count="0"/></worksheet>
            """),
            ("其他", "<row r=\"1\"><c r=\"A1\"><v>7</v></c></row>"),
        ], workbookExtras: "<bookViews><workbookView activeTab=\"1\" firstSheet=\"1\"/></bookViews>")
        fixture.replace("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="\(PackageFixture.mainNamespace)" xmlns:r="\(PackageFixture.relationshipsNamespace)">\
            <bookViews><workbookView activeTab="1" firstSheet="1"/></bookViews><sheets>\
            <sheet name="数据" sheetId="1" r:id="rId1"/><sheet name="其他" sheetId="4" r:id="rId2"/></sheets>\
            <definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">其他!$A$1:$B$2</definedName>\
            <definedName name="总数">数据!$A$1</definedName></definedNames><calcPr calcId="0"/></workbook>
            """)
        fixture.add("xl/worksheets/_rels/sheet1.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(PackageFixture.relationshipBase)/comments" Target="../comments1.xml"/>\
            <Relationship Id="rId2" Type="\(PackageFixture.relationshipBase)/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/></Relationships>
            """)
        fixture.add("xl/comments1.xml", """
            <?xml version="1.0" encoding="UTF-8"?><comments xmlns="\(PackageFixture.mainNamespace)"><authors><author>张三</author></authors>\
            <commentList><comment ref="A1" authorId="0"><text><t>原有批注</t></text></comment></commentList></comments>
            """)
        fixture.add("xl/drawings/vmlDrawing1.vml", """
            <xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
             <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>
             <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/></v:shapetype>
             <v:shape id="_x0000_s1025" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape>
            </xml>
            """)
        var types = String(decoding: fixture.entries.first { $0.name == "[Content_Types].xml" }!.bytes, as: UTF8.self)
        types = types.replacingOccurrences(of: "</Types>", with: """
            <Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>\
            <Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>
            """)
        fixture.replace("[Content_Types].xml", types)
        return fixture
    }

    static let report = ReportSheet(name: "校验结果", header: ["级别", "单元格", "说明"], rows: [
        ReportRow(values: ["错误", "A1", "数值过小"], link: ReportLink(column: 1, sheet: "数据", cell: CellReference("A1")!)),
        ReportRow(values: ["警告", "B1", "请核实"], link: ReportLink(column: 1, sheet: "数据", cell: CellReference("B1")!)),
    ])

    @Test func existingCommentsAndDrawingAreExtended() throws {
        let source = Self.commentedFixture().write()
        let output = PatchSupport.outputPath()
        let summary = try WorkbookPatcher(sourcePath: source).write(marks: [
            CellMark(sheet: "数据", cell: Self.ref("A1"), fillARGB: Self.red, comment: "数值过小"),
            CellMark(sheet: "数据", cell: Self.ref("A1"), fillARGB: "FFFFEB9C", comment: "另一条"),
            CellMark(sheet: "数据", cell: Self.ref("C2"), fillARGB: Self.red, comment: "不能为空"),
        ], report: nil, commentAuthor: "校验", to: output)
        #expect(Set(summary.rewrittenParts) == ["xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/styles.xml",
                                                "xl/worksheets/sheet1.xml"])
        #expect(summary.addedParts.isEmpty)
        let comments = try #require(PatchSupport.text(output, "xl/comments1.xml"))
        #expect(comments.contains("<authors><author>张三</author><author>校验</author></authors>"))
        #expect(comments.contains("<comment ref=\"A1\" authorId=\"0\"><text><r><t>原有批注</t></r><r><rPr><sz val=\"9\"/><color indexed=\"81\"/></rPr><t>\n【校验】数值过小\n【校验】另一条</t></r></text></comment>"))
        #expect(comments.contains("<comment ref=\"C2\" authorId=\"1\"><text><r><rPr><sz val=\"9\"/><color indexed=\"81\"/></rPr><t>【校验】不能为空</t></r></text></comment></commentList>"))
        let drawing = try #require(PatchSupport.text(output, "xl/drawings/vmlDrawing1.vml"))
        #expect(drawing.contains("id=\"_x0000_s1026\""))
        #expect(drawing.contains("<x:Row>1</x:Row>\n   <x:Column>2</x:Column>"))
        #expect(drawing.components(separatedBy: "<v:shapetype").count == 2)
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        #expect(sheet.components(separatedBy: "<legacyDrawing").count == 2)

        // Again over the copy: the appended text is replaced, not stacked.
        let again = PatchSupport.outputPath()
        try WorkbookPatcher(sourcePath: output).write(marks: [
            CellMark(sheet: "数据", cell: Self.ref("A1"), fillARGB: Self.red, comment: "改后仍小"),
            CellMark(sheet: "数据", cell: Self.ref("C2"), fillARGB: Self.red, comment: "不能为空"),
        ], report: nil, commentAuthor: "校验", to: again)
        let commentsAgain = try #require(PatchSupport.text(again, "xl/comments1.xml"))
        #expect(commentsAgain.contains("<authors><author>张三</author><author>校验</author></authors>"))
        #expect(commentsAgain.contains("<t>原有批注</t></r><r><rPr><sz val=\"9\"/><color indexed=\"81\"/></rPr><t>\n【校验】改后仍小</t></r></text>"))
        #expect(commentsAgain.components(separatedBy: "ref=\"C2\"").count == 2)
        #expect(commentsAgain.components(separatedBy: "【校验】").count == 3)
        #expect(PatchSupport.text(again, "xl/drawings/vmlDrawing1.vml") == drawing)
    }

    @Test func newCommentsGetAPartADrawingAndRelationships() throws {
        let source = PatchSheetTests.fixture().write()
        let output = PatchSupport.outputPath()
        let summary = try WorkbookPatcher(sourcePath: source).write(marks: [
            CellMark(sheet: "其他", cell: Self.ref("A1"), fillARGB: Self.red, comment: "a < b & \"c\""),
        ], report: nil, commentAuthor: "校验", to: output)
        #expect(Set(summary.addedParts) == ["xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/_rels/sheet2.xml.rels"])
        let rels = try #require(PatchSupport.text(output, "xl/worksheets/_rels/sheet2.xml.rels"))
        #expect(rels.contains("Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing\" Target=\"../drawings/vmlDrawing1.vml\""))
        #expect(rels.contains("Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"../comments1.xml\""))
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet2.xml"))
        #expect(sheet.hasSuffix("</sheetData><legacyDrawing r:id=\"rId1\"/></worksheet>"))
        let types = try #require(PatchSupport.text(output, "[Content_Types].xml"))
        #expect(types.contains("<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>"))
        #expect(types.contains("<Override PartName=\"/xl/comments1.xml\""))
        let comments = try #require(PatchSupport.text(output, "xl/comments1.xml"))
        #expect(comments.contains("【校验】a &lt; b &amp; \"c\""))
    }

    @Test func reportSheetGoesFirstWithLinksFilterAndWidths() throws {
        let source = Self.commentedFixture().write()
        let output = PatchSupport.outputPath()
        let summary = try WorkbookPatcher(sourcePath: source).write(marks: [
            CellMark(sheet: "数据", cell: Self.ref("A1"), fillARGB: Self.red, comment: "数值过小"),
        ], report: Self.report, commentAuthor: "校验", to: output)
        #expect(summary.reportSheetName == "校验结果")
        let workbook = try #require(PatchSupport.text(output, "xl/workbook.xml"))
        #expect(workbook.contains("<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets><sheet name=\"校验结果\" sheetId=\"5\" r:id=\"rId3\"/><sheet name=\"数据\" sheetId=\"1\" r:id=\"rId1\"/>"))
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"2\">其他!$A$1:$B$2</definedName><definedName name=\"总数\">数据!$A$1</definedName><definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">'校验结果'!$A$1:$C$3</definedName><definedName name=\"_Taizhang_Report\" localSheetId=\"0\" hidden=\"1\">TRUE</definedName></definedNames><calcPr calcId=\"0\"/>"))
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet3.xml"))
        #expect(sheet.contains("<col min=\"3\" max=\"3\" width=\"10\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<autoFilter ref=\"A1:C3\"/><hyperlinks><hyperlink ref=\"B2\" location=\"'数据'!A1\" display=\"数据!A1\"/>"))
        // The other sheet's tab is no longer selected.
        #expect(try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml")).contains("<sheetView workbookViewId=\"0\"/>"))

        let read = try Workbook(path: output)
        #expect(read.sheets.map(\.name) == ["校验结果", "数据", "其他"])
        #expect(try read.cells(of: "校验结果")["C2"] == .string("数值过小"))
        #expect(read.definedNames.first { $0.name == "_xlnm.Print_Area" }?.localSheetIndex == 2)

        // Patching the copy again replaces the report in place.
        let again = PatchSupport.outputPath()
        var shorter = Self.report
        shorter.rows.removeLast()
        let second = try WorkbookPatcher(sourcePath: output).write(marks: [
            CellMark(sheet: "数据", cell: Self.ref("A1"), fillARGB: Self.red, comment: "数值过小"),
        ], report: shorter, commentAuthor: "校验", to: again)
        #expect(second.addedParts.isEmpty)
        let readAgain = try Workbook(path: again)
        #expect(readAgain.sheets.map(\.name) == ["校验结果", "数据", "其他"])
        #expect(readAgain.definedNames.filter { $0.name == "_xlnm._FilterDatabase" }.count == 1)
        #expect(readAgain.definedNames.first { $0.name == "_xlnm.Print_Area" }?.localSheetIndex == 2)
        #expect(PatchSupport.text(again, "xl/styles.xml") == PatchSupport.text(output, "xl/styles.xml"))
        #expect(PatchSupport.text(again, "xl/_rels/workbook.xml.rels") == PatchSupport.text(output, "xl/_rels/workbook.xml.rels"))
        #expect(PatchSupport.text(again, "[Content_Types].xml") == PatchSupport.text(output, "[Content_Types].xml"))
        let strings = try #require(PatchSupport.text(again, "xl/sharedStrings.xml"))
        #expect(strings.contains("count=\"6\" uniqueCount=\"9\""))
        #expect(strings.components(separatedBy: "<si>").count == 10)
    }

    @Test func aReportCanBeALetterAndTheSheetsPrintTheirHeadings() throws {
        let source = Self.commentedFixture().write()
        let output = PatchSupport.outputPath()
        var report = Self.report
        report.preamble = [ReportLine("湖坊镇台账校验结果", kind: .title), ReportLine("共发现错误 1 个、警告 1 个。", kind: .emphasis),
                           ReportLine("请改正标出的单元格后重新报送。"), ReportLine("错误:须改正", swatchARGB: Self.red)]
        report.closing = [ReportLine("共青团青山湖区委员会", kind: .signature)]
        report.bodyFont = FontStyle(name: "宋体", size: 11, charset: 134)
        report.titleFont = FontStyle(name: "黑体", size: 18, charset: 134)
        report.maximumColumnWidth = 10
        report.rows[0].values[2] = "一段很长的说明文字,超过了列宽,要折行显示"
        report.pageSetup = PageSetup(orientation: .portrait)
        var patcher = WorkbookPatcher(sourcePath: source)
        patcher.printsHeadings = true
        try patcher.write(marks: [CellMark(sheet: "数据", cell: Self.ref("B1"), fillARGB: Self.red)], report: report, commentAuthor: "校验", to: output)

        // The workbook's own sheets print their row numbers and column letters, in schema order.
        let data = try #require(PatchSupport.text(output, "xl/worksheets/sheet1.xml"))
        #expect(data.contains("</sheetData><printOptions headings=\"1\"/><pageMargins"))
        let other = try #require(PatchSupport.text(output, "xl/worksheets/sheet2.xml"))
        #expect(other.contains("<printOptions headings=\"1\"/>"))
        // The letter above the table: merged lines, the header after a blank row, its filter and print titles there.
        let sheet = try #require(PatchSupport.text(output, "xl/worksheets/sheet3.xml"))
        #expect(sheet.contains("<autoFilter ref=\"A6:C8\"/><mergeCells count=\"5\"><mergeCell ref=\"A1:C1\"/>"))
        #expect(sheet.contains("<mergeCell ref=\"B4:C4\"/><mergeCell ref=\"A10:C10\"/></mergeCells>"))
        #expect(sheet.contains("<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/></sheetViews>"))
        // The long text wraps within 10 characters, four East Asian characters a line: its row is five lines high.
        #expect(sheet.contains("<row r=\"7\" ht=\"80\" customHeight=\"1\">"))
        let workbook = try #require(PatchSupport.text(output, "xl/workbook.xml"))
        #expect(workbook.contains("'校验结果'!$A$6:$C$8</definedName>"))
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'校验结果'!$6:$6</definedName>"))
        let styles = try #require(PatchSupport.text(output, "xl/styles.xml"))
        #expect(styles.contains("<name val=\"宋体\"/><charset val=\"134\"/>") && styles.contains("<name val=\"黑体\"/><charset val=\"134\"/>"))
        let read = try Workbook(path: output)
        let cells = try read.cells(of: "校验结果")
        #expect(cells["A1"] == .string("湖坊镇台账校验结果") && cells["B4"] == .string("错误:须改正") && cells["A6"] == .string("级别"))
        #expect(cells["A10"] == .string("共青团青山湖区委员会"))
        if PatchSupport.has("xmllint") {
            let checker = #filePath.components(separatedBy: "/Tests/").first! + "/../shared/tools/xlsx_schema_check"
            if FileManager.default.isExecutableFile(atPath: checker) {
                let check = try #require(PatchSupport.run(checker, [output]))
                #expect(check.status == 0, "\(check.output)")
            }
        }
    }

    @Test func aSheetOfTheWorkbooksOwnKeepsItsName() throws {
        let source = PackageFixture.workbook(sheets: [("校验结果", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")]).write()
        let first = PatchSupport.outputPath()
        // Without the marker, a sheet of that name is taken for an earlier report …
        try WorkbookPatcher(sourcePath: source).write(marks: [], report: Self.report.with(links: false), commentAuthor: "校验", to: first)
        #expect(try Workbook(path: first).sheets.map(\.name) == ["校验结果"])
        // … but one that the marker does not name keeps its place when a marked report exists.
        let named = PackageFixture.workbook(sheets: [("报告", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), ("校验结果", "")],
                                            workbookExtras: "").write()
        let second = PatchSupport.outputPath()
        try WorkbookPatcher(sourcePath: named).write(marks: [], report: ReportSheet(name: "报告", header: ["a"], rows: []),
                                                     commentAuthor: "校验", to: second)
        let third = PatchSupport.outputPath()
        try WorkbookPatcher(sourcePath: second).write(marks: [], report: ReportSheet(name: "校验结果", header: ["a"], rows: []),
                                                      commentAuthor: "校验", to: third)
        #expect(try Workbook(path: third).sheets.map(\.name) == ["校验结果 (2)", "校验结果"])
    }

    @Test func linksMustNameASheet() throws {
        let source = PatchSheetTests.fixture().write()
        let report = ReportSheet(name: "R", header: ["a"], rows: [
            ReportRow(values: ["x"], link: ReportLink(column: 0, sheet: "无此表", cell: CellReference("A1")!)),
        ])
        #expect(throws: XLSXError.noSuchSheet("无此表", available: ["数据", "其他"])) {
            try WorkbookPatcher(sourcePath: source).write(marks: [], report: report, commentAuthor: "校验",
                                                         to: PatchSupport.outputPath())
        }
    }

    @Test func reportWidthsCountWideCharactersTwice() {
        #expect(ColumnWidth.displayWidth(of: "abc") == 3)
        #expect(ColumnWidth.displayWidth(of: "团员人数") == 8)
        #expect(ColumnWidth.displayWidth(of: "第一行\nlonger line") == 11)
        #expect(ReportSheetXML.quoted("It's") == "'It''s'")
    }
}

extension ReportSheet {
    /// The same report without links.
    func with(links: Bool) -> ReportSheet {
        var copy = self
        if !links { copy.rows = rows.map { ReportRow(values: $0.values) } }
        return copy
    }
}
