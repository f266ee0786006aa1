import Foundation
import Ledger
import TaizhangSupport
import XLSX

/// Writes the bulletin workbook (`GET /api/district/bulletin.xlsx`, `taizhang bulletin`): a
/// document to print and send, after documents.md.
///
/// - 通报: up to ``onePageTowns`` towns, one A4 page: the title (…工作进展通报(第N期)), 截至 the
///   day, the summary sentence, one row per town (镇, 联系领导, 本周新建, 累计, 目标, 完成率, the
///   first two milestones, 按时交账, 名次) and a total row, the towns not on time, a chart (each
///   town's 完成率 as a column labelled with its value: one series, readable in black and white,
///   no label over a line), what the columns mean, and the 落款 (issuer, date). 完成率, 名次 and the totals are live formulas
///   with their values cached. With more towns the table runs on as many pages as it needs, its
///   header repeated, and the chart shows the district's 累计 by report day instead (its data in
///   cells right of the printed area: LibreOffice draws no series from literal values).
/// - 交账情况: per town, when its report for the day arrived and which submission the bulletin counts.
struct BulletinWorkbook {
    let bulletin: Bulletin

    /// Up to this many towns the bulletin prints on one page, with a column per town in the chart.
    static let onePageTowns = 30
    /// The row of the table's header.
    static let headerRow = 4
    /// The chart's height in rows.
    static let chartRows = 16
    /// The first sheet's name.
    static let sheetName = "通报"

    /// The table's columns: header and width (characters of the body font).
    private var columns: [(header: String, width: Double)] {
        [("镇", 10), ("联系领导", 8), ("本周新建", 8), ("累计", 6), ("目标", 6), ("完成率", 8)]
            + bulletin.milestones.map { ($0.name + "\n(" + "\($0.date.month)-\($0.date.day))", 12) }
            + [("按时交账", 8), ("名次", 6)]
    }

    /// Writes the workbook atomically.
    func write(to path: String) throws {
        let workbook = try WorkbookWriter(path: path, options: BulletinStyles.writerOptions)
        workbook.properties.title = bulletin.title
        workbook.properties.creator = bulletin.issuer
        let styles = try BulletinStyles(workbook)
        try writeBulletin(workbook, styles)
        try writeReports(workbook, styles)
        try workbook.close()
    }

    private func writeBulletin(_ workbook: WorkbookWriter, _ styles: BulletinStyles) throws {
        let sheet = try workbook.addSheet(Self.sheetName)
        let columns = self.columns
        let last = columns.count
        for (index, column) in columns.enumerated() { try sheet.setColumnWidth(index + 1, column.width) }
        let width = columns.reduce(0) { $0 + $1.width }
        func wide(_ row: Int) throws { try sheet.merge(CellRange(CellReference(row: row, column: 1), CellReference(row: row, column: last))) }
        func text(_ value: String, _ style: StyleIndex, size: Double, row: Int) throws {
            try sheet.writeRow([WritableCell(.string(value), style: style)], at: row,
                               height: BulletinStyles.height(of: value, size: size, width: width))
            try wide(row)
        }
        try text(bulletin.title, styles.title, size: BulletinStyles.titleSize, row: 1)
        try text(bulletin.asOfLine + " · 交账截止时间 \(bulletin.deadline)", styles.subtitle, size: BulletinStyles.bodySize, row: 2)
        try text(bulletin.summary, styles.paragraph, size: BulletinStyles.bodySize, row: 3)
        var header: [WritableCell?] = columns.map { WritableCell(.string($0.header), style: styles.header) }
        if bulletin.lines.count <= Self.onePageTowns { header += [nil, WritableCell(.string("完成率(%,图表用)"))] }
        try sheet.writeRow(header, at: Self.headerRow, height: 30)

        let lines = bulletin.lines
        let charted = lines.count <= Self.onePageTowns
        let first = Self.headerRow + 1, lastLine = Self.headerRow + lines.count
        func letter(_ column: Int) -> String { CellReference.columnLetters(column) }
        func range(_ column: Int) -> String { "$\(letter(column))$\(first):$\(letter(column))$\(lastLine)" }
        for (offset, line) in lines.enumerated() {
            let row = first + offset
            var cells: [WritableCell?] = [
                WritableCell(.string(line.town), style: styles.cell),
                WritableCell(.string(line.leaders.joined(separator: "、")), style: styles.centered),
                WritableCell(.number(Double(line.weekNew)), style: styles.number),
                WritableCell(.number(Double(line.founded)), style: styles.number),
                WritableCell(.number(Double(line.target)), style: styles.number),
                WritableCell(.formula("IF(E\(row)>0,ROUND(D\(row)/E\(row),4),0)", cached: .number(line.share)), style: styles.percent),
            ]
            cells += line.milestones.map { WritableCell(.string($0.label), style: $0.isShortfall ? styles.flagged : styles.centered) }
            cells.append(WritableCell(.string(line.report.label), style: line.report.isOnTime ? styles.centered : styles.flagged))
            let rank = "1+SUMPRODUCT((\(range(6))>F\(row))+(\(range(6))=F\(row))*(\(range(4))>D\(row)))"
            cells.append(WritableCell(.formula(rank, cached: .number(Double(line.rank))), style: styles.centered))
            if charted {
                // The share in percent for the chart, right of the printed area (its value axis then reads 0–100).
                cells.append(nil)
                cells.append(WritableCell(.formula("ROUND(F\(row)*100,1)", cached: .number(Self.percentValue(line.share)))))
            }
            try sheet.writeRow(cells, at: row, height: 18)
        }
        let totalRow = lastLine + 1
        var total: [WritableCell?] = [
            WritableCell(.string("全区合计"), style: styles.total), WritableCell(.empty, style: styles.total),
        ]
        for (column, value) in [(3, bulletin.totalWeekNew), (4, bulletin.totalFounded), (5, bulletin.totalTarget)] {
            let sum = lines.isEmpty ? "0" : "SUM(\(letter(column))\(first):\(letter(column))\(lastLine))"
            total.append(WritableCell(.formula(sum, cached: .number(Double(value))), style: styles.totalNumber))
        }
        total.append(WritableCell(.formula("IF(E\(totalRow)>0,ROUND(D\(totalRow)/E\(totalRow),4),0)", cached: .number(bulletin.totalShare)),
                                  style: styles.totalPercent))
        for index in bulletin.milestones.indices {
            let met = lines.filter { $0.milestones[index].met }.count
            total.append(WritableCell(.string("达标 \(met) 个"), style: styles.total))
        }
        total.append(WritableCell(.string("按时 \(bulletin.onTimeCount) 个"), style: styles.total))
        total.append(WritableCell(.empty, style: styles.total))
        try sheet.writeRow(total, at: totalRow, height: 20)

        let lateRow = totalRow + 1
        try text(bulletin.notOnTimeText(time: time), styles.emphasis, size: BulletinStyles.bodySize, row: lateRow)
        let chartTop = lateRow + 2
        let chartBottom = chartTop + Self.chartRows - 1
        if charted {
            try insertTownChart(into: sheet, firstRow: first, lastRow: lastLine, top: chartTop, bottom: chartBottom, lastColumn: last)
        } else {
            try insertDistrictChart(into: sheet, top: chartTop, bottom: chartBottom, lastColumn: last)
        }
        let noteRow = chartBottom + 2
        try sheet.writeRow([WritableCell(.string(bulletin.explanation), style: styles.note)], at: noteRow,
                           height: BulletinStyles.height(of: bulletin.explanation, size: BulletinStyles.noteSize, width: width))
        try wide(noteRow)
        try text(bulletin.issuer, styles.signature, size: BulletinStyles.signatureSize, row: noteRow + 2)
        try text(ReportCalendar.fullDate(bulletin.issued), styles.signature, size: BulletinStyles.signatureSize, row: noteRow + 3)

        try sheet.freezePanes(rows: Self.headerRow)
        var setup = PrintLayout.pageSetup(width: width, pagesTall: lines.count <= Self.onePageTowns ? 1 : 0, issuer: bulletin.issuer)
        setup.printArea = CellRange(CellReference(row: 1, column: 1), CellReference(row: noteRow + 3, column: last))
        try sheet.setPageSetup(setup)
        try sheet.setPrintTitles(rows: Self.headerRow...Self.headerRow)
    }

    /// Each town's 完成率 as a column labelled with its value (one series: nothing to tell apart,
    /// no line for a label to print over), from the percentages right of the printed area.
    private func insertTownChart(into sheet: SheetWriter, firstRow: Int, lastRow: Int, top: Int, bottom: Int, lastColumn: Int) throws {
        let lines = bulletin.lines
        guard !lines.isEmpty else { return }
        func cells(_ column: Int) -> ChartRange {
            ChartRange(sheet: Self.sheetName, CellRange(CellReference(row: firstRow, column: column), CellReference(row: lastRow, column: column)))
        }
        let percents = lines.map { Self.percentValue($0.share) }
        var chart = Chart(kind: .column, title: "各镇完成率(%,累计 ÷ 目标)", legend: nil)
        chart.valueAxisMinimum = 0
        chart.valueAxisMaximum = max(100, ((percents.max() ?? 0) / 25).rounded(.up) * 25)
        chart.series = [ChartSeries(name: "完成率", categories: ChartCategories(lines.map(\.town), range: cells(1)),
                                    values: ChartValues(percents, range: cells(lastColumn + 2), numberFormat: "0.0\"%\""),
                                    color: BulletinStyles.columnColor, dataLabels: .values)]
        try sheet.insertChart(chart, from: CellReference(row: top, column: 1), to: CellReference(row: bottom + 1, column: lastColumn + 1))
    }

    /// A share in percent to one decimal (0.955 → 95.5), as `ROUND(F*100,1)` gives it.
    static func percentValue(_ share: Double) -> Double { (share * 1000).rounded() / 10 }

    /// The district's 累计 on each report day up to the bulletin's (the latest ``chartRows``), a
    /// line labelled with its values (the district's target in the title), from cells right of
    /// the printed area beside the chart.
    private func insertDistrictChart(into sheet: SheetWriter, top: Int, bottom: Int, lastColumn: Int) throws {
        let series = Array(bulletin.districtSeries.suffix(Self.chartRows))
        guard !series.isEmpty else { return }
        let dataColumn = lastColumn + 2
        for (offset, point) in series.enumerated() {
            var cells = [WritableCell?](repeating: nil, count: dataColumn + 1)
            cells[dataColumn - 1] = WritableCell(.string("\(point.date.month)-\(point.date.day)"))
            cells[dataColumn] = WritableCell(.number(Double(point.founded)))
            try sheet.writeRow(cells, at: top + offset)
        }
        func cells(_ column: Int) -> ChartRange {
            ChartRange(sheet: Self.sheetName, CellRange(CellReference(row: top, column: column),
                                                        CellReference(row: top + series.count - 1, column: column)))
        }
        var chart = Chart(kind: .line, title: "全区累计新建\(bulletin.countedSheet)(各交账日,全区目标 \(bulletin.totalTarget) 个)", legend: nil)
        chart.valueAxisMinimum = 0
        chart.series = [ChartSeries(name: "全区累计", categories: ChartCategories(series.map { "\($0.date.month)-\($0.date.day)" }, range: cells(dataColumn)),
                                    values: ChartValues(series.map { Double($0.founded) }, range: cells(dataColumn + 1)),
                                    color: BulletinStyles.lineColor, dataLabels: .values)]
        try sheet.insertChart(chart, from: CellReference(row: top, column: 1), to: CellReference(row: bottom + 1, column: lastColumn + 1))
    }

    /// 交账情况: when each town's report for the day arrived and which submission the bulletin counts.
    private func writeReports(_ workbook: WorkbookWriter, _ styles: BulletinStyles) throws {
        let sheet = try workbook.addSheet("交账情况")
        let header = ["镇", "联系领导", "按时交账", "本期台账收到时间", "计入通报的台账", "其填报日期", "其收到时间", "校验结果"]
        for (index, width) in [10.0, 8, 8, 17, 30, 11, 17, 10].enumerated() { try sheet.setColumnWidth(index + 1, width) }
        try sheet.writeRow([WritableCell(.string(PrintLayout.typographic(bulletin.title + "交账情况")), style: styles.title)], height: 30)
        try sheet.merge(CellRange(CellReference(row: 1, column: 1), CellReference(row: 1, column: header.count)))
        try sheet.writeRow(header.map { WritableCell(.string($0), style: styles.header) }, height: 22)
        for line in bulletin.lines {
            var received = ""
            switch line.report {
            case .onTime(let moment), .late(let moment): received = stamp(moment)
            case .missing: received = "—"
            }
            let counted = line.counted
            try sheet.writeRow([
                WritableCell(.string(line.town), style: styles.cell),
                WritableCell(.string(line.leaders.joined(separator: "、")), style: styles.centered),
                WritableCell(.string(line.report.label), style: line.report.isOnTime ? styles.centered : styles.flagged),
                WritableCell(.string(received), style: styles.centered),
                WritableCell(.string(counted?.fileName ?? "尚无可读的台账"), style: styles.wrapped),
                WritableCell(.string(counted?.reportDate ?? "—"), style: styles.centered),
                WritableCell(.string(counted.map { stamp($0.received) } ?? "—"), style: styles.centered),
                WritableCell(.string(counted?.status ?? "—"), style: styles.centered),
            ], height: 18)
        }
        try sheet.freezePanes(rows: 2)
        try PrintLayout.apply(to: sheet, issuer: bulletin.issuer, titleRows: 1...2)
    }

    /// `17:05` on the bulletin's day, `10月17日 09:00` on another.
    private func time(_ moment: Double) -> String { bulletin.calendar.time(moment, relativeTo: bulletin.day) }

    private func stamp(_ moment: Double) -> String { bulletin.calendar.stamp(moment) }
}

/// The bulletin's look, all in one place (so that it can take the district's house style when
/// there is one): 宋体 for text and tables, 黑体 for the title, after GB/T 9704; a light grey
/// header and thin rules that survive a black-and-white copy; what needs attention (未达标,
/// 未交) in bold rather than in colour.
struct BulletinStyles {
    static let bodyFace = "宋体"
    static let titleFace = "黑体"
    static let bodySize = 11.0
    static let noteSize = 10.0
    static let titleSize = 16.0
    static let signatureSize = 12.0
    /// The printed width of one character of column width at the body size, in points.
    static let pointsPerCharacter = 6.2
    /// The chart's columns: a mid grey that a photocopy keeps.
    static let columnColor = Color(rgb: 0x7F7F7F)
    /// The chart's line: black.
    static let lineColor = Color(rgb: 0x000000)

    static var writerOptions: WriterOptions {
        WriterOptions(defaultFont: FontStyle(name: bodyFace, size: bodySize))
    }

    let title: StyleIndex
    let subtitle: StyleIndex
    let paragraph: StyleIndex
    let emphasis: StyleIndex
    let note: StyleIndex
    let signature: StyleIndex
    let header: StyleIndex
    let cell: StyleIndex
    let wrapped: StyleIndex
    let centered: StyleIndex
    let flagged: StyleIndex
    let number: StyleIndex
    let percent: StyleIndex
    let total: StyleIndex
    let totalNumber: StyleIndex
    let totalPercent: StyleIndex

    init(_ workbook: WorkbookWriter) throws {
        let rule = Border.all(.thin, color: Color(rgb: 0x808080))
        let grey = Color(rgb: 0xE7E6E6)
        let body = FontStyle(name: Self.bodyFace, size: Self.bodySize)
        let bold = FontStyle(name: Self.bodyFace, size: Self.bodySize, bold: true)
        func register(_ font: FontStyle = body, fill: Color? = nil, border: Border = Border(), horizontal: HorizontalAlignment? = nil,
                      vertical: VerticalAlignment = .center, wraps: Bool = false, format: String? = nil) throws -> StyleIndex {
            try workbook.register(CellStyle(font: font, fillColor: fill, border: border, horizontalAlignment: horizontal,
                                            verticalAlignment: vertical, wrapsText: wraps, numberFormat: format))
        }
        title = try register(FontStyle(name: Self.titleFace, size: Self.titleSize, bold: true), horizontal: .center, wraps: true)
        subtitle = try register(horizontal: .center, wraps: true)
        paragraph = try register(vertical: .top, wraps: true)
        emphasis = try register(bold, vertical: .top, wraps: true)
        note = try register(FontStyle(name: Self.bodyFace, size: Self.noteSize), vertical: .top, wraps: true)
        signature = try register(FontStyle(name: Self.bodyFace, size: Self.signatureSize), horizontal: .right)
        header = try register(bold, fill: grey, border: rule, horizontal: .center, wraps: true)
        cell = try register(border: rule)
        wrapped = try register(border: rule, wraps: true)
        centered = try register(border: rule, horizontal: .center)
        flagged = try register(bold, border: rule, horizontal: .center)
        number = try register(border: rule, horizontal: .right, format: "0")
        percent = try register(border: rule, horizontal: .right, format: "0.0%")
        total = try register(bold, fill: grey, border: rule, horizontal: .center)
        totalNumber = try register(bold, fill: grey, border: rule, horizontal: .right, format: "0")
        totalPercent = try register(bold, fill: grey, border: rule, horizontal: .right, format: "0.0%")
    }

    /// The height of a row holding `text` at `size` points wrapped in `width` characters of columns.
    static func height(of text: String, size: Double, width: Double) -> Double {
        let textWidth = Double(ColumnWidth.displayWidth(of: text)) * size / 2
        let lines = max(1, Int((textWidth / (width * pointsPerCharacter * 0.92)).rounded(.up)))
        return min(409, (Double(lines) * size * 1.4 + 6).rounded(.up))
    }
}
