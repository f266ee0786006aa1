import Foundation
import Testing
@testable import XLSX

/// The charts and page setups the whole-file tests put into ``WriterSampleWorkbook``.
enum WriterChartSamples {
    static let towns = ["湖坊镇", "洪门镇", "新丰镇"]
    static let scores: [Double?] = [88.5, 92, 0.1 + 0.2]

    /// A column chart of the sample's scores with a dashed threshold line over it, and a
    /// horizontal bar chart of the same.
    static func charts(sheet: String) -> [(Chart, CellReference, CellReference)] {
        let categories = ChartCategories(towns, range: ChartRange(sheet: sheet, CellRange("C3:C5")!))
        let values = ChartValues(scores, range: ChartRange(sheet: sheet, CellRange("E3:E5")!), numberFormat: "0.00")
        var column = Chart(kind: .column, title: "得分")
        column.categoryAxisTitle = "镇"
        column.valueAxisTitle = "分"
        column.valueAxisMinimum = 0
        column.valueAxisMaximum = 100
        column.series = [
            ChartSeries(name: "得分", categories: categories, values: values, color: Color(rgb: 0x4472C4), dataLabels: .values),
            ChartSeries(name: "优秀线 85", categories: categories, values: ChartValues([85, 85, 85]), color: Color(rgb: 0xC00000),
                        drawsAsLine: true, showsMarkers: false, isDashed: true, dataLabels: .lastPointName),
        ]
        var bar = Chart(kind: .bar, title: nil, legend: nil)
        bar.series = [ChartSeries(name: "得分", categories: categories, values: values)]
        return [(column, CellReference("H2")!, CellReference("P18")!), (bar, CellReference("H20")!, CellReference("P34")!)]
    }

    /// A line chart with literal data, a gap, markers and a label at each line's end.
    static var lineChart: Chart {
        let days = ChartCategories(["10-02", "10-09", "10-15 首节点", "10-16"])
        var chart = Chart(kind: .line, title: "进度 & 节点", legend: .right)
        chart.series = [
            ChartSeries(name: "甲镇", categories: days, values: ChartValues([1, 4, 10, 12]), dataLabels: .lastPointWithName),
            ChartSeries(name: "乙镇", categories: days, values: ChartValues([0, 2, nil, 5]), color: Color(rgb: 0x70AD47)),
        ]
        return chart
    }

    /// A time line: dates on a date axis (a week wider than a day), lines told apart by marker
    /// and dash, a requirement drawn as markers alone, labels with their own text, 宋体 text.
    static var timeLineChart: Chart {
        let days = ChartCategories(dates: [LocalDateTime(year: 2026, month: 10, day: 2), LocalDateTime(year: 2026, month: 10, day: 9),
                                           LocalDateTime(year: 2026, month: 10, day: 15), LocalDateTime(year: 2026, month: 10, day: 16)])
        var chart = Chart(kind: .line, title: "累计建成数")
        chart.typeface = "宋体"
        chart.textSize = 10
        chart.valueAxisMajorUnit = 5
        chart.dateAxis = ChartDateAxis(numberFormat: "m-d", majorUnitDays: 7, first: LocalDateTime(year: 2026, month: 10, day: 2),
                                       last: LocalDateTime(year: 2026, month: 10, day: 20))
        chart.series = [
            ChartSeries(name: "甲镇", categories: days, values: ChartValues([1, 4, 10, 12]), dataLabels: .pointText("甲镇、乙镇 12", at: nil),
                        marker: .square, dash: .longDash, lineWidth: 1.5, labelPosition: .right),
            ChartSeries(name: "节点要求", categories: days, values: ChartValues([nil, nil, 10, nil]), color: .black, marker: .triangle,
                        hidesLine: true),
        ]
        return chart
    }

    /// Landscape A4, one page wide, centred, a header and a footer with fields.
    static var landscapeSetup: PageSetup {
        var setup = PageSetup(orientation: .landscape, fitToPages: PageSetup.Fit(wide: 1, tall: 0), margins: .narrow,
                              centersHorizontally: true)
        setup.header = HeaderFooter(center: [.bold, .fontSize(14), .text("台账 & 汇总")])
        setup.footer = HeaderFooter(left: [.sheetName], center: [.text("第 "), .pageNumber, .text(" 页,共 "), .pageCount, .text(" 页")],
                                    right: [.date])
        setup.printArea = CellRange("A1:F7")!
        return setup
    }
}

@Suite("Writer: charts, drawings and page setup")
struct WriterChartTests {
    typealias Support = WriterTestSupport

    @Test func dateAxisMarkersDashesAndOwnLabels() throws {
        let xml = String(decoding: ChartPart.xml(WriterChartSamples.timeLineChart), as: UTF8.self)
        // Dates as serial numbers on a date axis from 10-02 to 10-20, a label a week.
        #expect(xml.contains("<c:cat><c:numLit><c:formatCode>m-d</c:formatCode><c:ptCount val=\"4\"/><c:pt idx=\"0\"><c:v>46297</c:v></c:pt>"))
        #expect(xml.contains("<c:dateAx><c:axId val=\"500100001\"/><c:scaling><c:orientation val=\"minMax\"/><c:max val=\"46315\"/>"
                             + "<c:min val=\"46297\"/></c:scaling>"))
        #expect(xml.contains("<c:baseTimeUnit val=\"days\"/><c:majorUnit val=\"7\"/><c:majorTimeUnit val=\"days\"/></c:dateAx>"))
        #expect(xml.contains("<c:crossBetween val=\"midCat\"/><c:majorUnit val=\"5\"/></c:valAx>"))
        // Told apart in black and white: a square marker and long dashes; markers alone for the requirement.
        #expect(xml.contains("<a:ln w=\"19050\" cap=\"rnd\"><a:solidFill><a:srgbClr val=\"4472C4\"/></a:solidFill><a:prstDash val=\"lgDash\"/>"))
        #expect(xml.contains("<c:symbol val=\"square\"/>") && xml.contains("<c:symbol val=\"triangle\"/>"))
        #expect(xml.contains("<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>"))
        // The label's own text, on one line, at the last point with a value.
        #expect(xml.contains("<c:dLbl><c:idx val=\"3\"/><c:tx><c:rich><a:bodyPr wrap=\"none\"/><a:lstStyle/><a:p><a:pPr>"))
        #expect(xml.contains("<a:r><a:rPr lang=\"zh-CN\" sz=\"1000\"><a:latin typeface=\"宋体\"/><a:ea typeface=\"宋体\"/></a:rPr>"
                             + "<a:t>甲镇、乙镇 12</a:t>"))
        #expect(xml.contains("<c:dLblPos val=\"r\"/>"))
        // The title 3 points larger, the text in 宋体.
        #expect(xml.contains("<a:defRPr sz=\"1300\" b=\"1\"><a:latin typeface=\"宋体\"/><a:ea typeface=\"宋体\"/></a:defRPr>"))
        // A date axis wants dates.
        var plain = WriterChartSamples.timeLineChart
        plain.series[0].categories = ChartCategories(["a", "b", "c", "d"])
        #expect(throws: XLSXError.self) { try plain.check() }
        var unlabelled = WriterChartSamples.timeLineChart
        unlabelled.series[0].dataLabels = .pointText("首", at: 9)
        #expect(!String(decoding: ChartPart.xml(unlabelled), as: UTF8.self).contains("<c:dLbl>"))
    }

    @Test func headingsPrintWithTheirOptions() throws {
        var setup = PageSetup(centersHorizontally: true, printsHeadings: true)
        var frame = WorksheetFrame()
        setup.render(into: &frame)
        #expect(String(decoding: frame[.printOptions] ?? [], as: UTF8.self) == "<printOptions horizontalCentered=\"1\" headings=\"1\"/>")
        setup.centersHorizontally = false
        setup.render(into: &frame)
        #expect(String(decoding: frame[.printOptions] ?? [], as: UTF8.self) == "<printOptions headings=\"1\"/>")
    }

    @Test func pageSetupElementsComeInSchemaOrder() throws {
        let path = try Support.writeWorkbook("page-setup") { _, sheet in
            try sheet.writeRow(["a"])
            try sheet.setPageSetup(WriterChartSamples.landscapeSetup)
            try sheet.setPrintTitles(rows: 1...1)
        }
        let xml = try Support.part("xl/worksheets/sheet1.xml", of: path)
        #expect(xml.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"))
        #expect(xml.contains("<printOptions horizontalCentered=\"1\"/><pageMargins left=\"0.25\" right=\"0.25\" top=\"0.75\" "
                             + "bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" fitToWidth=\"1\" "
                             + "fitToHeight=\"0\" orientation=\"landscape\"/><headerFooter><oddHeader>&amp;C&amp;B&amp;14 台账 &amp;&amp; 汇总"
                             + "</oddHeader><oddFooter>&amp;L&amp;A&amp;C第 &amp;P 页,共 &amp;N 页&amp;R&amp;D</oddFooter></headerFooter>"))
        let workbook = try Support.part("xl/workbook.xml", of: path)
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">'Sheet1'!$A$1:$F$7</definedName>"))
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Sheet1'!$1:$1</definedName>"))
    }

    @Test func manualBreaksAndDefaults() throws {
        let path = try Support.writeWorkbook("breaks") { _, sheet in
            try sheet.setPageSetup(PageSetup(scale: 80, rowBreaks: [40, 20, 40], columnBreaks: [5]))
        }
        let xml = try Support.part("xl/worksheets/sheet1.xml", of: path)
        #expect(!xml.contains("sheetPr"))
        #expect(xml.contains("<pageSetup paperSize=\"9\" scale=\"80\" orientation=\"portrait\"/><rowBreaks count=\"2\" manualBreakCount=\"2\">"
                             + "<brk id=\"20\" max=\"16383\" man=\"1\"/><brk id=\"40\" max=\"16383\" man=\"1\"/></rowBreaks>"
                             + "<colBreaks count=\"1\" manualBreakCount=\"1\"><brk id=\"5\" max=\"1048575\" man=\"1\"/></colBreaks>"))
        let plain = try Support.writeWorkbook("no-setup") { _, _ in }
        let plainXML = try Support.part("xl/worksheets/sheet1.xml", of: plain)
        #expect(plainXML.contains("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"))
        #expect(!plainXML.contains("pageSetup"))
    }

    @Test func excelsPageSetupLimitsAreTypedErrors() throws {
        let path = try Support.scratchDirectory("limits") + "/limits.xlsx"
        let workbook = try WorkbookWriter(path: path)
        let sheet = try workbook.addSheet("Sheet1")
        let long = HeaderFooter(center: [.text(String(repeating: "页", count: 254))])
        #expect(throws: XLSXError.excelLimit(.headerFooterLength, detail: "the footer has 256 characters")) {
            try sheet.setPageSetup(PageSetup(footer: long))
        }
        #expect(long.code.utf16.count == 256)
        try sheet.setPageSetup(PageSetup(header: HeaderFooter(center: [.text(String(repeating: "页", count: 253))])))
        #expect(throws: XLSXError.excelLimit(.pageSetup, detail: "scale 5 %")) { try sheet.setPageSetup(PageSetup(scale: 5)) }
        #expect(throws: XLSXError.excelLimit(.pageSetup, detail: "fit to -1 pages")) {
            try sheet.setPageSetup(PageSetup(fitToPages: PageSetup.Fit(wide: -1, tall: 0)))
        }
        #expect(throws: XLSXError.excelLimit(.pageSetup, detail: "1024 row breaks")) {
            try sheet.setPageSetup(PageSetup(rowBreaks: Array(1...1024)))
        }
        #expect(throws: XLSXError.excelLimit(.pageSetup, detail: "a break after row 0")) { try sheet.setPageSetup(PageSetup(rowBreaks: [0])) }
        #expect(throws: XLSXError.excelLimit(.fontSize, detail: "0 points in a header or footer")) {
            try sheet.setPageSetup(PageSetup(header: HeaderFooter(left: [.fontSize(0)])))
        }
        var bad = PageSetup()
        bad.margins.left = .nan
        #expect(throws: XLSXError.self) { try sheet.setPageSetup(bad) }
        try workbook.close()
    }

    @Test func chartsGetADrawingPartsAndRelationships() throws {
        let path = try Support.scratchDirectory("charts") + "/charts.xlsx"
        try WriterSampleWorkbook.write(to: path)
        let entries = try Support.entries(of: path)
        for part in ["xl/drawings/drawing1.xml", "xl/drawings/drawing2.xml", "xl/charts/chart1.xml", "xl/charts/chart2.xml",
                     "xl/charts/chart3.xml", "xl/drawings/_rels/drawing1.xml.rels", "xl/drawings/_rels/drawing2.xml.rels"] {
            #expect(entries.contains(part), "\(part)")
        }
        let types = try Support.part("[Content_Types].xml", of: path)
        #expect(types.contains("<Override PartName=\"/xl/drawings/drawing1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawing+xml\"/>"))
        #expect(types.contains("<Override PartName=\"/xl/charts/chart3.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"))
        // The sheet with comments: VML drawing rId1, comments rId2, the charts' drawing rId3.
        let sheetRels = try Support.part("xl/worksheets/_rels/sheet1.xml.rels", of: path)
        #expect(sheetRels.contains("<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing\" Target=\"../drawings/drawing1.xml\"/>"))
        let sheet = try Support.part("xl/worksheets/sheet1.xml", of: path)
        #expect(sheet.contains("</headerFooter><drawing r:id=\"rId3\"/><legacyDrawing r:id=\"rId1\"/>"))
        let other = try Support.part("xl/worksheets/_rels/sheet3.xml.rels", of: path)
        #expect(other.contains("Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing\" Target=\"../drawings/drawing2.xml\""))
        let drawingRels = try Support.part("xl/drawings/_rels/drawing1.xml.rels", of: path)
        #expect(drawingRels.contains("Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"../charts/chart2.xml\""))
        let drawing = try Support.part("xl/drawings/drawing1.xml", of: path)
        #expect(drawing.contains("<xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
                                 + "<xdr:to><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>17</xdr:row>"))
        #expect(drawing.contains("<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
                                 + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"rId2\"/>"))
    }

    @Test func seriesCarryFormulasAndCachedValues() throws {
        let column = String(decoding: ChartPart.xml(WriterChartSamples.charts(sheet: "基本 信息")[0].0), as: UTF8.self)
        #expect(column.contains("<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>"))
        #expect(column.contains("<c:cat><c:strRef><c:f>'基本 信息'!$C$3:$C$5</c:f><c:strCache><c:ptCount val=\"3\"/>"
                                + "<c:pt idx=\"0\"><c:v>湖坊镇</c:v></c:pt>"))
        #expect(column.contains("<c:val><c:numRef><c:f>'基本 信息'!$E$3:$E$5</c:f><c:numCache><c:formatCode>0.00</c:formatCode>"
                                + "<c:ptCount val=\"3\"/><c:pt idx=\"0\"><c:v>88.5</c:v></c:pt><c:pt idx=\"1\"><c:v>92</c:v></c:pt>"
                                + "<c:pt idx=\"2\"><c:v>0.30000000000000004</c:v></c:pt></c:numCache></c:numRef></c:val>"))
        // The threshold is a line chart over the same axes, dashed, labelled at its end with its name.
        #expect(column.contains("</c:barChart><c:lineChart><c:grouping val=\"standard\"/>"))
        #expect(column.contains("<a:prstDash val=\"dash\"/>"))
        #expect(column.contains("<c:dLbls><c:dLbl><c:idx val=\"2\"/>"))
        #expect(column.contains("<c:showVal val=\"0\"/><c:showCatName val=\"0\"/><c:showSerName val=\"1\"/>"))
        #expect(column.contains("<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val=\"3\"/>"))
        #expect(column.contains("<c:scaling><c:orientation val=\"minMax\"/><c:max val=\"100\"/><c:min val=\"0\"/></c:scaling>"))
        #expect(column.contains("<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend>"))
        let line = String(decoding: ChartPart.xml(WriterChartSamples.lineChart), as: UTF8.self)
        #expect(line.contains("<a:t>进度 &amp; 节点</a:t>"))
        #expect(line.contains("<c:marker><c:symbol val=\"circle\"/><c:size val=\"6\"/>"))
        // A gap is a missing point, and the last label goes on the last point that has a value.
        #expect(line.contains("<c:pt idx=\"1\"><c:v>2</c:v></c:pt><c:pt idx=\"3\"><c:v>5</c:v></c:pt>"))
        #expect(line.contains("<c:dLbl><c:idx val=\"3\"/>"))
        #expect(line.contains("<c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"1\"/>"))
        // Labels stay on one line (LibreOffice otherwise wraps a long one).
        #expect(line.contains("<c:txPr><a:bodyPr wrap=\"none\"/>"))
        let bar = String(decoding: ChartPart.xml(WriterChartSamples.charts(sheet: "S")[1].0), as: UTF8.self)
        #expect(bar.contains("<c:barDir val=\"bar\"/>"))
        #expect(bar.contains("<c:autoTitleDeleted val=\"1\"/>"))
        #expect(!bar.contains("<c:legend>"))
    }

    @Test func chartsThatCannotBeDrawnAreTypedErrors() throws {
        let path = try Support.scratchDirectory("chart-limits") + "/limits.xlsx"
        let workbook = try WorkbookWriter(path: path)
        let sheet = try workbook.addSheet("Sheet1")
        let a1 = CellReference("A1")!, e9 = CellReference("E9")!
        #expect(throws: XLSXError.excelLimit(.chart, detail: "0 series")) { try sheet.insertChart(Chart(kind: .column), from: a1, to: e9) }
        let two = ChartCategories(["a", "b"])
        var chart = Chart(kind: .column, series: [ChartSeries(name: "x", categories: two, values: ChartValues([1]))])
        #expect(throws: XLSXError.excelLimit(.chart, detail: "series \"x\" has 2 categories and 1 values")) {
            try sheet.insertChart(chart, from: a1, to: e9)
        }
        chart.series = [ChartSeries(name: "x", categories: two, values: ChartValues([1, 2], range: ChartRange(sheet: "Sheet1", CellRange("A1:B2")!)))]
        #expect(throws: XLSXError.excelLimit(.chart, detail: "series \"x\" has 2 values for range A1:B2")) {
            try sheet.insertChart(chart, from: a1, to: e9)
        }
        chart.series = [ChartSeries(name: "x", categories: two, values: ChartValues([1, .infinity]))]
        #expect(throws: XLSXError.self) { try sheet.insertChart(chart, from: a1, to: e9) }
        chart = Chart(kind: .bar, series: [ChartSeries(name: "x", categories: two, values: ChartValues([1, 2]), drawsAsLine: true)])
        #expect(throws: XLSXError.excelLimit(.chart, detail: "series \"x\" is drawn as a line over horizontal bars")) {
            try sheet.insertChart(chart, from: a1, to: e9)
        }
        chart.kind = .column
        #expect(throws: XLSXError.excelLimit(.chart, detail: "anchored from E9 to A1")) { try sheet.insertChart(chart, from: e9, to: a1) }
        try sheet.insertChart(chart, from: a1, to: e9)
        try workbook.close()
    }
}
