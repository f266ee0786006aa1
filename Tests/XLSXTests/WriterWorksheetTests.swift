import Testing
@testable import XLSX

@Suite("Writer: worksheet XML")
struct WriterWorksheetTests {
    private typealias Support = WriterTestSupport

    @Test func writesEachValueTypeWithItsCellType() throws {
        let path = try Support.writeWorkbook("cells") { workbook, sheet in
            let bold = try workbook.register(CellStyle(font: FontStyle(bold: true)))
            try sheet.writeRow([.init(.string("姓名"), style: bold), 13_800_138_000, 0.5, true, nil,
                                .init(.error(.notAvailable)), .init(.empty, style: bold), .init(.empty),
                                .init(.date(LocalDateTime(year: 2024, month: 5, day: 1)))])
            try sheet.writeRow(["姓名"], at: 3, height: 20.25)
        }
        #expect(try Support.sheetData(of: path) == """
            <row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><v>13800138000</v></c><c r="C1"><v>0.5</v></c>\
            <c r="D1" t="b"><v>1</v></c><c r="F1" t="e"><v>#N/A</v></c><c r="G1" s="1"/><c r="I1" s="2"><v>45413</v></c></row>\
            <row r="3" ht="20.25" customHeight="1"><c r="A3" t="s"><v>0</v></c></row>
            """)
        #expect(try Support.part("xl/sharedStrings.xml", of: path) == """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="1"><si><t>姓名</t></si></sst>
            """)
    }

    @Test func cellFactoriesMakeTheSameCellsAsTheInitialiser() throws {
        let bold = StyleIndex(1)
        let day = LocalDateTime(year: 2024, month: 5, day: 1)
        #expect(WritableCell.number(2, style: bold) == WritableCell(.number(2), style: bold))
        #expect(WritableCell.string("x") == WritableCell(.string("x")))
        #expect(WritableCell.boolean(false, style: bold) == WritableCell(.boolean(false), style: bold))
        #expect(WritableCell.date(day) == WritableCell(.date(day)))
        #expect(WritableCell.error(.value) == WritableCell(.error(.value)))
        #expect(WritableCell.formula("1+1") == WritableCell(.formula("1+1", cached: nil)))
        #expect(WritableCell.empty(style: bold) == WritableCell(.empty, style: bold))
        let row: [WritableCell?] = ["a", 1, 2.5, true, nil]
        #expect(row == [.string("a"), .number(1), .number(2.5), .boolean(true), nil])
    }

    @Test func inlineStringsWhenAskedAndNoSharedStringsPart() throws {
        let path = try Support.writeWorkbook("inline", options: WriterOptions(useSharedStrings: false)) { _, sheet in
            try sheet.writeRow(["a\u{1}b", " x "])
        }
        #expect(try Support.sheetData(of: path) == """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a_x0001_b</t></is></c>\
            <c r="B1" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c></row>
            """)
        #expect(try !Support.entries(of: path).contains("xl/sharedStrings.xml"))
        #expect(try !Support.part("[Content_Types].xml", of: path).contains("sharedStrings"))
    }

    @Test func emptyRowsAreSkippedButStyledOnesKept() throws {
        let path = try Support.writeWorkbook("empty-rows") { _, sheet in
            try sheet.writeRow([])
            try sheet.writeRow([nil, .init(.empty)])
            try sheet.writeRow([], isHidden: true)
            #expect(sheet.lastRowNumber == 3)
        }
        #expect(try Support.sheetData(of: path) == "<row r=\"3\" hidden=\"1\"></row>")
        #expect(try Support.part("xl/worksheets/sheet1.xml", of: path).contains("<dimension ref=\"A1\"/>"))
    }

    @Test func childrenComeInSchemaOrder() throws {
        let path = try Support.writeWorkbook("order") { workbook, sheet in
            // Set in an order unlike the schema's, after the rows they concern.
            try sheet.writeRow(["a", "b"])
            try sheet.writeRow(["c", "d"])
            try sheet.addComment("注释", at: CellReference("A1")!)
            try sheet.addInternalLink(at: CellReference("B1")!, toSheet: "Sheet1", cell: CellReference("A2")!)
            try sheet.addDataValidation(DataValidation(.list(["是", "否"]), on: [CellRange("B2")!]))
            try sheet.merge(CellRange("A3:B3")!)
            try sheet.setAutoFilter(CellRange("A1:B2")!)
            try sheet.protect()
            try sheet.setColumnWidth(1, 12)
            try sheet.freezePanes(rows: 1)
            sheet.tabColor = .red
            _ = workbook
        }
        let xml = try Support.part("xl/worksheets/sheet1.xml", of: path)
        let order = ["<sheetPr>", "<dimension ", "<sheetViews>", "<cols>", "<sheetData>", "<sheetProtection ",
                     "<autoFilter ", "<mergeCells ", "<dataValidations ", "<hyperlinks>", "<pageMargins ", "<legacyDrawing "]
        let positions = try order.map { tag in try #require(xml.range(of: tag), "\(tag) missing").lowerBound }
        #expect(positions == positions.sorted())
        #expect(WorksheetElement.allCases.map(\.rawValue) == Array(0..<WorksheetElement.allCases.count))
    }

    @Test func frozenPanesAndSelections() throws {
        func view(rows: Int, columns: Int) throws -> String {
            let path = try Support.writeWorkbook("freeze") { _, sheet in try sheet.freezePanes(rows: rows, columns: columns) }
            let xml = try Support.part("xl/worksheets/sheet1.xml", of: path)
            let start = try #require(xml.range(of: "<sheetViews>")), end = try #require(xml.range(of: "</sheetViews>"))
            return String(xml[start.lowerBound..<end.upperBound])
        }
        #expect(try view(rows: 1, columns: 0) == """
            <sheetViews><sheetView tabSelected="1" workbookViewId="0">\
            <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>
            """)
        #expect(try view(rows: 0, columns: 2) == """
            <sheetViews><sheetView tabSelected="1" workbookViewId="0">\
            <pane xSplit="2" topLeftCell="C1" activePane="topRight" state="frozen"/>\
            <selection pane="topRight" activeCell="C1" sqref="C1"/></sheetView></sheetViews>
            """)
        #expect(try view(rows: 2, columns: 1) == """
            <sheetViews><sheetView tabSelected="1" workbookViewId="0">\
            <pane xSplit="1" ySplit="2" topLeftCell="B3" activePane="bottomRight" state="frozen"/>\
            <selection pane="topRight" activeCell="B1" sqref="B1"/><selection pane="bottomLeft" activeCell="A3" sqref="A3"/>\
            <selection pane="bottomRight" activeCell="B3" sqref="B3"/></sheetView></sheetViews>
            """)
        #expect(try view(rows: 0, columns: 0) == "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/></sheetViews>")
    }

    @Test func columnsAreMergedIntoRunsAndFittedToContent() throws {
        let path = try Support.writeWorkbook("columns") { workbook, sheet in
            let gray = try workbook.register(CellStyle(fillColor: .lightGray))
            try sheet.setColumns(2...4, width: 10)
            try sheet.setColumns(5...5, width: 10, isHidden: true)
            try sheet.setColumns(7...8, style: gray)
            try sheet.fitColumnsToContent(minimum: 5, maximum: 30)
            try sheet.writeRow(["short", nil, nil, nil, nil, "中华人民共和国", nil, nil, .init(.string(String(repeating: "x", count: 50)))])
        }
        let xml = try Support.part("xl/worksheets/sheet1.xml", of: path)
        #expect(xml.contains("""
            <cols><col min="1" max="1" width="7" customWidth="1"/><col min="2" max="4" width="10" customWidth="1"/>\
            <col min="5" max="5" width="10" hidden="1" customWidth="1"/><col min="6" max="6" width="16" customWidth="1"/>\
            <col min="7" max="8" width="8.43" style="1"/><col min="9" max="9" width="30" customWidth="1"/></cols>
            """))
    }

    @Test func columnWidthsCountWideCharactersTwice() {
        #expect(ColumnWidth.displayWidth(of: "镇名称") == 6)
        #expect(ColumnWidth.displayWidth(of: "ab，ｃ") == 6)
        #expect(ColumnWidth.displayWidth(of: "第一行\nabcdefgh") == 8)
        #expect(ColumnWidth.fitting(["姓名", "欧阳修远"]) == 10)
        #expect(ColumnWidth.fitting([]) == ColumnWidth.defaultMinimum)
        #expect(ColumnWidth.fitting([String(repeating: "长", count: 200)], maximum: 300) == 255)
    }

    @Test func dataValidationXML() throws {
        let path = try Support.writeWorkbook("validation") { _, sheet in
            var list = DataValidation(.list(["男", "女"]), on: [CellRange("C2:C9")!, CellRange("E2")!])
            list.inputTitle = "性别"
            list.inputMessage = "请选择"
            list.errorTitle = "错误"
            list.errorMessage = "只能是男或女"
            list.showsDropDown = false
            try sheet.addDataValidation(list)
            try sheet.addDataValidation(DataValidation(.wholeNumber(.between(1, 10)), on: [CellRange("A1")!],
                                                       allowsBlank: false, errorStyle: .information))
            try sheet.addDataValidation(DataValidation(.date(.lessThan(LocalDateTime(year: 2024, month: 1, day: 1))),
                                                       on: [CellRange("B1")!], showsErrorMessage: false))
            try sheet.addDataValidation(DataValidation(.custom("=ISNUMBER(A1)"), on: [CellRange("D1")!]))
        }
        let xml = try Support.part("xl/worksheets/sheet1.xml", of: path)
        #expect(xml.contains("""
            <dataValidations count="4"><dataValidation type="list" allowBlank="1" showDropDown="1" showInputMessage="1" \
            showErrorMessage="1" errorTitle="错误" error="只能是男或女" promptTitle="性别" prompt="请选择" sqref="C2:C9 E2">\
            <formula1>"男,女"</formula1></dataValidation>\
            <dataValidation type="whole" errorStyle="information" showErrorMessage="1" sqref="A1"><formula1>1</formula1>\
            <formula2>10</formula2></dataValidation>\
            <dataValidation type="date" operator="lessThan" allowBlank="1" sqref="B1"><formula1>45292</formula1></dataValidation>\
            <dataValidation type="custom" allowBlank="1" showErrorMessage="1" sqref="D1"><formula1>ISNUMBER(A1)</formula1>\
            </dataValidation></dataValidations>
            """))
    }

    @Test func dataValidationLimitsAreTypedErrors() throws {
        _ = try Support.writeWorkbook("validation-limits") { _, sheet in
            let range = [CellRange("A1")!]
            let items = (1...60).map { "选项\($0)" }
            #expect(throws: XLSXError.excelLimit(.validationListLength,
                                                 detail: "290 characters; put the items in cells and use .listSource")) {
                try sheet.addDataValidation(DataValidation(.list(items), on: range))
            }
            let fits = (1...51).map { _ in "选项" + "" + "甲乙" }
            #expect(fits.joined(separator: ",").count == 254)
            try sheet.addDataValidation(DataValidation(.list(fits), on: range))
            #expect(throws: XLSXError.excelLimit(.validationListItem, detail: "item \"a,b\"")) {
                try sheet.addDataValidation(DataValidation(.list(["a,b"]), on: range))
            }
            #expect(throws: XLSXError.excelLimit(.validationListItem, detail: "the list is empty")) {
                try sheet.addDataValidation(DataValidation(.list([]), on: range))
            }
            let title = String(repeating: "题", count: 33)
            #expect(throws: XLSXError.excelLimit(.validationTitleLength, detail: "\"\(title)\" has 33 characters")) {
                try sheet.addDataValidation(DataValidation(.list(["a"]), on: range, inputTitle: title))
            }
            let message = String(repeating: "信", count: 256)
            #expect(throws: XLSXError.excelLimit(.validationMessageLength, detail: "\"\(message)\" has 256 characters")) {
                try sheet.addDataValidation(DataValidation(.list(["a"]), on: range, errorMessage: message))
            }
            try sheet.addDataValidation(DataValidation(.list(["a"]), on: [CellRange("B1")!], inputTitle: String(repeating: "题", count: 32),
                                                       errorMessage: String(repeating: "信", count: 255)))
            #expect(throws: XLSXError.excelLimit(.validationRange, detail: "no range given")) {
                try sheet.addDataValidation(DataValidation(.list(["a"]), on: []))
            }
            #expect(throws: XLSXError.excelLimit(.validationRange, detail: "A1:B2 overlaps A1")) {
                try sheet.addDataValidation(DataValidation(.list(["a"]), on: [CellRange("A1:B2")!]))
            }
            #expect(throws: XLSXError.excelLimit(.validationRange, detail: "C2:C4 overlaps C1:C3")) {
                try sheet.addDataValidation(DataValidation(.list(["a"]), on: [CellRange("C1:C3")!, CellRange("C2:C4")!]))
            }
            #expect(throws: XLSXError.excelLimit(.nonFiniteNumber, detail: "data-validation bound inf")) {
                try sheet.addDataValidation(DataValidation(.decimal(.lessThan(.infinity)), on: range))
            }
            #expect(throws: XLSXError.excelLimit(.dateRange, detail: "1899-01-01T00:00:00")) {
                try sheet.addDataValidation(DataValidation(.date(.lessThan(LocalDateTime(year: 1899, month: 1, day: 1))), on: range))
            }
        }
    }

    @Test func mergesLinksFilterAndProtection() throws {
        let path = try Support.writeWorkbook("features") { _, sheet in
            try sheet.merge(CellRange("A1:D1")!)
            try sheet.merge(CellRange("A2:A5")!)
            try sheet.addInternalLink(at: CellReference("B2")!, toSheet: "台账 2024", cell: CellReference("B7")!,
                                      display: "去台账", tooltip: "跳转")
            try sheet.addInternalLink(at: CellReference("B3")!, toSheet: "O'Brien", cell: CellReference("A1")!)
            try sheet.setAutoFilter(CellRange("A2:D10")!)
            var protection = SheetProtection(password: "password")
            protection.allowsFormattingCells = true
            protection.allowsSelectingLockedCells = false
            try sheet.protect(protection)
        }
        let xml = try Support.part("xl/worksheets/sheet1.xml", of: path)
        #expect(xml.contains("<mergeCells count=\"2\"><mergeCell ref=\"A1:D1\"/><mergeCell ref=\"A2:A5\"/></mergeCells>"))
        #expect(xml.contains("""
            <hyperlinks><hyperlink ref="B2" location="'台账 2024'!B7" tooltip="跳转" display="去台账"/>\
            <hyperlink ref="B3" location="'O''Brien'!A1"/></hyperlinks>
            """))
        #expect(xml.contains("<autoFilter ref=\"A2:D10\"/>"))
        #expect(xml.contains("<sheetProtection password=\"83AF\" sheet=\"1\" objects=\"1\" scenarios=\"1\" formatCells=\"0\" selectLockedCells=\"1\"/>"))
        let workbook = try Support.part("xl/workbook.xml", of: path)
        #expect(workbook.contains("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">'Sheet1'!$A$2:$D$10</definedName>"))
    }

    @Test func featureLimitsAreTypedErrors() throws {
        _ = try Support.writeWorkbook("feature-limits") { _, sheet in
            try sheet.merge(CellRange("B2:C3")!)
            #expect(throws: XLSXError.excelLimit(.mergeRange, detail: "C3:D4 overlaps B2:C3")) { try sheet.merge(CellRange("C3:D4")!) }
            #expect(throws: XLSXError.excelLimit(.mergeRange, detail: "E5 is a single cell")) { try sheet.merge(CellRange("E5")!) }
            try sheet.addComment("一", at: CellReference("A1")!)
            #expect(throws: XLSXError.excelLimit(.cellAnnotation, detail: "a second comment at A1")) {
                try sheet.addComment("二", at: CellReference("A1")!)
            }
            #expect(throws: XLSXError.excelLimit(.commentLength, detail: "32768 characters at A2")) {
                try sheet.addComment(String(repeating: "x", count: 32_768), at: CellReference("A2")!)
            }
            try sheet.addInternalLink(at: CellReference("A1")!, toSheet: "Sheet1", cell: CellReference("B1")!)
            #expect(throws: XLSXError.excelLimit(.cellAnnotation, detail: "a second hyperlink at A1")) {
                try sheet.addInternalLink(at: CellReference("A1")!, toSheet: "Sheet1", cell: CellReference("C1")!)
            }
            #expect(throws: XLSXError.excelLimit(.columnWidth, detail: "width 256.0")) { try sheet.setColumnWidth(1, 256) }
            #expect(throws: XLSXError.excelLimit(.columnCount, detail: "columns 16384...16385")) {
                try sheet.setColumns(16_384...16_385, width: 3)
            }
            #expect(throws: XLSXError.excelLimit(.rowCount, detail: "1048576 frozen rows")) { try sheet.freezePanes(rows: 1_048_576) }
            #expect(throws: XLSXError.excelLimit(.sheetPassword, detail: "2 characters")) {
                try sheet.protect(SheetProtection(password: "密码"))
            }
            #expect(throws: XLSXError.excelLimit(.rowCount, detail: "row 1048577")) {
                try sheet.addComment("x", at: CellReference(row: 1_048_577, column: 1))
            }
        }
    }

    /// The expected hashes are openpyxl's `hash_password` of the same passwords.
    @Test func legacyPasswordHash() {
        #expect(SheetProtection.legacyHash("password") == "83AF")
        #expect(SheetProtection.legacyHash("a") == "CE88")
        #expect(SheetProtection.legacyHash("ledger") == "DA71")
    }
}
