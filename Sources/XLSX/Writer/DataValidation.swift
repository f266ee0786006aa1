/// A data-validation rule on ranges of a sheet: a drop-down list, number, date or text-length
/// bounds, with the prompt shown on entering a cell and the message shown on a wrong entry.
///
/// ```swift
/// var gender = DataValidation(.list(["男", "女"]), on: [CellRange("C2:C500")!])
/// gender.inputTitle = "性别"
/// gender.inputMessage = "请从列表中选择"
/// gender.errorMessage = "只能填写“男”或“女”"
/// try sheet.addDataValidation(gender)
///
/// // A list longer than 255 characters lives in cells, typically on a hidden sheet:
/// try sheet.addDataValidation(DataValidation(.listSource("'字典'!$A$1:$A$30"), on: [CellRange("D2:D500")!]))
/// ```
public struct DataValidation: Hashable, Sendable {
    /// What an entry must be.
    public enum Rule: Hashable, Sendable {
        /// One of these items (an in-cell list; at most 255 characters joined with commas,
        /// no item empty or holding a comma or double quote).
        case list([String])
        /// One of the values of a range, given as a formula such as `'字典'!$A$1:$A$30`.
        case listSource(String)
        /// A whole number within bounds.
        case wholeNumber(ValidationBounds<Int>)
        /// A number within bounds.
        case decimal(ValidationBounds<Double>)
        /// A date within bounds.
        case date(ValidationBounds<LocalDateTime>)
        /// Text whose length is within bounds.
        case textLength(ValidationBounds<Int>)
        /// Anything for which a formula gives TRUE.
        case custom(String)
    }

    /// How Excel treats a wrong entry.
    public enum ErrorStyle: String, Hashable, Sendable {
        /// Refuses it.
        case stop
        /// Warns, and lets the user keep it.
        case warning
        /// Informs, and keeps it.
        case information
    }

    /// The rule.
    public var rule: Rule
    /// The cells it applies to.
    public var ranges: [CellRange]
    /// Whether an empty cell is acceptable.
    public var allowsBlank: Bool
    /// Whether a list shows its drop-down arrow.
    public var showsDropDown: Bool
    /// The title of the prompt shown on entering a cell (at most 32 characters).
    public var inputTitle: String?
    /// The prompt shown on entering a cell (at most 255 characters).
    public var inputMessage: String?
    /// The title of the message shown on a wrong entry (at most 32 characters).
    public var errorTitle: String?
    /// The message shown on a wrong entry (at most 255 characters).
    public var errorMessage: String?
    /// Stop, warning or information.
    public var errorStyle: ErrorStyle
    /// Whether a wrong entry is reported at all.
    public var showsErrorMessage: Bool

    /// A rule on ranges; blanks allowed, wrong entries refused.
    public init(_ rule: Rule, on ranges: [CellRange], allowsBlank: Bool = true, showsDropDown: Bool = true,
                inputTitle: String? = nil, inputMessage: String? = nil, errorTitle: String? = nil,
                errorMessage: String? = nil, errorStyle: ErrorStyle = .stop, showsErrorMessage: Bool = true) {
        self.rule = rule
        self.ranges = ranges
        self.allowsBlank = allowsBlank
        self.showsDropDown = showsDropDown
        self.inputTitle = inputTitle
        self.inputMessage = inputMessage
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
        self.errorStyle = errorStyle
        self.showsErrorMessage = showsErrorMessage
    }
}

/// The bounds of a number, date or length rule.
public enum ValidationBounds<Bound: Hashable & Sendable>: Hashable, Sendable {
    /// From the first to the second, both included.
    case between(Bound, Bound)
    /// Below the first or above the second.
    case notBetween(Bound, Bound)
    /// Exactly this.
    case equal(Bound)
    /// Anything but this.
    case notEqual(Bound)
    /// Above this.
    case greaterThan(Bound)
    /// Below this.
    case lessThan(Bound)
    /// This or above.
    case greaterThanOrEqual(Bound)
    /// This or below.
    case lessThanOrEqual(Bound)

    /// The `operator` attribute; nil for `between`, the default.
    var operatorName: String? {
        switch self {
        case .between: return nil
        case .notBetween: return "notBetween"
        case .equal: return "equal"
        case .notEqual: return "notEqual"
        case .greaterThan: return "greaterThan"
        case .lessThan: return "lessThan"
        case .greaterThanOrEqual: return "greaterThanOrEqual"
        case .lessThanOrEqual: return "lessThanOrEqual"
        }
    }

    /// The one or two operands.
    var operands: [Bound] {
        switch self {
        case .between(let low, let high), .notBetween(let low, let high): return [low, high]
        case .equal(let value), .notEqual(let value), .greaterThan(let value), .lessThan(let value),
             .greaterThanOrEqual(let value), .lessThanOrEqual(let value):
            return [value]
        }
    }
}

/// A validation checked against Excel's limits, ready for `<dataValidation>`.
struct CheckedValidation {
    let validation: DataValidation
    let type: String
    let operatorName: String?
    let formulas: [String]

    /// Checks a validation against Excel's limits and renders its formulas.
    init(_ validation: DataValidation) throws {
        self.validation = validation
        guard !validation.ranges.isEmpty else {
            throw XLSXError.excelLimit(.validationRange, detail: "no range given")
        }
        for range in validation.ranges { try SheetLimits.check(range) }
        try Self.checkLength(validation.inputTitle, limit: .validationTitleLength, maximum: ExcelLimits.validationTitleLength)
        try Self.checkLength(validation.errorTitle, limit: .validationTitleLength, maximum: ExcelLimits.validationTitleLength)
        try Self.checkLength(validation.inputMessage, limit: .validationMessageLength,
                             maximum: ExcelLimits.validationMessageLength)
        try Self.checkLength(validation.errorMessage, limit: .validationMessageLength,
                             maximum: ExcelLimits.validationMessageLength)
        switch validation.rule {
        case .list(let items):
            try Self.checkListItems(items)
            (type, operatorName, formulas) = ("list", nil, ["\"" + items.joined(separator: ",") + "\""])
        case .listSource(let formula):
            (type, operatorName, formulas) = ("list", nil, [try Self.formula(formula)])
        case .custom(let formula):
            (type, operatorName, formulas) = ("custom", nil, [try Self.formula(formula)])
        case .wholeNumber(let bounds):
            (type, operatorName, formulas) = ("whole", bounds.operatorName, bounds.operands.map(String.init))
        case .textLength(let bounds):
            (type, operatorName, formulas) = ("textLength", bounds.operatorName, bounds.operands.map(String.init))
        case .decimal(let bounds):
            for operand in bounds.operands where !operand.isFinite {
                throw XLSXError.excelLimit(.nonFiniteNumber, detail: "data-validation bound \(operand)")
            }
            (type, operatorName, formulas) = ("decimal", bounds.operatorName, bounds.operands.map(NumberText.text))
        case .date(let bounds):
            let serials = try bounds.operands.map { try ExcelSerial.of($0).serial }
            (type, operatorName, formulas) = ("date", bounds.operatorName, serials.map(NumberText.text))
        }
    }

    private static func checkLength(_ text: String?, limit: ExcelLimit, maximum: Int) throws {
        guard let text, text.utf16.count > maximum else { return }
        throw XLSXError.excelLimit(limit, detail: "\"\(text)\" has \(text.utf16.count) characters")
    }

    private static func checkListItems(_ items: [String]) throws {
        guard !items.isEmpty else { throw XLSXError.excelLimit(.validationListItem, detail: "the list is empty") }
        for item in items where item.isEmpty || item.contains(",") || item.contains("\"") {
            throw XLSXError.excelLimit(.validationListItem, detail: "item \"\(item)\"")
        }
        let length = items.reduce(items.count - 1) { $0 + $1.utf16.count }
        guard length <= ExcelLimits.validationListLength else {
            throw XLSXError.excelLimit(.validationListLength,
                                       detail: "\(length) characters; put the items in cells and use .listSource")
        }
    }

    private static func formula(_ text: String) throws -> String {
        let stored = FormulaText.stored(text)
        guard stored.utf16.count <= ExcelLimits.formulaLength else {
            throw XLSXError.excelLimit(.formulaLength, detail: "\(stored.utf16.count) characters")
        }
        return stored
    }

    /// Appends the `<dataValidation>` element.
    func write(to xml: XMLWriter) {
        let rule = validation
        let isList = type == "list"
        xml.start("dataValidation", [
            ("type", type),
            ("errorStyle", rule.errorStyle == .stop ? nil : rule.errorStyle.rawValue),
            ("operator", operatorName),
            ("allowBlank", rule.allowsBlank ? "1" : nil),
            // Inverted in the file format: showDropDown="1" hides the arrow.
            ("showDropDown", isList && !rule.showsDropDown ? "1" : nil),
            ("showInputMessage", rule.inputTitle != nil || rule.inputMessage != nil ? "1" : nil),
            ("showErrorMessage", rule.showsErrorMessage ? "1" : nil),
            ("errorTitle", rule.errorTitle.map(TextEscapes.encode)),
            ("error", rule.errorMessage.map(TextEscapes.encode)),
            ("promptTitle", rule.inputTitle.map(TextEscapes.encode)),
            ("prompt", rule.inputMessage.map(TextEscapes.encode)),
            ("sqref", rule.ranges.map(\.description).joined(separator: " ")),
        ])
        xml.element("formula1", text: formulas[0])
        if formulas.count > 1 { xml.element("formula2", text: formulas[1]) }
        xml.end("dataValidation")
    }
}
