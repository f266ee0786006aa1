/// One non-empty cell of a worksheet as read from the file.
public struct Cell: Hashable, Sendable {
    /// Where the cell is.
    public var reference: CellReference
    /// The value shown (a formula's cached value).
    public var value: CellValue
    /// The formula text without the leading `=`, when the cell has one (shared formulas expanded).
    public var formula: String?
    /// The index into the workbook's cell formats (`s` attribute), 0 when absent.
    public var styleIndex: Int
    /// The text of `<v>` exactly as stored, for numbers and dates (e.g. `"13800138000"`,
    /// `"1234.10"`): ledgers of money need the exact decimal.
    public var storedNumberText: String?
    /// The runs of a rich-text string (phonetic runs excluded); nil for plain text.
    public var runs: [TextRun]?

    /// A cell with a value and, optionally, its formula and style.
    public init(reference: CellReference, value: CellValue, formula: String? = nil, styleIndex: Int = 0,
                storedNumberText: String? = nil, runs: [TextRun]? = nil) {
        self.reference = reference
        self.value = value
        self.formula = formula
        self.styleIndex = styleIndex
        self.storedNumberText = storedNumberText
        self.runs = runs
    }
}

/// A formula cell that has no cached value (a file written by a program that does not calculate).
public struct FormulaWithoutValue: Hashable, Sendable {
    /// Where the cell is.
    public var reference: CellReference
    /// The formula text without the leading `=`.
    public var formula: String
}

/// One row of a worksheet: its 1-based number and its non-empty cells, in column order.
public struct Row: Sendable {
    /// The 1-based row number.
    public var number: Int
    /// The cells holding a value, left to right.
    public var cells: [Cell]
    /// Formula cells in this row that carry no cached value.
    public var formulasWithoutValue: [FormulaWithoutValue]
    /// Whether the row is hidden.
    public var isHidden: Bool

    /// A row with its cells.
    public init(number: Int, cells: [Cell], formulasWithoutValue: [FormulaWithoutValue] = [], isHidden: Bool = false) {
        self.number = number
        self.cells = cells
        self.formulasWithoutValue = formulasWithoutValue
        self.isHidden = isHidden
    }

    /// The cell in a 1-based column, if it holds a value.
    public subscript(column column: Int) -> Cell? {
        // Cells are sorted by column: binary search.
        var low = 0
        var high = cells.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let found = cells[middle].reference.column
            if found == column { return cells[middle] }
            if found < column { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}
