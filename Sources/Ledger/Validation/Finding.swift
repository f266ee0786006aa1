import XLSX

/// A stable rule code (`min-value`, `duplicate` …): the README lists them all; schema files add
/// their own for row and sheet rules.
public struct RuleCode: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The code as findings, reports and JSON carry it, e.g. `min-value`.
    public let rawValue: String

    /// A code from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// A code from a string literal.
    public init(stringLiteral value: String) { rawValue = value }

    /// The code's text.
    public var description: String { rawValue }
    /// Codes sort by their text.
    public static func < (lhs: RuleCode, rhs: RuleCode) -> Bool { lhs.rawValue < rhs.rawValue }

    // The file
    /// The file cannot be read at all (not a zip, an old .xls, encrypted, damaged, a limit exceeded …).
    public static let unreadable: RuleCode = "unreadable"
    public static let legacyFormat: RuleCode = "legacy-format"
    // Structure
    /// A sheet of the ledger is missing.
    public static let missingSheet: RuleCode = "missing-sheet"
    /// A visible sheet with data that is not part of the ledger.
    public static let extraSheet: RuleCode = "extra-sheet"
    /// A sheet whose part is missing or broken in the file; the other sheets are still read.
    public static let damagedSheet: RuleCode = "damaged-sheet"
    /// No header row in the first rows of a table.
    public static let headerNotFound: RuleCode = "header-not-found"
    /// A column (or form field) is missing.
    public static let missingColumn: RuleCode = "missing-column"
    /// A header column that is not part of the ledger.
    public static let extraColumn: RuleCode = "extra-column"
    /// Blank rows between data rows, skipped.
    public static let blankRow: RuleCode = "blank-row"
    // Values
    /// A required value is empty.
    public static let required: RuleCode = "required"
    /// A number stored as text, read as a number.
    public static let numberAsText: RuleCode = "number-as-text"
    /// Text where a number belongs.
    public static let notANumber: RuleCode = "not-a-number"
    /// A fraction where a whole number belongs.
    public static let notAnInteger: RuleCode = "not-an-integer"
    /// A number below the column's minimum.
    public static let minValue: RuleCode = "min-value"
    /// A number above the column's maximum.
    public static let maxValue: RuleCode = "max-value"
    /// A number below the recommended minimum.
    public static let belowRecommended: RuleCode = "below-recommended"
    /// Text too short or too long.
    public static let textLength: RuleCode = "text-length"
    /// Text not in the required form.
    public static let pattern: RuleCode = "pattern"
    /// A value that is not one of the column's choices.
    public static let notInList: RuleCode = "not-in-list"
    /// A known synonym of a choice, read as the choice.
    public static let synonym: RuleCode = "synonym"
    /// A date typed as text, read as a date.
    public static let dateAsText: RuleCode = "date-as-text"
    /// A value that is no date.
    public static let notADate: RuleCode = "not-a-date"
    /// A date outside the campaign year.
    public static let dateOutOfYear: RuleCode = "date-out-of-year"
    /// A date after the report date (填报日期).
    public static let dateAfter: RuleCode = "date-after"
    /// A date before the campaign start.
    public static let dateBeforeStart: RuleCode = "date-before-start"
    /// A weekly report not dated on the report weekday.
    public static let wrongWeekday: RuleCode = "wrong-weekday"
    /// Not a mobile or landline number.
    public static let phoneInvalid: RuleCode = "phone-invalid"
    /// A phone number with spaces, hyphens or +86, read in canonical form.
    public static let phoneNormalised: RuleCode = "phone-normalised"
    /// A name that does not look like a Chinese name.
    public static let nameFormat: RuleCode = "name-format"
    /// A formula whose cached value is an error.
    public static let formulaError: RuleCode = "formula-error"
    /// A formula without a cached value.
    public static let formulaWithoutValue: RuleCode = "formula-no-value"
    /// A running number (序号) out of sequence.
    public static let serialSequence: RuleCode = "serial-sequence"
    /// A value repeated where it must be unique.
    public static let duplicate: RuleCode = "duplicate"
    /// A value not found where it must appear.
    public static let notFound: RuleCode = "not-found"
    /// A list's item count differs from the column it must equal.
    public static let listCount: RuleCode = "list-count"
    // Sheets
    /// A running total is not the previous total plus the increment.
    public static let runningTotal: RuleCode = "running-total"
    /// A running total decreases in date order.
    public static let runningTotalDecrease: RuleCode = "running-total-decrease"
    // The portal
    /// (Portal) reading the file failed inside the program (its worker process ended); the
    /// message names the request, and the same file sent again is read afresh.
    public static let internalError: RuleCode = "internal-error"
    // District (merge)
    /// (At merge) the same value of a district-unique column in two towns.
    public static let districtDuplicate: RuleCode = "district-duplicate"
}

/// One thing wrong (or worth a look) in a submission.
public struct Finding: Hashable, Sendable {
    /// Error or warning.
    public var severity: Severity
    /// The stable rule code.
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

    /// A finding from its parts.
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

extension RuleCode {
    /// The built-in codes in a few words of Chinese, for the printed lists of findings (待核实,
    /// 校验结果); a schema's own codes take their rule's `name` (``LedgerSchema/ruleName(_:)``).
    static let chineseNames: [RuleCode: String] = [
        .unreadable: "文件无法读取", .legacyFormat: "旧版格式(.xls/.et)", .missingSheet: "缺少工作表", .extraSheet: "多余的工作表",
        .damagedSheet: "工作表损坏", .headerNotFound: "找不到表头", .missingColumn: "缺少列", .extraColumn: "多余的列",
        .blankRow: "表中有空行", .required: "必填项为空", .numberAsText: "数字存为文本", .notANumber: "不是数字",
        .notAnInteger: "不是整数", .minValue: "小于最小值", .maxValue: "大于最大值", .belowRecommended: "低于一般要求",
        .textLength: "字数不符", .pattern: "格式不符", .notInList: "不在可选项中", .synonym: "以同义词填写",
        .dateAsText: "日期存为文本", .notADate: "不是日期", .dateOutOfYear: "日期不在本年度", .dateAfter: "日期晚于填报日期",
        .dateBeforeStart: "早于活动开始日期", .wrongWeekday: "不是规定的交账日", .phoneInvalid: "电话号码无效",
        .phoneNormalised: "电话号码格式已规范", .nameFormat: "姓名格式存疑", .formulaError: "公式结果出错",
        .formulaWithoutValue: "公式没有结果", .serialSequence: "序号不连续", .duplicate: "重复", .notFound: "未找到对应项",
        .listCount: "项数不符", .runningTotal: "累计数不符", .runningTotalDecrease: "累计数减少", .districtDuplicate: "全区重复",
    ]
}

extension LedgerSchema {
    /// A rule code in words: the schema rule's `name`, else the built-in code's Chinese name,
    /// followed by the code (`小于最小值(min-value)`); the code alone when neither is known.
    public func ruleName(_ code: RuleCode) -> String {
        let own = sheets.lazy.compactMap { sheet in
            sheet.rowRules.first { $0.code == code.rawValue && $0.name != nil }?.name
                ?? sheet.sheetRules.first { $0.code == code.rawValue && $0.name != nil }?.name
        }.first
        guard let own else { return Self.builtInRuleName(code) }
        return "\(own)(\(code.rawValue))"
    }

    /// A built-in rule code in words (`小于最小值(min-value)`), the code alone for another.
    public static func builtInRuleName(_ code: RuleCode) -> String {
        RuleCode.chineseNames[code].map { "\($0)(\(code.rawValue))" } ?? code.rawValue
    }
}
