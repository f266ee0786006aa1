import Foundation
import Ledger

/// The scoring rules in plain Chinese, for 指标说明 and the ranking pages: what a reader of a
/// 公示 understands without the rules file's vocabulary (`ratio`, `relative_to_best`,
/// `count(… where …)`): "按直属团组织数与目标任务数之比计分,达到目标任务数得满分".
struct RuleWording {
    /// The district: the deadline of `days_early`, the report weekday of `fridays`.
    let district: DistrictConfig?
    /// Who is compared: 各镇 or 各干部.
    let contenders: String

    // MARK: metrics

    /// A metric: `直属团组织数`, `成立日期不晚于 2026-10-15 的直属团组织数`, `发放调查表数与上门走访次数之和`.
    func metric(_ metric: Metric) -> String {
        let terms = metric.terms.map(term)
        return terms.count == 1 ? terms[0] : terms.joined(separator: "与") + "之和"
    }

    private func term(_ term: MetricTerm) -> String {
        switch term {
        case .count(let rows): return qualified(rows) + rows.sheet + "数"
        case .sum(let rows, let column): return qualified(rows) + column + "合计"
        case .distinct(let rows, let column): return qualified(rows) + "不同" + column + "的个数"
        case .reached(let rows, _, let needed): return qualified(rows) + rows.sheet + "数达到" + amount(needed) + "的日期"
        case .daysEarly(let rows, _, let needed):
            let deadline = district.map { "截止日期(\($0.deadline))" } ?? "截止日期"
            return qualified(rows) + rows.sheet + "数达到" + amount(needed) + "的日期比" + deadline + "提前的天数"
        case .reportDays(let rows, _):
            let count = district.map { " \($0.reportDays.count) 个" } ?? "各"
            return "活动期内\(count)交账日\(weekday)中报送了" + qualified(rows) + rows.sheet + "的次数"
        case .findingRate: return "台账平均每行数据的错误数"
        }
    }

    /// `周五` from the district's report weekday.
    private var weekday: String {
        guard let day = district?.reportWeekday else { return "" }
        return "(周" + ["一", "二", "三", "四", "五", "六", "日"][day - 1] + ")"
    }

    /// The conditions of a selection, as a phrase before the noun: `成立日期不晚于 2026-10-15 的`.
    private func qualified(_ rows: RowSelection) -> String {
        rows.conditions.isEmpty ? "" : rows.conditions.map(condition).joined(separator: "且") + "的"
    }

    private func condition(_ condition: RowCondition) -> String {
        switch condition.test {
        case .compare(let comparison, let value):
            let isDate: Bool
            if case .date = value { isDate = true } else { isDate = false }
            return condition.column + Self.comparison(comparison, dates: isDate) + Self.quoted(value)
        case .oneOf(let values): return condition.column + "为" + values.map(Self.quoted).joined(separator: "、") + (values.count > 1 ? "之一" : "")
        case .noneOf(let values): return condition.column + "不为" + values.map(Self.quoted).joined(separator: "、")
        }
    }

    private static func quoted(_ value: FilterValue) -> String {
        if case .text(let text) = value { return "“\(text)”" }
        return " \(value) "
    }

    private static func comparison(_ comparison: ComparisonOperator, dates: Bool) -> String {
        switch comparison {
        case .less: return dates ? "早于" : "小于"
        case .lessOrEqual: return dates ? "不晚于" : "不大于"
        case .greater: return dates ? "晚于" : "大于"
        case .greaterOrEqual: return dates ? "不早于" : "不小于"
        case .equal: return "为"
        case .notEqual: return "不为"
        }
    }

    /// `目标任务数`, `目标任务数的 50%`, `5`.
    func amount(_ amount: Amount) -> String {
        switch amount {
        case .target(let factor): return factor == 1 ? "目标任务数" : "目标任务数的 " + DecimalText.text(factor * 100) + "%"
        case .constant(let number): return DecimalText.text(number)
        }
    }

    private func operand(_ operand: RuleOperand) -> String {
        switch operand {
        case .amount(let value): return amount(value)
        case .date(let day): return day.description
        }
    }

    // MARK: methods

    /// How an indicator scores: `按直属团组织数与目标任务数之比计分,达到目标任务数得满分`.
    func method(_ method: Normalisation, of metric: Metric) -> String {
        let measured = self.metric(metric)
        switch method {
        case .ratio(let of, let cap):
            let full = cap == 1 ? amount(of) : amount(of) + "的 " + DecimalText.text(cap) + " 倍"
            return "按\(measured)与\(amount(of))之比计分,达到\(full)得满分"
        case .threshold(let at):
            return "\(measured)达到\(amount(at))得满分,否则不得分"
        case .linear(let from, let to):
            return "\(measured)为 \(operand(from)) 时不得分、为 \(operand(to)) 时得满分,其间按比例计分"
                + (metric.terms.first.map { if case .daysEarly = $0 { return ";未达到的不得分" } else { return "" } } ?? "")
        case .relativeToBest:
            return "按\(measured)与\(contenders)中最多者之比计分,最多者得满分"
        case .minmax:
            return "按\(measured)在\(contenders)中的位置计分:最多者得满分,最少者不得分,其间按比例计分"
        case .inverse(let inner):
            if case .ratio(let of, let cap)? = inner {
                let worst = of.usesTarget ? amount(of) : DecimalText.text((of.value(target: nil) ?? 0) * cap)
                return "\(measured)越少得分越高:为 0 得满分,达到 \(worst) 及以上不得分,其间按比例计分"
            }
            return "\(measured)越少得分越高"
        case .rankPoints(let table, let order):
            let shares = table.enumerated().map { "第 \($0.offset + 1) 名得 " + DecimalText.text($0.element * 100) + "%" }.joined(separator: "、")
            return "按\(measured)在\(contenders)中的名次计分(\(order == .higher ? "多者" : "少者")在前):" + shares + ",其后不得分"
        }
    }

    /// One indicator: `建团完成率(30 分):按…计分,达到…得满分。`
    func indicator(_ indicator: Indicator) -> String {
        method(indicator.method, of: indicator.metric) + "。"
    }

    /// A bonus: `依托领域不为“其他”的不同依托领域的个数超过 3 的,每多 1 个加 1 分,最多加 2 分。`
    func bonus(_ bonus: Bonus) -> String {
        "\(metric(bonus.metric))超过 \(DecimalText.text(bonus.beyond)) 的,每多 1 个加 \(DecimalText.text(bonus.points)) 分,"
            + "最多加 \(DecimalText.text(bonus.cap)) 分;加分计入总分,总分可超过 100 分。"
    }

    /// A penalty: `…每 1 个扣 0.5 分,最多扣 2 分(扣完为止)。`
    func penalty(_ penalty: Penalty) -> String {
        "\(metric(penalty.metric))每 1 个扣 \(DecimalText.text(penalty.points)) 分,最多扣 \(DecimalText.text(penalty.cap)) 分(扣完为止)。"
    }

    /// A veto's condition: `成立日期不晚于 2026-10-31 的直属团组织数少于目标任务数`.
    func condition(_ condition: MetricCondition) -> String {
        switch condition.test {
        case .isNone: return metric(condition.metric) + "无结果"
        case .compare(let comparison, let value):
            let words: String
            switch comparison {
            case .less: words = "少于"
            case .lessOrEqual: words = "不多于"
            case .greater: words = "多于"
            case .greaterOrEqual: words = "不少于"
            case .equal: words = "等于"
            case .notEqual: words = "不等于"
            }
            return metric(condition.metric) + words + operand(value)
        }
    }

    /// A tie-breaker: `达标日期:直属团组织数达到目标任务数的日期,早者在前`.
    func tieBreaker(_ tieBreaker: TieBreaker) -> String {
        let what: String
        switch tieBreaker.source {
        case .metric(let metric): what = self.metric(metric)
        case .indicator(let name): what = "“\(name)”的得分率"
        }
        let preference: String
        switch tieBreaker.preference {
        case .higher: preference = "高者在前"
        case .lower: preference = "低者在前"
        case .earlier: preference = "早者在前"
        case .later: preference = "晚者在前"
        }
        return "\(what),\(preference)"
    }

    /// A tier's conditions: `前 2 名且不低于 85 分`; `其余` for the tier that takes the rest.
    static func tierRule(_ tier: AwardTier) -> String {
        var conditions: [String] = []
        if let top = tier.top { conditions.append("前 \(top) 名") }
        if let share = tier.share { conditions.append("名次在前 " + DecimalText.text(share * 100) + "%") }
        if let minimum = tier.minScore { conditions.append("不低于 " + DecimalText.text(minimum) + " 分") }
        return conditions.isEmpty ? "其余" : conditions.joined(separator: "且")
    }

    /// The whole rule of a tier: `先进集体:前 2 名且不低于 85 分`.
    static func tierLine(_ tier: AwardTier) -> String { "\(tier.name):\(tierRule(tier))" }
}
