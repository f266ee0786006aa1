import TaizhangSupport
import XLSX

/// Writes the district ledger (区汇总.xlsx) sheet by sheet as the merge goes: 汇总, 进度 (when
/// the schema counts founded organisations), one sheet per ledger sheet, 待核实 and 合并日志, each
/// laid out for printing (``PrintLayout``).
final class DistrictLedgerWriter {
    static let summarySheet = "汇总"
    static let progressSheet = "进度"
    /// Above this many towns the progress chart draws the district's total instead of a line per town.
    static let chartedTownsLimit = 12
    static let quarantineSheet = "待核实"
    static let logSheet = "合并日志"
    static let townColumn = "镇"
    static let sourceColumn = "来源"
    static let targetColumn = "目标任务数"
    static let statusColumn = "提交情况"
    static let submitted = "已提交"
    static let quarantinedColumn = "待核实行数"
    static let dataRowsColumn = "数据行数"
    static let errorsColumn = "错误数"

    private let workbook: WorkbookWriter
    private let configuration: LedgerConfiguration
    private let issuer: String
    private let summary: SheetWriter
    private let progress: SheetWriter?
    private let title: StyleIndex
    private let note: StyleIndex
    private let wrappedHeader: StyleIndex
    private let bordered: StyleIndex
    private let centered: StyleIndex
    private var tables: [String: SheetWriter] = [:]
    private let quarantine: SheetWriter
    private let log: SheetWriter
    private let header: StyleIndex
    private let date: StyleIndex
    private var summaryRow = 1

    /// Above this many towns the ledger's text is written inline rather than in a shared-strings
    /// table, whose de-duplication index would grow with every distinct name and phone of the
    /// district (Excel and LibreOffice read both; small ledgers keep the form WPS prefers).
    static let inlineStringsAbove = 1_000

    init(path: String, configuration: LedgerConfiguration, summaryColumns: [String], inputCount: Int, issuer: String) throws {
        self.configuration = configuration
        self.issuer = issuer
        workbook = try WorkbookWriter(path: path, options: WriterOptions(useSharedStrings: inputCount <= Self.inlineStringsAbove))
        workbook.properties.title = "\(configuration.district.district)\(configuration.schema.name)(区汇总)"
        workbook.properties.creator = configuration.district.district
        header = try workbook.register(CellStyle(font: FontStyle(bold: true), fillColor: Color(rgb: 0xDDEBF7),
                                                 border: Border.all(.thin, color: Color(rgb: 0xBFBFBF)), horizontalAlignment: .center))
        date = try workbook.register(CellStyle(numberFormat: "yyyy-mm-dd"))
        title = try workbook.register(CellStyle(font: FontStyle(size: 14, bold: true), horizontalAlignment: .center))
        note = try workbook.register(CellStyle(font: FontStyle(size: 9, color: Color(rgb: 0x595959))))
        bordered = try workbook.register(CellStyle(border: Border.all(.thin, color: Color(rgb: 0xBFBFBF))))
        centered = try workbook.register(CellStyle(border: Border.all(.thin, color: Color(rgb: 0xBFBFBF)), horizontalAlignment: .center))
        wrappedHeader = try workbook.register(CellStyle(font: FontStyle(bold: true), fillColor: Color(rgb: 0xDDEBF7),
                                                        border: Border.all(.thin, color: Color(rgb: 0xBFBFBF)), horizontalAlignment: .center,
                                                        verticalAlignment: .center, wrapsText: true))

        summary = try workbook.addSheet(Self.summarySheet)
        let tableLabels = configuration.schema.sheets.map { $0.name + "行数" }
        let summaryHeader = [Self.townColumn, Self.targetColumn, Self.statusColumn] + tableLabels
            + [Self.quarantinedColumn, Self.dataRowsColumn, Self.errorsColumn, "警告数"] + summaryColumns
        try Self.start(summary, header: summaryHeader, style: header)
        progress = CampaignProgress.foundingColumn(in: configuration.schema) == nil ? nil : try workbook.addSheet(Self.progressSheet)

        for sheet in configuration.schema.sheets {
            let writer = try workbook.addSheet(sheet.name)
            try Self.start(writer, header: [Self.townColumn] + sheet.columns.map(\.label) + [Self.sourceColumn], style: header)
            tables[sheet.name] = writer
        }
        quarantine = try workbook.addSheet(Self.quarantineSheet)
        try Self.start(quarantine, header: [Self.townColumn, "工作表", "单元格", "列", "值", "规则代码", "问题", "行内容", "来源文件"], style: header)
        log = try workbook.addSheet(Self.logSheet)
        try Self.start(log, header: ["文件名", "SHA-256", Self.townColumn, "填报日期", "读取行数", "错误数", "警告数", "是否采用"], style: header)
    }

    /// A header row, frozen, filtered, columns fitted to what follows.
    private static func start(_ sheet: SheetWriter, header: [String], style: StyleIndex) throws {
        try sheet.fitColumnsToContent(minimum: 8, maximum: 50)
        try sheet.freezePanes(rows: 1)
        try sheet.writeRow(header.map { WritableCell(.string($0), style: style) })
        try sheet.setAutoFilter(CellRange(CellReference(row: 1, column: 1), CellReference(row: 1, column: header.count)))
    }

    /// A ledger value as a cell of the district ledger.
    private func cell(_ value: LedgerValue?) -> WritableCell? {
        guard let value else { return nil }
        switch value {
        case .text(let text), .phone(let text): return WritableCell(.string(text))
        case .integer(let number): return WritableCell(.number(Double(number)))
        case .decimal(let number): return WritableCell(.number(number))
        case .date(let day): return WritableCell(.date(LocalDateTime(year: day.year, month: day.month, day: day.day)), style: date)
        case .list(let items): return WritableCell(.string(items.joined(separator: "、")))
        }
    }

    /// Streams one town's rows: clean rows to their sheets, rows with errors to 待核实.
    func writeTown(_ town: String, submission: Submission, findings: [Finding], fileName: String)
        throws -> (counts: [String: Int], quarantined: Int, clean: [String: [[String: LedgerValue]]]) {
        var counts: [String: Int] = [:]
        var clean: [String: [[String: LedgerValue]]] = [:]
        var quarantined = 0
        let counted = CountedRows(findings: findings)
        for sheet in configuration.schema.sheets {
            guard let writer = tables[sheet.name] else { continue }
            var rows: [(number: Int, values: [String: LedgerValue], cells: [String: FieldCell], sheetName: String)] = []
            if let form = submission.forms[sheet.name] {
                let number = form.fields.values.map(\.reference.row).min() ?? 1
                rows = [(number, form.fields.compactMapValues(\.value), form.fields, form.sheetName)]
            } else if let table = submission.tables[sheet.name] {
                rows = table.rows.map { ($0.number, $0.cells.compactMapValues(\.value), $0.cells, table.sheetName) }
            }
            for row in rows {
                let errors = sheet.kind == .form ? counted.errors(ofForm: row.sheetName) : counted.errors(row: row.number, ofTable: row.sheetName)
                if errors.isEmpty {
                    let source = "\(fileName) \(row.sheetName)!\(row.number)"
                    try writer.writeRow(Self.fitted([WritableCell(.string(town))] + sheet.columns.map { cell(row.values[$0.label]) }
                                                    + [WritableCell(.string(source))]))
                    counts[sheet.name, default: 0] += 1
                    clean[sheet.name, default: []].append(row.values)
                } else {
                    quarantined += 1
                    let content = sheet.columns.compactMap { column -> String? in
                        guard let typed = row.cells[column.label]?.typed, !typed.isEmpty else { return nil }
                        return "\(column.label):\(typed)"
                    }.joined(separator: ";")
                    for finding in errors {
                        try quarantine.writeRow(Self.fitted([
                            WritableCell(.string(town)), WritableCell(.string(row.sheetName)),
                            WritableCell(.string(finding.cell?.description ?? "")), WritableCell(.string(finding.column ?? "")),
                            WritableCell(.string(finding.value ?? "")), WritableCell(.string(finding.code.rawValue)),
                            WritableCell(.string(finding.message.chinese)), WritableCell(.string(content)), WritableCell(.string(fileName)),
                        ]))
                    }
                }
            }
        }
        return (counts, quarantined, clean)
    }

    /// A row of a town's data with each text cut to what an Excel cell holds (``CellTextLimit``):
    /// what a town typed, and messages quoting it, can be longer.
    private static func fitted(_ cells: [WritableCell?]) -> [WritableCell?] {
        cells.map { cell in
            guard var cell, case .string(let text) = cell.value else { return cell }
            cell.value = .string(CellTextLimit.fitted(text))
            return cell
        }
    }

    /// One town's row of 汇总; `rows` nil when the town sent nothing.
    func writeSummary(town: String, target: Int, rows: TownData?, counts: [String: Int], quarantined: Int, errors: Int, warnings: Int,
                      extra: [Double?]) throws {
        var cells: [WritableCell?] = [WritableCell(.string(town)), WritableCell(.number(Double(target))),
                                      WritableCell(.string(rows == nil ? "未提交" : Self.submitted))]
        cells += configuration.schema.sheets.map { rows == nil ? nil : WritableCell(.number(Double(counts[$0.name] ?? 0))) }
        cells += rows.map { [WritableCell(.number(Double(quarantined))), WritableCell(.number(Double($0.dataRowCount))),
                             WritableCell(.number(Double(errors))), WritableCell(.number(Double(warnings)))] } ?? [nil, nil, nil, nil]
        cells += extra.map { $0.map { WritableCell(.number($0)) } }
        try summary.writeRow(cells)
        summaryRow += 1
    }

    /// 合并日志: every input and what became of it.
    func writeLog(_ entries: [MergeEntry]) throws {
        for entry in entries {
            try log.writeRow([
                WritableCell(.string(entry.fileName)), WritableCell(.string(entry.sha256)), entry.town.map { WritableCell(.string($0)) },
                entry.reportDate.map { WritableCell(.date(LocalDateTime(year: $0.year, month: $0.month, day: $0.day)), style: date) },
                WritableCell(.number(Double(entry.rowsRead))), WritableCell(.number(Double(entry.errors))),
                WritableCell(.number(Double(entry.warnings))), WritableCell(.string(entry.status.label)),
            ])
        }
    }

    /// 进度: per town, the organisations founded by each report day and milestone date, its
    /// target and what each milestone requires and whether it was met; a total row; a line
    /// chart (one line per town, or the district's total beyond ``chartedTownsLimit`` towns)
    /// whose categories name the milestones. Printed on one page for a district of a few dozen towns.
    func writeProgress(_ progress: CampaignProgress) throws {
        guard let sheet = self.progress else { return }
        let district = configuration.district
        let milestones = district.milestones.sorted { $0.date < $1.date }
        func label(_ day: LedgerDate) -> String {
            let names = milestones.filter { $0.date == day }.map(\.name).filter { !$0.isEmpty }
            return String(day.description.suffix(5)) + (names.isEmpty ? "" : " " + names.joined(separator: "/"))
        }
        let dateLabels = progress.dates.map(label)
        let milestoneHeaders = milestones.flatMap { milestone -> [String] in
            let name = milestone.name.isEmpty ? String(milestone.date.description.suffix(5)) : milestone.name
            return [name + "要求", name + "达标"]
        }
        let labels = [Self.townColumn, Self.targetColumn] + dateLabels + milestoneHeaders
        try sheet.setColumnWidth(1, 12)
        try sheet.setColumnWidth(2, 8)
        for column in 3...(labels.count) {
            try sheet.setColumnWidth(column, max(8, Double(ColumnWidth.displayWidth(of: labels[column - 1])) * 0.6 + 2))
        }
        try sheet.writeRow([WritableCell(.string(PrintLayout.typographic(district.district + district.campaign + "进度")), style: title)],
                           height: 24)
        try sheet.merge(CellRange(CellReference(row: 1, column: 1), CellReference(row: 1, column: labels.count)))
        let shares = milestones.map { "\(label($0.date)) \(Self.percent($0.share))" }.joined(separator: "、")
        try sheet.writeRow([WritableCell(.string("按直属团组织成立日期累计统计(\(district.campaignStart) 起,含当日);节点要求 = 目标任务数 × 比例,向上取整:"
                                                + shares + "。"), style: note)])
        try sheet.writeRow(labels.map { WritableCell(.string($0), style: wrappedHeader) }, height: 30)
        let firstRow = 4
        for town in progress.towns {
            var cells: [WritableCell?] = [WritableCell(.string(town.name), style: bordered),
                                          WritableCell(.number(Double(town.target)), style: bordered)]
            cells += town.series.map { WritableCell(.number(Double($0.founded)), style: bordered) }
            cells += town.milestones.flatMap {
                [WritableCell(.number(Double($0.required)), style: bordered), WritableCell(.string($0.met ? "是" : "否"), style: centered)]
            }
            try sheet.writeRow(cells)
        }
        let lastTownRow = firstRow + progress.towns.count - 1
        var totals: [Double] = [Double(progress.towns.reduce(0) { $0 + $1.target })]
        totals += progress.dates.indices.map { index in Double(progress.towns.reduce(0) { $0 + $1.series[index].founded }) }
        var totalCells: [WritableCell?] = [WritableCell(.string("合计"), style: header)]
        for (offset, total) in totals.enumerated() {
            let letters = CellReference.columnLetters(offset + 2)
            let formula = progress.towns.isEmpty ? "0" : "SUM(\(letters)\(firstRow):\(letters)\(lastTownRow))"
            totalCells.append(WritableCell(.formula(formula, cached: .number(total)), style: bordered))
        }
        let totalRow = lastTownRow + 1
        try sheet.writeRow(totalCells)
        try sheet.freezePanes(rows: 3, columns: 1)
        try insertProgressChart(progress, labels: dateLabels, into: sheet, firstRow: firstRow, totalRow: totalRow, lastColumn: labels.count)
        try sheet.setPageSetup(PrintLayout.pageSetup(width: sheet.usedColumnsWidth, issuer: issuer,
                                                     pagesTall: progress.towns.count <= 40 ? 1 : 0))
        try sheet.setPrintTitles(rows: 1...3)
    }

    private func insertProgressChart(_ progress: CampaignProgress, labels: [String], into sheet: SheetWriter,
                                     firstRow: Int, totalRow: Int, lastColumn: Int) throws {
        guard !progress.dates.isEmpty else { return }
        let dateColumns = 3...(2 + progress.dates.count)
        let categories = ChartCategories(labels, range: ChartRange(sheet: Self.progressSheet, CellRange(
            CellReference(row: 3, column: dateColumns.lowerBound), CellReference(row: 3, column: dateColumns.upperBound))))
        func values(row: Int, _ numbers: [Int]) -> ChartValues {
            ChartValues(numbers.map { Double($0) }, range: ChartRange(sheet: Self.progressSheet, CellRange(
                CellReference(row: row, column: dateColumns.lowerBound), CellReference(row: row, column: dateColumns.upperBound))))
        }
        var chart = Chart(kind: .line, title: "各镇累计建成直属团组织数(个)", legend: .bottom)
        chart.categoryAxisTitle = "交账日与节点"
        chart.valueAxisMinimum = 0
        if progress.towns.count <= Self.chartedTownsLimit {
            chart.series = progress.towns.enumerated().map { offset, town in
                ChartSeries(name: town.name, categories: categories, values: values(row: firstRow + offset, town.series.map(\.founded)),
                            dataLabels: .lastPointWithName)
            }
        } else {
            chart.title = "全区累计建成直属团组织数(个)"
            let totals = progress.dates.indices.map { index in progress.towns.reduce(0) { $0 + $1.series[index].founded } }
            chart.series = [ChartSeries(name: "合计", categories: categories, values: values(row: totalRow, totals),
                                        dataLabels: .values)]
        }
        let top = totalRow + 2
        try sheet.insertChart(chart, from: CellReference(row: top, column: 1),
                              to: CellReference(row: top + 20, column: max(lastColumn, 10) + 1))
    }

    /// A share as a percentage (0.5 → 50%).
    private static func percent(_ share: Double) -> String {
        let value = share * 100
        return (value.rounded() == value ? String(Int(value)) : String(value)) + "%"
    }

    /// Lays every sheet out for printing, and writes the workbook.
    func close() throws {
        for sheet in workbook.sheets where sheet !== progress {
            try PrintLayout.apply(to: sheet, issuer: issuer, titleRows: 1...1)
        }
        try workbook.close()
    }
}
