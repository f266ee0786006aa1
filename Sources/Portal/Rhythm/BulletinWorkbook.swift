import Foundation
import Ledger
import TaizhangSupport
import XLSX

/// Writes the bulletin workbook (`GET /api/district/bulletin.xlsx`, `taizhang bulletin`): a
/// document to print and send, after documents.md.
///
/// - 通报: up to ``onePageTowns`` towns, one A4 page in the house style, at 8 points or more:
///   the title (…工作进展通报(第N期)), 截至 the day, the summary sentence, one row per town (镇,
///   联系领导, 本周新建, 累计, 目标, 完成率, the first two milestones, 按时交账, 名次) and a total
///   row, the towns not on time, a chart, what the columns mean, and the 落款 (issuer, date).
///   完成率, 名次 and the totals are live formulas with their values cached. The chart: up to
///   ``townChartTowns`` towns each town's 完成率 as a column labelled with its value (one series,
///   readable in black and white, no label over a line); beyond, the district's 累计 by report
///   day (its data in cells right of the printed area: LibreOffice draws no series from literal
///   values). With more than ``onePageTowns`` towns the table runs on as many pages as it needs,
///   its header repeated.
/// - 交账情况: per town, when its report for the day arrived and which submission the bulletin counts.
struct BulletinWorkbook {
    let bulletin: Bulletin

    /// Up to this many towns the bulletin prints on one page (at 8 points or more).
    static let onePageTowns = 20
    /// The towns not on time named in the sheet's paragraph at most (the others are counted;
    /// 交账情况 lists every town).
    static let namedLateTowns = 50
    /// Up to this many towns the chart has a column per town (more would need their names
    /// turned on end); beyond, it shows the district's 累计 by report day.
    static let townChartTowns = 10
    /// The row of the table's header.
    static let headerRow = 4
    /// The chart's height in rows of ``chartRowHeight`` points: lower when the table is long,
    /// so that the page holds both.
    var chartRows: Int { bulletin.lines.count <= Self.townChartTowns ? 16 : 12 }
    static let chartRowHeight = 15.0
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
        let workbook = try WorkbookWriter(path: path, options: HouseStyle.writerOptions())
        workbook.properties.title = bulletin.title
        workbook.properties.creator = bulletin.issuer
        let styles = try BulletinStyles(workbook)
        try writeBulletin(workbook, styles)
        try writeReports(workbook, styles)
        try workbook.close()
    }

    private func writeBulletin(_ workbook: WorkbookWriter, _ styles: BulletinStyles) throws {
        let house = styles.house
        let sheet = try workbook.addSheet(Self.sheetName)
        let columns = self.columns
        let last = columns.count
        for (index, column) in columns.enumerated() { try sheet.setColumnWidth(index + 1, column.width) }
        let width = columns.reduce(0) { $0 + $1.width }
        /// The height of everything written so far, in points at full size (for fitting one page).
        var height = 0.0
        func row(_ cells: [WritableCell?], at row: Int, height rowHeight: Double) throws {
            try sheet.writeRow(cells, at: row, height: rowHeight)
            height += rowHeight
        }
        /// A paragraph across the table's width, its row as tall as its wrapped lines.
        func text(_ value: String, _ style: StyleIndex, size: Double, at number: Int) throws {
            let lines = PrintLayout.lines(value, width: width * HouseStyle.bodySize / size)
            try row([WritableCell(.string(value), style: style)], at: number, height: PrintLayout.rowHeight(lines: lines, size: size))
            try sheet.merge(CellRange(CellReference(row: number, column: 1), CellReference(row: number, column: last)))
        }
        try text(PrintLayout.typographic(bulletin.title), house.title, size: HouseStyle.titleSize, at: 1)
        try text(bulletin.asOfLine + " · 交账截止时间 \(bulletin.deadline)", house.subtitle, size: HouseStyle.noteSize, at: 2)
        try text(bulletin.summary, house.paragraph, size: HouseStyle.bodySize, at: 3)
        let charted = bulletin.lines.count <= Self.townChartTowns
        var header: [WritableCell?] = columns.map { WritableCell(.string($0.header), style: house.header) }
        if charted { header += [nil, WritableCell(.string("完成率(%,图表用)"))] }
        try row(header, at: Self.headerRow, height: PrintLayout.rowHeight(lines: 2))

        let lines = bulletin.lines
        let first = Self.headerRow + 1, lastLine = Self.headerRow + lines.count
        func letter(_ column: Int) -> String { CellReference.columnLetters(column) }
        func range(_ column: Int) -> String { "$\(letter(column))$\(first):$\(letter(column))$\(lastLine)" }
        for (offset, line) in lines.enumerated() {
            let number = first + offset
            var cells: [WritableCell?] = [
                WritableCell(.string(line.town), style: house.bordered),
                WritableCell(.string(line.leaders.joined(separator: "、")), style: house.centered),
                WritableCell(.number(Double(line.weekNew)), style: house.bordered),
                WritableCell(.number(Double(line.founded)), style: house.bordered),
                WritableCell(.number(Double(line.target)), style: house.bordered),
                WritableCell(.formula("IF(E\(number)>0,ROUND(D\(number)/E\(number),4),0)", cached: .number(line.share)), style: house.percent),
            ]
            cells += line.milestones.map { WritableCell(.string($0.label), style: $0.isShortfall ? styles.flagged : house.centered) }
            cells.append(WritableCell(.string(line.report.label), style: line.report.isOnTime ? house.centered : styles.flagged))
            let rank = "1+SUMPRODUCT((\(range(6))>F\(number))+(\(range(6))=F\(number))*(\(range(4))>D\(number)))"
            cells.append(WritableCell(.formula(rank, cached: .number(Double(line.rank))), style: house.centered))
            if charted {
                // The share in percent for the chart, right of the printed area (its value axis then reads 0–100).
                cells.append(nil)
                cells.append(WritableCell(.formula("ROUND(F\(number)*100,1)", cached: .number(Self.percentValue(line.share)))))
            }
            try row(cells, at: number, height: HouseStyle.rowHeight)
        }
        let totalRow = lastLine + 1
        var total: [WritableCell?] = [
            WritableCell(.string("全区合计"), style: house.total), WritableCell(.empty, style: house.total),
        ]
        for (column, value) in [(3, bulletin.totalWeekNew), (4, bulletin.totalFounded), (5, bulletin.totalTarget)] {
            let sum = lines.isEmpty ? "0" : "SUM(\(letter(column))\(first):\(letter(column))\(lastLine))"
            total.append(WritableCell(.formula(sum, cached: .number(Double(value))), style: house.total))
        }
        total.append(WritableCell(.formula("IF(E\(totalRow)>0,ROUND(D\(totalRow)/E\(totalRow),4),0)", cached: .number(bulletin.totalShare)),
                                  style: house.totalPercent))
        for index in bulletin.milestones.indices {
            let met = lines.filter { $0.milestones[index].met }.count
            total.append(WritableCell(.string("达标 \(met) 个"), style: styles.totalCentered))
        }
        total.append(WritableCell(.string("按时 \(bulletin.onTimeCount) 个"), style: styles.totalCentered))
        total.append(WritableCell(.empty, style: house.total))
        try row(total, at: totalRow, height: HouseStyle.rowHeight + 2)

        let lateRow = totalRow + 1
        // A cell holds 32,767 characters, and a paragraph naming thousands of towns helps no reader.
        try text(bulletin.notOnTimeText(time: time, naming: Self.namedLateTowns), styles.emphasis, size: HouseStyle.bodySize,
                 at: lateRow)
        let chartTop = lateRow + 2
        let chartBottom = chartTop + chartRows - 1
        // The chart's rows; the district's chart takes its data from cells right of the printed area in them.
        let series = charted ? [] : Array(bulletin.districtSeries.suffix(chartRows))
        for number in (lateRow + 1)...(chartBottom + 1) {
            var cells: [WritableCell?] = []
            if series.indices.contains(number - chartTop) {
                let point = series[number - chartTop]
                cells = [WritableCell?](repeating: nil, count: last + 1)
                cells += [WritableCell(.string("\(point.date.month)-\(point.date.day)")), WritableCell(.number(Double(point.founded)))]
            }
            try row(cells, at: number, height: Self.chartRowHeight)
        }
        if charted {
            try insertTownChart(into: sheet, firstRow: first, lastRow: lastLine, top: chartTop, bottom: chartBottom, lastColumn: last)
        } else {
            try insertDistrictChart(series, into: sheet, top: chartTop, bottom: chartBottom, lastColumn: last)
        }
        let noteRow = chartBottom + 2
        try text(bulletin.explanation, house.note, size: HouseStyle.noteSize, at: noteRow)
        try row([], at: noteRow + 1, height: HouseStyle.rowHeight)
        try text(bulletin.issuer, house.signature, size: 12, at: noteRow + 2)
        try text(ReportCalendar.fullDate(bulletin.issued), house.signature, size: 12, at: noteRow + 3)

        try sheet.freezePanes(rows: Self.headerRow)
        var setup = PrintLayout.pageSetup(width: width, height: height, pagesTall: lines.count <= Self.onePageTowns ? 1 : 0,
                                          orientation: .portrait,
                                          issuer: bulletin.issuer, asOf: bulletin.day.description)
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

    /// The district's 累计 on each report day up to the bulletin's (`series`, the latest
    /// ``chartRows``), a line labelled with its values (the district's target in the title), from
    /// the cells right of the printed area in the chart's first rows.
    private func insertDistrictChart(_ series: [(date: LedgerDate, founded: Int)], into sheet: SheetWriter, top: Int, bottom: Int, lastColumn: Int) throws {
        guard !series.isEmpty else { return }
        let dataColumn = lastColumn + 2
        func cells(_ column: Int) -> ChartRange {
            ChartRange(sheet: Self.sheetName, CellRange(CellReference(row: top, column: column),
                                                        CellReference(row: top + series.count - 1, column: column)))
        }
        var chart = Chart(kind: .line, title: "全区累计新建\(bulletin.countedSheet)(按成立日期,截至各交账日;全区目标 \(bulletin.totalTarget) 个)", legend: nil)
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
        let widths = [10.0, 8, 8, 17, 30, 11, 17, 10]
        for (index, width) in widths.enumerated() { try sheet.setColumnWidth(index + 1, width) }
        let title = PrintLayout.typographic(bulletin.title + "交账情况")
        let titleLines = PrintLayout.lines(title, width: widths.reduce(0, +) * HouseStyle.bodySize / HouseStyle.titleSize)
        try sheet.writeRow([WritableCell(.string(title), style: styles.house.title)],
                           height: PrintLayout.rowHeight(lines: titleLines, size: HouseStyle.titleSize))
        try sheet.merge(CellRange(CellReference(row: 1, column: 1), CellReference(row: 1, column: header.count)))
        try sheet.writeRow(header.map { WritableCell(.string($0), style: styles.house.header) }, height: HouseStyle.headerHeight)
        for line in bulletin.lines {
            var received = ""
            switch line.report {
            case .onTime(let moment), .late(let moment): received = stamp(moment)
            case .missing: received = "—"
            }
            let counted = line.counted
            try sheet.writeRow([
                WritableCell(.string(line.town), style: styles.house.bordered),
                WritableCell(.string(line.leaders.joined(separator: "、")), style: styles.house.centered),
                WritableCell(.string(line.report.label), style: line.report.isOnTime ? styles.house.centered : styles.flagged),
                WritableCell(.string(received), style: styles.house.centered),
                WritableCell(.string(counted?.fileName ?? "尚无可读的台账"), style: styles.house.borderedWrapped),
                WritableCell(.string(counted?.reportDate ?? "—"), style: styles.house.centered),
                WritableCell(.string(counted.map { stamp($0.received) } ?? "—"), style: styles.house.centered),
                WritableCell(.string(counted?.status ?? "—"), style: styles.house.centered),
            ], height: PrintLayout.rowHeight(lines: PrintLayout.lines(counted?.fileName ?? "", width: widths[4])))
        }
        try sheet.freezePanes(rows: 2)
        try PrintLayout.apply(to: sheet, issuer: bulletin.issuer, titleRows: 1...2)
    }

    /// `17:05` on the bulletin's day, `10月17日 09:00` on another.
    private func time(_ moment: Double) -> String { bulletin.calendar.time(moment, relativeTo: bulletin.day) }

    private func stamp(_ moment: Double) -> String { bulletin.calendar.stamp(moment) }
}

/// The bulletin's look: the district's house style (`HouseStyle`: 宋体 for text and tables,
/// 黑体 for the title, after GB/T 9704; a light grey header and thin rules that survive a
/// black-and-white copy) and what the bulletin adds to it — what needs attention (未达标, 未交,
/// the towns not on time) in bold rather than in colour, the chart in greys.
struct BulletinStyles {
    /// The chart's columns: a mid grey that a photocopy keeps.
    static let columnColor = Color(rgb: 0x7F7F7F)
    /// The chart's line: black.
    static let lineColor = Color(rgb: 0x000000)

    /// The house styles (title, subtitle, paragraph, note, signature, header, cells, totals).
    let house: HouseStyle
    /// The towns not on time: bold, wrapped, at the top of its cell.
    let emphasis: StyleIndex
    /// A shortfall or a report not on time in the table: bold, ruled, centred.
    let flagged: StyleIndex
    /// A total's text (达标 N 个): bold on light grey, ruled, centred.
    let totalCentered: StyleIndex

    init(_ workbook: WorkbookWriter) throws {
        house = try HouseStyle(workbook)
        let bold = HouseStyle.boldBodyFont
        emphasis = try workbook.register(CellStyle(font: bold, verticalAlignment: .top, wrapsText: true))
        flagged = try workbook.register(CellStyle(font: bold, border: HouseStyle.rule, horizontalAlignment: .center, verticalAlignment: .center))
        totalCentered = try workbook.register(CellStyle(font: bold, fillColor: HouseStyle.headerFill, border: HouseStyle.rule,
                                                        horizontalAlignment: .center, verticalAlignment: .center))
    }
}
