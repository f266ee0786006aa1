import Ledger

/// The weekly rhythm in time (交账): which report day's period is running, when a report day
/// ends, when its reports are due (`report_deadline:`), and which report days have a bulletin.
struct ReportCalendar: Sendable {
    let district: DistrictConfig
    let clock: PortalClock

    /// The latest report day on or before `moment`: the one whose period is running.
    func currentReportDay(at moment: Double) -> LedgerDate {
        clock.lastReportDay(weekday: district.reportWeekday, at: moment)
    }

    /// The report day a week before `day`.
    func previousReportDay(before day: LedgerDate) -> LedgerDate {
        day.adding(days: -7)
    }

    /// The moment reports of `day` are due: on time when received before it.
    func deadline(of day: LedgerDate) -> Double {
        clock.start(of: day) + district.reportDeadline.secondsIntoDay
    }

    /// The moment `day` ends (24:00 district time): a bulletin of `day` counts what was received before it.
    func end(of day: LedgerDate) -> Double {
        clock.start(of: day.adding(days: 1))
    }

    /// The report days of the window that have begun by `moment`: those with a bulletin, in order.
    func bulletinDays(at moment: Double) -> [LedgerDate] {
        district.reportDays.filter { clock.start(of: $0) <= moment }
    }

    /// `10月16日`.
    static func monthDay(_ day: LedgerDate) -> String { "\(day.month)月\(day.day)日" }

    /// `2026年10月16日`.
    static func fullDate(_ day: LedgerDate) -> String { "\(day.year)年\(day.month)月\(day.day)日" }

    /// `17:05` of a moment in the district's time.
    func timeOfDay(_ moment: Double) -> String {
        String(clock.isoText(moment).dropFirst(11).prefix(5))
    }

    /// `10月17日 09:00`.
    func stamp(_ moment: Double) -> String {
        Self.monthDay(clock.day(of: moment)) + " " + timeOfDay(moment)
    }

    /// `17:05` when `moment` falls on `day`, else `10月17日 09:00`.
    func time(_ moment: Double, relativeTo day: LedgerDate) -> String {
        clock.day(of: moment) == day ? timeOfDay(moment) : stamp(moment)
    }
}
