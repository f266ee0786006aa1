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

    /// `#NULL!`: two ranges that do not intersect.
    public static let null = CellError("#NULL!")
    /// `#DIV/0!`: a division by zero.
    public static let divisionByZero = CellError("#DIV/0!")
    /// `#VALUE!`: an argument of the wrong type.
    public static let value = CellError("#VALUE!")
    /// `#REF!`: a reference to a cell that no longer exists.
    public static let reference = CellError("#REF!")
    /// `#NAME?`: an unknown function or name.
    public static let name = CellError("#NAME?")
    /// `#NUM!`: a number out of range.
    public static let number = CellError("#NUM!")
    /// `#N/A`: a value not available (a lookup that found nothing).
    public static let notAvailable = CellError("#N/A")

    /// The literals Excel knows (including the dynamic-array era ones).
    public static let knownLiterals: Set<String> = [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
        "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    ]

    /// The literal, as Excel shows it.
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
    /// The font's name, e.g. `宋体`.
    public var name: String?
    /// The size in points.
    public var size: Double?
    /// Whether the run is bold.
    public var bold = false
    /// Whether the run is italic.
    public var italic = false
    /// Whether the run is underlined.
    public var underline = false
    /// Whether the run is struck through.
    public var strike = false
    /// ARGB hex such as `"FFFF0000"`, when given as `rgb`.
    public var color: String?

    /// A run font with every property unset.
    public init() {}
}
