import Foundation
import Ledger

/// A constant a row's cell is compared with, typed by its column.
public enum FilterValue: Hashable, Sendable, CustomStringConvertible {
    /// For number columns.
    case number(Decimal)
    /// For date columns.
    case date(LedgerDate)
    /// For every other column: compared for equality only.
    case text(String)

    /// A ledger cell's value in the same terms (nil for an empty cell).
    init?(_ value: LedgerValue?) {
        guard let value else { return nil }
        switch value {
        case .integer(let number): self = .number(Decimal(number))
        case .decimal: self = DecimalText.parse(value.description).map { .number($0) } ?? .text(value.description)
        case .date(let date): self = .date(date)
        default: self = .text(value.description)
        }
    }

    /// As written in the rules.
    public var description: String {
        switch self {
        case .number(let number): return DecimalText.text(number)
        case .date(let date): return date.description
        case .text(let text): return text
        }
    }

    /// How this compares with `other`: nil when the two cannot be ordered (different kinds, or two
    /// different texts).
    func compare(with other: FilterValue) -> ComparisonResult? {
        switch (self, other) {
        case (.number(let lhs), .number(let rhs)): return lhs < rhs ? .orderedAscending : lhs > rhs ? .orderedDescending : .orderedSame
        case (.date(let lhs), .date(let rhs)): return lhs < rhs ? .orderedAscending : lhs > rhs ? .orderedDescending : .orderedSame
        case (.text(let lhs), .text(let rhs)): return lhs == rhs ? .orderedSame : nil
        default: return nil
        }
    }
}

/// A condition on one cell of a row: `成立日期 <= 2026-10-15`, `依托领域 != 其他`,
/// `活动类型 in [经验交流会, 先进事迹报告会]`. A row whose cell is empty never matches.
public struct RowCondition: Hashable, Sendable, CustomStringConvertible {
    /// What the cell is tested for.
    public enum Test: Hashable, Sendable {
        /// `COLUMN op VALUE`; only `==` and `!=` for text.
        case compare(ComparisonOperator, FilterValue)
        /// `COLUMN in [a, b]`.
        case oneOf([FilterValue])
        /// `COLUMN not in [a, b]`.
        case noneOf([FilterValue])
    }

    /// The column's label.
    public var column: String
    /// What the cell is tested for.
    public var test: Test

    /// Whether the row matches.
    func holds(for row: LedgerRow) -> Bool {
        guard let cell = FilterValue(row[column]) else { return false }
        switch test {
        case .compare(let comparison, let constant):
            guard let order = cell.compare(with: constant) else { return comparison == .notEqual }
            return comparison.holds(order)
        case .oneOf(let constants): return constants.contains { cell.compare(with: $0) == .orderedSame }
        case .noneOf(let constants): return !constants.contains { cell.compare(with: $0) == .orderedSame }
        }
    }

    /// As written in the rules.
    public var description: String {
        switch test {
        case .compare(let comparison, let constant): return "\(column) \(comparison.rawValue) \(constant)"
        case .oneOf(let constants): return "\(column) in [\(constants.map(\.description).joined(separator: ", "))]"
        case .noneOf(let constants): return "\(column) not in [\(constants.map(\.description).joined(separator: ", "))]"
        }
    }
}

extension ComparisonOperator {
    /// Whether `lhs op rhs` holds, given how lhs compares with rhs.
    func holds(_ order: ComparisonResult) -> Bool {
        switch self {
        case .less: return order == .orderedAscending
        case .lessOrEqual: return order != .orderedDescending
        case .greater: return order == .orderedDescending
        case .greaterOrEqual: return order != .orderedAscending
        case .equal: return order == .orderedSame
        case .notEqual: return order != .orderedSame
        }
    }
}
