import Foundation
import XLSX

/// Corrects and adds to a town's own workbook from the portal (`portal.md`, "Correcting and
/// adding on the page"), losslessly: the edited workbook is the town's file with only the
/// edited cells and the new rows changed (`WorkbookEditor` of XLSX), ready to be validated
/// and recorded like any upload.
///
/// ```swift
/// let configuration = try LedgerConfiguration.default()
/// let validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
/// let result = validator.validate(path: "湖坊镇台账.xlsx")
/// let editor = LedgerEditor(schema: configuration.schema, district: configuration.district)
/// let request = EditRequest(cells: [CellEditRequest(sheet: "直属团组织", cell: "F9", value: "2026-10-08")],
///                           rows: [RowEditRequest(sheet: "直属团组织", values: ["团组织名称": "湖坊镇商业街团支部"])])
/// do {
///     try editor.write(request, for: result, to: "edited/" + LedgerEditor.editedFileName(of: result))
///     let edited = validator.validate(path: "edited/" + LedgerEditor.editedFileName(of: result))
/// } catch let refusal as EditRefusal {
///     print(refusal.code, refusal.message(.chinese))   // not-editable / invalid: answer 422
/// }
/// ```
///
/// What may be written: the cells of a table's data rows in the ledger's columns, and the value
/// cells of a form's fields (基本信息, 填报日期 included); any other cell, sheet or column is
/// refused as `not-editable` (``EditRefusal``). Values are typed by their column, never as a
/// formula:
/// - a date column: a date typed as the validator reads one (2026-10-08, 2026/10/8, 2026.10.8,
///   20261008, 2026年10月8日, 10月8日 in the campaign's year) is a real date, in the workbook's
///   own date system;
/// - a number column (whole numbers, decimals, 序号): a plain decimal number (full-width digits
///   folded, at most 15 significant digits) is a number;
/// - phones (so 13800138000 stays exact), choices, names, lists and free text are text;
/// - a value that does not read as its column's type ("abc" in a date column) is written as the
///   text typed, as Excel keeps what a town types, for the validation to report next to its input;
/// - surrounding white space goes, line breaks inside stay, an empty value empties the cell; a
///   control character or more than 32,767 characters is refused as `invalid`.
///
/// Rows go after the table's last row holding anything in its columns, formatted like its last
/// data row; a running number (序号, a `serial` column) left empty continues the table's.
///
/// An Excel 97–2003 submission (`.xls`, `.et`) is edited as its `.xlsx` conversion (values,
/// number formats, merged ranges and hidden rows; see `Workbook.writeCopyAsXLSX(to:)`), named
/// by ``editedFileName(of:)``.
public struct LedgerEditor: Sendable {
    /// The ledger's schema.
    public let schema: LedgerSchema
    /// The district (its campaign year dates `10月8日`).
    public let district: DistrictConfig
    /// Limits for reading submissions.
    public var limits = ReadLimits()

    /// An editor for a ledger and a district.
    public init(schema: LedgerSchema, district: DistrictConfig) {
        self.schema = schema
        self.district = district
    }

    /// The file name of an edited submission: the name it is reported under
    /// (``SubmissionResult/name``, the name it was uploaded under on the portal), with `.xlsx` in
    /// place of `.xls` or `.et` when it is an Excel 97–2003 workbook edited as its conversion.
    public static func editedFileName(of result: SubmissionResult) -> String {
        Annotator.copyName(of: result)
    }

    /// The request checked against the submission and its values typed: what ``write(_:for:to:)``
    /// would write. Reads the submission's file (for its date system and where new rows go).
    ///
    /// - Throws: ``EditRefusal`` listing every problem of the request; an `XLSXError` when the
    ///   file cannot be read.
    public func plan(_ request: EditRequest, for result: SubmissionResult) throws -> EditPlan {
        guard result.readable, let submission = result.submission else {
            let sheet = request.cells.first?.sheet ?? request.rows.first?.sheet ?? ""
            throw EditRefusal(problems: [EditProblem(reason: .unreadableSubmission, sheet: sheet)])
        }
        let workbook = try Workbook(path: result.path, limits: limits)
        // A converted .xls is written in the 1900 date system, whatever the source used.
        let system = workbook.format == .xls ? .system1900 : workbook.dateSystem
        let typing = EditValueTyping(defaultYear: district.year, firstYear: system == .system1904 ? 1904 : 1900)
        var problems: [EditProblem] = []
        var plan = EditPlan()
        for request in request.cells {
            switch cellTarget(request, in: submission) {
            case .failure(let problem):
                problems.append(problem)
            case .success(let target):
                switch typing.value(request.value, column: target.column) {
                case .failure(let reason):
                    problems.append(EditProblem(reason: reason, sheet: request.sheet, cell: request.cell, column: target.column.label))
                case .success(let value):
                    plan.cells.append(PlannedCell(sheet: target.sheet, cell: target.cell, column: target.column.label, value: value))
                }
            }
        }
        var appendedCount: [String: Int] = [:]
        for request in request.rows {
            switch table(named: request.sheet, in: result) {
            case .failure(let problem):
                problems.append(problem)
            case .success(let table):
                var row = PlannedRow(sheet: table.sheetName, row: 0, values: [:])
                var rowProblems: [EditProblem] = []
                for (label, typed) in request.values.sorted(by: { $0.key < $1.key }) {
                    switch column(label, of: table) {
                    case .failure(let reason):
                        rowProblems.append(EditProblem(reason: reason, sheet: request.sheet, column: label))
                    case .success(let column):
                        switch typing.value(typed, column: column) {
                        case .failure(let reason):
                            rowProblems.append(EditProblem(reason: reason, sheet: request.sheet, column: column.label))
                        case .success(.empty):
                            continue
                        case .success(let value):
                            row.values[column.label] = value
                        }
                    }
                }
                if rowProblems.isEmpty && row.values.isEmpty {
                    rowProblems.append(EditProblem(reason: .emptyRow, sheet: request.sheet))
                }
                problems += rowProblems
                guard rowProblems.isEmpty else { continue }
                let earlier = appendedCount[table.sheetName, default: 0]
                appendedCount[table.sheetName] = earlier + 1
                fillSerialNumber(&row, of: table, after: earlier)
                plan.rows.append(row)
            }
        }
        guard problems.isEmpty else { throw EditRefusal(problems: problems) }
        // New rows go after the last row holding anything in the table's columns.
        var nextRow: [String: Int] = [:]
        for index in plan.rows.indices {
            let sheet = plan.rows[index].sheet
            if nextRow[sheet] == nil, let table = submission.tables.values.first(where: { $0.sheetName == sheet }) {
                nextRow[sheet] = try lastUsedRow(of: table, in: workbook) + 1
            }
            plan.rows[index].row = nextRow[sheet] ?? 1
            nextRow[sheet] = plan.rows[index].row + 1
        }
        return plan
    }

    /// Writes the edited workbook to `destination` (atomically; the submission's file is never
    /// changed), and says what was written.
    ///
    /// - Throws: ``EditRefusal`` for a request that cannot be carried out as asked (nothing is
    ///   written then); an `XLSXError` when the file cannot be read or the copy written.
    @discardableResult
    public func write(_ request: EditRequest, for result: SubmissionResult, to destination: String) throws -> EditPlan {
        let plan = try plan(request, for: result)
        let submission = result.submission!
        let edits = plan.cells.map { CellEdit(sheet: $0.sheet, cell: $0.cell, value: $0.value) }
        // One append per sheet: its rows are numbered one after another from the first.
        var appends: [RowAppend] = []
        for row in plan.rows {
            guard let table = submission.tables.values.first(where: { $0.sheetName == row.sheet }) else { continue }
            let values = Dictionary(uniqueKeysWithValues: row.values.compactMap { label, value in table.columns[label].map { ($0, value) } })
            if let index = appends.firstIndex(where: { $0.sheet == row.sheet }) {
                appends[index].rows.append(values)
            } else {
                appends.append(RowAppend(sheet: row.sheet, after: row.row - 1, styleRow: table.rows.last?.number, rows: [values]))
            }
        }
        do {
            try XLSXSource.with(result, beside: destination, limits: limits) { source in
                try WorkbookEditor(sourcePath: source, limits: limits).write(edits: edits, appends: appends, to: destination)
            }
        } catch WorkbookEditError.insideMergedRange(let sheet, let cell, let range) {
            throw EditRefusal(problems: [EditProblem(reason: .mergedCell(first: range.first.description), sheet: sheet, cell: cell.description)])
        }
        return plan
    }

    // MARK: resolving the request

    /// Where a cell of the request is: a form field's value cell or a table's data cell.
    private func cellTarget(_ request: CellEditRequest, in submission: Submission)
        -> Result<(sheet: String, cell: CellReference, column: ColumnSchema), EditProblem> {
        func problem(_ reason: EditProblem.Reason, column: String? = nil) -> Result<(sheet: String, cell: CellReference, column: ColumnSchema), EditProblem> {
            .failure(EditProblem(reason: reason, sheet: request.sheet, cell: request.cell, column: column))
        }
        guard let sheet = ledgerSheet(named: request.sheet) else { return problem(.sheetNotInLedger) }
        guard let cell = CellReference(request.cell.trimmingCharacters(in: .whitespaces)) else { return problem(.badReference) }
        switch sheet.kind {
        case .form:
            guard let form = submission.forms[sheet.name] else { return problem(.sheetMissing) }
            guard let field = form.schema.columns.first(where: { form.fields[$0.label]?.reference == cell }) else {
                return problem(.notAFormField)
            }
            return .success((form.sheetName, cell, field))
        case .table:
            guard let table = submission.tables[sheet.name] else { return problem(.sheetMissing) }
            if cell.row == table.headerRow { return problem(.header) }
            if cell.row < table.headerRow { return problem(.title) }
            guard let label = table.columns.first(where: { $0.value == cell.column })?.key, let column = table.schema.column(label) else {
                return problem(.notALedgerColumn)
            }
            guard table.rows.contains(where: { $0.number == cell.row }) else { return problem(.notADataRow, column: label) }
            return .success((table.sheetName, cell, column))
        }
    }

    /// The schema sheet a request names: by its name, the workbook's spelling of it, or the same
    /// after normalising (as the validator finds sheets).
    private func ledgerSheet(named name: String) -> SheetSchema? {
        schema.sheets.first { $0.name == name }
            ?? schema.sheets.first { TextNormaliser.headerKey($0.name) == TextNormaliser.headerKey(name) }
    }

    /// The table a row of the request is for.
    private func table(named name: String, in result: SubmissionResult) -> Result<TableData, EditProblem> {
        let submission = result.submission ?? Submission()
        let fileSheet = submission.tables.values.first { $0.sheetName == name }?.schema
            ?? submission.forms.values.first { $0.sheetName == name }?.schema
        guard let sheet = fileSheet ?? ledgerSheet(named: name) else {
            return .failure(EditProblem(reason: .sheetNotInLedger, sheet: name))
        }
        guard sheet.kind == .table else { return .failure(EditProblem(reason: .formSheet, sheet: name)) }
        guard let table = submission.tables[sheet.name] else {
            let missing = result.findings.contains { $0.code == .missingSheet && $0.sheet == sheet.name }
            return .failure(EditProblem(reason: missing ? .sheetMissing : .noHeader, sheet: name))
        }
        return .success(table)
    }

    /// The ledger column a label of a row names, found in the workbook's header.
    private func column(_ label: String, of table: TableData) -> Result<ColumnSchema, EditProblem.Reason> {
        guard let column = table.schema.column(label)
                ?? table.schema.columns.first(where: { TextNormaliser.headerKey($0.label) == TextNormaliser.headerKey(label) }) else {
            return .failure(.noSuchColumn)
        }
        guard table.columns[column.label] != nil else { return .failure(.columnMissing) }
        return .success(column)
    }

    /// A running number (序号) left empty continues the table's (see ``nextSerialNumber(of:column:)``),
    /// counting the rows added before this one.
    private func fillSerialNumber(_ row: inout PlannedRow, of table: TableData, after earlier: Int) {
        for column in table.schema.columns where column.type == .serial && table.columns[column.label] != nil && row.values[column.label] == nil {
            if let next = Self.nextSerialNumber(of: table, column: column.label) { row.values[column.label] = .number(Double(next + earlier)) }
        }
    }

    /// The running number a new row of a table takes: the last data row's plus one, 1 in an
    /// empty table, nil when the last row has none.
    static func nextSerialNumber(of table: TableData, column: String) -> Int? {
        guard let last = table.rows.last else { return 1 }
        guard case .integer(let number)? = last.value(column), number < Int.max else { return nil }
        return number + 1
    }

    /// The last row below the header holding anything (a value, a formula) in the table's header
    /// columns; the header row itself when none does.
    private func lastUsedRow(of table: TableData, in workbook: Workbook) throws -> Int {
        let sheet = try workbook.sheet(named: table.sheetName)
        var headerColumns = Set(table.columns.values)
        var last = table.rows.last?.number ?? table.headerRow
        try workbook.forEachRow(of: sheet) { row in
            if row.number == table.headerRow {
                headerColumns.formUnion(row.cells.filter { !SubmissionReader.isBlank($0.value) }.map(\.reference.column))
            } else if row.number > last, row.cells.contains(where: { headerColumns.contains($0.reference.column) && $0.value != .string("") })
                        || row.formulasWithoutValue.contains(where: { headerColumns.contains($0.reference.column) }) {
                last = row.number
            }
        }
        return last
    }
}

/// What an edit request comes to: the cells to set and the rows to add, values typed.
public struct EditPlan: Hashable, Sendable {
    /// The cells to set, in the request's order.
    public var cells: [PlannedCell] = []
    /// The rows to add, in the request's order.
    public var rows: [PlannedRow] = []
}

/// A cell an edit sets.
public struct PlannedCell: Hashable, Sendable {
    /// The sheet as the workbook spells it.
    public var sheet: String
    /// The cell.
    public var cell: CellReference
    /// The column's (or form field's) label.
    public var column: String
    /// The value, typed by the column.
    public var value: CellEditValue
}

/// A row an edit adds.
public struct PlannedRow: Hashable, Sendable {
    /// The sheet as the workbook spells it.
    public var sheet: String
    /// The row's number in the edited workbook.
    public var row: Int
    /// The values by column label, typed by the column (a running number filled in).
    public var values: [String: CellEditValue]
}
