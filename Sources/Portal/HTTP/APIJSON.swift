import TaizhangSupport
import Ledger

/// The JSON bodies of the HTTP API (`portal.md`), members in the documented order.
enum APIJSON {
    /// A submission; with `findings`, its findings as in findings.json (Chinese messages),
    /// district-wide ones included; `edited_from` names the submission an edit on the portal
    /// was made from (null for an upload).
    static func submission(_ submission: PortalSubmission, findings: Bool) -> String {
        let record = submission.record
        let id = record.id ?? 0
        var members: [(String, String)] = [
            ("id", String(id)),
            ("town", JSONText.optional(record.town)),
            ("file_name", JSONText.string(record.fileName)),
            ("sha256", JSONText.string(record.sha256)),
            ("received", JSONText.string(record.received)),
            ("report_date", JSONText.optional(record.reportDate)),
            ("status", JSONText.string(submission.status.rawValue)),
            ("errors", String(submission.errors)),
            ("warnings", String(submission.warnings)),
            ("current", submission.isCurrent ? "true" : "false"),
        ]
        if findings {
            members.append(("findings", "[" + submission.findings.map { FindingsReport.json(of: $0, language: .chinese) }
                .joined(separator: ", ") + "]"))
        }
        members.append(("annotated", submission.hasAnnotatedCopy ? JSONText.string("/api/submissions/\(id)/annotated") : "null"))
        members.append(("file", JSONText.string("/api/submissions/\(id)/file")))
        members.append(("uploader", JSONText.string(record.uploader)))
        members.append(("edited_from", record.editedFrom.map { String($0) } ?? "null"))
        return JSONText.compactObject(members)
    }

    /// `{"submissions": [...]}`, newest first.
    static func submissions(_ submissions: [PortalSubmission]) -> String {
        JSONText.object([("submissions", JSONText.array(submissions.map { submission($0, findings: false) }, indent: 1))]) + "\n"
    }

    /// The status board.
    static func status(asOf: String, reportDay: String, lastReportDay: LedgerDate, towns: [CampaignBoard.TownStatus],
                       clock: PortalClock) -> String {
        let lines = towns.map { status in
            JSONText.compactObject([
                ("town", JSONText.string(status.town)),
                ("liaison", "[" + status.leaders.map(JSONText.string).joined(separator: ", ") + "]"),
                ("submissions", String(status.submissions)),
                ("current", status.current?.record.id.map { String($0) } ?? "null"),
                ("received", JSONText.optional(status.current?.record.received)),
                ("report_date", JSONText.optional(status.current?.record.reportDate)),
                ("status", JSONText.optional(status.current?.status.rawValue)),
                ("errors", status.current.map { String($0.errors) } ?? "null"),
                ("warnings", status.current.map { String($0.warnings) } ?? "null"),
                ("founded", String(status.founded)),
                ("target", String(status.target)),
                ("reported_this_week", status.reportedThisWeek ? "true" : "false"),
                ("last_upload", JSONText.optional(status.lastUpload.map { clock.isoText($0) })),
            ])
        }
        let missing = towns.filter { $0.current == nil }.map { JSONText.string($0.town) }
        return JSONText.object([
            ("as_of", JSONText.string(asOf)),
            ("report_day", JSONText.string(reportDay)),
            ("last_report_day", JSONText.string(lastReportDay.description)),
            ("towns", JSONText.array(lines, indent: 1)),
            ("missing", "[" + missing.joined(separator: ", ") + "]"),
        ]) + "\n"
    }

    /// Progress per town.
    static func progress(_ towns: [CampaignProgress.Town]) -> String {
        let lines = towns.map { town in
            JSONText.compactObject([
                ("town", JSONText.string(town.name)),
                ("target", String(town.target)),
                ("founded", String(town.founded)),
                ("series", "[" + town.series.map {
                    JSONText.compactObject([("date", JSONText.string($0.date.description)), ("founded", String($0.founded))])
                }.joined(separator: ", ") + "]"),
                ("milestones", "[" + town.milestones.map {
                    JSONText.compactObject([
                        ("date", JSONText.string($0.date.description)),
                        ("name", JSONText.string($0.name)),
                        ("share", JSONText.number($0.share)),
                        ("required", String($0.required)),
                        ("met", $0.met ? "true" : "false"),
                    ])
                }.joined(separator: ", ") + "]"),
            ])
        }
        return JSONText.object([("towns", JSONText.array(lines, indent: 1))]) + "\n"
    }

    /// The reminder (催报): the report day, its deadline, the towns to remind and the text.
    static func reminder(_ reminder: Reminder, clock: PortalClock) -> String {
        JSONText.object([
            ("as_of", JSONText.string(clock.isoText(reminder.asOf))),
            ("report_day", JSONText.string(reminder.reportDay.description)),
            ("issue", reminder.issue.map(String.init) ?? "null"),
            ("deadline", JSONText.string(clock.isoText(reminder.deadline))),
            ("towns", "[" + reminder.towns.map(JSONText.string).joined(separator: ", ") + "]"),
            ("missing", "[" + reminder.missing.map(JSONText.string).joined(separator: ", ") + "]"),
            ("text", JSONText.string(reminder.text)),
        ]) + "\n"
    }

    /// `{"error": {"code": …, "message": …}}`, with the request id of a 500.
    static func error(code: String, message: String, requestId: String? = nil) -> String {
        var members = [("code", JSONText.string(code)), ("message", JSONText.string(message))]
        if let requestId { members.append(("request_id", JSONText.string(requestId))) }
        return JSONText.compactObject([("error", JSONText.compactObject(members))]) + "\n"
    }
}

/// English names of the ISO weekdays, for `report_day`.
enum WeekdayName {
    static func english(_ weekday: Int) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][(weekday - 1 + 7) % 7]
    }

    static func chinese(_ weekday: Int) -> String {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][(weekday - 1 + 7) % 7]
    }
}
