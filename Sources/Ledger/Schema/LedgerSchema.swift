/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Comparable, Codable {
    /// The row cannot be used as it is.
    case error
    /// Understood, but worth a look.
    case warning

    /// Errors come before warnings.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
}

/// The kind of value a column or field holds, and so how a typed value is normalised.
public enum FieldType: String, Sendable, Hashable, CaseIterable {
    /// Free text (trimmed, full-width folded).
    case text
    /// A whole number.
    case integer
    /// A decimal number.
    case decimal
    /// A calendar date.
    case date
    /// A mainland phone number (mobile or landline).
    case phone
    /// One of a list of values (a drop-down in the template).
    case choice
    /// A person's Chinese name (2–10 characters, `·` allowed).
    case personName = "person_name"
    /// A list of items separated by 、，,;；.
    case list
    /// A running number 1, 2, 3, … (optional; a warning when out of sequence).
    case serial
}

/// One column of a table sheet, or one field of a form sheet, with its cell rules.
public struct ColumnSchema: Sendable, Hashable {
    /// The column's header label, or the form field's label in column A.
    public var label: String
    /// The kind of value, and so how a typed value is normalised.
    public var type: FieldType
    /// Whether an empty cell is an error.
    public var required = false
    /// Inclusive bounds for numbers.
    public var minimum: Double?
    /// Inclusive upper bound for numbers.
    public var maximum: Double?
    /// Below this a number gets a warning (e.g. fewer than 3 areas).
    public var warnBelow: Double?
    /// Unit shown in messages (人, 个 …).
    public var unit = ""
    /// Inclusive bounds on the text's length in characters.
    public var length: ClosedRange<Int>?
    /// A regular expression the whole normalised text must match.
    public var pattern: String?
    /// Allowed values of a choice.
    public var values: [String] = [] {
        didSet { valueSet = Set(values) }
    }
    /// The same values for membership tests: a district's town list has thousands.
    public private(set) var valueSet: Set<String> = []
    /// Known synonyms of choice values (accepted with a warning).
    public var synonyms: [String: String] = [:]
    /// Unique within the sheet (the town's submission).
    public var unique = false
    /// Unique across the district (checked at merge).
    public var uniqueInDistrict = false
    /// A date within this year.
    public var withinYear: Int?
    /// A date not after this form field (`sheet.label`).
    public var notAfter: FieldPath?
    /// A date before this one gets a warning.
    public var warnBefore: LedgerDate?
    /// A date on this weekday (1 = Monday), a warning otherwise.
    public var weekday: Int?
    /// The value must appear in another sheet's column.
    public var inColumn: FieldPath?
    /// The severity of a value not found in ``inColumn``.
    public var inColumnSeverity = Severity.error
    /// For lists: the item count must equal this column of the same row (a warning otherwise).
    public var countEquals: String?
    /// Pre-filled default (form fields), e.g. the configured target.
    public var defaultValue: String?
    /// For example values in the instructions sheet; `${town}` in it stands for the town whose
    /// template it is (``example(town:)``).
    public var example: String?
    /// The line in the schema file, for messages.
    public var line = 0

    /// What stands for the town's name in an ``example``.
    public static let townPlaceholder = "${town}"

    /// The example as a town's template shows it: `${town}` replaced by the town's name.
    public func example(town: String) -> String? {
        example?.replacing(Self.townPlaceholder, with: town)
    }

    /// A column with a label and a type, and no rules yet.
    public init(label: String, type: FieldType) {
        self.label = label
        self.type = type
    }
}

/// A reference to a column of a sheet, written `sheet.column` in the schema.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The sheet's name.
    public var sheet: String
    /// The column's (or form field's) label.
    public var column: String
    /// `sheet.column`, as the schema writes it.
    public var description: String { "\(sheet).\(column)" }
}

/// Text in the two languages of the reports.
public struct LocalizedText: Sendable, Hashable {
    /// The Chinese text.
    public var chinese: String
    /// The English text.
    public var english: String

    /// A text in Chinese and English.
    public init(chinese: String, english: String) {
        self.chinese = chinese
        self.english = english
    }

    /// The text in a language.
    public func text(_ language: Language) -> String { language == .english ? english : chinese }
}

/// The report language.
public enum Language: String, Sendable, CaseIterable {
    /// Chinese (`zh`), the default.
    case chinese = "zh"
    /// English (`en`).
    case english = "en"
}

/// A rule over the cells of one row.
public struct RowRule: Sendable, Hashable {
    /// What the rule checks.
    public enum Check: Sendable, Hashable {
        /// `column op other`, e.g. 青年人数 >= 团员人数.
        case compare(column: String, op: ComparisonOperator, other: String)
        /// A number at least `minimum` (when the row matches `when`).
        case minimum(column: String, minimum: Double)
        /// The text of `column` ends with the value of `other`.
        case endsWithColumn(column: String, other: String)
        /// Age in completed years on a form date, within bounds.
        case age(column: String, on: FieldPath, minimum: Int?, maximum: Int?)
    }

    /// The rule's code, as findings carry it.
    public var code: String
    /// How serious a breach is.
    public var severity: Severity
    /// Only rows whose columns equal these values (after normalisation).
    public var when: [String: String]
    /// What the rule checks.
    public var check: Check
    /// The message of a breach.
    public var message: LocalizedText
    /// The line in the schema file, for messages.
    public var line: Int
    /// What the rule checks, in a few words (`name:`), for the printed lists of findings.
    public var name: String?
}

/// `<`, `<=`, `>`, `>=`, `==`, `!=`.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=`
    case greaterOrEqual = ">="
    /// `==`
    case equal = "=="
    /// `!=`
    case notEqual = "!="

    /// Whether `lhs op rhs` holds.
    public func holds(_ lhs: Double, _ rhs: Double) -> Bool {
        switch self {
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        }
    }
}

/// A rule over a whole sheet (or between sheets).
public struct SheetRule: Sendable, Hashable {
    /// What a sheet rule checks.
    public enum Check: Sendable, Hashable {
        /// In `orderBy` order, `total` never decreases and equals the previous total plus `increment`
        /// (the first row: its own increment).
        case runningTotal(orderBy: String, increment: String, total: String)
        /// `column` equals the number of rows of `sheet` whose `dateColumn` is on or before this row's `onOrBefore`.
        case countRows(column: String, sheet: String, dateColumn: String, onOrBefore: String)
    }

    /// The rule's code; nil gives the check's own (`running-total`).
    public var code: String?
    /// How serious a breach is.
    public var severity: Severity
    /// What the rule checks.
    public var check: Check
    /// The message of a breach; nil gives the check's own.
    public var message: LocalizedText?
    /// The line in the schema file, for messages.
    public var line: Int
    /// What the rule checks, in a few words (`name:`), for the printed lists of findings.
    public var name: String?
}

/// One sheet of the ledger.
public struct SheetSchema: Sendable, Hashable {
    /// How a sheet is laid out.
    public enum Kind: String, Sendable, Hashable {
        /// Label in column A, value in column B.
        case form
        /// A header row and data rows.
        case table
    }

    /// The sheet's name (the tab).
    public var name: String
    /// A form or a table.
    public var kind: Kind
    /// The title above a table's header in the template.
    public var title: String?
    /// A missing optional sheet is not a finding.
    public var optional = false
    /// The table's columns, or the form's fields, in order.
    public var columns: [ColumnSchema]
    /// Rules over each row.
    public var rowRules: [RowRule] = []
    /// Rules over the whole sheet.
    public var sheetRules: [SheetRule] = []
    /// The line in the schema file, for messages.
    public var line = 0

    /// The column with this label.
    public func column(_ label: String) -> ColumnSchema? { columns.first { $0.label == label } }
}

/// The whole ledger: its sheets in order (`templates/ledger.yaml`).
public struct LedgerSchema: Sendable {
    /// The ledger's name, e.g. 青年大学习台账.
    public var name: String
    /// Rows searched for a table's header.
    public var headerSearchRows: Int
    /// The generated instructions sheet's name.
    public var instructionsSheet: String
    /// The sheets, in the template's order.
    public var sheets: [SheetSchema]

    /// The sheet with this name.
    public func sheet(_ name: String) -> SheetSchema? { sheets.first { $0.name == name } }
}
