import XLSX

/// The kind of input a page offers for a column (`portal.md`: a date input for date columns, a
/// number input for numbers, a list for columns with choices, text otherwise).
public enum InputKind: String, Hashable, Sendable {
    /// A date (`<input type="date">`, `YYYY-MM-DD`).
    case date
    /// A number (whole numbers, decimals, 序号).
    case number
    /// One of the column's choices (a drop-down).
    case list
    /// Free text (phones too: they are text, digit for digit).
    case text

    /// The input for a column: a list when it has choices, else by its type.
    public init(_ column: ColumnSchema) {
        if !column.values.isEmpty {
            self = .list
            return
        }
        switch column.type {
        case .date: self = .date
        case .integer, .decimal, .serial: self = .number
        case .text, .phone, .choice, .personName, .list: self = .text
        }
    }
}

/// A cell a town may correct on its submission's page: where it is, its column, its current
/// value and the input to show.
public struct EditableCell: Hashable, Sendable {
    /// The sheet as the workbook spells it.
    public var sheet: String
    /// The cell.
    public var cell: CellReference
    /// The column's (or form field's) label.
    public var column: String
    /// The column's type.
    public var type: FieldType
    /// The input to show.
    public var kind: InputKind
    /// Whether the column must not be left empty.
    public var required: Bool
    /// The choices of a list, in order.
    public var choices: [String]
    /// The value as typed in the file (`2026/10/8`, `二十`, `13800138000`).
    public var typed: String
    /// What the input holds at first: for a date input, the date as `YYYY-MM-DD` when the value
    /// reads as one; for a list, the choice the value reads as (a synonym's choice); else ``typed``.
    public var inputValue: String
    /// Whether the cell is a form field's value (基本信息), not a table's.
    public var isFormField: Bool
    /// The findings about this cell, errors first.
    public var findings: [Finding]

    /// The input's name on the page's form: `cell:直属团组织!G7`.
    public var inputName: String { "cell:\(sheet)!\(cell)" }
}

/// The form that adds a row to one table sheet: one field per column of the ledger found in
/// the workbook's header, in the ledger's order.
public struct NewRowForm: Hashable, Sendable {
    /// The sheet as the workbook spells it (what a ``RowEditRequest`` names).
    public var sheet: String
    /// The fields.
    public var fields: [NewRowField]
}

/// One field of a ``NewRowForm``.
public struct NewRowField: Hashable, Sendable {
    /// The column's label (the key in ``RowEditRequest/values``).
    public var label: String
    /// The column's type.
    public var type: FieldType
    /// The input to show.
    public var kind: InputKind
    /// Whether the column must be filled in.
    public var required: Bool
    /// The choices of a list, in order.
    public var choices: [String]
    /// A value to start with: the next running number (序号), nil otherwise.
    public var suggested: String?
}

extension LedgerEditor {
    /// The cells of a submission a page offers inputs for: every form field (基本信息, 填报日期
    /// included) in the ledger's order, then every other cell a finding names that may be
    /// edited (a data cell of a ledger column), in the findings' order. None for an unreadable
    /// submission.
    public func editableCells(of result: SubmissionResult) -> [EditableCell] {
        guard result.readable, let submission = result.submission else { return [] }
        var cells: [EditableCell] = []
        var seen: Set<SheetCell> = []
        func findings(_ sheet: String, _ cell: CellReference) -> [Finding] {
            let here = result.findings.filter { $0.sheet == sheet && $0.cell == cell }
            return here.filter { $0.severity == .error } + here.filter { $0.severity == .warning }
        }
        func add(sheet: String, column: ColumnSchema, field: FieldCell, isFormField: Bool) {
            guard seen.insert(SheetCell(sheet: sheet, cell: field.reference)).inserted else { return }
            cells.append(EditableCell(sheet: sheet, cell: field.reference, column: column.label, type: column.type,
                                      kind: InputKind(column), required: column.required, choices: column.values,
                                      typed: field.typed, inputValue: Self.inputValue(of: field, kind: InputKind(column)),
                                      isFormField: isFormField, findings: findings(sheet, field.reference)))
        }
        for sheet in schema.sheets where sheet.kind == .form {
            guard let form = submission.forms[sheet.name] else { continue }
            for column in sheet.columns {
                if let field = form.fields[column.label] { add(sheet: form.sheetName, column: column, field: field, isFormField: true) }
            }
        }
        let tables = Dictionary(submission.tables.values.map { ($0.sheetName, $0) }, uniquingKeysWith: { first, _ in first })
        for finding in result.findings {
            guard let sheet = finding.sheet, let cell = finding.cell, let table = tables[sheet],
                  let label = table.columns.first(where: { $0.value == cell.column })?.key, let column = table.schema.column(label),
                  let row = table.rows.first(where: { $0.number == cell.row }) else { continue }
            add(sheet: sheet, column: column, field: row.cells[label] ?? FieldCell(reference: cell, typed: "", value: nil), isFormField: false)
        }
        return cells
    }

    /// The forms that add a row, one per table sheet of the submission (in the ledger's order);
    /// a table whose header was not found has none.
    public func newRowForms(of result: SubmissionResult) -> [NewRowForm] {
        guard result.readable, let submission = result.submission else { return [] }
        return schema.sheets.compactMap { sheet -> NewRowForm? in
            guard sheet.kind == .table, let table = submission.tables[sheet.name] else { return nil }
            let fields = sheet.columns.filter { table.columns[$0.label] != nil }.map { column -> NewRowField in
                let suggested = column.type == .serial ? Self.nextSerialNumber(of: table, column: column.label).map(String.init) : nil
                return NewRowField(label: column.label, type: column.type, kind: InputKind(column), required: column.required,
                                   choices: column.values, suggested: suggested)
            }
            return NewRowForm(sheet: table.sheetName, fields: fields)
        }
    }

    /// What an input shows at first for a cell.
    static func inputValue(of field: FieldCell, kind: InputKind) -> String {
        switch (kind, field.value) {
        case (.date, .date(let date)?): return date.description
        case (.list, .text(let choice)?): return choice
        default: return field.typed
        }
    }
}
