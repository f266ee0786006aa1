import Foundation

/// How a metric's raw values become normalised values in 0…1, over the towns (or cadres) scored
/// together. A town or cadre whose metric has no value gets 0 from every method.
public indirect enum Normalisation: Hashable, Sendable, CustomStringConvertible {
    /// `ratio`: value ÷ `of`, clipped to [0, cap], divided by cap.
    case ratio(of: Amount, cap: Decimal)
    /// `threshold`: 1 when value ≥ `at`, else 0.
    case threshold(at: Amount)
    /// `linear`: 0 at `from`, 1 at `to`, clipped; numbers or dates, either direction.
    case linear(from: RuleOperand, to: RuleOperand)
    /// `relative_to_best`: value ÷ the highest value (0 for all when the highest is 0 or less).
    case relativeToBest
    /// `minmax`: (value − min) ÷ (max − min); 1 for all when max = min.
    case minmax
    /// `inverse`: 1 − the value (or the inner method's result) clipped to [0, 1].
    case inverse(of: Normalisation?)
    /// `rank_points`: the table's entry for the rank on the metric (shared ranks as RANK.EQ);
    /// 0 beyond the table.
    case rankPoints(table: [Decimal], order: RankOrder)

    /// Which values rank first for `rank_points`.
    public enum RankOrder: String, Hashable, Sendable {
        /// The highest value ranks first.
        case higher
        /// The lowest value ranks first.
        case lower
    }

    /// The method's name in the rules file.
    public var name: String {
        switch self {
        case .ratio: return "ratio"
        case .threshold: return "threshold"
        case .linear: return "linear"
        case .relativeToBest: return "relative_to_best"
        case .minmax: return "minmax"
        case .inverse: return "inverse"
        case .rankPoints: return "rank_points"
        }
    }

    /// The parameters as `key: value` text (empty when none), for 指标说明.
    public var parameters: String {
        switch self {
        case .ratio(let of, let cap): return "of: \(of), cap: \(DecimalText.text(cap))"
        case .threshold(let at): return "at: \(at)"
        case .linear(let from, let to): return "from: \(from), to: \(to)"
        case .relativeToBest, .minmax, .inverse(nil): return ""
        case .inverse(let inner?): return "of: \(inner)"
        case .rankPoints(let table, let order):
            return "table: [\(table.map { DecimalText.text($0) }.joined(separator: ", "))], order: \(order.rawValue)"
        }
    }

    /// `ratio (of: target, cap: 1)`.
    public var description: String { parameters.isEmpty ? name : "\(name) (\(parameters))" }

    /// The normalised values (0…1) of every town or cadre; `targets` lines up with `values`.
    func normalise(_ values: [MetricValue], targets: [Int?]) -> [Decimal] {
        results(values, targets: targets).map { $0 ?? 0 }
    }

    /// Like ``normalise(_:targets:)`` with nil for those that have no value.
    private func results(_ values: [MetricValue], targets: [Int?]) -> [Decimal?] {
        let scalars = values.map(\.scalar)
        switch self {
        case .ratio(let of, let cap):
            return zip(scalars, targets).map { value, target in
                guard let value, let divisor = of.value(target: target), divisor != 0 else { return nil }
                return (value / divisor).clipped(to: 0...cap) / cap
            }
        case .threshold(let at):
            return zip(scalars, targets).map { value, target in
                guard let value, let bound = at.value(target: target) else { return nil }
                return value >= bound ? 1 : 0
            }
        case .linear(let from, let to):
            return zip(scalars, targets).map { value, target in
                guard let value, let start = from.scalar(target: target), let end = to.scalar(target: target), start != end else { return nil }
                return ((value - start) / (end - start)).clipped(to: 0...1)
            }
        case .relativeToBest:
            let best = scalars.compactMap { $0 }.max() ?? 0
            return scalars.map { value in value.map { best > 0 ? ($0 / best).clipped(to: 0...1) : 0 } }
        case .minmax:
            let known = scalars.compactMap { $0 }
            guard let low = known.min(), let high = known.max() else { return scalars.map { _ in nil } }
            return scalars.map { value in value.map { high == low ? 1 : ($0 - low) / (high - low) } }
        case .inverse(let inner):
            let base = inner?.results(values, targets: targets) ?? scalars
            return base.map { value in value.map { 1 - $0.clipped(to: 0...1) } }
        case .rankPoints(let table, let order):
            return scalars.map { value in
                value.map { value in
                    let ahead = scalars.compactMap { $0 }.filter { order == .higher ? $0 > value : $0 < value }.count
                    return ahead < table.count ? table[ahead] : 0
                }
            }
        }
    }
}
