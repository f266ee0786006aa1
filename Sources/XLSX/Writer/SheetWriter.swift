/// One worksheet being written: rows streamed in increasing order, and the sheet's features
/// (column widths, frozen panes, merges, validations, links, comments, filter, protection,
/// print titles).
///
/// Rows go, in chunks, to the workbook's `BackgroundDeflater`, which deflates them on a second
/// core into a temporary file as they are written, so memory does not grow with the sheet.
/// Everything else may be set at any time before ``WorkbookWriter/close()``, before or after
/// the rows it concerns: the worksheet's XML around the rows is assembled at close, in the
/// order the schema requires.
///
/// ```swift
/// let sheet = try workbook.addSheet("基本信息")
/// try sheet.setColumnWidth(1, 20)
/// try sheet.freezePanes(rows: 1)
/// try sheet.writeRow(["姓名", "电话"], height: 24)
/// try sheet.writeRow(["张三", 13800138000])
/// ```
public final class SheetWriter {
    /// The tab's name.
    public let name: String
    /// The 0-based position among the workbook's sheets.
    public let index: Int
    /// Visible, hidden or very hidden (a workbook keeps at least one sheet visible).
    public var state: SheetState = .visible
    /// The colour of the tab, or nil for none.
    public var tabColor: Color? {
        get { layout.tabColor }
        set { layout.tabColor = newValue }
    }
    /// Whether the grid lines show.
    public var showsGridLines: Bool {
        get { layout.showsGridLines }
        set { layout.showsGridLines = newValue }
    }
    /// The number of the last row written (0 before the first).
    public private(set) var lastRowNumber = 0

    /// Rows are handed to the deflater in chunks of about this many bytes.
    static let flushThreshold = BackgroundDeflater.chunkSize

    private let context: WritingContext
    /// The rows, deflated in the background.
    private let body: DeflatedStream
    private let rows: XMLWriter
    private var rowDigits: [UInt8] = []
    private var usedRows: ClosedRange<Int>?
    private var usedColumns: ClosedRange<Int>?
    /// The widest content of each column (0-based), when fitting columns to content.
    private var contentWidths: [Int]?
    private var fittedWidthBounds = (minimum: ColumnWidth.defaultMinimum, maximum: ColumnWidth.defaultMaximum)
    private var layout = WorksheetLayout()
    /// Set when rows could not be deflated or written to the temporary file (the background
    /// failure is thrown by the write that hands over the next chunk): the rows on disk are
    /// incomplete, so every later write and the close throw it.
    private var spillFailure: Error?
    /// The row being filled cell by cell (``beginRow(cellCount:)``): where it starts in `rows`
    /// and its first and last columns written.
    private var openRow = (start: 0, firstColumn: 0, lastColumn: 0)
    /// The style of date cells without a style of their own, once one was written.
    private var plainDateStyle: Int?

    init(name: String, index: Int, context: WritingContext) throws {
        self.name = name
        self.index = index
        self.context = context
        body = DeflatedStream(spill: try SpillFile(directory: context.temporaryDirectory), path: context.path)
        rows = XMLWriter(capacity: Self.flushThreshold + 4096)
    }

    // MARK: rows

    /// Writes a row: its cells from column A on (nil leaves a cell out), optionally at a given
    /// 1-based row number (by default the row after the last one written), with a height in
    /// points and hidden or not.
    ///
    /// Rows must come in increasing order. A cell that breaks one of Excel's limits (text over
    /// 32,767 characters, NaN, a date before 1900 …) throws a typed error and leaves the row
    /// unwritten.
    public func writeRow(_ cells: [WritableCell?], at rowNumber: Int? = nil, height: Double? = nil,
                         isHidden: Bool = false) throws {
        try context.checkOpen()
        if let spillFailure { throw spillFailure }
        let number = rowNumber ?? lastRowNumber + 1
        guard number > lastRowNumber else {
            throw XLSXError.excelLimit(.rowOrder, detail: "row \(number) after row \(lastRowNumber)")
        }
        guard number >= 1, number <= ExcelLimits.rowCount else {
            throw XLSXError.excelLimit(.rowCount, detail: "row \(number)")
        }
        guard cells.count <= ExcelLimits.columnCount else {
            throw XLSXError.excelLimit(.columnCount, detail: "\(cells.count) cells in row \(number)")
        }
        if let height, !(height.isFinite && height >= 0 && height <= ExcelLimits.rowHeight) {
            throw XLSXError.excelLimit(.rowHeight, detail: "row \(number) height \(height)")
        }
        let rowStart = rows.count
        var firstColumn = 0
        var lastColumn = 0
        do {
            setRowDigits(number)
            rows.append("<row r=\"")
            rows.append(rowDigits)
            rows.append(UInt8(ascii: "\""))
            if let height {
                rows.append(" ht=\"")
                NumberText.append(height, to: rows)
                rows.append("\" customHeight=\"1\"")
            }
            if isHidden { rows.append(" hidden=\"1\"") }
            rows.append(UInt8(ascii: ">"))
            try cells.withUnsafeBufferPointer { buffer in
                for offset in 0..<buffer.count {
                    guard let cell = buffer[offset], try writeCell(cell, column: offset + 1) else { continue }
                    if firstColumn == 0 { firstColumn = offset + 1 }
                    lastColumn = offset + 1
                }
            }
            rows.append("</row>")
        } catch {
            rows.count = rowStart
            throw error
        }
        lastRowNumber = number
        if firstColumn == 0 && height == nil && !isHidden {
            rows.count = rowStart
            return
        }
        if firstColumn > 0 {
            usedRows = (usedRows?.lowerBound ?? number)...number
            usedColumns = min(usedColumns?.lowerBound ?? firstColumn, firstColumn)...max(usedColumns?.upperBound ?? lastColumn, lastColumn)
            if contentWidths != nil { measure(cells) }
        }
        if rows.count >= Self.flushThreshold { try flush() }
        if context.sharedStrings.pendingByteCount >= Self.flushThreshold { try context.sharedStrings.flush() }
    }

    // MARK: cells one by one

    /// Starts the next row, to be filled cell by cell with the `append…` methods in increasing
    /// columns and closed with ``endRow()`` (or ``abandonRow()`` after an error): the fast path
    /// of ``CSVImport``, with the checks of ``writeRow(_:at:height:isHidden:)`` but no array of
    /// cells. `cellCount` is the number of fields (empty ones included) the row will span at most.
    /// Does not measure content for ``fitColumnsToContent(minimum:maximum:)``.
    func beginRow(cellCount: Int) throws {
        try context.checkOpen()
        if let spillFailure { throw spillFailure }
        let number = lastRowNumber + 1
        guard number <= ExcelLimits.rowCount else {
            throw XLSXError.excelLimit(.rowCount, detail: "row \(number)")
        }
        guard cellCount <= ExcelLimits.columnCount else {
            throw XLSXError.excelLimit(.columnCount, detail: "\(cellCount) cells in row \(number)")
        }
        setRowDigits(number)
        openRow = (rows.count, 0, 0)
        rows.append("<row r=\"")
        rows.append(rowDigits)
        rows.append("\">")
    }

    @inline(__always)
    private func noteColumn(_ column: Int) {
        if openRow.firstColumn == 0 { openRow.firstColumn = column }
        openRow.lastColumn = column
    }

    /// Appends a number cell (1-based column).
    @inline(__always)
    func appendNumber(_ number: Double, column: Int) throws {
        guard number.isFinite else { throw nonFinite(number, column) }
        startCell(column, style: 0)
        rows.append("><v>")
        NumberText.append(number, to: rows)
        rows.append("</v></c>")
        noteColumn(column)
    }

    /// Appends a number cell given as its text, which must be exactly what ``NumberText``
    /// writes for the number (``CSVTyping`` knows when it is).
    @inline(__always)
    func appendNumber(text: UnsafeBufferPointer<UInt8>, column: Int) {
        startCell(column, style: 0)
        rows.append("><v>")
        rows.append(UnsafeRawBufferPointer(text))
        rows.append("</v></c>")
        noteColumn(column)
    }

    /// Appends a text cell given as valid UTF-8 (shared or inline, as the options say).
    @inline(__always)
    func appendString(utf8 text: UnsafeBufferPointer<UInt8>, column: Int) throws {
        if text.count > ExcelLimits.cellTextLength {
            let units = Self.utf16Count(text)
            if units > ExcelLimits.cellTextLength {
                throw XLSXError.excelLimit(.cellTextLength, detail: "\(units) characters in \(reference(column))")
            }
        }
        if context.options.useSharedStrings {
            let index = context.sharedStrings.index(ofUTF8: text)
            startCell(column, style: 0)
            rows.append(" t=\"s\"><v>")
            rows.appendDecimal(index)
            rows.append("</v></c>")
        } else {
            startCell(column, style: 0)
            rows.append(" t=\"inlineStr\"><is>")
            rows.appendTextElement(utf8: text, preservingEdgeWhitespace: context.options.preservesEdgeWhitespace)
            rows.append("</is></c>")
        }
        noteColumn(column)
    }

    /// Appends a TRUE or FALSE cell.
    @inline(__always)
    func appendBoolean(_ value: Bool, column: Int) {
        startCell(column, style: 0)
        rows.append(value ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>")
        noteColumn(column)
    }

    /// Appends a date cell with the options' date format.
    @inline(__always)
    func appendDate(_ date: LocalDateTime, column: Int) throws {
        let (serial, display) = try ExcelSerial.of(date)
        let style: Int
        if display == .date, let plainDateStyle {
            style = plainDateStyle
        } else {
            style = try context.styles.dateStyle(for: 0, display: display)
            if display == .date { plainDateStyle = style }
        }
        startCell(column, style: style)
        rows.append("><v>")
        NumberText.append(serial, to: rows)
        rows.append("</v></c>")
        noteColumn(column)
    }

    /// Ends the row started by ``beginRow(cellCount:)``.
    func endRow() throws {
        lastRowNumber += 1
        guard openRow.firstColumn > 0 else {
            rows.count = openRow.start
            return
        }
        rows.append("</row>")
        let number = lastRowNumber
        usedRows = (usedRows?.lowerBound ?? number)...number
        usedColumns = min(usedColumns?.lowerBound ?? openRow.firstColumn, openRow.firstColumn)...max(usedColumns?.upperBound ?? openRow.lastColumn, openRow.lastColumn)
        if rows.count >= Self.flushThreshold { try flush() }
        if context.sharedStrings.pendingByteCount >= Self.flushThreshold { try context.sharedStrings.flush() }
    }

    /// Drops the row started by ``beginRow(cellCount:)`` after an error (its number is not used).
    func abandonRow() {
        rows.count = openRow.start
    }

    /// The UTF-16 length of valid UTF-8: one unit a scalar, two for those above U+FFFF.
    private static func utf16Count(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var units = 0
        for byte in utf8 {
            if byte & 0xC0 != 0x80 { units += 1 }
            if byte >= 0xF0 { units += 1 }
        }
        return units
    }

    private func setRowDigits(_ number: Int) {
        rowDigits.removeAll(keepingCapacity: true)
        var remaining = number
        repeat {
            rowDigits.append(UInt8(48 + remaining % 10))
            remaining /= 10
        } while remaining > 0
        rowDigits.reverse()
    }

    /// Appends one cell; false when it has nothing to write (an unstyled empty cell).
    @inline(__always)
    private func writeCell(_ cell: WritableCell, column: Int) throws -> Bool {
        var style = cell.style?.value ?? 0
        if style != 0 && (style < 0 || style >= context.styles.count) {
            throw XLSXError.cannotWrite(path: context.path, reason: "style \(style) was not registered with this workbook")
        }
        switch cell.value {
        case .empty:
            guard style != 0 else { return false }
            startCell(column, style: style)
            rows.append("/>")
        case .number(let number):
            guard number.isFinite else { throw nonFinite(number, column) }
            startCell(column, style: style)
            rows.append("><v>")
            NumberText.append(number, to: rows)
            rows.append("</v></c>")
        case .string(let text):
            try checkText(text, column)
            if context.options.useSharedStrings {
                let index = context.sharedStrings.index(of: text)
                startCell(column, style: style)
                rows.append(" t=\"s\"><v>")
                rows.appendDecimal(index)
                rows.append("</v></c>")
            } else {
                startCell(column, style: style)
                rows.append(" t=\"inlineStr\"><is>")
                rows.appendTextElement(text, preservingEdgeWhitespace: context.options.preservesEdgeWhitespace)
                rows.append("</is></c>")
            }
        case .boolean(let value):
            startCell(column, style: style)
            rows.append(value ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>")
        case .date(let dateTime):
            let (serial, display) = try ExcelSerial.of(dateTime)
            style = try context.styles.dateStyle(for: style, display: display)
            startCell(column, style: style)
            rows.append("><v>")
            NumberText.append(serial, to: rows)
            rows.append("</v></c>")
        case .error(let error):
            try checkError(error, column)
            startCell(column, style: style)
            rows.append(" t=\"e\"><v>")
            rows.appendEscapedText(error.literal)
            rows.append("</v></c>")
        case .formula(let formula, let cached):
            try writeFormula(formula, cached: cached, column: column, style: style)
        }
        return true
    }

    private func writeFormula(_ formula: String, cached: CellValue?, column: Int, style: Int) throws {
        let stored = FormulaText.stored(formula)
        guard stored.utf16.count <= ExcelLimits.formulaLength else {
            throw XLSXError.excelLimit(.formulaLength, detail: "\(stored.utf16.count) characters in \(reference(column))")
        }
        var style = style
        let type: StaticString?
        switch cached {
        case nil, .number?: type = nil
        case .string(let text)?:
            try checkText(text, column)
            type = " t=\"str\""
        case .boolean?: type = " t=\"b\""
        case .error(let error)?:
            try checkError(error, column)
            type = " t=\"e\""
        case .date(let date)?:
            guard date.serial.isFinite else { throw nonFinite(date.serial, column) }
            style = try context.styles.dateStyle(for: style, display: Self.display(of: date.kind))
            type = nil
        }
        if case .number(let number)? = cached, !number.isFinite { throw nonFinite(number, column) }
        startCell(column, style: style)
        if let type { rows.append(type) }
        rows.append("><f>")
        rows.appendEscapedText(TextEscapes.encode(stored))
        rows.append("</f>")
        switch cached {
        case nil: break
        case .number(let number)?: appendValue { NumberText.append(number, to: rows) }
        case .date(let date)?: appendValue { NumberText.append(date.serial, to: rows) }
        case .string(let text)?: appendValue { rows.appendEscapedText(TextEscapes.encode(text)) }
        case .boolean(let value)?: appendValue { rows.append(value ? UInt8(ascii: "1") : UInt8(ascii: "0")) }
        case .error(let error)?: appendValue { rows.appendEscapedText(error.literal) }
        }
        rows.append("</c>")
    }

    @inline(__always)
    private func appendValue(_ body: () -> Void) {
        rows.append("<v>")
        body()
        rows.append("</v>")
    }

    private static func display(of kind: ExcelDate.Kind) -> DateDisplay {
        switch kind {
        case .date: return .date
        case .dateTime: return .dateTime
        case .time, .duration: return .time
        }
    }

    /// `<c r="B7"` and, for a style other than the default, ` s="3"`.
    @inline(__always)
    private func startCell(_ column: Int, style: Int) {
        rows.append("<c r=\"")
        ColumnLetters.append(column, to: rows)
        rows.append(rowDigits)
        rows.append(UInt8(ascii: "\""))
        if style != 0 {
            rows.append(" s=\"")
            rows.appendDecimal(style)
            rows.append(UInt8(ascii: "\""))
        }
    }

    @inline(__always)
    private func checkText(_ text: String, _ column: Int) throws {
        // UTF-16 length is at most the UTF-8 length, which is known without a scan.
        guard text.utf8.count > ExcelLimits.cellTextLength, text.utf16.count > ExcelLimits.cellTextLength else { return }
        throw XLSXError.excelLimit(.cellTextLength, detail: "\(text.utf16.count) characters in \(reference(column))")
    }

    private func checkError(_ error: CellError, _ column: Int) throws {
        guard Self.writableErrorLiterals.contains(error.literal) else {
            throw XLSXError.excelLimit(.errorLiteral, detail: "\"\(error.literal)\" in \(reference(column))")
        }
    }

    /// The error literals every Excel version reads.
    private static let writableErrorLiterals: Set<String> = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]

    private func nonFinite(_ number: Double, _ column: Int) -> XLSXError {
        .excelLimit(.nonFiniteNumber, detail: "\(number) in \(reference(column))")
    }

    private func reference(_ column: Int) -> String {
        "'\(name)'!" + CellReference.columnLetters(column) + String(decoding: rowDigits, as: UTF8.self)
    }

    /// Bytes of rows waiting in memory for the next flush.
    var bufferedByteCount: Int { rows.count }

    /// Bytes of rows (uncompressed) handed to the deflater so far.
    var spilledByteCount: Int64 { body.submittedByteCount }

    private func flush(finishing: Bool = false) throws {
        if let spillFailure { throw spillFailure }
        do {
            try context.deflater.submit(rows, to: body, finishing: finishing)
        } catch {
            spillFailure = error
            throw error
        }
    }

    // MARK: columns

    /// Sets the width of one 1-based column, in characters of the default font (0 to 255).
    public func setColumnWidth(_ column: Int, _ width: Double) throws {
        try setColumns(column...column, width: width)
    }

    /// Sets the width, default style or hidden state of 1-based columns. A nil width leaves the
    /// width as it is (a fitted or the default width).
    public func setColumns(_ columns: ClosedRange<Int>, width: Double? = nil, style: StyleIndex? = nil,
                           isHidden: Bool = false) throws {
        try context.checkOpen()
        try layout.setColumns(columns, width: width, style: style, isHidden: isHidden)
    }

    /// Fits the width of every column without a width of its own to the widest content written
    /// from now on (East Asian wide characters count as two), within the bounds. Call it before
    /// writing the rows to measure.
    public func fitColumnsToContent(minimum: Double = ColumnWidth.defaultMinimum,
                                    maximum: Double = ColumnWidth.defaultMaximum) throws {
        try context.checkOpen()
        guard minimum.isFinite, maximum.isFinite, minimum >= 0, minimum <= maximum, maximum <= ExcelLimits.columnWidth else {
            throw XLSXError.excelLimit(.columnWidth, detail: "bounds \(minimum)...\(maximum)")
        }
        fittedWidthBounds = (minimum, maximum)
        if contentWidths == nil { contentWidths = [] }
    }

    /// The width of the sheet's columns so far, in characters of the default font: from column
    /// A to the last column that holds a cell or has a width of its own, each column as it will
    /// be written (its own width, else fitted to the content written so far, else Excel's
    /// default of 8.43), hidden ones left out. What a page setup needs to choose an orientation.
    public var usedColumnsWidth: Double {
        let lastColumn = max(usedColumns?.upperBound ?? 0, layout.lastSizedColumn)
        guard lastColumn > 0 else { return 0 }
        return (1...lastColumn).reduce(0) { total, column in
            if layout.isHidden(column: column) { return total }
            if let width = layout.width(ofColumn: column) { return total + width }
            if let widths = contentWidths, column <= widths.count, widths[column - 1] > 0 {
                return total + ColumnWidth.fitted(displayWidth: widths[column - 1], minimum: fittedWidthBounds.minimum,
                                                  maximum: fittedWidthBounds.maximum)
            }
            return total + ColumnWidth.defaultMinimum
        }
    }

    private func measure(_ cells: [WritableCell?]) {
        guard var widths = contentWidths else { return }
        contentWidths = nil
        if widths.count < cells.count { widths += [Int](repeating: 0, count: cells.count - widths.count) }
        for (offset, cell) in cells.enumerated() {
            guard let cell else { continue }
            widths[offset] = max(widths[offset], Self.displayWidth(of: cell.value))
        }
        contentWidths = widths
    }

    /// Fitting counts a number as at most this wide: Excel shows General numbers in 11
    /// characters, and formats such as `0.00` shorten long fractions.
    private static let maximumNumberWidth = 12

    private static func displayWidth(of value: WritableValue) -> Int {
        switch value {
        case .empty: return 0
        case .number(let number): return min(NumberText.text(number).utf8.count, maximumNumberWidth)
        case .string(let text): return ColumnWidth.displayWidth(of: text)
        case .boolean(let value): return value ? 4 : 5
        case .date(let dateTime): return dateTime.isMidnight ? 10 : 19
        case .error(let error): return error.literal.count
        case .formula(_, let cached):
            switch cached {
            case .number(let number)?: return min(NumberText.text(number).utf8.count, maximumNumberWidth)
            case .string(let text)?: return ColumnWidth.displayWidth(of: text)
            case .date?: return 10
            case .boolean?, .error?, nil: return 5
            }
        }
    }

    // MARK: view

    /// Freezes the top `rows` rows and the left `columns` columns, so that they stay in view
    /// while scrolling; (0, 0) unfreezes.
    public func freezePanes(rows: Int, columns: Int = 0) throws {
        try context.checkOpen()
        try layout.freezePanes(rows: rows, columns: columns)
    }

    // MARK: ranges

    /// Merges a range of at least two cells that overlaps no range merged before. The value
    /// shown is the top-left cell's: write it in that cell's row.
    public func merge(_ range: CellRange) throws {
        try context.checkOpen()
        try layout.merge(range)
    }

    /// Adds a data-validation rule (see ``DataValidation``); its limits are checked now. Its
    /// ranges may not overlap each other or those of an earlier rule (a cell has one rule).
    public func addDataValidation(_ validation: DataValidation) throws {
        try context.checkOpen()
        try layout.addDataValidation(validation)
    }

    /// Links a cell to a cell of a sheet of this workbook (the cell's own text is what shows:
    /// write it, ideally with ``CellStyle/hyperlink``). One link a cell.
    public func addInternalLink(at cell: CellReference, toSheet sheetName: String, cell target: CellReference,
                                display: String? = nil, tooltip: String? = nil) throws {
        try context.checkOpen()
        try layout.addInternalLink(at: cell, toSheet: sheetName, cell: target, display: display, tooltip: tooltip)
    }

    /// Adds a comment (note) to a cell: text of up to 32,767 characters, an author (by default
    /// the workbook's creator), hidden until hovered unless `isVisible`. One comment a cell.
    public func addComment(_ text: String, at cell: CellReference, author: String? = nil, isVisible: Bool = false) throws {
        try context.checkOpen()
        try layout.addComment(text, at: cell, author: author, isVisible: isVisible)
    }

    /// Puts filter buttons on the header row of a range (the range includes the header).
    public func setAutoFilter(_ range: CellRange) throws {
        try context.checkOpen()
        try layout.setAutoFilter(range)
    }

    /// Protects the sheet; cells styled ``CellStyle/isLocked`` false stay editable.
    public func protect(_ protection: SheetProtection = SheetProtection()) throws {
        try context.checkOpen()
        try layout.protect(protection)
    }

    /// Repeats 1-based rows at the top and/or columns at the left of every printed page.
    public func setPrintTitles(rows: ClosedRange<Int>? = nil, columns: ClosedRange<Int>? = nil) throws {
        try context.checkOpen()
        try layout.setPrintTitles(rows: rows, columns: columns)
    }

    /// Sets how the sheet prints: paper, orientation, fitting, margins, header and footer,
    /// print area, page breaks (see ``PageSetup``; its limits are checked now). Print titles
    /// are ``setPrintTitles(rows:columns:)``.
    public func setPageSetup(_ setup: PageSetup) throws {
        try context.checkOpen()
        try layout.setPageSetup(setup)
    }

    /// Places a chart over the cells from `from` to `to` (their top-left corners): it moves with
    /// the cells but keeps its size. The chart is checked now (see ``Chart``); the ranges its
    /// series name need not be written yet.
    public func insertChart(_ chart: Chart, from: CellReference, to: CellReference) throws {
        try context.checkOpen()
        try layout.insertChart(chart, from: from, to: to)
    }

    // MARK: closing

    /// The built-in defined names of the sheet: print titles, print area and the filter's database.
    func builtInNames() -> [DefinedNameEntry] {
        layout.builtInNames(sheetName: name, sheetIndex: index)
    }

    /// Whether the sheet has comments (and so a comments part and a VML drawing).
    var hasComments: Bool { layout.hasComments }

    /// The number of comments (shapes in the VML drawing).
    var commentCount: Int { layout.commentCount }

    /// The number of charts (and so whether the sheet has a drawing part).
    var chartCount: Int { layout.charts.count }

    /// Hands the last rows to the deflater, ending the rows' stream (at close, before the
    /// workbook waits for the deflater and calls ``finish(partNumber:isSelected:commentsNumber:firstShapeBlock:defaultAuthor:)``).
    func finishRows() throws {
        try flush(finishing: true)
    }

    /// The parts of the finished sheet: the worksheet (header, deflated rows, trailer); for
    /// comments the comments part and the VML drawing; for charts the drawing (numbered
    /// `drawingNumber`), its relationships and the charts (numbered from `firstChartNumber`);
    /// and the sheet's relationships when it has any of these.
    func finish(partNumber: Int, isSelected: Bool, commentsNumber: Int, firstShapeBlock: Int,
                drawingNumber: Int, firstChartNumber: Int, defaultAuthor: String) throws -> [PackagePart] {
        if let spillFailure { throw spillFailure }
        var usedRange: CellRange?
        if let usedRows, let usedColumns {
            usedRange = CellRange(CellReference(row: usedRows.lowerBound, column: usedColumns.lowerBound),
                                  CellReference(row: usedRows.upperBound, column: usedColumns.upperBound))
        }
        var fittedWidths: [Int: Double] = [:]
        for (offset, width) in (contentWidths ?? []).enumerated() where width > 0 {
            fittedWidths[offset + 1] = ColumnWidth.fitted(displayWidth: width, minimum: fittedWidthBounds.minimum,
                                                          maximum: fittedWidthBounds.maximum)
        }
        let frame = layout.frame(isSelected: isSelected, usedRange: usedRange, fittedWidths: fittedWidths)
        let sheetPart = "xl/worksheets/sheet\(partNumber).xml"
        var parts = [try PackagePart.deflated(name: sheetPart, header: frame.header(), body: body, trailer: frame.trailer(),
                                              level: context.deflater.level)]
        var relationships = RelationshipsPart(relationships: [])
        if hasComments {
            let comments = layout.sortedComments(defaultAuthor: defaultAuthor)
            let commentsPart = "comments\(commentsNumber).xml"
            let drawingPart = "drawings/vmlDrawing\(commentsNumber).vml"
            parts.append(PackagePart(name: "xl/" + commentsPart,
                                     bytes: CommentsPart.xml(comments, preservingEdgeWhitespace: context.options.preservesEdgeWhitespace)))
            parts.append(PackagePart(name: "xl/" + drawingPart, bytes: VMLDrawingPart.xml(comments, firstBlock: firstShapeBlock)))
            relationships.relationships += [
                Relationship(id: WorksheetLayout.drawingRelationshipID, type: RelationshipType.vmlDrawing, target: "../" + drawingPart),
                Relationship(id: "rId2", type: RelationshipType.comments, target: "../" + commentsPart),
            ]
        }
        if !layout.charts.isEmpty {
            let drawingPart = "xl/drawings/drawing\(drawingNumber).xml"
            parts.append(PackagePart(name: drawingPart, bytes: DrawingPart.xml(layout.charts.map(\.anchor))))
            var chartRelationships: [Relationship] = []
            for (index, placed) in layout.charts.enumerated() {
                let chartPart = "charts/chart\(firstChartNumber + index).xml"
                parts.append(PackagePart(name: "xl/" + chartPart, bytes: ChartPart.xml(placed.chart)))
                chartRelationships.append(Relationship(id: DrawingPart.relationshipID(ofChart: index), type: RelationshipType.chart,
                                                       target: "../" + chartPart))
            }
            parts.append(PackagePart(name: RelationshipsPart.partName(for: drawingPart),
                                     bytes: RelationshipsPart(relationships: chartRelationships).xml()))
            relationships.relationships.append(Relationship(id: WorksheetLayout.chartDrawingRelationshipID(hasComments: hasComments),
                                                            type: RelationshipType.drawing,
                                                            target: "../drawings/drawing\(drawingNumber).xml"))
        }
        if !relationships.relationships.isEmpty {
            parts.append(PackagePart(name: RelationshipsPart.partName(for: sheetPart), bytes: relationships.xml()))
        }
        return parts
    }
}
