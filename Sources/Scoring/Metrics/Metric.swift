import Foundation
import Ledger

/// The rows of one table sheet a metric looks at: all of them, or those matching every condition.
public struct RowSelection: Hashable, Sendable, CustomStringConvertible {
    /// The sheet's name.
    public var sheet: String
    /// Conditions joined by `and`.
    public var conditions: [RowCondition]

    /// The matching rows of a town or cadre.
    func rows(in scope: MetricScope) -> [LedgerRow] {
        (scope.tables[sheet] ?? []).filter { row in conditions.allSatisfy { $0.holds(for: row) } }
    }

    /// `sheet where a and b`, without the column.
    public var description: String { described(column: nil) }

    /// `sheet.column where a and b`.
    func described(column: String?) -> String {
        let name = column.map { "\(sheet).\($0)" } ?? sheet
        return conditions.isEmpty ? name : name + " where " + conditions.map(\.description).joined(separator: " and ")
    }
}

/// One function of the metric vocabulary (see `docs/scoring-rules.md`).
public enum MetricTerm: Hashable, Sendable, CustomStringConvertible {
    /// `count(SHEET [where …])`: the number of rows.
    case count(RowSelection)
    /// `sum(SHEET.COLUMN [where …])`: the sum of a number column (empty cells count nothing).
    case sum(RowSelection, column: String)
    /// `distinct(SHEET.COLUMN [where …])`: the number of different values in a column.
    case distinct(RowSelection, column: String)
    /// `reached(SHEET.DATECOLUMN [where …], AMOUNT)`: the date on which the number of rows dated on
    /// or before it first reached the amount; nothing when it never did.
    case reached(RowSelection, column: String, amount: Amount)
    /// `days_early(SHEET.DATECOLUMN [where …], AMOUNT)`: the district's deadline minus the `reached`
    /// date, in calendar days; nothing when never reached.
    case daysEarly(RowSelection, column: String, amount: Amount)
    /// `fridays(SHEET.DATECOLUMN [where …])`: how many of the report window's report days (its
    /// Fridays) have a row dated on them.
    case reportDays(RowSelection, column: String)
    /// `finding_rate`: errors in the town's submission per data row; nothing for a submission
    /// without data rows.
    case findingRate

    /// Numbers, except `reached`, which gives dates.
    public var kind: MetricKind {
        if case .reached = self { return .date }
        return .number
    }

    /// As the rules file writes it.
    public var description: String {
        switch self {
        case .count(let rows): return "count(\(rows))"
        case .sum(let rows, let column): return "sum(\(rows.described(column: column)))"
        case .distinct(let rows, let column): return "distinct(\(rows.described(column: column)))"
        case .reached(let rows, let column, let amount): return "reached(\(rows.described(column: column)), \(amount))"
        case .daysEarly(let rows, let column, let amount): return "days_early(\(rows.described(column: column)), \(amount))"
        case .reportDays(let rows, let column): return "fridays(\(rows.described(column: column)))"
        case .findingRate: return "finding_rate"
        }
    }

    /// The term's value for one town or cadre.
    func evaluate(in scope: MetricScope) -> MetricValue {
        switch self {
        case .count(let selection):
            return .number(Decimal(selection.rows(in: scope).count))
        case .sum(let selection, let column):
            let numbers = selection.rows(in: scope).compactMap { row -> Decimal? in
                if case .number(let number)? = FilterValue(row[column]) { return number }
                return nil
            }
            return .number(numbers.reduce(0, +))
        case .distinct(let selection, let column):
            return .number(Decimal(Set(selection.rows(in: scope).compactMap { FilterValue($0[column]) }).count))
        case .reached(let selection, let column, let amount):
            return Self.reachedDate(selection.rows(in: scope), column: column, amount: amount, target: scope.target).map(MetricValue.date) ?? .none
        case .daysEarly(let selection, let column, let amount):
            guard let reached = Self.reachedDate(selection.rows(in: scope), column: column, amount: amount, target: scope.target) else { return .none }
            return .number(Decimal(reached.days(until: scope.deadline)))
        case .reportDays(let selection, let column):
            let dates = Set(selection.rows(in: scope).compactMap { $0[column]?.date })
            return .number(Decimal(scope.reportDays.filter(dates.contains).count))
        case .findingRate:
            guard let rows = scope.dataRowCount, rows > 0, let errors = scope.errorCount else { return .none }
            return .number(Decimal(errors) / Decimal(rows))
        }
    }

    /// The date of the n-th row in date order, n being the amount rounded up (at least 1).
    private static func reachedDate(_ rows: [LedgerRow], column: String, amount: Amount, target: Int?) -> LedgerDate? {
        guard let needed = amount.value(target: target) else { return nil }
        let dates = rows.compactMap { $0[column]?.date }.sorted()
        let count = Swift.max(1, NSDecimalNumber(decimal: needed.ceiling).intValue)
        return dates.count >= count ? dates[count - 1] : nil
    }
}

/// A metric: one term, or several number terms added (`sum(调查摸底.发放调查表数) + sum(调查摸底.上门走访次数)`).
public struct Metric: Hashable, Sendable, CustomStringConvertible {
    /// The terms, added.
    public var terms: [MetricTerm]

    /// Date for a lone `reached`, else number.
    public var kind: MetricKind { terms.count == 1 ? terms[0].kind : .number }

    /// As the rules file writes it (normalised spacing).
    public var description: String { terms.map(\.description).joined(separator: " + ") }

    /// The value for one town or cadre: nothing when any term has nothing.
    func evaluate(in scope: MetricScope) -> MetricValue {
        let values = terms.map { $0.evaluate(in: scope) }
        if values.count == 1 { return values[0] }
        var total: Decimal = 0
        for value in values {
            guard let number = value.number else { return .none }
            total += number
        }
        return .number(total)
    }
}

/// A test of a metric, for vetoes: `count(直属团组织) < target`, `reached(…, target) is none`.
public struct MetricCondition: Hashable, Sendable, CustomStringConvertible {
    /// What the metric's value is tested for.
    public enum Test: Hashable, Sendable {
        /// Holds when the value compares so with the operand (never for a metric with no value).
        case compare(ComparisonOperator, RuleOperand)
        /// Holds when the metric has no value.
        case isNone
    }

    /// The metric tested.
    public var metric: Metric
    /// What its value is tested for.
    public var test: Test

    /// Whether it holds for one town or cadre.
    func holds(in scope: MetricScope) -> Bool {
        let value = metric.evaluate(in: scope)
        switch test {
        case .isNone:
            return value == .none
        case .compare(let comparison, let operand):
            guard let lhs = value.scalar, let rhs = operand.scalar(target: scope.target) else { return false }
            return comparison.holds(lhs < rhs ? .orderedAscending : lhs > rhs ? .orderedDescending : .orderedSame)
        }
    }

    /// As the rules file writes it.
    public var description: String {
        switch test {
        case .compare(let comparison, let operand): return "\(metric) \(comparison.rawValue) \(operand)"
        case .isNone: return "\(metric) is none"
        }
    }
}

/// What one town's or cadre's metrics see: its counted rows and the facts about it.
struct MetricScope {
    /// Counted rows by sheet (a cadre sees only the rows that belong to them).
    var tables: [String: [LedgerRow]]
    /// The town's target; nil for a cadre.
    var target: Int?
    /// Errors in the town's submission; nil for a cadre.
    var errorCount: Int?
    /// Data rows in the town's submission; nil for a cadre.
    var dataRowCount: Int?
    /// The district's deadline for `days_early`.
    var deadline: LedgerDate
    /// The report window's report days for `fridays`.
    var reportDays: [LedgerDate]
}
