import Foundation
import Ledger

/// What a metric measured for one town or cadre: a number, a date, or nothing (a target never
/// reached, a rate over no rows).
public enum MetricValue: Hashable, Sendable, CustomStringConvertible {
    /// A count, sum, rate or number of days.
    case number(Decimal)
    /// A date (`reached`).
    case date(LedgerDate)
    /// No value: every normalisation method gives 0 for it.
    case none

    /// The number, if this is one.
    public var number: Decimal? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// Numbers to at most 4 decimals, dates as `YYYY-MM-DD`, nothing as `无` (for notes and tables).
    public var description: String {
        switch self {
        case .number(let number): return DecimalText.text(number.rounded(places: 4))
        case .date(let date): return date.description
        case .none: return "无"
        }
    }
}

/// Whether a metric gives numbers or dates; it decides which methods, operands and tie-breaker
/// preferences fit.
public enum MetricKind: String, Hashable, Sendable {
    /// Every metric but `reached`.
    case number
    /// `reached`.
    case date
}

/// A quantity in the rules: a constant, or a multiple of the town's target (`target`, `0.5 * target`).
public enum Amount: Hashable, Sendable, CustomStringConvertible {
    /// A number as written.
    case constant(Decimal)
    /// A multiple of the town's target.
    case target(times: Decimal)

    /// Reads `12`, `0.5`, `target`, `0.5 * target` or `0.5 × target`.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "target" {
            self = .target(times: 1)
        } else if let number = DecimalText.parse(trimmed) {
            self = .constant(number)
        } else if let operatorIndex = trimmed.firstIndex(where: { $0 == "*" || $0 == "×" }),
                  trimmed[trimmed.index(after: operatorIndex)...].trimmingCharacters(in: .whitespaces) == "target",
                  let factor = DecimalText.parse(String(trimmed[..<operatorIndex])) {
            self = .target(times: factor)
        } else {
            return nil
        }
    }

    /// Whether it needs a target (towns have one, cadres do not).
    public var usesTarget: Bool {
        if case .target = self { return true }
        return false
    }

    /// Whether it is more than 0 (for any target, which is at least 1).
    var isPositive: Bool {
        switch self {
        case .constant(let number), .target(let number): return number > 0
        }
    }

    /// The quantity for a town with this target (nil when it needs a target and there is none).
    func value(target: Int?) -> Decimal? {
        switch self {
        case .constant(let number): return number
        case .target(let factor): return target.map { factor * Decimal($0) }
        }
    }

    /// As the rules file writes it: `0.5 * target`.
    public var description: String {
        switch self {
        case .constant(let number): return DecimalText.text(number)
        case .target(let factor): return factor == 1 ? "target" : "\(DecimalText.text(factor)) * target"
        }
    }
}

/// A bound or a comparison operand: an amount (for number metrics) or a date (for date metrics).
public enum RuleOperand: Hashable, Sendable, CustomStringConvertible {
    /// A number or a multiple of the target.
    case amount(Amount)
    /// A calendar day.
    case date(LedgerDate)

    /// Reads a date (`2026-10-15`) or an ``Amount``.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = LedgerDate(iso: trimmed) {
            self = .date(date)
        } else if let amount = Amount(trimmed) {
            self = .amount(amount)
        } else {
            return nil
        }
    }

    /// The metric kind it can stand beside.
    public var kind: MetricKind {
        if case .date = self { return .date }
        return .number
    }

    /// Whether it needs a target.
    public var usesTarget: Bool {
        if case .amount(let amount) = self { return amount.usesTarget }
        return false
    }

    /// A number to compute with: the amount, or the date's day number.
    func scalar(target: Int?) -> Decimal? {
        switch self {
        case .amount(let amount): return amount.value(target: target)
        case .date(let date): return Decimal(date.dayNumber)
        }
    }

    /// As the rules file writes it.
    public var description: String {
        switch self {
        case .amount(let amount): return amount.description
        case .date(let date): return date.description
        }
    }
}

extension MetricValue {
    /// A number to compute with: the number, or the date's day number; nil for nothing.
    var scalar: Decimal? {
        switch self {
        case .number(let number): return number
        case .date(let date): return Decimal(date.dayNumber)
        case .none: return nil
        }
    }
}
