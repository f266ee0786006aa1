/// One data row of a table sheet: its normalised values by column label.
public typealias LedgerRow = [String: LedgerValue]

/// One town's merged, validated data: everything its metrics are computed from.
///
/// The merge fills it from the district ledger: only rows that passed validation (rows held in
/// 待核实 are left out); the scorer itself drops rows dated before the campaign start where the
/// rules say so.
public struct TownData: Sendable {
    /// The town's name (镇名称).
    public var name: String
    /// The town's target: 基本信息.目标任务数 when present, else the configuration's
    /// (see ``resolvedTarget(reported:town:district:)``).
    public var target: Int
    /// The validated rows of each table sheet, by sheet name, in ledger order.
    public var tables: [String: [LedgerRow]]
    /// Errors (not warnings) found in the town's submission.
    public var errorCount: Int
    /// Data rows of the submission over all table sheets, including the rows held in 待核实.
    public var dataRowCount: Int

    /// A town's data as the merge found it.
    public init(name: String, target: Int, tables: [String: [LedgerRow]], errorCount: Int, dataRowCount: Int) {
        self.name = name
        self.target = target
        self.tables = tables
        self.errorCount = errorCount
        self.dataRowCount = dataRowCount
    }

    /// The target a town is scored against: the whole number it reported (目标任务数) when there is
    /// one of at least 1, else the town's configured target, else the district's default.
    public static func resolvedTarget(reported: LedgerValue?, town: String, district: DistrictConfig) -> Int {
        if case .integer(let number)? = reported, number >= 1 { return number }
        return district.town(named: town)?.target ?? district.defaultTarget
    }
}
