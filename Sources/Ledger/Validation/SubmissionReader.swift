import XLSX

/// Reads a town's workbook into a ``Submission``: finds each sheet, each table's header (by its
/// labels, anywhere in the first rows, columns in any order), normalises every cell and records
/// the findings about structure and typed forms.
struct SubmissionReader {
    let schema: LedgerSchema
    let normaliser: ValueNormaliser

    func read(_ workbook: Workbook, findings: inout [Finding]) throws -> Submission {
        var submission = Submission()
        var used: Set<String> = []
        for sheetSchema in schema.sheets {
            guard let sheet = locate(sheetSchema.name, in: workbook) else {
                if !sheetSchema.optional {
                    findings.append(Finding(severity: .error, code: .missingSheet, sheet: sheetSchema.name, cell: nil, column: nil,
                                            value: nil, message: Messages.missingSheet(sheetSchema.name)))
                }
                continue
            }
            used.insert(sheet.name)
            guard let rows = try readRows(workbook, sheet, severity: .error, &findings) else { continue }
            switch sheetSchema.kind {
            case .form:
                submission.forms[sheetSchema.name] = readForm(sheetSchema, sheet.name, rows.rows, rows.pending, &findings)
            case .table:
                if let table = readTable(sheetSchema, sheet.name, rows.rows, rows.pending, &findings) {
                    submission.tables[sheetSchema.name] = table
                }
            }
        }
        // The findings sheet of an annotated copy sent back and returned is ours, not the town's.
        let reportIndex = workbook.definedNames.first { $0.name == WorkbookPatcher.reportMarkerName }?.localSheetIndex
        for sheet in workbook.sheets where !used.contains(sheet.name) && sheet.name != schema.instructionsSheet
            && sheet.state == .visible && sheet.kind == .worksheet && sheet.index != reportIndex {
            guard let rows = try readRows(workbook, sheet, severity: .warning, &findings) else { continue }
            if rows.rows.contains(where: { row in row.cells.contains { !Self.isBlank($0.value) } }) {
                findings.append(Finding(severity: .warning, code: .extraSheet, sheet: sheet.name, cell: nil, column: nil,
                                        value: nil, message: Messages.extraSheet(sheet.name)))
            }
        }
        return submission
    }

    /// The workbook sheet for a schema sheet: the same name, else the same after normalising.
    private func locate(_ name: String, in workbook: Workbook) -> SheetInfo? {
        let worksheets = workbook.sheets.filter { $0.kind == .worksheet }
        return worksheets.first { $0.name == name }
            ?? worksheets.first { TextNormaliser.headerKey($0.name) == TextNormaliser.headerKey(name) }
    }

    /// A sheet's rows and its formula cells without a value; nil, with a `damaged-sheet` finding
    /// of the given severity, when the sheet's part is missing or damaged (the other sheets are
    /// still read).
    private func readRows(_ workbook: Workbook, _ sheet: SheetInfo, severity: Severity,
                          _ findings: inout [Finding]) throws -> (rows: [Row], pending: Set<CellReference>)? {
        var rows: [Row] = []
        var pending: Set<CellReference> = []
        do {
            try workbook.forEachRow(of: sheet) { row in
                rows.append(row)
                for formula in row.formulasWithoutValue { pending.insert(formula.reference) }
            }
        } catch let error as XLSXError where error.isPartDamage {
            findings.append(Finding(severity: severity, code: .damagedSheet, sheet: sheet.name, cell: nil, column: nil,
                                    value: nil, message: Messages.damagedSheet(sheet.name, error: error)))
            return nil
        }
        return (rows, pending)
    }

    static func isBlank(_ value: CellValue) -> Bool {
        if case .string(let text) = value { return TextNormaliser.normalise(text).isEmpty }
        return false
    }

    /// Normalises one cell of a column and records what the typed form says.
    private func field(_ cell: Cell?, at reference: CellReference, column: ColumnSchema, sheet: String,
                       pendingFormula: Bool, _ findings: inout [Finding]) -> FieldCell {
        if pendingFormula {
            findings.append(Finding(severity: .warning, code: .formulaWithoutValue, sheet: sheet, cell: reference,
                                    column: column.label, value: nil, message: Messages.formulaWithoutValue(column.label)))
        }
        guard let cell else { return FieldCell(reference: reference, typed: "", value: nil) }
        let typed = cell.value.displayText
        let normalised = normaliser.normalise(cell.value, typed: typed, column: column)
        if let issue = normalised.issue {
            // A serial number out of form is worth a warning, never an error.
            let severity = column.type == .serial ? .warning : issue.severity
            findings.append(Finding(severity: severity, code: issue.code, sheet: sheet, cell: reference, column: column.label,
                                    value: typed, message: issue.message))
        }
        return FieldCell(reference: reference, typed: typed, value: normalised.value)
    }

    private func readForm(_ schema: SheetSchema, _ sheetName: String, _ rows: [Row], _ pending: Set<CellReference>,
                          _ findings: inout [Finding]) -> FormData {
        var fields: [String: FieldCell] = [:]
        var labelRows: [String: Row] = [:]
        for row in rows {
            guard let label = row.cells.first, case .string(let text) = label.value else { continue }
            let key = TextNormaliser.headerKey(text)
            if labelRows[key] == nil { labelRows[key] = row }
        }
        for column in schema.columns {
            // The value sits right of the label: a label in the last column (XFD) has none.
            guard let row = labelRows[TextNormaliser.headerKey(column.label)], let labelCell = row.cells.first,
                  labelCell.reference.column < CellReference.maximumColumn else {
                findings.append(Finding(severity: column.required ? .error : .warning, code: .missingColumn, sheet: sheetName,
                                        cell: nil, column: column.label, value: nil, message: Messages.missingColumn(column.label)))
                continue
            }
            let reference = CellReference(row: row.number, column: labelCell.reference.column + 1)
            var cell = field(row[column: reference.column], at: reference, column: column, sheet: sheetName,
                             pendingFormula: pending.contains(reference), &findings)
            if cell.value == nil, cell.typed.isEmpty, let defaultValue = column.defaultValue {
                cell.value = normaliser.normalise(.string(defaultValue), typed: defaultValue, column: column).value
            }
            fields[column.label] = cell
        }
        return FormData(schema: schema, sheetName: sheetName, fields: fields)
    }

    private func readTable(_ schema: SheetSchema, _ sheetName: String, _ rows: [Row], _ pending: Set<CellReference>,
                           _ findings: inout [Finding]) -> TableData? {
        let labelsByKey = Dictionary(schema.columns.map { (TextNormaliser.headerKey($0.label), $0.label) }, uniquingKeysWith: { a, _ in a })
        // The header: the row among the first ones matching the most labels.
        var best: (row: Row, matches: Int)?
        for row in rows where row.number <= self.schema.headerSearchRows {
            let matches = Set(row.cells.compactMap { cell -> String? in
                guard case .string(let text) = cell.value else { return nil }
                return labelsByKey[TextNormaliser.headerKey(text)]
            }).count
            if matches > (best?.matches ?? 0) { best = (row, matches) }
        }
        guard let header = best?.row else {
            findings.append(Finding(severity: .error, code: .headerNotFound, sheet: sheetName, cell: nil, column: nil, value: nil,
                                    message: Messages.headerNotFound(sheetName, rows: self.schema.headerSearchRows)))
            return nil
        }
        var columns: [String: Int] = [:]
        var headerColumns: Set<Int> = []
        for cell in header.cells where !SubmissionReader.isBlank(cell.value) {
            headerColumns.insert(cell.reference.column)
            let text = cell.value.displayText
            if let label = labelsByKey[TextNormaliser.headerKey(text)], columns[label] == nil {
                columns[label] = cell.reference.column
            } else {
                findings.append(Finding(severity: .warning, code: .extraColumn, sheet: sheetName, cell: cell.reference,
                                        column: TextNormaliser.normalise(text), value: text, message: Messages.extraColumn(text)))
            }
        }
        for column in schema.columns where columns[column.label] == nil {
            findings.append(Finding(severity: column.required ? .error : .warning, code: .missingColumn, sheet: sheetName,
                                    cell: nil, column: column.label, value: nil, message: Messages.missingColumn(column.label)))
        }
        let firstColumn = headerColumns.min() ?? 1
        // Each row's lookups go by column number, not by label (hashing Chinese text per cell adds up).
        let presentColumns = schema.columns.enumerated().compactMap { position, column in columns[column.label].map { (position, column, $0) } }
        var dataRows: [DataRow] = []
        var lastDataRow = header.number
        for row in rows where row.number > header.number {
            let holdsData = row.cells.contains { headerColumns.contains($0.reference.column) && !Self.isBlank($0.value) }
                || row.formulasWithoutValue.contains { headerColumns.contains($0.reference.column) }
            guard holdsData else { continue }
            if row.number > lastDataRow + 1 {
                findings.append(Finding(severity: .warning, code: .blankRow, sheet: sheetName,
                                        cell: CellReference(row: lastDataRow + 1, column: firstColumn), column: nil, value: nil,
                                        message: Messages.blankRows(lastDataRow + 1, row.number - 1)))
            }
            lastDataRow = row.number
            var cells: [String: FieldCell] = Dictionary(minimumCapacity: presentColumns.count)
            var ordered = [FieldCell?](repeating: nil, count: schema.columns.count)
            for (position, column, number) in presentColumns {
                let reference = CellReference(row: row.number, column: number)
                let cell = row[column: number].flatMap { Self.isBlank($0.value) ? nil : $0 }
                let made = field(cell, at: reference, column: column, sheet: sheetName, pendingFormula: pending.contains(reference), &findings)
                cells[column.label] = made
                ordered[position] = made
            }
            dataRows.append(DataRow(number: row.number, cells: cells, ordered: ordered))
        }
        return TableData(schema: schema, sheetName: sheetName, headerRow: header.number, columns: columns,
                         firstColumn: firstColumn, rows: dataRows)
    }
}
