import Ledger

/// One town's progress against the campaign's milestones: the organisations it founded by each
/// report day and milestone date (`/api/progress`, the progress charts).
///
/// Counted cumulatively from the 成立日期 of the current submission's 直属团组织 rows that passed
/// validation (the rows the merge keeps) and lie in the campaign window, from `campaign_start` to
/// the end of the report window; never from the self-reported 累计建成数 of 周交账.
public struct TownProgress: Sendable, Equatable {
    /// One point of the cumulative series.
    public struct Point: Sendable, Equatable {
        /// The day counted up to, inclusive.
        public var date: LedgerDate
        /// Organisations founded on or before `date`.
        public var founded: Int
    }

    /// A milestone and whether the town met it.
    public struct Milestone: Sendable, Equatable {
        /// The milestone's date (inclusive).
        public var date: LedgerDate
        /// The share of the target due by then (0.5 = half).
        public var share: Double
        /// The milestone's name in the district file (首节点, 次节点 …).
        public var name: String
        /// Organisations required by then: `share × target`, rounded up (half of 21 is 11).
        public var required: Int
        /// Whether the town had founded `required` organisations by `date`.
        public var met: Bool
    }

    /// The town.
    public var town: String
    /// Its target (目标任务数 as reported, else the configured one).
    public var target: Int
    /// Founded by each report day and each milestone date of the window, in date order.
    public var series: [Point]
    /// The district's milestones, each with what it requires of this town.
    public var milestones: [Milestone]

    /// Organisations founded in all (the last point of the series, or every counted date).
    public var founded: Int

    /// Counts the founding dates of one town against the district's report days and milestones
    /// (`days`: ``countedDays(_:)``, computed once for many towns).
    public init(town: String, target: Int, foundingDates: [LedgerDate], district: DistrictConfig, days: [LedgerDate]? = nil) {
        let dates = foundingDates.sorted()
        func foundedBy(_ day: LedgerDate) -> Int {
            var low = 0, high = dates.count
            while low < high {
                let middle = (low + high) / 2
                if dates[middle] <= day { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let days = days ?? Self.countedDays(district)
        self.town = town
        self.target = target
        series = days.map { Point(date: $0, founded: foundedBy($0)) }
        milestones = district.milestones.map { milestone in
            let required = Self.required(share: milestone.share, target: target)
            return Milestone(date: milestone.date, share: milestone.share, name: milestone.name, required: required,
                             met: foundedBy(milestone.date) >= required)
        }
        founded = dates.count
    }

    /// The days a series counts up to: the report days of the window and the milestone dates, in order.
    public static func countedDays(_ district: DistrictConfig) -> [LedgerDate] {
        Set(district.reportDays + district.milestones.map(\.date)).sorted()
    }

    /// `share × target` rounded up, so that "half of the target" is never less than half.
    public static func required(share: Double, target: Int) -> Int {
        let exact = share * Double(target)
        let rounded = exact.rounded(.up)
        // 0.1 × 30 is 3.0000000000000004 in binary: treat what is within rounding noise as whole.
        return Int(rounded - exact > 1 - 1e-9 ? exact.rounded(.down) : rounded)
    }

    /// The founding dates that count: 成立日期 of the rows without error findings that lie in the
    /// campaign window (`campaign_start` … the last day of the report window).
    public static func foundingDates(in result: SubmissionResult, district: DistrictConfig) -> [LedgerDate] {
        guard let table = result.submission?.tables[foundingSheet] else { return [] }
        let rowsWithErrors = Set(result.findings.filter { $0.severity == .error && $0.sheet == table.sheetName }
            .compactMap { $0.cell?.row })
        let window = district.campaignStart...max(district.reportWindow.upperBound, district.deadline)
        return table.rows.compactMap { row in
            guard !rowsWithErrors.contains(row.number), let date = row.value(foundingDateColumn)?.date,
                  window.contains(date) else { return nil }
            return date
        }
    }

    /// The table of new organisations (直属团组织) and its founding date column (成立日期).
    public static let foundingSheet = "直属团组织"
    /// The founding date column of ``foundingSheet``.
    public static let foundingDateColumn = "成立日期"
}
