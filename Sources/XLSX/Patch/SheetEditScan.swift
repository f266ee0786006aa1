import CLibxml2

/// What an edit must know of a worksheet before it streams the sheet through: its merged ranges,
/// its array formulas (whose master cell comes before the other cells of its range, so an edit
/// of one of those must be known before the master streams by), and the look of the rows that
/// appended rows copy (to size `<dimension>`, which comes before the rows).
final class SheetEditScan: SAXHandler {
    /// An array formula: its master cell and the range it fills.
    struct ArrayFormula {
        let master: CellReference
        let range: CellRange
    }

    /// The look of a row that new rows copy: its unprefixed attributes and its cells' formats.
    struct RowLook {
        var attributes: [(name: String, value: String)] = []
        /// Cell format (`s`) by column, for the row's cells that have one.
        var cellStyles: [Int: Int] = [:]
    }

    private let partName: String
    private let styleRows: Set<Int>
    private(set) var mergedRanges: [CellRange] = []
    /// The `<mergeCell>` elements, readable or not (what `<mergeCells count>` should say).
    private(set) var mergeCellCount = 0
    private(set) var arrayFormulas: [ArrayFormula] = []
    private(set) var hasSheetData = false
    /// The looks of the style rows found (a style row missing from the file has none).
    private(set) var rowLooks: [Int: RowLook] = [:]

    /// The current row and cell, counted like the reader does for rows and cells without `r`.
    private var row = 0
    private var column = 0

    init(partName: String, styleRows: Set<Int>) {
        self.partName = partName
        self.styleRows = styleRows
    }

    override func startElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                               attributes: XMLAttributes) {
        guard XMLName.isSpreadsheetNamespace(namespace) else { return }
        if XMLName.equals(localName, "row") {
            if let text = attributes.string("r") {
                guard let number = Int(text), (1...CellReference.maximumRow).contains(number) else {
                    return fail(.invalidContent(part: partName, message: "row number \"\(text)\" is not between 1 and \(CellReference.maximumRow)"))
                }
                row = number
            } else {
                row += 1
            }
            column = 0
            if styleRows.contains(row) {
                // Prefixed attributes (x14ac:dyDescent) are left out: their prefix may be declared on the row itself.
                rowLooks[row] = RowLook(attributes: attributes.owned().filter { $0.prefix == nil }.map { ($0.localName, $0.value) })
            }
        } else if XMLName.equals(localName, "c") {
            if let text = attributes.string("r"), let reference = CellReference(text) {
                column = reference.column
                row = reference.row
            } else {
                column += 1
            }
            if styleRows.contains(row), let text = attributes.string("s"), let style = Int(text), style >= 0 {
                rowLooks[row, default: RowLook()].cellStyles[column] = style
            }
        } else if XMLName.equals(localName, "f") {
            guard attributes.string("t") == "array", let text = attributes.string("ref") else { return }
            guard let range = CellRange(text) else {
                return fail(.invalidContent(part: partName, message: "array formula range \"\(text)\" is not a range"))
            }
            arrayFormulas.append(ArrayFormula(master: CellReference(row: row, column: column), range: range))
        } else if XMLName.equals(localName, "mergeCell") {
            mergeCellCount += 1
            if let text = attributes.string("ref"), let range = CellRange(text) { mergedRanges.append(range) }
        } else if XMLName.equals(localName, "sheetData") {
            hasSheetData = true
        }
    }

    /// Scans a worksheet part.
    static func scan(_ entry: ZipArchive.Entry, in zip: ZipArchive, styleRows: Set<Int>) throws -> SheetEditScan {
        let scan = SheetEditScan(partName: entry.name, styleRows: styleRows)
        let parser = SAXPushParser(handler: scan, partName: entry.name)
        try zip.stream(entry) { chunk, isLast in try parser.feed(chunk, isLast: isLast) }
        return scan
    }
}
