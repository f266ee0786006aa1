import Foundation
import XLSX

/// The letter around the findings of an annotated copy (its 校验结果 sheet): the title with the
/// town's name, the file, its 填报日期 and when it was checked, the count of errors and
/// warnings, what to do and by when, whom to ask, a legend of the two fills (above the table),
/// and the issuing office and date (below it). Blanks stand where the district file names no
/// contact; no date is named without a ``DistrictConfig/resubmissionDeadline``.
struct AnnotationLetter {
    let result: SubmissionResult
    let language: Language
    let district: DistrictConfig?
    let issuer: String
    let checkedAt: Date
    /// The time zone of the dates and times the letter names (the district's).
    let timeZone: TimeZone

    /// A blank to fill in by hand.
    static let blank = "__________"

    private var english: Bool { language == .english }
    private var fileName: String { result.name.split(separator: "/").last.map(String.init) ?? result.name }
    private var town: String { result.town ?? (fileName as NSString).deletingPathExtension }

    /// The text in the letter's language.
    private func text(_ chinese: String, _ inEnglish: String) -> String { english ? inEnglish : chinese }

    /// The lines above the findings.
    var preamble: [ReportLine] {
        let errors = result.errorCount
        let warnings = result.warningCount
        let reportDate = result.reportDate?.description ?? text("未填写", "not given")
        let deadline = district?.resubmissionDeadline
        let name = district?.contactName ?? Self.blank
        let phone = district?.contactPhone ?? Self.blank
        let office = issuer.isEmpty ? "" : issuer + text(",", ", ")
        return [
            ReportLine(text("\(town)台账校验结果", "Validation of the ledger of \(town)"), kind: .title),
            ReportLine(text("报送文件:\(fileName);填报日期:\(reportDate);校验时间:\(Self.time(checkedAt, in: timeZone))。",
                            "File: \(fileName); report date (填报日期): \(reportDate); checked on \(Self.time(checkedAt, in: timeZone)).")),
            ReportLine(errors > 0
                       ? text("共发现错误 \(errors) 个、警告 \(warnings) 个。有错误的行暂不能并入全区汇总(列入“待核实”),请改正后重新报送。",
                              "\(errors) error(s) and \(warnings) warning(s) were found. Rows with errors are left out of the district ledger until they are corrected.")
                       : text("未发现错误;有警告 \(warnings) 个,请逐项核实。", "No errors were found; please check the \(warnings) warning(s) below."),
                       kind: .emphasis),
            ReportLine(text("请按下表逐项改正标出的单元格(表中“单元格”一栏可点击跳转,该格的批注写明问题),改正后保存,重新上传报送"
                            + (deadline.map { ",截止日期为 \(Self.chineseDate($0))" } ?? "") + "。"
                            + "如有疑问,请联系\(office)联系人:\(name),联系电话:\(phone)。",
                            "Please correct the marked cells listed below (a cell's comment says what is wrong), save the workbook and upload it again"
                            + (deadline.map { " by \($0)" } ?? "") + ". Questions: \(office)\(name), telephone \(phone).")),
            ReportLine(text("错误:须改正,否则该行不能合并", "An error: must be corrected"), swatchARGB: Annotator.errorFill.description),
            ReportLine(text("警告:请核实,确认无误的可不修改", "A warning: please check; leave it if it is right"), swatchARGB: Annotator.warningFill.description),
        ]
    }

    /// The lines below the findings: the issuing office and the date (落款).
    var closing: [ReportLine] {
        let date = Self.calendar(timeZone).dateComponents([.year, .month, .day], from: checkedAt)
        let day = "\(date.year ?? 0)年\(date.month ?? 0)月\(date.day ?? 0)日"
        return (issuer.isEmpty ? [] : [ReportLine(issuer, kind: .signature)]) + [ReportLine(english ? Self.time(checkedAt, in: timeZone) : day, kind: .signature)]
    }

    /// 2026-11-02 14:30 in the time zone.
    static func time(_ date: Date, in timeZone: TimeZone) -> String {
        let parts = calendar(timeZone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func pad(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(pad(parts.month))-\(pad(parts.day)) \(pad(parts.hour)):\(pad(parts.minute))"
    }

    /// The Gregorian calendar in the time zone.
    private static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// 2026年11月5日.
    static func chineseDate(_ day: LedgerDate) -> String { "\(day.year)年\(day.month)月\(day.day)日" }
}
