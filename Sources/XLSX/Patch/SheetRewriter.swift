import CLibxml2

/// A cell to mark on one sheet: where, and with which fill.
struct SheetMark {
    let cell: CellReference
    let fill: ARGBColor
}

/// Streams a worksheet part through, changing only what marking needs:
/// - a marked cell's style index becomes a format like its own with the mark's fill (a marked
///   cell missing from the XML, say an empty required one, is added in order, with its row
///   when that is missing too; its format is then derived from the row's or column's);
/// - `<legacyDrawing r:id=…>` is added in schema order when comments need a VML drawing and
///   the sheet has none (an existing one is reported, to be extended);
/// - `tabSelected` is dropped from the sheet views when another sheet becomes the active one;
/// - with `printsHeadings`, `<printOptions>` gains `headings="1"` (added in schema order when missing).
///
/// Rows with a mark, and rows without a row number, are held in memory one at a time; every
/// other row streams through untouched. Rows and cells of such a row that lack `r` get it, so
/// that an insertion cannot shift the ones after it.
final class SheetRewriter: XMLRewriter {
    private let styles: StylesPatch
    private let deselectTab: Bool
    private let legacyDrawingID: String?
    private let relationshipsNamespace: String
    private let printsHeadings: Bool
    /// Whether `<printOptions>` was seen or written.
    private var wrotePrintOptions = false

    /// Marks in row, then column order; `nextMark` is the first not yet written.
    private let marks: [SheetMark]
    private var nextMark = 0
    private let markedRows: Set<Int>

    /// The `r:id` of the sheet's own `<legacyDrawing>`, when it has one.
    private(set) var existingLegacyDrawingID: String?
    /// Whether `<legacyDrawing>` was added.
    private(set) var insertedLegacyDrawing = false
    /// Marks written (cells changed or added).
    private(set) var markedCount = 0

    private var sheetDataDepth: Int?
    private var sawSheetData = false
    private var afterSheetData = false
    private var inColumns = false
    /// Column styles (`<col min max style>`), for marked cells that do not exist.
    private var columnStyles: [(first: Int, last: Int, style: Int)] = []
    private var rowNumber = 0
    /// The main namespace as the sheet writes it.
    private var mainNamespace = ""

    init(output: XMLOutput, partName: String, marks: [SheetMark], styles: StylesPatch, deselectTab: Bool,
         legacyDrawingID: String?, relationshipsNamespace: String, printsHeadings: Bool = false) {
        self.marks = marks.sorted { $0.cell < $1.cell }
        markedRows = Set(marks.map(\.cell.row))
        self.styles = styles
        self.deselectTab = deselectTab
        self.legacyDrawingID = legacyDrawingID
        self.relationshipsNamespace = relationshipsNamespace
        self.printsHeadings = printsHeadings
        super.init(output: output, partName: partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        if depth == 0 {
            mainNamespace = tag.namespace.map { String(cString: $0) } ?? ""
            return copy(tag)
        }
        guard tag.isSpreadsheetML else { return copy(tag) }
        if let sheetDataDepth, depth == sheetDataDepth + 1 {
            if tag.isNamed("row") { return startRow(tag) }
            return copy(tag)
        }
        if depth == 1 {
            let name = tag.name
            if name == "sheetData" {
                sheetDataDepth = depth
                sawSheetData = true
            } else if name == "printOptions" {
                wrotePrintOptions = true
                inColumns = false
                return copy(tag, overriding: printsHeadings ? [AttributeOverride(name: "headings", value: "1")] : [])
            } else if name == "legacyDrawing" {
                existingLegacyDrawingID = tag.attributes.relationshipID()
            }
            if ElementOrder.followsPrintOptions(name, afterSheetData: afterSheetData) { insertPrintOptionsIfNeeded() }
            if name != "legacyDrawing", ElementOrder.followsLegacyDrawing(name, afterSheetData: afterSheetData) {
                insertLegacyDrawingIfNeeded()
            }
            inColumns = name == "cols"
            return copy(tag)
        }
        if depth == 2 && inColumns && tag.isNamed("col") {
            let columns = 1...CellReference.maximumColumn
            if let first = tag.attributes.string("min").flatMap({ FileNumber.integer($0, in: columns) }),
               let last = tag.attributes.string("max").flatMap({ FileNumber.integer($0, in: columns) }),
               let style = tag.attributes.string("style").flatMap(Self.styleIndex) {
                columnStyles.append((first, last, style))
            }
        } else if depth == 2 && deselectTab && tag.isNamed("sheetView") {
            return copy(tag, overriding: [AttributeOverride(name: "tabSelected", value: nil)])
        }
        copy(tag)
    }

    override func elementEnded(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        if let sheetDataDepth, depth == sheetDataDepth + 1, XMLName.equals(localName, "sheetData") {
            writeRows(before: Int.max)
            self.sheetDataDepth = nil
            afterSheetData = true
        } else if depth == 1 {
            insertPrintOptionsIfNeeded()
            insertLegacyDrawingIfNeeded()
        }
        closeElement()
    }

    override func elementCaptured(_ node: XMLNode) {
        processRow(node)
    }

    override func finishDocument() throws {
        if nextMark < marks.count && !sawSheetData {
            throw XLSXError.invalidContent(part: partName, message: "the worksheet has no <sheetData>, so no cell can be marked")
        }
    }

    // MARK: rows

    /// A row with a number and no mark streams through; any other row is held to be changed.
    private func startRow(_ tag: XMLStartTag) {
        guard let text = tag.attributes.string("r") else { return capture(tag) }
        guard let number = checkedRowNumber(text) else { return }
        if markedRows.contains(number) { return capture(tag) }
        writeRows(before: number)
        rowNumber = number
        copy(tag)
    }

    /// Marks a held row's cells, adds missing marked cells, and writes it.
    private func processRow(_ row: XMLNode) {
        guard let number = heldRowNumber(row, after: rowNumber) else { return }
        rowNumber = number
        writeRows(before: rowNumber)
        row.setAttribute("r", String(rowNumber))
        let rowStyle = Self.isTrue(row.attribute("customFormat")) ? row.attribute("s").flatMap(Self.styleIndex) : nil

        var children: [XMLNode.Child] = []
        var column = 0
        for child in row.children {
            guard case .element(let cell) = child, cell.localName == "c" else {
                // Cells come before anything else of a row (its extLst): marks left go first.
                if case .element = child { children += newCells(row: row, upTo: Int.max, rowStyle: rowStyle) }
                children.append(child)
                continue
            }
            guard let next = cell.cellColumn(after: column, row: rowNumber) else {
                return fail(.invalidContent(part: partName, message: "row \(rowNumber) has more than \(CellReference.maximumColumn) cells"))
            }
            column = next
            children += newCells(row: row, upTo: column - 1, rowStyle: rowStyle)
            if nextMark < marks.count, marks[nextMark].cell == CellReference(row: rowNumber, column: column) {
                let base = cell.attribute("s").flatMap(Self.styleIndex) ?? 0
                cell.setAttribute("s", String(styles.markedFormat(base: base, fill: marks[nextMark].fill)))
                nextMark += 1
                markedCount += 1
            }
            children.append(child)
        }
        children += newCells(row: row, upTo: Int.max, rowStyle: rowStyle)
        row.children = children
        widenSpans(of: row)
        write(row)
    }

    /// New cells for the marks of the current row with columns up to `last`.
    private func newCells(row: XMLNode, upTo last: Int, rowStyle: Int?) -> [XMLNode.Child] {
        var cells: [XMLNode.Child] = []
        while nextMark < marks.count, marks[nextMark].cell.row == rowNumber, marks[nextMark].cell.column <= last {
            let mark = marks[nextMark]
            let base = rowStyle ?? columnStyle(mark.cell.column)
            cells.append(.element(XMLNode("c", prefix: row.prefix, namespace: row.namespace, attributes: [
                "r": mark.cell.description, "s": String(styles.markedFormat(base: base, fill: mark.fill)),
            ])))
            nextMark += 1
            markedCount += 1
        }
        return cells
    }

    /// Writes new rows for the marks of rows before `row`.
    private func writeRows(before row: Int) {
        while nextMark < marks.count, marks[nextMark].cell.row < row {
            let number = marks[nextMark].cell.row
            let element = elementName("row", namespace: mainNamespace)
            let cellName = elementName("c", namespace: mainNamespace).name
            var markup = "<\(element.name)\(element.declaration) r=\"\(number)\">"
            while nextMark < marks.count, marks[nextMark].cell.row == number {
                let mark = marks[nextMark]
                let format = styles.markedFormat(base: columnStyle(mark.cell.column), fill: mark.fill)
                markup += "<\(cellName) r=\"\(mark.cell)\" s=\"\(format)\"/>"
                nextMark += 1
                markedCount += 1
            }
            writeMarkup(markup + "</\(element.name)>")
        }
    }

    private func columnStyle(_ column: Int) -> Int {
        columnStyles.last { $0.first <= column && column <= $0.last }?.style ?? 0
    }

    /// Widens a row's `spans` hint to cover every cell it now has. A hint holding a number that
    /// is no column is dropped (it is optional) rather than carried into the copy.
    private func widenSpans(of row: XMLNode) {
        guard let spans = row.attribute("spans") else { return }
        let parts = spans.split(whereSeparator: { $0 == " " || $0 == ":" })
        let bounds = parts.compactMap { FileNumber.integer($0, in: 1...CellReference.maximumColumn) }
        guard bounds.count == parts.count else { return row.setAttribute("spans", nil) }
        let columns = row.elements.filter { $0.localName == "c" }.compactMap { $0.attribute("r").flatMap { CellReference($0)?.column } }
        guard let lowBound = bounds.min(), let highBound = bounds.max(),
              let low = columns.min(), let high = columns.max(), low < lowBound || high > highBound else { return }
        row.setAttribute("spans", "\(min(low, lowBound)):\(max(high, highBound))")
    }

    private func insertPrintOptionsIfNeeded() {
        guard printsHeadings, !wrotePrintOptions else { return }
        wrotePrintOptions = true
        let element = elementName("printOptions", namespace: mainNamespace)
        writeMarkup("<\(element.name)\(element.declaration) headings=\"1\"/>")
    }

    private func insertLegacyDrawingIfNeeded() {
        guard let legacyDrawingID, existingLegacyDrawingID == nil, !insertedLegacyDrawing else { return }
        insertedLegacyDrawing = true
        let element = elementName("legacyDrawing", namespace: mainNamespace)
        let prefix = attributePrefix(namespace: relationshipsNamespace, suggested: "r")
        writeMarkup("<\(element.name)\(element.declaration)\(prefix.declaration) \(prefix.prefix):id=\"\(XMLEscaping.attribute(legacyDrawingID))\"/>")
    }

    /// A style index (`s`, `style`: an `xsd:unsignedInt`); nil, the default format, for anything else.
    private static func styleIndex(_ text: String) -> Int? {
        FileNumber.integer(text, in: FileNumber.unsignedInt)
    }

    private static func isTrue(_ text: String?) -> Bool {
        text == "1" || text == "true"
    }
}
