import Testing
@testable import XLSX

@Suite("Writer: styles.xml")
struct WriterStylesTests {
    private func xml(_ registry: StyleRegistry) -> String { String(decoding: registry.xml(), as: UTF8.self) }

    @Test func defaultRegistryWritesTheMinimalStylesheet() throws {
        let registry = try StyleRegistry(options: WriterOptions())
        #expect(xml(registry) == """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            <dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>\
            </styleSheet>
            """)
    }

    @Test func equalStylesShareOneIndexAndPartsAreStoredOnce() throws {
        let registry = try StyleRegistry(options: WriterOptions())
        let bold = CellStyle(font: FontStyle(bold: true))
        let boldBorder = CellStyle(font: FontStyle(bold: true), border: .all(.thin))
        let first = try registry.register(bold)
        #expect(try registry.register(bold) == first)
        #expect(try registry.register(CellStyle()) == .default)
        // The default font spelled out is the default font.
        #expect(try registry.register(CellStyle(font: FontStyle(name: "Calibri", size: 11))) == .default)
        let second = try registry.register(boldBorder)
        #expect(second != first)
        let text = xml(registry)
        #expect(text.contains("<fonts count=\"2\">"))
        #expect(text.contains("<borders count=\"2\">"))
        #expect(text.contains("<cellXfs count=\"3\">"))
        #expect(text.contains("<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\"/>"))
    }

    @Test func writesFontFillBorderAlignmentAndProtection() throws {
        let registry = try StyleRegistry(options: WriterOptions())
        let style = CellStyle(font: FontStyle(name: "宋体", size: 12, bold: true, italic: true, color: .red),
                              fillColor: Color(rgb: 0xDDEBF7),
                              border: Border(bottom: BorderEdge(.medium, color: Color(rgb: 0x305496))),
                              horizontalAlignment: .center, verticalAlignment: .top, wrapsText: true, isLocked: false)
        #expect(try registry.register(style).value == 1)
        let text = xml(registry)
        #expect(text.contains("<font><b/><i/><sz val=\"12\"/><color rgb=\"FFFF0000\"/><name val=\"宋体\"/></font>"))
        #expect(text.contains("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/></patternFill></fill>"))
        #expect(text.contains("<border><left/><right/><top/><bottom style=\"medium\"><color rgb=\"FF305496\"/></bottom><diagonal/></border>"))
        #expect(text.contains("<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" "
                              + "applyBorder=\"1\" applyAlignment=\"1\" applyProtection=\"1\"><alignment horizontal=\"center\" "
                              + "vertical=\"top\" wrapText=\"1\"/><protection locked=\"0\"/></xf>"))
    }

    @Test func chineseFacesCarryTheirCharacterSet() throws {
        // A workbook whose default font is 宋体 with the GB2312 character set, as Chinese Excel and WPS write it.
        let options = WriterOptions(defaultFont: FontStyle(name: "宋体", size: 11, charset: FontStyle.simplifiedChineseCharset))
        let registry = try StyleRegistry(options: options)
        #expect(xml(registry).contains("<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"宋体\"/><charset val=\"134\"/></font></fonts>"))
        // A bold style keeps the default face and its character set; a face of its own carries its own.
        _ = try registry.register(CellStyle(font: FontStyle(bold: true)))
        _ = try registry.register(CellStyle(font: FontStyle(name: "黑体", size: 18, charset: 134)))
        _ = try registry.register(CellStyle(font: FontStyle(name: "Arial")))
        let text = xml(registry)
        #expect(text.contains("<font><b/><sz val=\"11\"/><name val=\"宋体\"/><charset val=\"134\"/></font>"))
        #expect(text.contains("<font><sz val=\"18\"/><name val=\"黑体\"/><charset val=\"134\"/></font>"))
        #expect(text.contains("<font><sz val=\"11\"/><name val=\"Arial\"/></font>"))
        #expect(throws: XLSXError.excelLimit(.fontCharset, detail: "character set 300")) {
            try registry.register(CellStyle(font: FontStyle(name: "宋体", charset: 300)))
        }
    }

    @Test func numberFormatsAreBuiltInOrCustomFrom164() throws {
        let registry = try StyleRegistry(options: WriterOptions())
        _ = try registry.register(CellStyle(numberFormat: "0.00"))
        _ = try registry.register(CellStyle(numberFormat: "@"))
        _ = try registry.register(CellStyle(numberFormat: "yyyy\"年\"m\"月\"d\"日\""))
        _ = try registry.register(CellStyle(numberFormat: "0.000"))
        _ = try registry.register(CellStyle(font: FontStyle(bold: true), numberFormat: "0.000"))
        let text = xml(registry)
        #expect(text.contains("<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
                              + "<numFmt numFmtId=\"165\" formatCode=\"0.000\"/></numFmts>"))
        #expect(text.contains("<xf numFmtId=\"2\" "))
        #expect(text.contains("<xf numFmtId=\"49\" "))
    }

    @Test func dateCellsGetTheDefaultDateFormatUnlessTheirStyleHasOne() throws {
        let registry = try StyleRegistry(options: WriterOptions(dateFormat: "yyyy/mm/dd"))
        let bold = try registry.register(CellStyle(font: FontStyle(bold: true))).value
        let ownFormat = try registry.register(CellStyle(numberFormat: "m/d")).value
        let date = try registry.dateStyle(for: 0, display: .date)
        #expect(date != 0)
        #expect(try registry.dateStyle(for: 0, display: .date) == date)
        let boldDate = try registry.dateStyle(for: bold, display: .date)
        #expect(boldDate != date && boldDate != bold)
        #expect(try registry.dateStyle(for: ownFormat, display: .dateTime) == ownFormat)
        #expect(try registry.dateStyle(for: 0, display: .time) != date)
        #expect(xml(registry).contains("formatCode=\"yyyy/mm/dd\""))
        #expect(xml(registry).contains("formatCode=\"hh:mm:ss\""))
    }

    @Test func refusesStylesExcelCannotShow() throws {
        let registry = try StyleRegistry(options: WriterOptions())
        #expect(throws: XLSXError.excelLimit(.fontSize, detail: "font size 500.0")) {
            try registry.register(CellStyle(font: FontStyle(size: 500)))
        }
        let longCode = String(repeating: "0", count: 256)
        #expect(throws: XLSXError.excelLimit(.numberFormatLength, detail: "256 characters")) {
            try registry.register(CellStyle(numberFormat: longCode))
        }
        #expect(throws: XLSXError.excelLimit(.numberFormatCode, detail: "\"yyyy\"年\"")) {
            try registry.register(CellStyle(numberFormat: "yyyy\"年"))
        }
        #expect(throws: XLSXError.excelLimit(.numberFormatCode, detail: "\"0;0;0;0;0\"")) {
            try registry.register(CellStyle(numberFormat: "0;0;0;0;0"))
        }
        for good in ["[Red][<=100]0.00;[Blue]0", "yyyy\"年\"m\"月\"", "0.00\\;", "#,##0;(#,##0);\"-\";@", "[$-804]aaaa", "0\"[x\""] {
            #expect(StyleRegistry.isWellFormed(good), "\(good)")
        }
        for bad in ["[Red", "Red]", "\"open", "0\\", "[[h]]"] {
            #expect(!StyleRegistry.isWellFormed(bad), "\(bad)")
        }
        #expect(throws: XLSXError.excelLimit(.numberFormatCode, detail: "\"[h:mm\"")) {
            try StyleRegistry(options: WriterOptions(timeFormat: "[h:mm"))
        }
        #expect(throws: XLSXError.excelLimit(.fontSize, detail: "font size 0.0")) {
            try StyleRegistry(options: WriterOptions(defaultFont: FontStyle(size: 0)))
        }
    }

    @Test func colorsParseAndPrintAsEightHexDigits() {
        #expect(Color(hex: "#ff0000") == .red)
        #expect(Color(hex: "80FF0000")?.argb == 0x80FF_0000)
        #expect(Color(hex: "red") == nil)
        #expect(Color(red: 1, green: 2, blue: 3).description == "FF010203")
        #expect(Color(argb: 0x0000_00FF).description == "000000FF")
    }
}
