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

/// A line of a report sheet outside its table: a title, a paragraph or a legend entry, printed
/// across the table's width and wrapped.
///
/// ```swift
/// ReportLine("湖坊镇台账校验结果", kind: .title)
/// ReportLine("须改正的单元格", swatchARGB: "FFFDB863")   // a legend entry: a filled cell, then the text
/// ```
public struct ReportLine: Hashable, Sendable {
    /// How a line looks.
    public enum Kind: Hashable, Sendable {
        /// The title: the title font, centred.
        case title
        /// Text in the body font, wrapped.
        case paragraph
        /// Text in the body font, bold, wrapped.
        case emphasis
        /// A signature line (落款): the body font, aligned right.
        case signature
    }

    /// The text (may hold line breaks).
    public var text: String
    /// How it looks.
    public var kind: Kind
    /// A legend entry's fill (`AARRGGBB` or `RRGGBB`), shown in the first column before the text;
    /// nil for none.
    public var swatchARGB: String?

    /// A line of `text`, a paragraph unless `kind` says otherwise, with a swatch of `swatchARGB` when given.
    public init(_ text: String, kind: Kind = .paragraph, swatchARGB: String? = nil) {
        self.text = text
        self.kind = kind
        self.swatchARGB = swatchARGB
    }
}

/// A sheet the patch puts first in the copy: lines above the table (a letter's title and text),
/// a header row and rows of text, lines below it (a legend), with an auto-filter, fitted column
/// widths, wrapped text and internal links. The workbook opens on it.
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
    /// Lines above the table (with a blank row between them and the header).
    public var preamble: [ReportLine]
    /// Lines below the table (after a blank row).
    public var closing: [ReportLine]
    /// The font of the table and the paragraphs (the header bold, links blue and underlined);
    /// nil for the workbook's default font. Unset properties take the workbook's default font's.
    public var bodyFont: FontStyle?
    /// The font of title lines; nil for the body font, bold and 4 points larger.
    public var titleFont: FontStyle?
    /// The widest a column gets, in characters; longer texts wrap within it.
    public var maximumColumnWidth: Int
    /// The widest particular columns get (by 0-based column), in place of ``maximumColumnWidth``:
    /// a column of messages may take more room than one of codes.
    public var maximumColumnWidths: [Int: Int] = [:]

    /// The default ``maximumColumnWidth``, in characters.
    public static let widestColumn = 80

    /// The width of each column as the sheet is written: its widest text (header included)
    /// plus two, at least 8 and at most ``maximumColumnWidth`` characters.
    public var columnWidths: [Int] {
        (0..<columnCount).map { column in
            let texts = [column < header.count ? header[column] : ""] + rows.map { column < $0.values.count ? $0.values[column] : "" }
            let widest = texts.map { ColumnWidth.displayWidth(of: $0) }.max() ?? 0
            let limit = maximumColumnWidths[column] ?? maximumColumnWidth
            return min(max(widest, ReportSheetXML.minimumColumnWidth) + 2, max(limit, ReportSheetXML.minimumColumnWidth + 2))
        }
    }

    /// A report named `name`, printed as `pageSetup` says.
    public init(name: String, header: [String], rows: [ReportRow], pageSetup: PageSetup? = nil, preamble: [ReportLine] = [],
                closing: [ReportLine] = [], bodyFont: FontStyle? = nil, titleFont: FontStyle? = nil,
                maximumColumnWidth: Int = ReportSheet.widestColumn) {
        self.name = name
        self.header = header
        self.rows = rows
        self.pageSetup = pageSetup
        self.preamble = preamble
        self.closing = closing
        self.bodyFont = bodyFont
        self.titleFont = titleFont
        self.maximumColumnWidth = maximumColumnWidth
    }

    /// The number of columns of the table (at least 1).
    var columnCount: Int { max(header.count, rows.map(\.values.count).max() ?? 0, 1) }

    /// The 1-based row of the table's header: after the preamble and a blank row.
    var headerRow: Int { preamble.isEmpty ? 1 : preamble.count + 2 }

    /// The 1-based row of the table's last row.
    var lastTableRow: Int { headerRow + rows.count }

    /// The 1-based row of the first closing line: after the table and a blank row.
    var firstClosingRow: Int { lastTableRow + 2 }
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
