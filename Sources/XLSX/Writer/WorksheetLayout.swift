/// Everything of a worksheet around its rows: column formats, frozen panes, merges, data
/// validations, links, comments, filter, protection, print titles, page setup and charts. Each setting is checked
/// against Excel's limits as it is made; ``frame(…)`` renders them in schema order.
struct WorksheetLayout {
    /// The tab's colour, or nil for none.
    var tabColor: Color?
    /// Whether the grid lines show.
    var showsGridLines = true
    private var columnFormats: [Int: ColumnFormat] = [:]
    private var frozenPanes: (rows: Int, columns: Int)?
    private var mergedRanges: [CellRange] = []
    private var validations: [CheckedValidation] = []
    private var hyperlinks: [Hyperlink] = []
    private var hyperlinkedCells: Set<CellReference> = []
    private var comments: [CellReference: PendingComment] = [:]
    private var autoFilterRange: CellRange?
    private var protection: SheetProtection?
    private var printTitles: (rows: ClosedRange<Int>?, columns: ClosedRange<Int>?)?
    private var pageSetup: PageSetup?
    /// The charts in insertion order, each with where it is anchored.
    private(set) var charts: [(chart: Chart, anchor: DrawingPart.Anchor)] = []

    private struct ColumnFormat: Equatable {
        var width: Double?
        var style = 0
        var isHidden = false
    }

    private struct Hyperlink {
        let reference: CellReference
        let location: String
        let display: String?
        let tooltip: String?
    }

    private struct PendingComment {
        let text: String
        let author: String?
        let isVisible: Bool
    }

    /// Whether the sheet has comments (and so a comments part and a VML drawing).
    var hasComments: Bool { !comments.isEmpty }

    /// The number of comments (shapes in the VML drawing).
    var commentCount: Int { comments.count }

    /// The width set for a column (by ``setColumns(_:width:style:isHidden:)``), nil when none was set.
    func width(ofColumn column: Int) -> Double? { columnFormats[column]?.width }

    /// Whether a column was hidden.
    func isHidden(column: Int) -> Bool { columnFormats[column]?.isHidden ?? false }

    /// The last column with a width of its own (0 when none has).
    var lastSizedColumn: Int { columnFormats.filter { $0.value.width != nil }.keys.max() ?? 0 }

    // MARK: settings

    /// Sets the width, default style or hidden state of columns; a nil width keeps the width.
    mutating func setColumns(_ columns: ClosedRange<Int>, width: Double?, style: StyleIndex?, isHidden: Bool) throws {
        try SheetLimits.check(columns: columns)
        if let width, !(width.isFinite && width >= 0 && width <= ExcelLimits.columnWidth) {
            throw XLSXError.excelLimit(.columnWidth, detail: "width \(width)")
        }
        for column in columns {
            var format = columnFormats[column] ?? ColumnFormat()
            if let width { format.width = width }
            if let style { format.style = style.value }
            format.isHidden = isHidden
            columnFormats[column] = format
        }
    }

    /// Freezes rows and columns; (0, 0) unfreezes.
    mutating func freezePanes(rows: Int, columns: Int) throws {
        guard rows >= 0, rows < ExcelLimits.rowCount else { throw XLSXError.excelLimit(.rowCount, detail: "\(rows) frozen rows") }
        guard columns >= 0, columns < ExcelLimits.columnCount else {
            throw XLSXError.excelLimit(.columnCount, detail: "\(columns) frozen columns")
        }
        frozenPanes = rows == 0 && columns == 0 ? nil : (rows, columns)
    }

    /// Merges a range of two or more cells that overlaps no merged range.
    mutating func merge(_ range: CellRange) throws {
        try SheetLimits.check(range)
        guard range.first != range.last else {
            throw XLSXError.excelLimit(.mergeRange, detail: "\(range) is a single cell")
        }
        if let clash = mergedRanges.first(where: { Self.overlap($0, range) }) {
            throw XLSXError.excelLimit(.mergeRange, detail: "\(range) overlaps \(clash)")
        }
        mergedRanges.append(range)
    }

    private static func overlap(_ a: CellRange, _ b: CellRange) -> Bool {
        a.first.row <= b.last.row && b.first.row <= a.last.row
            && a.first.column <= b.last.column && b.first.column <= a.last.column
    }

    /// Adds a data validation whose ranges overlap neither each other nor an earlier one's.
    mutating func addDataValidation(_ validation: DataValidation) throws {
        let checked = try CheckedValidation(validation)
        let earlier = validations.flatMap(\.validation.ranges)
        for (index, range) in validation.ranges.enumerated() {
            if let clash = (earlier + validation.ranges[..<index]).first(where: { Self.overlap($0, range) }) {
                throw XLSXError.excelLimit(.validationRange, detail: "\(range) overlaps \(clash)")
            }
        }
        validations.append(checked)
    }

    /// Links a cell to a cell of a sheet of the workbook; one link a cell.
    mutating func addInternalLink(at cell: CellReference, toSheet sheetName: String, cell target: CellReference,
                                  display: String?, tooltip: String?) throws {
        try SheetLimits.check(cell)
        try SheetLimits.check(target)
        let location = SheetName.quoted(sheetName) + "!" + target.description
        for text in [location, display ?? "", tooltip ?? ""] where text.utf16.count > ExcelLimits.hyperlinkLength {
            throw XLSXError.excelLimit(.hyperlinkLength, detail: "\(text.utf16.count) characters at \(cell)")
        }
        guard hyperlinks.count < ExcelLimits.hyperlinkCount else {
            throw XLSXError.excelLimit(.hyperlinkCount, detail: "one more at \(cell)")
        }
        guard hyperlinkedCells.insert(cell).inserted else {
            throw XLSXError.excelLimit(.cellAnnotation, detail: "a second hyperlink at \(cell)")
        }
        hyperlinks.append(Hyperlink(reference: cell, location: location, display: display, tooltip: tooltip))
    }

    /// Adds a comment to a cell; one comment a cell.
    mutating func addComment(_ text: String, at cell: CellReference, author: String?, isVisible: Bool) throws {
        try SheetLimits.check(cell)
        guard text.utf16.count <= ExcelLimits.cellTextLength else {
            throw XLSXError.excelLimit(.commentLength, detail: "\(text.utf16.count) characters at \(cell)")
        }
        guard comments[cell] == nil else {
            throw XLSXError.excelLimit(.cellAnnotation, detail: "a second comment at \(cell)")
        }
        comments[cell] = PendingComment(text: text, author: author, isVisible: isVisible)
    }

    /// Puts filter buttons on a range's header row.
    mutating func setAutoFilter(_ range: CellRange) throws {
        try SheetLimits.check(range)
        autoFilterRange = range
    }

    /// Protects the sheet.
    mutating func protect(_ protection: SheetProtection) throws {
        try protection.check()
        self.protection = protection
    }

    /// Repeats rows and/or columns on every printed page.
    mutating func setPrintTitles(rows: ClosedRange<Int>?, columns: ClosedRange<Int>?) throws {
        if let rows { try SheetLimits.check(rows: rows) }
        if let columns { try SheetLimits.check(columns: columns) }
        printTitles = rows == nil && columns == nil ? nil : (rows, columns)
    }

    /// Sets how the sheet prints.
    mutating func setPageSetup(_ setup: PageSetup) throws {
        try setup.check()
        pageSetup = setup
    }

    /// Places a chart over the cells from `from` to `to` (top-left corners; `to` right of and below `from`).
    mutating func insertChart(_ chart: Chart, from: CellReference, to: CellReference) throws {
        try SheetLimits.check(from)
        try SheetLimits.check(to)
        guard to.row > from.row, to.column > from.column else {
            throw XLSXError.excelLimit(.chart, detail: "anchored from \(from) to \(to)")
        }
        try chart.check()
        charts.append((chart, DrawingPart.Anchor(from: from, to: to)))
    }

    // MARK: rendering

    /// The built-in defined names of the sheet: print titles, print area and the filter's database.
    func builtInNames(sheetName: String, sheetIndex: Int) -> [DefinedNameEntry] {
        let quotedName = SheetName.quoted(sheetName)
        var names: [DefinedNameEntry] = []
        if let range = autoFilterRange {
            let formula = quotedName + "!" + Self.absolute(range.first) + ":" + Self.absolute(range.last)
            names.append(DefinedNameEntry(name: "_xlnm._FilterDatabase", formula: formula, localSheetIndex: sheetIndex,
                                          isHidden: true))
        }
        if let area = pageSetup?.printArea {
            names.append(DefinedNameEntry(name: "_xlnm.Print_Area", formula: quotedName + "!" + Self.absolute(area.first) + ":" + Self.absolute(area.last),
                                          localSheetIndex: sheetIndex, isHidden: false))
        }
        if let printTitles {
            var parts: [String] = []
            if let columns = printTitles.columns {
                parts.append(quotedName + "!$" + CellReference.columnLetters(columns.lowerBound)
                             + ":$" + CellReference.columnLetters(columns.upperBound))
            }
            if let rows = printTitles.rows {
                parts.append(quotedName + "!$\(rows.lowerBound):$\(rows.upperBound)")
            }
            names.append(DefinedNameEntry(name: "_xlnm.Print_Titles", formula: parts.joined(separator: ","),
                                          localSheetIndex: sheetIndex, isHidden: false))
        }
        return names
    }

    private static func absolute(_ reference: CellReference) -> String {
        "$" + CellReference.columnLetters(reference.column) + "$" + String(reference.row)
    }

    /// The comments in row order, with the default author where none was given.
    func sortedComments(defaultAuthor: String) -> [SheetComment] {
        comments.sorted { $0.key < $1.key }.map { reference, comment in
            SheetComment(reference: reference, text: comment.text, author: comment.author ?? defaultAuthor,
                         isVisible: comment.isVisible)
        }
    }

    /// The worksheet's XML around the rows. `usedRange` is the dimension (nil: no cells),
    /// `fittedWidths` the widths fitted to content by column (used where no width was set).
    func frame(isSelected: Bool, usedRange: CellRange?, fittedWidths: [Int: Double]) -> WorksheetFrame {
        var frame = WorksheetFrame()
        frame[.sheetPr] = sheetProperties()
        frame[.dimension] = element { $0.empty("dimension", [("ref", usedRange?.description ?? "A1")]) }
        frame[.sheetViews] = sheetViews(isSelected: isSelected)
        frame[.cols] = columnsXML(fittedWidths: fittedWidths)
        frame[.sheetProtection] = protection?.xml()
        frame[.autoFilter] = autoFilterRange.map { range in element { $0.empty("autoFilter", [("ref", range.description)]) } }
        frame[.mergeCells] = mergeCellsXML()
        frame[.dataValidations] = dataValidationsXML()
        frame[.hyperlinks] = hyperlinksXML()
        if let pageSetup {
            pageSetup.render(into: &frame)
        } else {
            frame[.pageMargins] = PageSetup.marginsElement(.normal)
        }
        if !charts.isEmpty {
            frame[.drawing] = element { $0.empty("drawing", [("r:id", Self.chartDrawingRelationshipID(hasComments: hasComments))]) }
        }
        if hasComments {
            frame[.legacyDrawing] = element { $0.empty("legacyDrawing", [("r:id", Self.drawingRelationshipID)]) }
        }
        return frame
    }

    /// The id of the VML drawing's relationship in the sheet's relationships part.
    static let drawingRelationshipID = "rId1"

    /// The id of the charts' drawing's relationship: after the VML drawing and the comments when there are comments.
    static func chartDrawingRelationshipID(hasComments: Bool) -> String { hasComments ? "rId3" : "rId1" }

    private func element(_ body: (XMLWriter) -> Void) -> [UInt8] {
        let xml = XMLWriter(capacity: 256)
        body(xml)
        return xml.array
    }

    private func sheetProperties() -> [UInt8]? {
        let fitsToPage = pageSetup?.fitToPages != nil
        guard tabColor != nil || fitsToPage else { return nil }
        return element { xml in
            xml.append("<sheetPr>")
            if let tabColor { xml.empty("tabColor", [("rgb", tabColor.description)]) }
            if fitsToPage { xml.empty("pageSetUpPr", [("fitToPage", "1")]) }
            xml.append("</sheetPr>")
        }
    }

    private func sheetViews(isSelected: Bool) -> [UInt8] {
        element { xml in
            xml.append("<sheetViews>")
            let attributes: [XMLWriter.Attribute] = [("showGridLines", showsGridLines ? nil : "0"),
                                                     ("tabSelected", isSelected ? "1" : nil), ("workbookViewId", "0")]
            guard let (frozenRows, frozenColumns) = frozenPanes else {
                xml.empty("sheetView", attributes)
                xml.append("</sheetViews>")
                return
            }
            xml.start("sheetView", attributes)
            let topLeft = CellReference(row: frozenRows + 1, column: frozenColumns + 1).description
            let activePane = frozenRows > 0 && frozenColumns > 0 ? "bottomRight" : (frozenRows > 0 ? "bottomLeft" : "topRight")
            xml.empty("pane", [("xSplit", frozenColumns > 0 ? String(frozenColumns) : nil),
                               ("ySplit", frozenRows > 0 ? String(frozenRows) : nil),
                               ("topLeftCell", topLeft), ("activePane", activePane), ("state", "frozen")])
            if activePane == "bottomRight" {
                let right = CellReference(row: 1, column: frozenColumns + 1).description
                let below = CellReference(row: frozenRows + 1, column: 1).description
                xml.empty("selection", [("pane", "topRight"), ("activeCell", right), ("sqref", right)])
                xml.empty("selection", [("pane", "bottomLeft"), ("activeCell", below), ("sqref", below)])
            }
            xml.empty("selection", [("pane", activePane), ("activeCell", topLeft), ("sqref", topLeft)])
            xml.end("sheetView")
            xml.append("</sheetViews>")
        }
    }

    private func columnsXML(fittedWidths: [Int: Double]) -> [UInt8]? {
        var formats = columnFormats
        for (column, width) in fittedWidths where formats[column]?.width == nil {
            formats[column, default: ColumnFormat()].width = width
        }
        guard !formats.isEmpty else { return nil }
        let columns = formats.keys.sorted()
        return element { xml in
            xml.append("<cols>")
            var start = 0
            while start < columns.count {
                var end = start
                let format = formats[columns[start], default: ColumnFormat()]
                while end + 1 < columns.count, columns[end + 1] == columns[end] + 1, formats[columns[end + 1]] == format {
                    end += 1
                }
                xml.empty("col", [("min", String(columns[start])), ("max", String(columns[end])),
                                  ("width", NumberText.text(format.width ?? ColumnWidth.defaultMinimum)),
                                  ("style", format.style != 0 ? String(format.style) : nil),
                                  ("hidden", format.isHidden ? "1" : nil),
                                  ("customWidth", format.width != nil ? "1" : nil)])
                start = end + 1
            }
            xml.append("</cols>")
        }
    }

    private func mergeCellsXML() -> [UInt8]? {
        guard !mergedRanges.isEmpty else { return nil }
        return element { xml in
            xml.start("mergeCells", [("count", String(mergedRanges.count))])
            for range in mergedRanges { xml.empty("mergeCell", [("ref", range.description)]) }
            xml.end("mergeCells")
        }
    }

    private func dataValidationsXML() -> [UInt8]? {
        guard !validations.isEmpty else { return nil }
        return element { xml in
            xml.start("dataValidations", [("count", String(validations.count))])
            for validation in validations { validation.write(to: xml) }
            xml.end("dataValidations")
        }
    }

    private func hyperlinksXML() -> [UInt8]? {
        guard !hyperlinks.isEmpty else { return nil }
        return element { xml in
            xml.start("hyperlinks")
            for link in hyperlinks {
                xml.empty("hyperlink", [("ref", link.reference.description), ("location", link.location),
                                        ("tooltip", link.tooltip.map(TextEscapes.encode)),
                                        ("display", link.display.map(TextEscapes.encode))])
            }
            xml.end("hyperlinks")
        }
    }
}
