/// One non-empty cell of a worksheet as read from the file.
///
/// Kept small on purpose (a reference, a value, a style index and one pointer): the reader
/// makes a million of these a second. The rarely present parts (formula, rich-text runs, a
/// number's long stored text) live in a shared side object.
public struct Cell: Hashable, Sendable {
    /// Where the cell is.
    public var reference: CellReference
    /// The value shown (a formula's cached value).
    public var value: CellValue
    /// The index into the workbook's cell formats (`s` attribute), 0 when absent.
    public var styleIndex: Int
    private var details: CellDetails?

    /// A cell with a value and, optionally, its formula, style, stored number text and runs.
    public init(reference: CellReference, value: CellValue, formula: String? = nil, styleIndex: Int = 0,
                storedNumberText: String? = nil, runs: [TextRun]? = nil) {
        self.reference = reference
        self.value = value
        self.styleIndex = styleIndex
        if formula != nil || storedNumberText != nil || runs != nil {
            details = CellDetails(formula: formula, runs: runs, storedNumberText: storedNumberText)
        }
    }

    /// The formula text without the leading `=`, when the cell has one (shared formulas expanded).
    public var formula: String? {
        get { details?.formula }
        set { mutateDetails { $0.formula = newValue } }
    }

    /// The runs of a rich-text string (phonetic runs excluded); nil for plain text.
    public var runs: [TextRun]? {
        get { details?.runs }
        set { mutateDetails { $0.runs = newValue } }
    }

    /// The exact decimal text of a number or date serial: the file's own text when it has more
    /// significant digits than a double keeps (e.g. `"0.1000000000000000055511151231257827"`),
    /// otherwise the double's shortest round-trip form, which names the same decimal
    /// (`13800138000`, `1234.1` for a stored `1234.10`). Nil for other values.
    public var numberText: String? {
        if let stored = details?.storedNumberText { return stored }
        guard let number = value.numberValue else { return nil }
        return Cell.shortestText(number)
    }

    /// A double's shortest round-trip decimal text, integers without a fraction.
    public static func shortestText(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 { return String(Int64(number)) }
        return "\(number)"
    }

    private mutating func mutateDetails(_ change: (CellDetails) -> Void) {
        if details == nil {
            details = CellDetails(formula: nil, runs: nil, storedNumberText: nil)
        } else if !isKnownUniquelyReferenced(&details) {
            details = details!.copy()
        }
        change(details!)
    }

    /// Cells are equal when their reference, value, style, formula, rich-text runs and number text are.
    public static func == (lhs: Cell, rhs: Cell) -> Bool {
        lhs.reference == rhs.reference && lhs.value == rhs.value && lhs.styleIndex == rhs.styleIndex
            && lhs.formula == rhs.formula && lhs.runs == rhs.runs && lhs.numberText == rhs.numberText
    }

    /// Hashes the reference, value, style and formula.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(reference)
        hasher.combine(value)
        hasher.combine(styleIndex)
        hasher.combine(formula)
    }
}

/// The rarely present parts of a cell, shared between copies until one changes.
private final class CellDetails: @unchecked Sendable {
    var formula: String?
    var runs: [TextRun]?
    var storedNumberText: String?

    init(formula: String?, runs: [TextRun]?, storedNumberText: String?) {
        self.formula = formula
        self.runs = runs
        self.storedNumberText = storedNumberText
    }

    func copy() -> CellDetails {
        CellDetails(formula: formula, runs: runs, storedNumberText: storedNumberText)
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
