@testable import XLSX

/// A workbook that uses every feature of the writer, for the whole-file tests.
enum WriterSampleWorkbook {
    /// The values of the data sheet's body, as written (row 3 on).
    static let people: [(name: String, phone: Double, town: String, born: LocalDateTime, score: Double)] = [
        ("张三", 13_800_138_000, "湖坊镇", LocalDateTime(year: 1985, month: 3, day: 7), 88.5),
        ("李四 Li", 13_912_345_678, "洪门镇", LocalDateTime(year: 1990, month: 12, day: 31), 92),
        ("王五", 15_000_000_001, "湖坊镇", LocalDateTime(year: 2001, month: 1, day: 1), 0.1 + 0.2),
    ]

    /// Writes the sample to `path`. `edgeWhitespace` adds a string with leading and trailing
    /// spaces (which Excel needs `xml:space="preserve"` to keep).
    static func write(to path: String, options: WriterOptions = WriterOptions(), edgeWhitespace: Bool = false) throws {
        let workbook = try WorkbookWriter(path: path, options: options)
        workbook.properties = DocumentProperties(title: "台账样例", subject: "writer", creator: "台账程序",
                                                 keywords: "ledger", description: "every feature", company: "区政府",
                                                 created: LocalDateTime(year: 2024, month: 5, day: 1, hour: 8, minute: 30))
        var titleStyle = CellStyle(font: FontStyle(name: "黑体", size: 16, bold: true), horizontalAlignment: .center,
                                   verticalAlignment: .center)
        titleStyle.fillColor = Color(rgb: 0xDDEBF7)
        let title = try workbook.register(titleStyle)
        let header = try workbook.register(CellStyle(font: FontStyle(bold: true, color: .white),
                                                     fillColor: Color(rgb: 0x305496), border: .all(.thin),
                                                     horizontalAlignment: .center, wrapsText: true))
        let money = try workbook.register(CellStyle(border: .all(.thin), numberFormat: "#,##0.00"))
        let phone = try workbook.register(CellStyle(border: .all(.thin), numberFormat: "0"))
        let editable = try workbook.register(CellStyle(fillColor: .yellow, isLocked: false))
        let link = try workbook.register(.hyperlink)
        let italic = try workbook.register(CellStyle(font: FontStyle(italic: true, strikethrough: true)))

        let data = try workbook.addSheet("基本信息")
        data.tabColor = Color(rgb: 0x00B050)
        try data.setColumnWidth(1, 14)
        try data.setColumns(2...3, width: 16)
        try data.fitColumnsToContent()
        try data.freezePanes(rows: 2, columns: 1)
        try data.writeRow([WritableCell(.string("湖坊镇基本信息台账"), style: title)], height: 30)
        try data.merge(CellRange("A1:F1")!)
        try data.writeRow(["姓名", "电话", "镇", "出生日期", "得分", "备注"].map { WritableCell(.string($0), style: header) })
        for person in people {
            try data.writeRow([
                .init(.string(person.name)), .init(.number(person.phone), style: phone), .init(.string(person.town)),
                .init(.date(person.born)), .init(.number(person.score), style: money), .init(.empty, style: editable),
            ])
        }
        let total = people.map(\.score).reduce(0, +)
        try data.writeRow(["合计", nil, nil, nil,
                           WritableCell(.formula("=SUM(E3:E5)", cached: .number(total)), style: money),
                           WritableCell(.formula("RANK.EQ(E3,E3:E5)", cached: .number(2)))])
        try data.writeRow([WritableCell(.string("见字典"), style: link), WritableCell(.boolean(true)),
                           WritableCell(.error(.notAvailable)), WritableCell(.string("旧值"), style: italic),
                           WritableCell(.date(LocalDateTime(year: 2024, month: 5, day: 1, hour: 14, minute: 30))),
                           WritableCell(.string(edgeWhitespace ? "  两端空格  " : "A & B <c> \"d\""))])
        try data.setAutoFilter(CellRange("A2:F5")!)
        try data.addComment("请填写身份证上的姓名", at: CellReference("A2")!, author: "区民政局")
        try data.addComment("Phone numbers stay numbers", at: CellReference("B2")!)
        var townList = DataValidation(.list(["湖坊镇", "洪门镇", "新丰镇"]), on: [CellRange("C3:C500")!])
        townList.inputTitle = "镇"
        townList.inputMessage = "请从列表中选择"
        townList.errorTitle = "输入有误"
        townList.errorMessage = "只能选择列表中的镇"
        try data.addDataValidation(townList)
        try data.addDataValidation(DataValidation(.listSource("'字典'!$A$1:$A$3"), on: [CellRange("F3:F500")!]))
        try data.addDataValidation(DataValidation(.decimal(.between(0, 100)), on: [CellRange("E3:E500")!],
                                                  errorStyle: .warning))
        try data.addDataValidation(DataValidation(.date(.greaterThanOrEqual(LocalDateTime(year: 1900, month: 1, day: 1))),
                                                  on: [CellRange("D3:D500")!]))
        try data.addDataValidation(DataValidation(.textLength(.lessThanOrEqual(18)), on: [CellRange("A3:A500")!]))
        try data.addDataValidation(DataValidation(.wholeNumber(.greaterThan(0)), on: [CellRange("G3:G500")!]))
        try data.addInternalLink(at: CellReference("A7")!, toSheet: "字典", cell: CellReference("A1")!, tooltip: "打开字典")
        try data.setPrintTitles(rows: 1...2)
        try data.setPageSetup(WriterChartSamples.landscapeSetup)
        for (chart, from, to) in WriterChartSamples.charts(sheet: "基本信息") { try data.insertChart(chart, from: from, to: to) }
        var protection = SheetProtection(password: "ledger")
        protection.allowsAutoFilter = true
        try data.protect(protection)

        let dictionary = try workbook.addSheet("字典")
        dictionary.state = .hidden
        for town in ["备注一", "备注二", "备注三"] { try dictionary.writeRow([.init(.string(town))]) }

        let empty = try workbook.addSheet("Empty's sheet")
        empty.showsGridLines = false
        try empty.setPageSetup(PageSetup(rowBreaks: [20, 40], columnBreaks: [3]))
        try empty.insertChart(WriterChartSamples.lineChart, from: CellReference("B2")!, to: CellReference("H16")!)
        try empty.insertChart(WriterChartSamples.timeLineChart, from: CellReference("B18")!, to: CellReference("H32")!)
        try workbook.defineName("镇列表", refersTo: "'字典'!$A$1:$A$3")
        workbook.activeSheet = data
        try workbook.close()
    }
}
