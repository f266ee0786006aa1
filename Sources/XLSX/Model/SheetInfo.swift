/// Whether a sheet shows in the tab bar.
public enum SheetState: String, Sendable, Hashable {
    /// Shown.
    case visible
    /// Hidden; the user can unhide it.
    case hidden
    /// Hidden so that only a macro can unhide it.
    case veryHidden
}

/// What kind of sheet a tab is.
public enum SheetKind: String, Sendable, Hashable {
    /// A worksheet: cells in a grid.
    case worksheet
    /// A chart sheet: one chart, no cells.
    case chartsheet
    /// An Excel 5 dialog sheet: cells under a dialog's controls.
    case dialogsheet
    /// An Excel 4 macro sheet (international or not): cells holding macro formulas.
    case macrosheet

    /// Whether the sheet holds cells that ``Workbook/rows(of:)`` reads (every kind but a chart sheet).
    public var holdsCells: Bool { self != .chartsheet }
}

/// A sheet of a workbook as listed in `workbook.xml`.
public struct SheetInfo: Hashable, Sendable {
    /// The tab's name.
    public var name: String
    /// 0-based position among the workbook's sheets.
    public var index: Int
    /// Visible, hidden or very hidden.
    public var state: SheetState
    /// Worksheet, chart sheet, …
    public var kind: SheetKind
    /// The part holding the sheet (`xl/worksheets/sheet1.xml`), nil when its relationship is broken,
    /// and for the sheets of an Excel 97–2003 workbook (whose sheets live in one stream).
    public var partName: String?
}

/// A defined name (named range, print area, print titles, …).
public struct DefinedName: Hashable, Sendable {
    /// The name, e.g. `_xlnm.Print_Titles` or `目标任务`.
    public var name: String
    /// What it refers to, e.g. `基本信息!$B$7` (may be `#REF!`).
    public var formula: String
    /// The 0-based index of the sheet the name is local to, nil for a workbook-wide name.
    public var localSheetIndex: Int?
    /// Whether the name is hidden from the user.
    public var isHidden: Bool
}
