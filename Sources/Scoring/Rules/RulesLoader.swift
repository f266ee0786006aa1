import TaizhangSupport
import Foundation
import Ledger

extension ScoringRules {
    /// Loads a rules file, checking every sheet and column it names against `schema`.
    public static func load(path: String, schema: LedgerSchema) throws -> ScoringRules {
        try parse(try TextFile.read(path), file: path, schema: schema)
    }

    /// Parses a rules file's text. A mistake (an unknown metric, sheet, column, method or key, a
    /// value of the wrong kind) is a `ConfigurationError` naming the file, the line and the reason.
    public static func parse(_ text: String, file: String, schema: LedgerSchema) throws -> ScoringRules {
        let root = try YAMLValue.parse(text, file: file)
        let fields = try root.fields(allowed: ["name", "not_before_campaign_start", "towns", "cadres", "nominations", "robustness"])
        let loader = RulesLoader(schema: schema)
        let campaignColumns = try (fields["not_before_campaign_start"]?.sequence() ?? []).map { item in
            let path = try loader.columnPath(item)
            guard schema.sheet(path.sheet)?.column(path.column)?.type == .date else { throw item.error("\(path) is not a date column") }
            return path
        }
        let nominations = try fields["nominations"].map { value -> String in
            let sheet = try value.string()
            guard schema.sheet(sheet)?.kind == .table else { throw value.error("no table sheet \"\(sheet)\" in the ledger") }
            return sheet
        }
        return ScoringRules(name: try fields["name"]?.string() ?? "",
                            notBeforeCampaignStart: campaignColumns,
                            nominations: nominations,
                            towns: try loader.ranking(try fields.required("towns"), context: .towns),
                            cadres: try fields["cadres"].map(loader.cadres),
                            robustness: try fields["robustness"].map(loader.robustness) ?? RobustnessSettings())
    }
}

/// Reads the sections of a rules file.
private struct RulesLoader {
    let schema: LedgerSchema

    static let rankingKeys: Set<String> = ["indicators", "bonuses", "penalties", "veto", "tie_breakers", "tiers"]
    static let cadreKeys = rankingKeys.union(["roster", "responsibility"])
    static let indicatorKeys: Set<String> = ["name", "metric", "weight", "method"]

    /// The normalisation methods by their names in the file.
    enum MethodName: String, CaseIterable {
        case ratio, threshold, linear, relativeToBest = "relative_to_best", minmax, inverse, rankPoints = "rank_points"

        /// The keys the method reads beside `method`.
        var parameters: Set<String> {
            switch self {
            case .ratio: return ["of", "cap"]
            case .threshold: return ["at"]
            case .linear: return ["from", "to"]
            case .relativeToBest, .minmax: return []
            case .inverse: return ["of"]
            case .rankPoints: return ["table", "order"]
            }
        }
    }

    func cadres(_ value: YAMLValue) throws -> CadreRules {
        let fields = try value.fields(allowed: Self.cadreKeys)
        let roster = try columnPath(try fields.required("roster"))
        let responsibility = try (fields["responsibility"]?.sequence() ?? []).map(columnPath)
        let sheets = [roster.sheet] + responsibility.map(\.sheet)
        let context = MetricContext(sheets: sheets, isTown: false)
        return CadreRules(roster: roster, responsibility: responsibility, ranking: try ranking(value, context: context))
    }

    /// The largest `draws`: enough for percentiles to a hundredth of a draw's share, and a bound on the work.
    static let maximumDraws = 1_000_000

    func robustness(_ value: YAMLValue) throws -> RobustnessSettings {
        let fields = try value.fields(allowed: ["spread", "draws", "seed"])
        var settings = RobustnessSettings()
        if let spreadValue = fields["spread"] {
            settings.spread = try number(spreadValue, percent: true)
            guard settings.spread >= 0, settings.spread < 1 else {
                throw spreadValue.error("a spread is at least 0 and less than 1 (0.2: each weight moves by up to ±20 %)")
            }
        }
        if let drawsValue = fields["draws"] {
            settings.draws = try drawsValue.integer()
            guard (0...Self.maximumDraws).contains(settings.draws) else {
                throw drawsValue.error("draws is a whole number from 0 (off) to \(Self.maximumDraws)")
            }
        }
        if let seedValue = fields["seed"] {
            guard let seed = UInt64(try seedValue.string()) else {
                throw seedValue.error("a seed is a whole number from 0 to \(UInt64.max), not \"\(try seedValue.string())\"")
            }
            settings.seed = seed
        }
        return settings
    }

    func ranking(_ value: YAMLValue, context: MetricContext) throws -> RankingRules {
        let fields = try value.fields(allowed: context.isTown ? Self.rankingKeys : Self.cadreKeys)
        let indicatorList = try fields.required("indicators")
        let indicatorItems = try indicatorList.sequence()
        let bonusItems = try fields["bonuses"]?.sequence() ?? []
        let penaltyItems = try fields["penalties"]?.sequence() ?? []
        let indicators = try indicatorItems.map { try indicator($0, context: context) }
        guard !indicators.isEmpty else { throw indicatorList.error("at least one indicator is needed") }
        let weights = indicators.reduce(Decimal(0)) { $0 + $1.weight }
        guard weights == 100 else { throw indicatorList.error("the weights sum to \(DecimalText.text(weights)), not 100") }
        let bonuses = try bonusItems.map { try bonus($0, context: context) }
        let penalties = try penaltyItems.map { try penalty($0, context: context) }
        let names = indicators.map(\.name) + bonuses.map(\.name) + penalties.map(\.name)
        for (index, item) in (indicatorItems + bonusItems + penaltyItems).enumerated() where names[..<index].contains(names[index]) {
            throw item.error("\"\(names[index])\" is used twice (indicators, bonuses and penalties need different names)")
        }
        let tierList = try fields["tiers"]?.sequence() ?? []
        let tiers = try tierList.map(tier)
        for (index, tier) in tiers.enumerated() where tiers[..<index].contains(where: { $0.name == tier.name }) {
            throw tierList[index].error("tier \"\(tier.name)\" is listed twice")
        }
        return RankingRules(indicators: indicators, bonuses: bonuses, penalties: penalties,
                            vetoes: try (fields["veto"]?.sequence() ?? []).map { try veto($0, context: context) },
                            tieBreakers: try (fields["tie_breakers"]?.sequence() ?? []).map { try tieBreaker($0, indicators: indicators, context: context) },
                            tiers: tiers)
    }

    // MARK: Items

    func indicator(_ value: YAMLValue, context: MetricContext) throws -> Indicator {
        let (methodValue, methodName) = try self.methodName(of: value)
        let fields = try value.fields(allowed: Self.indicatorKeys.union(methodName.parameters))
        let metric = try self.metric(try fields.required("metric"), context: context)
        let weight = try number(try fields.required("weight"))
        guard weight >= 0 else { throw try fields.required("weight").error("a weight cannot be negative") }
        return Indicator(name: try fields.required("name").string(), metric: metric,
                         method: try method(methodName, at: methodValue, fields: fields, kind: metric.kind, context: context), weight: weight)
    }

    func bonus(_ value: YAMLValue, context: MetricContext) throws -> Bonus {
        let fields = try value.fields(allowed: ["name", "metric", "points", "beyond", "cap"])
        return Bonus(name: try fields.required("name").string(), metric: try numberMetric(try fields.required("metric"), context: context),
                     points: try positive(try fields.required("points")), beyond: try fields["beyond"].map(number) ?? 0,
                     cap: try positive(try fields.required("cap")))
    }

    func penalty(_ value: YAMLValue, context: MetricContext) throws -> Penalty {
        let fields = try value.fields(allowed: ["name", "metric", "points", "cap"])
        return Penalty(name: try fields.required("name").string(), metric: try numberMetric(try fields.required("metric"), context: context),
                       points: try positive(try fields.required("points")), cap: try positive(try fields.required("cap")))
    }

    func veto(_ value: YAMLValue, context: MetricContext) throws -> Veto {
        let fields = try value.fields(allowed: ["reason", "when"])
        var parser = try MetricParser(try fields.required("when"), schema: schema, context: context)
        return Veto(reason: try fields.required("reason").string(), condition: try parser.condition())
    }

    func tieBreaker(_ value: YAMLValue, indicators: [Indicator], context: MetricContext) throws -> TieBreaker {
        let fields = try value.fields(allowed: ["name", "metric", "indicator", "prefer"])
        let source: TieBreaker.Source
        let kind: MetricKind
        let defaultName: String
        switch (fields["metric"], fields["indicator"]) {
        case (let metricValue?, nil):
            let metric = try self.metric(metricValue, context: context)
            (source, kind, defaultName) = (.metric(metric), metric.kind, metric.description)
        case (nil, let indicatorValue?):
            let name = try indicatorValue.string()
            guard indicators.contains(where: { $0.name == name }) else {
                throw indicatorValue.error("no indicator \"\(name)\" (indicators: \(indicators.map(\.name).joined(separator: ", ")))")
            }
            (source, kind, defaultName) = (.indicator(name), .number, name)
        default:
            throw value.error("a tie-breaker names either a metric or an indicator")
        }
        let preferValue = try fields.required("prefer")
        let fitting: [TieBreaker.Preference] = kind == .date ? [.earlier, .later] : [.higher, .lower]
        guard let preference = TieBreaker.Preference(rawValue: try preferValue.string()), fitting.contains(preference) else {
            throw preferValue.error("for a \(kind.rawValue) prefer \(fitting.map(\.rawValue).joined(separator: " or ")), not \"\(try preferValue.string())\"")
        }
        return TieBreaker(name: try fields["name"]?.string() ?? defaultName, source: source, preference: preference)
    }

    func tier(_ value: YAMLValue) throws -> AwardTier {
        let fields = try value.fields(allowed: ["name", "top", "share", "min_score"])
        let top = try fields["top"]?.integer()
        if let top, top < 1, let topValue = fields["top"] { throw topValue.error("top must be at least 1") }
        let share = try fields["share"].map { try number($0, percent: true) }
        if let share, share <= 0 || share > 1, let shareValue = fields["share"] { throw shareValue.error("a share is more than 0 and at most 100%") }
        let minScore = try fields["min_score"].map(number)
        return AwardTier(name: try fields.required("name").string(), top: top, share: share, minScore: minScore)
    }

    // MARK: Methods

    /// The `method` key of a mapping, and the method it names.
    func methodName(of value: YAMLValue) throws -> (YAMLValue, MethodName) {
        guard let methodValue = try value.mapping().first(where: { $0.key == "method" })?.value else {
            throw value.error("\"method\" is missing")
        }
        let name = try methodValue.string()
        guard let method = MethodName(rawValue: name) else {
            throw methodValue.error("unknown method \"\(name)\" (known: \(MethodName.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return (methodValue, method)
    }

    /// The method with its parameters from `fields`, fit for a metric of `kind`.
    func method(_ name: MethodName, at methodValue: YAMLValue, fields: YAMLFields, kind: MetricKind, context: MetricContext) throws -> Normalisation {
        if kind == .date, name != .linear, name != .inverse {
            throw methodValue.error("the metric gives dates; only linear (with dates as from and to) normalises dates")
        }
        switch name {
        case .ratio:
            let ofValue = try fields.required("of")
            let of = try amount(ofValue, context: context)
            guard of.isPositive else { throw ofValue.error("a ratio is of an amount more than 0, not \(of)") }
            return .ratio(of: of, cap: try fields["cap"].map(positive) ?? 1)
        case .threshold:
            return .threshold(at: try amount(try fields.required("at"), context: context))
        case .linear:
            let fromValue = try fields.required("from")
            let from = try operand(fromValue, context: context)
            let to = try operand(try fields.required("to"), context: context)
            guard from.kind == kind, to.kind == kind else {
                throw fromValue.error("the metric gives \(kind.rawValue)s: from and to must be \(kind.rawValue)s")
            }
            guard from != to else { throw fromValue.error("from and to are the same") }
            return .linear(from: from, to: to)
        case .relativeToBest:
            return .relativeToBest
        case .minmax:
            return .minmax
        case .inverse:
            guard let inner = fields["of"] else {
                guard kind == .number else { throw methodValue.error("inverse of a date needs an inner method (of: {method: linear, …})") }
                return .inverse(of: nil)
            }
            let (innerValue, innerName) = try methodName(of: inner)
            let innerFields = try inner.fields(allowed: Set(["method"]).union(innerName.parameters))
            return .inverse(of: try method(innerName, at: innerValue, fields: innerFields, kind: kind, context: context))
        case .rankPoints:
            let tableValue = try fields.required("table")
            let table = try tableValue.sequence().map { item in
                let share = try number(item, percent: true)
                guard (0...1).contains(share) else { throw item.error("a table entry is between 0 and 100%") }
                return share
            }
            guard !table.isEmpty else { throw tableValue.error("the table is empty") }
            guard let orderValue = fields["order"] else { return .rankPoints(table: table, order: .higher) }
            guard let order = Normalisation.RankOrder(rawValue: try orderValue.string()) else {
                throw orderValue.error("order is higher or lower, not \"\(try orderValue.string())\"")
            }
            return .rankPoints(table: table, order: order)
        }
    }

    // MARK: Values

    func metric(_ value: YAMLValue, context: MetricContext) throws -> Metric {
        var parser = try MetricParser(value, schema: schema, context: context)
        return try parser.metric()
    }

    func numberMetric(_ value: YAMLValue, context: MetricContext) throws -> Metric {
        let metric = try self.metric(value, context: context)
        guard metric.kind == .number else { throw value.error("\(metric) gives a date; a number is needed here") }
        return metric
    }

    func amount(_ value: YAMLValue, context: MetricContext) throws -> Amount {
        guard let amount = Amount(try value.string()) else {
            throw value.error("expected a number, target, or a multiple such as 0.5 * target; found \"\(try value.string())\"")
        }
        guard context.isTown || !amount.usesTarget else { throw value.error("cadres have no target; use a number") }
        return amount
    }

    func operand(_ value: YAMLValue, context: MetricContext) throws -> RuleOperand {
        guard let operand = RuleOperand(try value.string()) else {
            throw value.error("expected a date, a number, target, or a multiple of target; found \"\(try value.string())\"")
        }
        guard context.isTown || !operand.usesTarget else { throw value.error("cadres have no target; use a number") }
        return operand
    }

    func number(_ value: YAMLValue) throws -> Decimal { try number(value, percent: false) }

    func number(_ value: YAMLValue, percent: Bool) throws -> Decimal {
        guard let number = DecimalText.parse(try value.string(), percent: percent) else {
            throw value.error("expected a number\(percent ? " or a percentage" : ""), found \"\(try value.string())\"")
        }
        return number
    }

    func positive(_ value: YAMLValue) throws -> Decimal {
        let number = try self.number(value)
        guard number > 0 else { throw value.error("expected a number above 0, found \"\(try value.string())\"") }
        return number
    }

    /// `SHEET.COLUMN`, both in the schema, the sheet a table.
    func columnPath(_ value: YAMLValue) throws -> ColumnPath {
        let text = try value.string()
        guard let sheet = schema.sheets.filter({ text.hasPrefix($0.name + ".") }).max(by: { $0.name.count < $1.name.count }) else {
            throw value.error("\"\(text)\" names no sheet (expected SHEET.COLUMN; table sheets: \(schema.sheets.filter { $0.kind == .table }.map(\.name).joined(separator: ", ")))")
        }
        guard sheet.kind == .table else { throw value.error("\(sheet.name) is a form, not a table") }
        let column = String(text.dropFirst(sheet.name.count + 1))
        guard sheet.column(column) != nil else {
            throw value.error("no column \"\(column)\" in \(sheet.name) (columns: \(sheet.columns.map(\.label).joined(separator: ", ")))")
        }
        return ColumnPath(sheet: sheet.name, column: column)
    }
}
