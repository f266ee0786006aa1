/// The value of one cell, as a spreadsheet program shows it.
///
/// A formula cell holds its cached value here (the formula text is ``Cell/formula``).
/// Numbers formatted as dates or times come out as ``date(_:)``; the serial number stays
/// available through ``ExcelDate/serial``.
public enum CellValue: Hashable, Sendable {
    /// A number (IEEE double, exactly as stored when the stored text round-trips).
    case number(Double)
    /// Text: shared, inline, rich (runs flattened) or a formula's string result.
    case string(String)
    /// TRUE or FALSE.
    case boolean(Bool)
    /// A date, date-time, time of day or duration.
    case date(ExcelDate)
    /// An error literal such as `#N/A`.
    case error(CellError)

    /// The text of a string value, nil otherwise.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value as a person reads it: numbers in shortest round-trip form (`13800138000`),
    /// dates in ISO 8601, TRUE/FALSE, error literals, text as it is.
    public var displayText: String {
        switch self {
        case .number(let number): return Cell.shortestText(number)
        case .string(let text): return text
        case .boolean(let flag): return flag ? "TRUE" : "FALSE"
        case .date(let date): return date.isoText
        case .error(let error): return error.literal
        }
    }

    /// The number of a numeric value (a date's serial too), nil otherwise.
    public var numberValue: Double? {
        switch self {
        case .number(let number): return number
        case .date(let date): return date.serial
        default: return nil
        }
    }
}

/// An error value of a cell (`#DIV/0!`, `#N/A`, …).
public struct CellError: Hashable, Sendable, CustomStringConvertible {
    /// The literal as Excel shows it, e.g. `"#REF!"`.
    public let literal: String

    /// An error from its literal.
    public init(_ literal: String) { self.literal = literal }

    public static let null = CellError("#NULL!")
    public static let divisionByZero = CellError("#DIV/0!")
    public static let value = CellError("#VALUE!")
    public static let reference = CellError("#REF!")
    public static let name = CellError("#NAME?")
    public static let number = CellError("#NUM!")
    public static let notAvailable = CellError("#N/A")

    /// The literals Excel knows (including the dynamic-array era ones).
    public static let knownLiterals: Set<String> = [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
        "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    ]

    public var description: String { literal }
}

/// One run of a rich-text string: its text and whether it carries its own font.
public struct TextRun: Hashable, Sendable {
    /// The run's text (escapes decoded).
    public var text: String
    /// The run's font properties as given in `<rPr>`, when present.
    public var font: RunFont?

    /// A run of text with an optional font.
    public init(text: String, font: RunFont? = nil) {
        self.text = text
        self.font = font
    }
}

/// The font of a rich-text run (the properties a ledger may care about).
public struct RunFont: Hashable, Sendable {
    public var name: String?
    public var size: Double?
    public var bold = false
    public var italic = false
    public var underline = false
    public var strike = false
    /// ARGB hex such as `"FFFF0000"`, when given as `rgb`.
    public var color: String?

    /// A run font with every property unset.
    public init() {}
}
