import Foundation
import Ledger
import TaizhangSupport

/// The progress bulletin (工作进展通报) of one report day: the campaign as it stood at the end of
/// that day — only the submissions received by then count — town by town, as the workbook
/// (``BulletinWorkbook``) and the page (`/bulletin/D`) show it.
///
/// - 累计: the rows that count (`CountedRows`, district-wide checks included) of each town's
///   current submission as of the end of the day (`SubmissionOrder` over what was received by
///   then), founded from the campaign start to the day (`CampaignProgress`).
/// - 本周新建: 累计 minus 累计 of the report day before, as the bulletin of that day counted it
///   (the campaign as it stood at the end of that day), so that the weeks add up to the total.
/// - 按时交账: the town's first upload whose 填报日期 is the day was received before the day's
///   deadline (`report_deadline:`, 24:00 by default): 按时; received later that day: 逾期; none: 未交.
/// - 名次: by 完成率 (累计 / 目标, to four decimals), then by 累计; equal towns share a rank and
///   the next rank is skipped (1, 2, 2, 4), as `RANK.EQ` does.
struct Bulletin: Sendable {
    /// Whether and when a town reported for the day.
    enum Report: Sendable, Equatable {
        /// Received before the deadline.
        case onTime(received: Double)
        /// Received on the day, after the deadline.
        case late(received: Double)
        /// Nothing with that 填报日期 was received by the end of the day.
        case missing

        /// 按时, 逾期, 未交.
        var label: String {
            switch self {
            case .onTime: return "按时"
            case .late: return "逾期"
            case .missing: return "未交"
            }
        }

        var isOnTime: Bool {
            if case .onTime = self { return true }
            return false
        }
    }

    /// A milestone shown in the table (the first two of the district's: 首节点, 次节点).
    struct Milestone: Sendable {
        /// Its name (首节点 when the district file gives none to the first, 次节点 to the second).
        var name: String
        var date: LedgerDate
        var share: Double
        /// As the district file gives it.
        var configured: DistrictConfig.Milestone
    }

    /// Where a town stands against a milestone on the day.
    struct MilestoneMark: Sendable {
        /// Organisations the milestone requires of the town.
        var required: Int
        /// Organisations founded by the milestone's date when it is due, else by the day.
        var founded: Int
        /// The milestone's date is on or before the day.
        var due: Bool
        var met: Bool

        /// Due and not met: what the bulletin marks (in bold).
        var isShortfall: Bool { due && !met }

        /// 达标, 未达标(差3); before its date: 提前达标, 差3个.
        var label: String {
            if met { return due ? "达标" : "提前达标" }
            return due ? "未达标(差\(required - founded))" : "差\(required - founded)个"
        }
    }

    /// The submission a bulletin counts for a town.
    struct CountedSubmission: Sendable {
        var fileName: String
        /// 填报日期, as stored.
        var reportDate: String?
        var received: Double
        /// 已通过 or 需修改 (district-wide errors included).
        var status: String
    }

    /// One town's line.
    struct Line: Sendable {
        var town: String
        /// Its liaison leaders (联系领导).
        var leaders: [String]
        /// 累计 minus the previous report day's 累计.
        var weekNew: Int
        /// 累计.
        var founded: Int
        /// 累计 as it stood at the end of the previous report day.
        var previous: Int
        var target: Int
        /// 完成率: founded / target to four decimals (0 without a target).
        var share: Double
        var milestones: [MilestoneMark]
        var report: Report
        var rank: Int
        /// The submission counted: the town's current one at the end of the day; nil when it had
        /// no readable submission by then.
        var counted: CountedSubmission?
        /// Its progress as of the day (the report days up to it and the milestones).
        var progress: CampaignProgress.Town
    }

    var district: String
    var campaign: String
    var issuer: String
    /// 第N期: the day's place among the window's report days.
    var issue: Int
    var day: LedgerDate
    var previousDay: LedgerDate
    /// What the bulletin counts: the end of the day, or now while the day is not over.
    var asOf: Double
    var isDayOver: Bool
    var deadline: ReportDeadline
    /// The time of day of `asOf` (`17:05`), while the day is not over.
    var asOfTime: String
    /// The sheet whose rows are counted (直属团组织).
    var countedSheet: String
    var milestones: [Milestone]
    /// The towns in the district's order.
    var lines: [Line]
    /// The 落款 date: the day the bulletin was made (never before its day).
    var issued: LedgerDate
    /// The district's 累计 on each report day of the window up to the day, as counted on the day.
    var districtSeries: [(date: LedgerDate, founded: Int)]
    /// The district's calendar (times of day as the district reads them).
    var calendar: ReportCalendar

    /// `青山湖区乡镇实体化“大团委”建设工作进展通报(第3期)`.
    var title: String { PrintLayout.typographic(district + campaign + "工作进展通报(第\(issue)期)") }

    /// `截至2026年10月16日24时`, or `截至2026年10月16日17:05(交账日尚未结束)`.
    var asOfLine: String {
        "截至" + ReportCalendar.fullDate(day) + (isDayOver ? "24时" : asOfTime + "(交账日尚未结束)")
    }

    var totalFounded: Int { lines.reduce(0) { $0 + $1.founded } }
    var totalTarget: Int { lines.reduce(0) { $0 + $1.target } }
    var totalWeekNew: Int { lines.reduce(0) { $0 + $1.weekNew } }
    /// The district's 完成率, to four decimals.
    var totalShare: Double { Self.share(totalFounded, of: totalTarget) }
    /// The towns that did not report on time, in the district's order.
    var notOnTime: [Line] { lines.filter { !$0.report.isOnTime } }
    var onTimeCount: Int { lines.count - notOnTime.count }

    /// `56.0%`.
    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// The summary sentence: 全区已新建直属团组织 X 个,完成目标任务的 Y%,本周新建 Z 个…
    var summary: String {
        var parts = ["截至\(ReportCalendar.monthDay(day)),全区已新建\(countedSheet) \(totalFounded) 个,完成目标任务(\(totalTarget) 个)的 "
                     + Self.percent(totalShare) + ",本周新建 \(totalWeekNew) 个",
                     "\(lines.count) 个镇中 \(onTimeCount) 个按时交账"]
        for (index, milestone) in milestones.enumerated() {
            let met = lines.filter { $0.milestones[index].met }.count
            let due = milestone.date <= day
            parts.append("\(milestone.name)(\(ReportCalendar.monthDay(milestone.date)))" + (due ? "\(met) 个镇达标" : "已有 \(met) 个镇提前达标"))
        }
        return parts.joined(separator: ";") + "。"
    }

    /// The towns not on time in words: 京东镇(未交账)、扬子洲镇(19:20 交账,晚于 18:00); with
    /// `naming`, the first that many named and the others counted (…等另 4,949 个镇,逐镇见“交账情况”表).
    func notOnTimeText(time: (Double) -> String, naming limit: Int = .max) -> String {
        let late = notOnTime
        guard !late.isEmpty else { return "未按时交账:无,各镇均按时交账。" }
        let named = late.prefix(limit).map { line in
            switch line.report {
            case .missing: return line.town + "(未交账)"
            case .late(let received): return line.town + "(\(time(received)) 交账,晚于 \(deadline))"
            case .onTime: return line.town
            }
        }.joined(separator: "、")
        let others = late.count - min(limit, late.count)
        return "未按时交账(\(late.count) 个镇):" + named + (others > 0 ? "等,另 \(others) 个镇逐镇见“交账情况”表" : "") + "。"
    }

    /// What the columns mean, for the note under the table.
    var explanation: String {
        "说明:累计为截至交账日24时已收到的各镇最新台账中,成立日期在活动开始日至交账日之间且无错误的\(countedSheet)数;"
            + "本周新建 = 本期累计 − 上期(\(ReportCalendar.monthDay(previousDay)))累计;完成率 = 累计 ÷ 目标;"
            + "名次按完成率从高到低排列,完成率相同的按累计,仍相同的名次并列;"
            + "节点已到期的写达标或未达标(差几个),未到期的写提前达标或还差几个;"
            + "按时交账指填报日期为交账日的台账在当日 \(deadline) 前报送。"
    }

    /// `founded / target` to four decimals (0 without a target).
    static func share(_ founded: Int, of target: Int) -> Double {
        target > 0 ? (Double(founded) / Double(target) * 10_000).rounded() / 10_000 : 0
    }

    /// Competition ranks (1, 2, 2, 4) by share, then founded, both descending; by position.
    static func ranks(_ keys: [(share: Double, founded: Int)]) -> [Int] {
        let order = keys.indices.sorted { keys[$0].share != keys[$1].share ? keys[$0].share > keys[$1].share
                                                                            : keys[$0].founded > keys[$1].founded }
        var ranks = [Int](repeating: 0, count: keys.count)
        for (position, index) in order.enumerated() {
            let previous = position > 0 ? order[position - 1] : nil
            if let previous, keys[previous].share == keys[index].share, keys[previous].founded == keys[index].founded {
                ranks[index] = ranks[previous]
            } else {
                ranks[index] = position + 1
            }
        }
        return ranks
    }
}

extension Bulletin {
    /// The bulletin of report day `day`, issue `issue`, from the district as it stood at the end of
    /// the day (`atDay`) and of the report day before (`dayBefore`), and each town's first receipt
    /// of a report dated the day (`firstReports`); `now` is when it is made.
    static func make(day: LedgerDate, issue: Int, now: Double, atDay: DistrictState.Snapshot, dayBefore: DistrictState.Snapshot,
                     firstReports: [String: Double], configuration: LedgerConfiguration, calendar: ReportCalendar) -> Bulletin {
        let district = configuration.district
        let previousDay = calendar.previousReportDay(before: day)
        let deadline = calendar.deadline(of: day)
        let dates = CampaignProgress.dates(of: district).filter { $0 <= day }
        let milestones = district.milestones.sorted { $0.date < $1.date }.prefix(2).enumerated().map { index, milestone in
            Milestone(name: milestone.name.isEmpty ? (index == 0 ? "首节点" : "次节点") : milestone.name, date: milestone.date,
                      share: milestone.share, configured: milestone)
        }
        let leaders = district.liaisonLeaders
        var lines = district.towns.map { town -> Line in
            let target = atDay.progress[town.name]?.target ?? town.target
            let progress = CampaignProgress.town(name: town.name, target: target, foundingDates: atDay.foundingDates[town.name] ?? [],
                                                 district: district, dates: dates)
            let before = CampaignProgress.town(name: town.name, target: target, foundingDates: dayBefore.foundingDates[town.name] ?? [],
                                               district: district, dates: [previousDay])
            let marks = milestones.map { milestone -> MilestoneMark in
                let required = CampaignProgress.required(share: milestone.share, target: target)
                let due = milestone.date <= day
                let founded = due ? (progress.milestones.first { $0.date == milestone.date }?.founded ?? 0) : progress.founded
                return MilestoneMark(required: required, founded: founded, due: due, met: founded >= required)
            }
            let report: Report = firstReports[town.name].map { $0 < deadline ? .onTime(received: $0) : .late(received: $0) } ?? .missing
            let counted = atDay.current[town.name].map { record in
                let errors = record.errors + atDay.districtFindings(of: record.id).filter { $0.severity == .error }.count
                return CountedSubmission(fileName: record.fileName, reportDate: record.reportDate, received: record.receivedAt,
                                         status: errors > 0 ? "需修改" : "已通过")
            }
            return Line(town: town.name, leaders: leaders[town.name] ?? [], weekNew: progress.founded - before.founded,
                        founded: progress.founded, previous: before.founded, target: target, share: share(progress.founded, of: target),
                        milestones: marks, report: report, rank: 0, counted: counted, progress: progress)
        }
        for (index, rank) in ranks(lines.map { ($0.share, $0.founded) }).enumerated() { lines[index].rank = rank }
        let reportDays = Set(district.reportDays)
        let series = dates.enumerated().filter { reportDays.contains($0.element) }.map { index, date in
            (date: date, founded: lines.reduce(0) { $0 + $1.progress.series[index].founded })
        }
        let end = calendar.end(of: day)
        return Bulletin(district: district.district, campaign: district.campaign, issuer: district.issuer, issue: issue, day: day,
                        previousDay: previousDay, asOf: min(end, now), isDayOver: now >= end, deadline: district.reportDeadline,
                        asOfTime: calendar.timeOfDay(min(end, now)),
                        countedSheet: CampaignProgress.foundingColumn(in: configuration.schema)?.sheet ?? "台账",
                        milestones: milestones, lines: lines, issued: max(day, calendar.clock.day(of: now)), districtSeries: series,
                        calendar: calendar)
    }
}
