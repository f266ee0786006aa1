/// A cell to mark in the patched copy: a solid fill, and optionally a comment.
///
/// ```swift
/// let mark = CellMark(sheet: "直属团组织", cell: CellReference("G7")!, fillARGB: "FFFFC7CE",
///                     comment: "团员人数不能少于3人(当前为 2)")
/// ```
///
/// Several marks on one cell are merged: the first one's fill wins (put the most severe
/// first) and the comments become lines of one note, in order. A mark inside a merged range
/// goes to the range's top-left cell, the only one that shows a fill and a comment.
public struct CellMark: Hashable, Sendable {
    /// The sheet's name (exact, else ignoring case).
    public var sheet: String
    /// The cell; it may be empty or missing from the file.
    public var cell: CellReference
    /// The fill as ARGB hex digits, `AARRGGBB` (`RRGGBB` is taken as opaque), e.g. `FFFFC7CE`.
    public var fillARGB: String
    /// The message to put in the cell's comment, nil for none.
    public var comment: String?

    /// A mark on `cell` of `sheet`.
    public init(sheet: String, cell: CellReference, fillARGB: String, comment: String? = nil) {
        self.sheet = sheet
        self.cell = cell
        self.fillARGB = fillARGB
        self.comment = comment
    }

    /// A mark with a fill given as the writer's ``Color``.
    public init(sheet: String, cell: CellReference, fill: Color, comment: String? = nil) {
        self.init(sheet: sheet, cell: cell, fillARGB: fill.description, comment: comment)
    }
}

/// Where a report cell links to: a cell of another sheet of the workbook.
public struct ReportLink: Hashable, Sendable {
    /// The 0-based column of the report row whose cell holds the link.
    public var column: Int
    /// The target sheet's name, as the workbook spells it.
    public var sheet: String
    /// The target cell.
    public var cell: CellReference

    /// A link from the row's cell in `column` (0-based) to `cell` of `sheet`.
    public init(column: Int, sheet: String, cell: CellReference) {
        self.column = column
        self.sheet = sheet
        self.cell = cell
    }
}

/// One row of a report sheet: its texts, and at most one link to the cell it is about.
public struct ReportRow: Hashable, Sendable {
    /// The texts, one per column (missing ones are empty).
    public var values: [String]
    /// The link, if the row is about a cell.
    public var link: ReportLink?

    /// A row of `values`, linking to a cell when `link` is given.
    public init(values: [String], link: ReportLink? = nil) {
        self.values = values
        self.link = link
    }
}

/// A sheet the patch puts first in the copy: a header row and rows of text, with an
/// auto-filter, frozen header, fitted column widths and internal links. The workbook opens on it.
///
/// A report sheet written by an earlier patch (found by the hidden defined name
/// ``WorkbookPatcher/reportMarkerName`` local to it, or else by having this name) is replaced,
/// never stacked. When a sheet of the workbook's own has the name, the report gets `name (2)`.
public struct ReportSheet: Hashable, Sendable {
    /// The sheet's name (at most 31 characters, none of `: \ / ? * [ ]`).
    public var name: String
    /// The header row's texts.
    public var header: [String]
    /// The rows under the header.
    public var rows: [ReportRow]
    /// How the sheet prints, or nil for the defaults; with a page setup the header row also
    /// repeats on every printed page.
    public var pageSetup: PageSetup?

    /// The width of each column as the sheet is written: its widest text (header included)
    /// plus two, at least 8 and at most 80 characters.
    public var columnWidths: [Int] {
        let columnCount = max(header.count, rows.map(\.values.count).max() ?? 0, 1)
        return (0..<columnCount).map { column in
            let texts = [column < header.count ? header[column] : ""] + rows.map { column < $0.values.count ? $0.values[column] : "" }
            return min(max(texts.map(ColumnWidth.displayWidth(of:)).max() ?? 0, ReportSheetXML.minimumColumnWidth) + 2,
                       ReportSheetXML.maximumColumnWidth)
        }
    }

    /// A report named `name`, printed as `pageSetup` says.
    public init(name: String, header: [String], rows: [ReportRow], pageSetup: PageSetup? = nil) {
        self.name = name
        self.header = header
        self.rows = rows
        self.pageSetup = pageSetup
    }
}

/// What a patch changed, for messages and checks.
public struct PatchSummary: Hashable, Sendable {
    /// Parts written anew (changed) in the copy.
    public var rewrittenParts: [String]
    /// Parts the copy has that the source had not.
    public var addedParts: [String]
    /// Parts of the source left out of the copy (an earlier report sheet's).
    public var removedParts: [String]
    /// Cells marked.
    public var markedCells: Int
    /// The report sheet's name in the copy, nil without one.
    public var reportSheetName: String?
}
