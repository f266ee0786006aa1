/// The campaign's progress, town by town: how many organisations each town had founded by each
/// report day of the window and by each milestone date, and whether it met each milestone.
/// Counted from the founding dates of the rows themselves (直属团组织.成立日期 in the default
/// ledger), not from the totals the towns report (周交账.累计建成数, which validation checks
/// against those rows). The district ledger's 进度 sheet and the portal's `/api/progress` show
/// these numbers.
///
/// - A row counts on a date when its founding date lies from the campaign start to that date,
///   both inclusive (a row dated before the start is not new; a row without a date never counts).
/// - The dates are the report days of the window (``DistrictConfig/reportDays``) and every
///   milestone date, in order, each once.
/// - A milestone requires ``required(share:target:)``: the share of the target rounded up
///   (half of 21 is 11), so that "at least 50 %" is never met below 50 %; it is met when the
///   organisations founded by its date are at least that many.
///
/// ```swift
/// let progress = CampaignProgress(towns: outcome.towns, configuration: configuration)
/// for town in progress?.towns ?? [] { print(town.name, town.series.last?.founded ?? 0, town.target) }
/// ```
public struct CampaignProgress: Sendable, Equatable {
    /// Organisations founded by a date.
    public struct Point: Sendable, Equatable {
        /// The day counted up to (inclusive).
        public var date: LedgerDate
        /// Rows founded from the campaign start to `date`.
        public var founded: Int
    }

    /// One milestone for one town.
    public struct MilestoneStatus: Sendable, Equatable {
        /// The milestone's date.
        public var date: LedgerDate
        /// Its name in the configuration (首节点 …), possibly empty.
        public var name: String
        /// The share of the target due by then (0.5 for half).
        public var share: Double
        /// Organisations due by then: ``CampaignProgress/required(share:target:)``.
        public var required: Int
        /// Organisations founded by then.
        public var founded: Int
        /// Whether `founded` is at least `required`.
        public var met: Bool
    }

    /// One town's progress.
    public struct Town: Sendable, Equatable {
        /// The town's name.
        public var name: String
        /// Its target (as the scoring uses it: its own 目标任务数, else the configuration's).
        public var target: Int
        /// Founded by each of ``CampaignProgress/dates``, in order (cumulative, so never decreasing).
        public var series: [Point]
        /// Each milestone of the configuration, in date order.
        public var milestones: [MilestoneStatus]

        /// Founded by the last date counted (the end of the window): the town's count so far.
        public var founded: Int { series.last?.founded ?? 0 }
    }

    /// The dates counted: the window's report days and the milestone dates, in order.
    public var dates: [LedgerDate]
    /// The towns, in the order given.
    public var towns: [Town]

    /// Organisations a milestone of `share` requires of a town with `target`: the share of the
    /// target rounded up (a tiny tolerance keeps 0.1 × 30 at 3).
    public static func required(share: Double, target: Int) -> Int {
        Int((share * Double(target) - 1e-9).rounded(.up))
    }

    /// Counts the rows of `sheet` by their date column `dateColumn` for each town.
    public init(towns: [TownData], district: DistrictConfig, sheet: String, dateColumn: String) {
        dates = Self.dates(of: district)
        let dates = dates
        self.towns = towns.map { town in
            let founded = (town.tables[sheet] ?? []).compactMap { row -> LedgerDate? in
                guard let day = row[dateColumn]?.date, day >= district.campaignStart else { return nil }
                return day
            }
            return Self.town(name: town.name, target: town.target, foundingDates: founded, district: district, dates: dates)
        }
    }

    /// One town's progress from its founding dates (those before the campaign start are not
    /// counted); `dates` are ``dates(of:)``, computed once for many towns.
    public static func town(name: String, target: Int, foundingDates: [LedgerDate], district: DistrictConfig,
                            dates: [LedgerDate]) -> Town {
        let founded = foundingDates.filter { $0 >= district.campaignStart }.sorted()
        func count(by day: LedgerDate) -> Int {
            var low = 0, high = founded.count
            while low < high {
                let middle = (low + high) / 2
                if founded[middle] <= day { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return Town(name: name, target: target,
                    series: dates.map { Point(date: $0, founded: count(by: $0)) },
                    milestones: district.milestones.sorted { $0.date < $1.date }.map { milestone in
                        let required = Self.required(share: milestone.share, target: target)
                        let founded = count(by: milestone.date)
                        return MilestoneStatus(date: milestone.date, name: milestone.name, share: milestone.share,
                                               required: required, founded: founded, met: founded >= required)
                    })
    }

    /// Towns counted one at a time (each the only town of a progress of its own), in order: how
    /// the merge counts without keeping every town's rows.
    init(district: DistrictConfig, towns: [Town]) {
        dates = Self.dates(of: district)
        self.towns = towns
    }

    /// The window's report days and the milestone dates, in order, each once.
    public static func dates(of district: DistrictConfig) -> [LedgerDate] {
        Array(Set(district.reportDays + district.milestones.map(\.date))).sorted()
    }

    /// The progress of the organisations the ledger's schema counts: the sheet and date column
    /// that a `count_rows` sheet rule checks reported totals against (直属团组织.成立日期 in the
    /// default ledger); nil when the schema has no such rule.
    public init?(towns: [TownData], configuration: LedgerConfiguration) {
        guard let source = Self.foundingColumn(in: configuration.schema) else { return nil }
        self.init(towns: towns, district: configuration.district, sheet: source.sheet, dateColumn: source.column)
    }

    /// The sheet and date column whose rows count as founded organisations: those of the first
    /// `count_rows` sheet rule.
    public static func foundingColumn(in schema: LedgerSchema) -> (sheet: String, column: String)? {
        for sheet in schema.sheets {
            for rule in sheet.sheetRules {
                if case .countRows(_, let counted, let dateColumn, _) = rule.check { return (counted, dateColumn) }
            }
        }
        return nil
    }
}
