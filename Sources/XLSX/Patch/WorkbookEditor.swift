/// Writes a copy of a workbook with cells set and rows added, everything else kept: each part
/// the edits do not touch is copied byte for byte (other sheets, drawings, charts, comments,
/// VBA …); an edited sheet is streamed through with only the edited cells and rows changed; the
/// shared-strings table gets the new texts appended (it is made, with its content type and
/// relationship, when the workbook has none); `styles.xml` gains a cell format only when a date
/// goes into a cell whose format shows no date (a copy of the cell's format — same font, fill,
/// border, alignment — with Excel's built-in short date, id 14, which Excel itself gives a date
/// typed into a General cell), reused by every such cell of that format.
///
/// ```swift
/// let editor = WorkbookEditor(sourcePath: "湖坊镇台账.xlsx")
/// try editor.write(edits: [
///     CellEdit(sheet: "直属团组织", cell: CellReference("F9")!, value: .date(LocalDateTime(year: 2026, month: 10, day: 8))),
///     CellEdit(sheet: "直属团组织", cell: CellReference("J9")!, value: .text("13800138000")),
/// ], appends: [
///     RowAppend(sheet: "直属团组织", after: 12, rows: [[2: .text("湖坊镇商业街团支部"), 7: .number(5)]]),
/// ], to: "湖坊镇台账-修改.xlsx")
/// ```
///
/// Values are written as values, never as formulas:
/// - a number as a number; a date as a serial number in the workbook's own date system (1900,
///   or 1904 for `date1904` workbooks) with a date format; text as a shared string (Excel's own
///   way, which every reader understands); ``CellEditValue/empty`` leaves the cell's format only.
/// - A formula in an edited cell is replaced by the value. When the cell was the master of a
///   shared formula, the group's other cells get the formula written out in full (moved to
///   them, as Excel reads it), so they keep working. When the cell belongs to an array formula's
///   range, the array is turned into its values (each cell keeps the value it showed), as Excel's
///   "paste values" over the array would. The calculation chain (`calcChain.xml`) loses the
///   cells that no longer hold formulas (and goes when none is left), so Excel opens the copy
///   without repairs.
/// - A cell missing from the file is created, with its row when that is missing too, in row
///   and column order; it takes its row's or column's format.
/// - A cell inside a merged range other than its top-left one is refused: its value would be
///   hidden (``WorkbookEditError/insideMergedRange(sheet:cell:range:)``).
///
/// Several edits of one cell: the last one wins. `<dimension>` grows to cover the new cells.
/// The source is never modified; the copy is written atomically (a temporary file in the
/// destination's folder, renamed when complete).
public struct WorkbookEditor: Sendable {
    /// The workbook to copy; never changed.
    public var sourcePath: String
    /// Limits for reading the source.
    public var limits: ReadLimits

    /// An editor of the workbook at `sourcePath`.
    public init(sourcePath: String, limits: ReadLimits = ReadLimits()) {
        self.sourcePath = sourcePath
        self.limits = limits
    }

    /// Writes the edited copy to `destination` (not the source itself).
    ///
    /// - Parameters:
    ///   - edits: cells to set; a sheet that does not exist or is a chart sheet is an error.
    ///   - appends: rows to add after given rows (see ``RowAppend``).
    ///   - destination: where the copy goes.
    /// - Returns: what changed.
    /// - Throws: ``WorkbookEditError`` for an edit that cannot be made as asked, ``XLSXError``
    ///   for a workbook that cannot be read or a copy that cannot be written (nothing is
    ///   written then).
    @discardableResult
    public func write(edits: [CellEdit], appends: [RowAppend] = [], to destination: String) throws -> EditSummary {
        try WorkbookPatcher.refuseSameFile(source: sourcePath, destination: destination)
        let session = try PatchSession(sourcePath: sourcePath, limits: limits, marker: WorkbookPatcher.defaultCommentMarker, author: "")
        defer { session.removeTemporaryFiles() }
        let outcome = try session.planEdits(edits, appends: appends)
        let written = try session.write(to: destination)
        return EditSummary(rewrittenParts: written.rewrittenParts, addedParts: written.addedParts, editedCells: outcome.editedCells,
                           removedFormulas: outcome.removedFormulas, appendedRows: outcome.appendedRows)
    }
}

/// Why an edit cannot be made as asked. Nothing is written then.
public enum WorkbookEditError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The cell lies inside a merged range and is not its top-left cell: a value there would be hidden.
    case insideMergedRange(sheet: String, cell: CellReference, range: CellRange)
    /// An appended row would overwrite a cell that holds a value or a formula.
    case cellNotEmpty(sheet: String, cell: CellReference)
    /// Two appends write the same row, or an edit and an append the same cell.
    case overlappingEdits(sheet: String, cell: CellReference)
    /// An append's style row is not a row at or above the row the new rows follow.
    case styleRowBelowAppend(sheet: String, styleRow: Int, after: Int)
    /// The worksheet has no `<sheetData>`, so no cell can be set.
    case noSheetData(sheet: String)

    /// The message for the user.
    public var description: String {
        switch self {
        case .insideMergedRange(let sheet, let cell, let range):
            return "cell \(cell) of sheet \"\(sheet)\" lies inside the merged range \(range); only its first cell \(range.first) holds a value"
        case .cellNotEmpty(let sheet, let cell):
            return "cell \(cell) of sheet \"\(sheet)\" already holds a value; a new row is not written over it"
        case .overlappingEdits(let sheet, let cell):
            return "cell \(cell) of sheet \"\(sheet)\" is written twice, by an added row and another edit"
        case .styleRowBelowAppend(let sheet, let styleRow, let after):
            return "rows added after row \(after) of sheet \"\(sheet)\" cannot copy the look of row \(styleRow), which is not above them"
        case .noSheetData(let sheet):
            return "sheet \"\(sheet)\" has no cell table (<sheetData>), so no cell can be set"
        }
    }
}
