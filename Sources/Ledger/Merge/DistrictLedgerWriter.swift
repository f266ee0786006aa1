import XLSX

/// Writes the district ledger (区汇总.xlsx) sheet by sheet as the merge goes.
final class DistrictLedgerWriter {
    static let summarySheet = "汇总"
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
    private let summary: SheetWriter
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

    init(path: String, configuration: LedgerConfiguration, summaryColumns: [String], inputCount: Int) throws {
        self.configuration = configuration
        workbook = try WorkbookWriter(path: path, options: WriterOptions(useSharedStrings: inputCount <= Self.inlineStringsAbove))
        workbook.properties.title = "\(configuration.district.district)\(configuration.schema.name)(区汇总)"
        workbook.properties.creator = configuration.district.district
        header = try workbook.register(CellStyle(font: FontStyle(bold: true), fillColor: Color(rgb: 0xDDEBF7),
                                                 border: Border.all(.thin, color: Color(rgb: 0xBFBFBF)), horizontalAlignment: .center))
        date = try workbook.register(CellStyle(numberFormat: "yyyy-mm-dd"))

        summary = try workbook.addSheet(Self.summarySheet)
        let tableLabels = configuration.schema.sheets.map { $0.name + "行数" }
        let summaryHeader = [Self.townColumn, Self.targetColumn, Self.statusColumn] + tableLabels
            + [Self.quarantinedColumn, Self.dataRowsColumn, Self.errorsColumn, "警告数"] + summaryColumns
        try Self.start(summary, header: summaryHeader, style: header)

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
                let errors = findings.filter { finding in
                    finding.severity == .error && finding.sheet == row.sheetName
                        && (sheet.kind == .form ? finding.cell != nil : finding.cell?.row == row.number)
                }
                if errors.isEmpty {
                    let source = "\(fileName) \(row.sheetName)!\(row.number)"
                    try writer.writeRow([WritableCell(.string(town))] + sheet.columns.map { cell(row.values[$0.label]) } + [WritableCell(.string(source))])
                    counts[sheet.name, default: 0] += 1
                    clean[sheet.name, default: []].append(row.values)
                } else {
                    quarantined += 1
                    let content = sheet.columns.compactMap { column -> String? in
                        guard let typed = row.cells[column.label]?.typed, !typed.isEmpty else { return nil }
                        return "\(column.label):\(typed)"
                    }.joined(separator: ";")
                    for finding in errors {
                        try quarantine.writeRow([
                            WritableCell(.string(town)), WritableCell(.string(row.sheetName)),
                            WritableCell(.string(finding.cell?.description ?? "")), WritableCell(.string(finding.column ?? "")),
                            WritableCell(.string(finding.value ?? "")), WritableCell(.string(finding.code.rawValue)),
                            WritableCell(.string(finding.message.chinese)), WritableCell(.string(content)), WritableCell(.string(fileName)),
                        ])
                    }
                }
            }
        }
        return (counts, quarantined, clean)
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

    func close() throws {
        try workbook.close()
    }
}
