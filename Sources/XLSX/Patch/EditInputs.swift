/// A value to put in a cell with ``WorkbookEditor``: a number, a date, text, or nothing —
/// never a formula (text starting with `=` is text).
public enum CellEditValue: Hashable, Sendable {
    /// A number (finite), shown in the cell's own format — or General when that format would
    /// show it as a date or time.
    case number(Double)
    /// A date (and time of day): stored as a serial number in the workbook's own date system,
    /// shown with the cell's own format when that shows it, else with Excel's built-in short date
    /// (id 14; 22 with a time of day, 21 for a time of day alone on 1899-12-30).
    case date(LocalDateTime)
    /// Text, stored in the shared-strings table (at most ``ExcelLimits/cellTextLength`` UTF-16 units).
    case text(String)
    /// No value: the cell keeps its format, loses its value and formula.
    case empty
}

/// One cell to set with ``WorkbookEditor``.
///
/// ```swift
/// let edit = CellEdit(sheet: "直属团组织", cell: CellReference("F9")!,
///                     value: .date(LocalDateTime(year: 2026, month: 10, day: 8)))
/// ```
public struct CellEdit: Hashable, Sendable {
    /// The sheet's name (exact, else ignoring case).
    public var sheet: String
    /// The cell; it may be missing from the file (it is then created, with its row if need be).
    public var cell: CellReference
    /// The new value.
    public var value: CellEditValue

    /// An edit setting `cell` of `sheet` to `value`.
    public init(sheet: String, cell: CellReference, value: CellEditValue) {
        self.sheet = sheet
        self.cell = cell
        self.value = value
    }
}

/// New rows to write below a row of a sheet with ``WorkbookEditor``: they take rows
/// `after + 1`, `after + 2`, … .
///
/// ```swift
/// // Two rows after row 9, formatted like row 9.
/// let append = RowAppend(sheet: "直属团组织", after: 9, rows: [
///     [2: .text("湖坊镇商业街团支部"), 6: .date(LocalDateTime(year: 2026, month: 10, day: 20))],
///     [2: .text("湖坊镇湖坊村团支部")],
/// ])
/// ```
///
/// With a ``styleRow`` (by default `after` itself), each new row looks like it: its height and
/// row format, each of its formatted cells' format (a cell given no value is written empty with
/// that format), its merged ranges that lie within the row. Ranges that end at row `after` grow
/// to cover the new rows: an Excel table (with its filter) that is not followed by a totals row,
/// the sheet's auto-filter, data validations, conditional formats, and the sheet's
/// `_xlnm._FilterDatabase` and `_xlnm.Print_Area` names. Without a style row (`styleRow` nil:
/// say, a table with a header and no data row yet, whose header's look must not be copied), a
/// new cell takes the format its row or column already has and no range grows.
///
/// A row of the target range that exists already (pre-formatted rows) is written into: its
/// cells holding nothing get the values, a cell that holds a value or formula is never
/// overwritten (``WorkbookEditError/cellNotEmpty(sheet:cell:)``), and the row is shown if it was hidden.
public struct RowAppend: Hashable, Sendable {
    /// The sheet's name (exact, else ignoring case).
    public var sheet: String
    /// The row the new rows follow.
    public var after: Int
    /// The row whose look the new rows copy (at most `after`); nil to copy nothing.
    public var styleRow: Int?
    /// Each new row's values by 1-based column number.
    public var rows: [[Int: CellEditValue]]

    /// New rows after row `after` of `sheet`, formatted like row `after`.
    public init(sheet: String, after: Int, rows: [[Int: CellEditValue]]) {
        self.init(sheet: sheet, after: after, styleRow: after, rows: rows)
    }

    /// New rows after row `after` of `sheet`, formatted like `styleRow` (nil: copy no row's look).
    public init(sheet: String, after: Int, styleRow: Int?, rows: [[Int: CellEditValue]]) {
        self.sheet = sheet
        self.after = after
        self.styleRow = styleRow
        self.rows = rows
    }
}

/// What ``WorkbookEditor/write(edits:appends:to:)`` changed, for messages and checks.
public struct EditSummary: Hashable, Sendable {
    /// Parts written anew (changed) in the copy; every other part is copied byte for byte.
    public var rewrittenParts: [String]
    /// Parts the copy has that the source had not (a shared-strings table, when it had none).
    public var addedParts: [String]
    /// Cells whose value was set (edits and appended values).
    public var editedCells: Int
    /// Cells that held a formula which the edit replaced (or, for a cell of an array formula's
    /// range, whose array was turned into its values).
    public var removedFormulas: [SheetCell]
    /// The rows written by the appends, in the order asked.
    public var appendedRows: [AppendedRows]
}

/// Rows an append wrote.
public struct AppendedRows: Hashable, Sendable {
    /// The sheet's name as the workbook spells it.
    public var sheet: String
    /// The rows' numbers.
    public var rows: ClosedRange<Int>
}

/// A cell of a named sheet: where an edit landed.
public struct SheetCell: Hashable, Sendable, CustomStringConvertible {
    /// The sheet's name as the workbook spells it.
    public var sheet: String
    /// The cell.
    public var cell: CellReference

    /// A cell of a sheet.
    public init(sheet: String, cell: CellReference) {
        self.sheet = sheet
        self.cell = cell
    }

    /// `sheet!A1`.
    public var description: String { "\(sheet)!\(cell)" }
}
