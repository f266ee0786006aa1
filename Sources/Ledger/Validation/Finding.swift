import XLSX

/// A stable rule code (`min-value`, `duplicate` …): the README lists them all; schema files add
/// their own for row and sheet rules.
public struct RuleCode: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }
    public static func < (lhs: RuleCode, rhs: RuleCode) -> Bool { lhs.rawValue < rhs.rawValue }

    // The file
    public static let unreadable: RuleCode = "unreadable"
    // Structure
    public static let missingSheet: RuleCode = "missing-sheet"
    public static let extraSheet: RuleCode = "extra-sheet"
    public static let damagedSheet: RuleCode = "damaged-sheet"
    public static let headerNotFound: RuleCode = "header-not-found"
    public static let missingColumn: RuleCode = "missing-column"
    public static let extraColumn: RuleCode = "extra-column"
    public static let blankRow: RuleCode = "blank-row"
    // Values
    public static let required: RuleCode = "required"
    public static let numberAsText: RuleCode = "number-as-text"
    public static let notANumber: RuleCode = "not-a-number"
    public static let notAnInteger: RuleCode = "not-an-integer"
    public static let minValue: RuleCode = "min-value"
    public static let maxValue: RuleCode = "max-value"
    public static let belowRecommended: RuleCode = "below-recommended"
    public static let textLength: RuleCode = "text-length"
    public static let pattern: RuleCode = "pattern"
    public static let notInList: RuleCode = "not-in-list"
    public static let synonym: RuleCode = "synonym"
    public static let dateAsText: RuleCode = "date-as-text"
    public static let notADate: RuleCode = "not-a-date"
    public static let dateOutOfYear: RuleCode = "date-out-of-year"
    public static let dateAfter: RuleCode = "date-after"
    public static let dateBeforeStart: RuleCode = "date-before-start"
    public static let wrongWeekday: RuleCode = "wrong-weekday"
    public static let phoneInvalid: RuleCode = "phone-invalid"
    public static let phoneNormalised: RuleCode = "phone-normalised"
    public static let nameFormat: RuleCode = "name-format"
    public static let formulaError: RuleCode = "formula-error"
    public static let formulaWithoutValue: RuleCode = "formula-no-value"
    public static let serialSequence: RuleCode = "serial-sequence"
    public static let duplicate: RuleCode = "duplicate"
    public static let notFound: RuleCode = "not-found"
    public static let listCount: RuleCode = "list-count"
    // Sheets
    public static let runningTotal: RuleCode = "running-total"
    public static let runningTotalDecrease: RuleCode = "running-total-decrease"
    // District (merge)
    public static let districtDuplicate: RuleCode = "district-duplicate"
}

/// One thing wrong (or worth a look) in a submission.
public struct Finding: Hashable, Sendable {
    public var severity: Severity
    public var code: RuleCode
    /// The sheet, nil for a finding about the whole file.
    public var sheet: String?
    /// The cell in the file as submitted; nil for a whole sheet or file.
    public var cell: CellReference?
    /// The column's label (or form field's), when the finding is about one.
    public var column: String?
    /// The value as typed, when there is one.
    public var value: String?
    /// The message in both languages.
    public var message: LocalizedText

    public init(severity: Severity, code: RuleCode, sheet: String?, cell: CellReference?, column: String?,
                value: String?, message: LocalizedText) {
        self.severity = severity
        self.code = code
        self.sheet = sheet
        self.cell = cell
        self.column = column
        self.value = value
        self.message = message
    }

    /// The 1-based row, when the finding has a cell.
    public var row: Int? { cell?.row }
}
