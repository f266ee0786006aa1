import TaizhangSupport
import XLSX

/// Writes the district ledger (区汇总.xlsx) sheet by sheet as the merge goes: 汇总, 进度 (when
/// the schema counts founded organisations), one sheet per ledger sheet, 待核实 and 合并日志.
/// Every sheet is a document for the leadership in the house style (`HouseStyle`): a title
/// naming the district, the campaign and the sheet, a line dating it (截至 the latest 填报日期),
/// the header (row ``headerRow``, repeated on every printed page), ruled cells, long text wrapped
/// in rows high enough for it; wide sheets print across the page or on more pages with their
/// key columns repeated (`PrintLayout`), never smaller than legible.
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
    static let foundedColumn = "建成数"
    static let rateColumn = "完成率"
    /// The row of every sheet's header: under the title and the line dating the sheet.
    static let headerRow = 3

    private let workbook: WorkbookWriter
    private let configuration: LedgerConfiguration
    /// The office named in the footers.
    private let issuer: String
    private let styles: HouseStyle
    private let asOf: LedgerDate?
    private let summary: SheetWriter
    private let summaryLayout: [Column]
    private let progress: SheetWriter?
    private var tables: [String: (writer: SheetWriter, columns: [Column])] = [:]
    private let quarantine: SheetWriter
    private let quarantineLayout: [Column]
    private let log: SheetWriter
    private let logLayout: [Column]
    private var summaryRows = 0
    /// How each sheet prints, decided from its columns when it starts.
    private var pageSetups: [(sheet: SheetWriter, setup: PageSetup, keyColumns: ClosedRange<Int>)] = []
    /// The numbers of 汇总's rows, by column, for the total's cached values (a submitted town's status as 1).
    private var summaryCache: [[Double?]] = []

    /// Above this many towns the ledger's text is written inline rather than in a shared-strings
    /// table, whose de-duplication index would grow with every distinct name and phone of the
    /// district (Excel and LibreOffice read both; small ledgers keep the form WPS prefers).
    static let inlineStringsAbove = 1_000

    /// A printed column: its header, its width in characters, whether its text wraps.
    struct Column {
        var label: String
        var width: Double
        var wraps = false
    }

    /// Starts the workbook at `path`: `asOf` is the latest 填报日期 of the submissions merged,
    /// `issuer` the office named in the footers.
    init(path: String, configuration: LedgerConfiguration, summaryColumns: [String], inputCount: Int, issuer: String,
         asOf: LedgerDate?) throws {
        self.configuration = configuration
        self.issuer = issuer
        self.asOf = asOf
        workbook = try WorkbookWriter(path: path, options: HouseStyle.writerOptions(useSharedStrings: inputCount <= Self.inlineStringsAbove))
        workbook.properties.title = "\(configuration.district.district)\(configuration.schema.name)(区汇总)"
        workbook.properties.creator = issuer
        styles = try HouseStyle(workbook)

        let counted = CampaignProgress.foundingColumn(in: configuration.schema) != nil
        summaryLayout = [Column(label: Self.townColumn, width: 12), Column(label: Self.targetColumn, width: 8),
                         Column(label: Self.statusColumn, width: 9)]
            + configuration.schema.sheets.map { Column(label: $0.name + "行数", width: 9) }
            + (counted ? [Column(label: Self.foundedColumn, width: 8), Column(label: Self.rateColumn, width: 9)] : [])
            + [Column(label: Self.quarantinedColumn, width: 8), Column(label: Self.dataRowsColumn, width: 8),
               Column(label: Self.errorsColumn, width: 7), Column(label: "警告数", width: 7)]
            + summaryColumns.map { Column(label: $0, width: max(8, Double(ColumnWidth.displayWidth(of: $0)) / 2 + 2)) }
        summary = try workbook.addSheet(Self.summarySheet)
        progress = counted ? try workbook.addSheet(Self.progressSheet) : nil
        for sheet in configuration.schema.sheets {
            let writer = try workbook.addSheet(sheet.name)
            let columns = [Column(label: Self.townColumn, width: 10)]
                + sheet.columns.map { column in
                    let layout = TemplateBuilder.layout(of: column, example: column.example)
                    return Column(label: column.label, width: layout.width, wraps: layout.wraps)
                }
                + [Column(label: Self.sourceColumn, width: 30, wraps: true)]
            tables[sheet.name] = (writer, columns)
        }
        quarantine = try workbook.addSheet(Self.quarantineSheet)
        quarantineLayout = [Column(label: Self.townColumn, width: 8), Column(label: "工作表", width: 10, wraps: true),
                            Column(label: "单元格", width: 7), Column(label: "列", width: 10, wraps: true),
                            Column(label: "值", width: 14, wraps: true), Column(label: "规则", width: 16, wraps: true),
                            Column(label: "问题", width: 26, wraps: true), Column(label: "行内容", width: 36, wraps: true),
                            Column(label: "来源文件", width: 14, wraps: true)]
        log = try workbook.addSheet(Self.logSheet)
        logLayout = [Column(label: "文件名", width: 18, wraps: true), Column(label: "SHA-256", width: 68),
                     Column(label: Self.townColumn, width: 9), Column(label: "填报日期", width: 11), Column(label: "读取行数", width: 8),
                     Column(label: Self.errorsColumn, width: 7), Column(label: "警告数", width: 7), Column(label: "是否采用", width: 14, wraps: true)]

        var explanation = "每镇一行:提交情况、各工作表通过校验的行数、待核实(有错误)的行数与问题数。"
        if let founding = CampaignProgress.foundingColumn(in: configuration.schema) {
            explanation += "建成数为\(founding.sheet)中通过校验、\(founding.column)在 \(configuration.district.campaignStart) 及以后的行数;"
                + "完成率 = 建成数 ÷ 目标任务数。"
        }
        try start(summary, title: "各镇台账汇总", explanation: explanation, columns: summaryLayout, keyColumns: 1...1)
        for sheet in configuration.schema.sheets {
            guard let table = tables[sheet.name] else { continue }
            // The town and the first field that is not a running number repeat on every page across.
            let key = (sheet.columns.firstIndex { $0.type != .serial } ?? 0) + 2
            try start(table.writer, title: sheet.title ?? sheet.name,
                      explanation: "各镇报送的\(sheet.name)中通过校验的行,按镇的顺序;来源为文件、工作表与行号。有错误的行在“待核实”。",
                      columns: table.columns, keyColumns: 1...min(key, table.columns.count))
        }
        try start(quarantine, title: "待核实的行",
                  explanation: "有错误、未合并的行:每个错误一行,写明单元格、规则与问题,以及整行的内容。各镇改正后重新报送,即可合并。",
                  columns: quarantineLayout, keyColumns: 1...3)
        try start(log, title: "合并日志",
                  explanation: "每份收到的文件及其处理结果,按全区各镇的顺序;SHA-256 为文件内容的摘要,可据以核对文件未被改动。",
                  columns: logLayout, keyColumns: 1...1)
    }

    /// The campaign as titles name it: 青山湖区乡镇实体化“大团委”建设.
    private var campaignTitle: String {
        PrintLayout.typographic(configuration.district.district + configuration.district.campaign)
    }

    /// The date the data stands at, as printed: 2026-10-31.
    private var asOfText: String? { asOf?.description }

    /// A sheet's title, the line dating and explaining it, and its header, frozen and filtered;
    /// and how it prints: across several pages (with `keyColumns` repeated, an explicit break
    /// after the last column that fits) when too wide for one, the title then over the first page.
    private func start(_ sheet: SheetWriter, title: String, explanation: String, columns: [Column], keyColumns: ClosedRange<Int>) throws {
        for (index, column) in columns.enumerated() { try sheet.setColumnWidth(index + 1, column.width) }
        let widths = columns.map(\.width)
        var width = widths.reduce(0, +)
        var setup = PrintLayout.pageSetup(width: width, issuer: issuer, asOf: asOfText)
        var headingColumns = columns.count
        if setup.fitToPages == nil {
            setup.columnBreaks = PrintLayout.columnBreaks(widths: widths, keyColumns: keyColumns.upperBound, orientation: setup.orientation)
            headingColumns = setup.columnBreaks.first ?? columns.count
            width = widths.prefix(headingColumns).reduce(0, +)
        }
        pageSetups.append((sheet, setup, keyColumns))
        try writeHeading(sheet, title: title, explanation: explanation, width: width, columnCount: headingColumns)
        try writeHeader(sheet, labels: columns.map(\.label), widths: columns.map(\.width))
        try sheet.freezePanes(rows: Self.headerRow, columns: 1)
        try sheet.setAutoFilter(CellRange(CellReference(row: Self.headerRow, column: 1), CellReference(row: Self.headerRow, column: columns.count)))
    }

    /// Rows 1 and 2: the title and the line dating the sheet, each merged across the table.
    private func writeHeading(_ sheet: SheetWriter, title: String, explanation: String, width: Double, columnCount: Int) throws {
        let heading = campaignTitle + " " + title
        let titleLines = PrintLayout.lines(heading, width: width * HouseStyle.bodySize / HouseStyle.titleSize)
        try sheet.writeRow([WritableCell(.string(heading), style: styles.title)],
                           height: max(HouseStyle.titleHeight, PrintLayout.rowHeight(lines: titleLines, size: HouseStyle.titleSize)))
        let dated = (asOfText.map { "数据截至 \($0)(各镇报送台账的最新填报日期)。" } ?? "尚无带填报日期的台账。") + explanation
        let lines = PrintLayout.lines(dated, width: width * HouseStyle.bodySize / HouseStyle.noteSize)
        try sheet.writeRow([WritableCell(.string(dated), style: styles.subtitle)],
                           height: PrintLayout.rowHeight(lines: lines, size: HouseStyle.noteSize))
        if columnCount > 1 {
            for row in 1...2 { try sheet.merge(CellRange(CellReference(row: row, column: 1), CellReference(row: row, column: columnCount))) }
        }
    }

    /// The header row, as high as its longest wrapped label.
    private func writeHeader(_ sheet: SheetWriter, labels: [String], widths: [Double]) throws {
        let lines = zip(labels, widths).map { PrintLayout.lines($0, width: $1) }.max() ?? 1
        try sheet.writeRow(labels.map { WritableCell(.string($0), style: styles.header) },
                           at: Self.headerRow, height: max(HouseStyle.headerHeight, PrintLayout.rowHeight(lines: lines)))
    }

    /// Writes a table row: texts in wrapped columns wrap, the row as high as its longest text.
    private func writeTableRow(_ sheet: SheetWriter, _ cells: [WritableCell?], columns: [Column]) throws {
        var lines = 1
        let styled = zip(cells, columns).map { cell, column -> WritableCell? in
            guard var cell else { return WritableCell(.empty, style: column.wraps ? styles.borderedWrapped : styles.bordered) }
            if case .string(let text) = cell.value, column.wraps { lines = max(lines, PrintLayout.lines(text, width: column.width)) }
            if cell.style == nil { cell.style = column.wraps ? styles.borderedWrapped : styles.bordered }
            return cell
        }
        try sheet.writeRow(styled, height: lines > 1 ? PrintLayout.rowHeight(lines: lines) : HouseStyle.rowHeight)
    }

    /// A ledger value as a cell of the district ledger.
    private func cell(_ value: LedgerValue?) -> WritableCell? {
        guard let value else { return nil }
        switch value {
        case .text(let text), .phone(let text): return WritableCell(.string(text))
        case .integer(let number): return WritableCell(.number(Double(number)))
        case .decimal(let number): return WritableCell(.number(number))
        case .date(let day): return WritableCell(.date(LocalDateTime(year: day.year, month: day.month, day: day.day)), style: styles.borderedDate)
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
            guard let table = tables[sheet.name] else { continue }
            var rows: [(number: Int, values: [String: LedgerValue], cells: [String: FieldCell], sheetName: String)] = []
            if let form = submission.forms[sheet.name] {
                let number = form.fields.values.map(\.reference.row).min() ?? 1
                rows = [(number, form.fields.compactMapValues(\.value), form.fields, form.sheetName)]
            } else if let data = submission.tables[sheet.name] {
                rows = data.rows.map { ($0.number, $0.cells.compactMapValues(\.value), $0.cells, data.sheetName) }
            }
            for row in rows {
                let errors = sheet.kind == .form ? counted.errors(ofForm: row.sheetName) : counted.errors(row: row.number, ofTable: row.sheetName)
                if errors.isEmpty {
                    let source = "\(fileName) \(row.sheetName)!\(row.number)"
                    try writeTableRow(table.writer, Self.fitted([WritableCell(.string(town))] + sheet.columns.map { cell(row.values[$0.label]) }
                                                                + [WritableCell(.string(source))]), columns: table.columns)
                    counts[sheet.name, default: 0] += 1
                    clean[sheet.name, default: []].append(row.values)
                } else {
                    quarantined += 1
                    let content = sheet.columns.compactMap { column -> String? in
                        guard let typed = row.cells[column.label]?.typed, !typed.isEmpty else { return nil }
                        return "\(column.label):\(typed)"
                    }.joined(separator: ";")
                    for finding in errors {
                        try writeTableRow(quarantine, Self.fitted([
                            WritableCell(.string(town)), WritableCell(.string(row.sheetName)),
                            WritableCell(.string(finding.cell?.description ?? "")), WritableCell(.string(finding.column ?? "")),
                            WritableCell(.string(finding.value ?? "")), WritableCell(.string(configuration.schema.ruleName(finding.code))),
                            WritableCell(.string(finding.message.chinese)), WritableCell(.string(content)), WritableCell(.string(fileName)),
                        ]), columns: quarantineLayout)
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

    /// One town's row of 汇总; `rows` nil when the town sent nothing; `founded` its organisations
    /// counted by 进度 (nil when the schema counts none).
    func writeSummary(town: String, target: Int, rows: TownData?, counts: [String: Int], quarantined: Int, errors: Int, warnings: Int,
                      founded: Int?, extra: [Double?]) throws {
        let row = Self.headerRow + 1 + summaryRows
        // Each cell with the number it adds to the total (a submitted town's status counts 1).
        var cells: [(cell: WritableCell?, number: Double?)] = [
            (WritableCell(.string(town)), nil), (WritableCell(.number(Double(target))), Double(target)),
            (WritableCell(.string(rows == nil ? "未提交" : Self.submitted), style: styles.centered), rows == nil ? 0 : 1),
        ]
        func number(_ value: Double?) -> (WritableCell?, Double?) { (value.map { WritableCell(.number($0)) }, value) }
        cells += configuration.schema.sheets.map { number(rows == nil ? nil : Double(counts[$0.name] ?? 0)) }
        if CampaignProgress.foundingColumn(in: configuration.schema) != nil {
            let foundedColumn = CellReference.columnLetters(cells.count + 1)
            let count = Double(founded ?? 0)
            cells.append(number(count))
            cells.append((WritableCell(.formula("IF(B\(row)>0,\(foundedColumn)\(row)/B\(row),0)",
                                                cached: .number(target > 0 ? count / Double(target) : 0)), style: styles.percent), nil))
        }
        cells += [quarantined, rows?.dataRowCount, errors, warnings].map { value in number(rows == nil ? nil : value.map { Double($0) }) }
        cells += extra.map(number)
        try writeTableRow(summary, cells.map(\.cell), columns: summaryLayout)
        summaryCache.append(cells.map(\.number))
        summaryRows += 1
    }

    /// 汇总's 合计 row: live sums of the counts, the towns that submitted, the district's
    /// completion rate; written after the last town's row.
    private func writeSummaryTotal(cachedRows: [[Double?]]) throws {
        let first = Self.headerRow + 1
        let last = Self.headerRow + summaryRows
        let row = last + 1
        var cells: [WritableCell?] = [WritableCell(.string("合计"), style: styles.total)]
        for (offset, column) in summaryLayout.enumerated().dropFirst() {
            let letters = CellReference.columnLetters(offset + 1)
            let range = "\(letters)\(first):\(letters)\(last)"
            let cached = cachedRows.compactMap { $0[offset] }.reduce(0, +)
            switch column.label {
            case Self.statusColumn:
                let submitted = Double(cachedRows.filter { $0[offset] == 1 }.count)
                cells.append(WritableCell(.formula(summaryRows == 0 ? "0" : "COUNTIF(\(range),\"\(Self.submitted)\")", cached: .number(submitted)),
                                          style: styles.total))
            case Self.rateColumn:
                let founded = CellReference.columnLetters(offset)
                let target = cachedRows.compactMap { $0[1] }.reduce(0, +)
                let count = cachedRows.compactMap { $0[offset - 1] }.reduce(0, +)
                cells.append(WritableCell(.formula("IF(B\(row)>0,\(founded)\(row)/B\(row),0)", cached: .number(target > 0 ? count / target : 0)),
                                          style: styles.totalPercent))
            default:
                cells.append(WritableCell(.formula(summaryRows == 0 ? "0" : "SUM(\(range))", cached: .number(cached)), style: styles.total))
            }
        }
        try summary.writeRow(cells, height: HouseStyle.rowHeight)
    }

    /// 合并日志: every input and what became of it, in the order given (the district's order of
    /// towns: ``MergeOutcome/districtOrder(_:towns:)``).
    func writeLog(_ entries: [MergeEntry]) throws {
        for entry in entries {
            try writeTableRow(log, [
                WritableCell(.string(entry.fileName)), WritableCell(.string(entry.sha256)), entry.town.map { WritableCell(.string($0)) },
                entry.reportDate.map { WritableCell(.date(LocalDateTime(year: $0.year, month: $0.month, day: $0.day)), style: styles.borderedDate) },
                WritableCell(.number(Double(entry.rowsRead))), WritableCell(.number(Double(entry.errors))),
                WritableCell(.number(Double(entry.warnings))), WritableCell(.string(entry.status.label)),
            ], columns: logLayout)
        }
    }

    /// 进度: see ``ProgressSheet``.
    func writeProgress(_ progress: CampaignProgress) throws {
        guard let sheet = self.progress else { return }
        try ProgressSheet(progress: progress, district: configuration.district, issuer: issuer, styles: styles, asOf: asOfText,
                          campaignTitle: campaignTitle).write(to: sheet)
    }

    /// Lays every sheet out for printing, and writes the workbook.
    func close() throws {
        try writeSummaryTotal(cachedRows: summaryCache)
        for (sheet, setup, keyColumns) in pageSetups {
            try sheet.setPageSetup(setup)
            // Across pages only the header repeats over the key columns (the title is the first page's).
            if setup.fitToPages == nil {
                try sheet.setPrintTitles(rows: Self.headerRow...Self.headerRow, columns: keyColumns)
            } else {
                try sheet.setPrintTitles(rows: 1...Self.headerRow)
            }
        }
        try workbook.close()
    }
}
