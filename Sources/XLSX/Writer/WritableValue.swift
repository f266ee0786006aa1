/// A value to write into a cell.
public enum WritableValue: Hashable, Sendable {
    /// A finite number.
    case number(Double)
    /// Text, at most 32,767 characters. Control characters and literal `_xHHHH_` are escaped.
    case string(String)
    /// TRUE or FALSE.
    case boolean(Bool)
    /// A date or date-time in the 1900 date system (1900-01-01 to 9999-12-31, or a time of day
    /// on 1899-12-30), shown with the options' date format unless the cell's style has one.
    case date(LocalDateTime)
    /// An error literal such as `#N/A`.
    case error(CellError)
    /// A formula (with or without the leading `=`) and, optionally, the value it last gave,
    /// which readers that do not calculate show. Excel recalculates on opening.
    case formula(String, cached: CellValue?)
    /// No value: a cell that only carries its style (a border, a fill).
    case empty
}

/// A cell to write: its value and, optionally, a registered style.
///
/// Literals make cells: `["姓名", 42, 3.5, true]` is a row of a string, two numbers and a
/// boolean; `[.string("姓名", style: header), .date(birthday), .formula("SUM(B2:B9)", cached: .number(12))]`
/// gives them styles and other kinds.
public struct WritableCell: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral {
    /// The value.
    public var value: WritableValue
    /// The style, or nil for the default style.
    public var style: StyleIndex?

    /// A cell with a value and an optional style.
    public init(_ value: WritableValue, style: StyleIndex? = nil) {
        self.value = value
        self.style = style
    }

    /// A number cell.
    public static func number(_ value: Double, style: StyleIndex? = nil) -> WritableCell {
        WritableCell(.number(value), style: style)
    }

    /// A text cell.
    public static func string(_ text: String, style: StyleIndex? = nil) -> WritableCell {
        WritableCell(.string(text), style: style)
    }

    /// A TRUE or FALSE cell.
    public static func boolean(_ value: Bool, style: StyleIndex? = nil) -> WritableCell {
        WritableCell(.boolean(value), style: style)
    }

    /// A date cell.
    public static func date(_ value: LocalDateTime, style: StyleIndex? = nil) -> WritableCell {
        WritableCell(.date(value), style: style)
    }

    /// An error cell.
    public static func error(_ error: CellError, style: StyleIndex? = nil) -> WritableCell {
        WritableCell(.error(error), style: style)
    }

    /// A formula cell with, optionally, the value it last gave.
    public static func formula(_ formula: String, cached: CellValue? = nil, style: StyleIndex? = nil) -> WritableCell {
        WritableCell(.formula(formula, cached: cached), style: style)
    }

    /// A cell with no value that carries a style (a border, a fill).
    public static func empty(style: StyleIndex) -> WritableCell {
        WritableCell(.empty, style: style)
    }

    /// A string cell.
    public init(stringLiteral value: String) { self.init(.string(value)) }

    /// A number cell.
    public init(integerLiteral value: Int) { self.init(.number(Double(value))) }

    /// A number cell.
    public init(floatLiteral value: Double) { self.init(.number(value)) }

    /// A boolean cell.
    public init(booleanLiteral value: Bool) { self.init(.boolean(value)) }
}
