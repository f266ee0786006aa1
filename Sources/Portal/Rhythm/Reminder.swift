import Foundation
import Ledger
import TaizhangSupport

/// The reminder (催报) for the towns' work group: the towns that have not uploaded since the
/// current report day began, or have no readable submission, with the deadline and the portal's
/// address (`GET /api/district/reminder`, and on the district's board with a copy button).
struct Reminder: Sendable {
    /// The most towns named in the text; beyond, it says how many more (the JSON lists all).
    static let namedLimit = 100

    /// The report day whose period is running.
    var reportDay: LedgerDate
    /// Its issue number, when it is a report day of the window.
    var issue: Int?
    /// When its reports are due.
    var deadline: Double
    /// When the reminder was made.
    var asOf: Double
    /// The towns to remind, in the district's order.
    var towns: [String]
    /// Of those, the towns with no readable submission at all.
    var missing: [String]
    /// The text to paste.
    var text: String

    /// The reminder as things stand at `now`, from the board's lines (``CampaignBoard``).
    static func make(statuses: [CampaignBoard.TownStatus], reportDay: LedgerDate, now: Double, calendar: ReportCalendar,
                     district: DistrictConfig, portalAddress: String) -> Reminder {
        let towns = statuses.filter { !$0.reportedThisWeek || $0.current == nil }
        let missing = towns.filter { $0.current == nil }.map(\.town)
        let issue = district.reportDayNumber(of: reportDay)
        let deadline = calendar.deadline(of: reportDay)
        let weekday = WeekdayName.chinese(district.reportWeekday)
        let campaign = PrintLayout.typographic(district.district + district.campaign)
        let period = (issue.map { "第\($0)期" } ?? "本期") + "交账(\(ReportCalendar.monthDay(reportDay)) \(weekday))"
        let asOfText = ReportCalendar.monthDay(calendar.clock.day(of: now)) + calendar.timeOfDay(now)
        let deadlineText = ReportCalendar.monthDay(reportDay) + " " + district.reportDeadline.description
        var text = "【催报】\(campaign)\(period):截至\(asOfText),"
        if towns.isEmpty {
            text += "各镇均已交账,谢谢大家!"
        } else {
            let missingSet = Set(missing)
            let named = towns.prefix(namedLimit).map { $0.town + (missingSet.contains($0.town) ? "(尚无有效台账)" : "") }
            text += "以下 \(towns.count) 个镇尚未交账:" + named.joined(separator: "、")
                + (towns.count > namedLimit ? " 等(完整名单见平台)" : "") + "。"
            if now < deadline {
                text += "请于\(deadlineText)前登录台账报送平台 \(portalAddress) 上传本周台账(基本信息的填报日期填\(ReportCalendar.monthDay(reportDay)))。"
            } else {
                text += "本期交账时间(\(deadlineText))已过,请尽快登录台账报送平台 \(portalAddress) 补交本周台账。"
            }
        }
        text += "——\(district.issuer)"
        return Reminder(reportDay: reportDay, issue: issue, deadline: deadline, asOf: now, towns: towns.map(\.town), missing: missing,
                        text: text)
    }
}
