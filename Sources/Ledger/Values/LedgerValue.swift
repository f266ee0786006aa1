import XLSX

/// A normalised ledger value, the form rules work on.
public enum LedgerValue: Hashable, Sendable, CustomStringConvertible {
    /// Text, normalised (trimmed, full-width folded).
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A decimal number.
    case decimal(Double)
    /// A calendar date.
    case date(LedgerDate)
    /// A phone in canonical form: 11 digits for a mobile, `0AAA-NNNNNNNN[-EXT]` for a landline.
    case phone(String)
    /// The items of a list, in order.
    case list([String])

    /// The value as text (for comparisons, messages and the district ledger).
    public var description: String {
        switch self {
        case .text(let text), .phone(let text): return text
        case .integer(let number): return String(number)
        case .decimal(let number): return Cell.shortestText(number)
        case .date(let date): return date.description
        case .list(let items): return items.joined(separator: "、")
        }
    }

    /// The number, for integers and decimals.
    public var number: Double? {
        switch self {
        case .integer(let number): return Double(number)
        case .decimal(let number): return number
        default: return nil
        }
    }

    /// The date, when the value is one.
    public var date: LedgerDate? {
        if case .date(let date) = self { return date }
        return nil
    }
}

/// One cell of a submission as read and normalised: where it is, what was typed, what it means.
public struct FieldCell: Sendable, Hashable {
    /// The cell in the file as submitted.
    public var reference: CellReference
    /// What the town typed, as a clerk would read it (`"2"`, `"2026-10-15"`, `"二十"`).
    public var typed: String
    /// The normalised value; nil when empty or not understood.
    public var value: LedgerValue?
}
