import TaizhangSupport
import XLSX

/// The district: who submits, their targets and the campaign's dates (`templates/district.yaml`).
public struct DistrictConfig: Sendable {
    /// One town (镇) and its target.
    public struct Town: Hashable, Sendable {
        /// The town's name.
        public var name: String
        /// The town's target (目标任务).
        public var target: Int

        /// A town with its target.
        public init(name: String, target: Int) {
            self.name = name
            self.target = target
        }
    }

    /// A milestone: by `date`, `share` of each town's target.
    public struct Milestone: Hashable, Sendable {
        /// The day by which the share is due.
        public var date: LedgerDate
        /// The share of the target due, 0 to 1.
        public var share: Double
        /// The milestone's name.
        public var name: String
    }

    /// The district's name.
    public var district: String
    /// The campaign's name.
    public var campaign: String
    /// The campaign's year.
    public var year: Int
    /// The target of a town that names none.
    public var defaultTarget: Int
    /// The towns in their official order.
    public var towns: [Town]
    /// The day the campaign starts.
    public var campaignStart: LedgerDate
    /// The milestones, in date order.
    public var milestones: [Milestone]
    /// The campaign's deadline.
    public var deadline: LedgerDate
    /// Other named deadlines (shown in the instructions sheet).
    public var officialDeadlines: [(name: String, date: LedgerDate)]
    /// The day weekly reports are due, 1 = Monday … 7 = Sunday.
    public var reportWeekday: Int
    /// The time of the report day by which a report is on time (`report_deadline:`, 24:00 by default).
    public var reportDeadline = ReportDeadline.endOfDay
    /// The dates a submission's 填报日期 may fall on.
    public var reportWindow: ClosedRange<LedgerDate>
    /// Liaison groups (对口联系): a role and the towns it covers.
    public var liaison: [(role: String, towns: [String])]
    /// The office that issues the district's documents (`issuer:`; by default 共青团<district>委员会),
    /// named in the footer of every printed page.
    public var issuer = ""
    /// The awards' notice period (公示期, `notice_period: {from, to}`); nil leaves blanks on the
    /// 公示 to fill in by hand.
    public var noticePeriod: ClosedRange<LedgerDate>?
    /// Whom to tell of an objection to the awards, or to ask about a returned ledger (联系人,
    /// `contact: {name, phone}`); nil leaves a blank.
    public var contactName: String?
    /// The contact's telephone (联系电话); nil leaves a blank.
    public var contactPhone: String?
    /// The day by which a town sends its corrected ledger back (`resubmission_deadline`), named
    /// in the letter of its annotated copy; nil names none.
    public var resubmissionDeadline: LedgerDate?
    /// Who drew up the awards tables (制表人, `prepared_by`); nil leaves a line to sign.
    public var preparedBy: String?
    /// Who checked them (审核人, `reviewed_by`); nil leaves a line to sign.
    public var reviewedBy: String?

    /// The report days of the window (e.g. its five Fridays).
    public var reportDays: [LedgerDate] {
        var days: [LedgerDate] = []
        var day = reportWindow.lowerBound
        while day <= reportWindow.upperBound {
            if day.isoWeekday == reportWeekday { days.append(day) }
            day = day.adding(days: 1)
        }
        return days
    }

    /// The town of this name, if configured.
    public func town(named name: String) -> Town? { towns.first { $0.name == name } }

    /// The towns a liaison leader (对口联系, e.g. 书记) follows, in the district's order; nil when
    /// `liaison:` names no such leader.
    public func liaisonTowns(of leader: String) -> [String]? {
        guard let group = liaison.first(where: { $0.role == leader }) else { return nil }
        let followed = Set(group.towns)
        return towns.map(\.name).filter(followed.contains)
    }

    /// The leaders who follow each town (联系领导), by town; a town no leader follows is absent.
    public var liaisonLeaders: [String: [String]] {
        var leaders: [String: [String]] = [:]
        for group in liaison {
            for town in group.towns where !(leaders[town]?.contains(group.role) ?? false) { leaders[town, default: []].append(group.role) }
        }
        return leaders
    }

    /// The report day `day` is, counted from 1 within the window (the issue number of its
    /// bulletin, 第N期); nil when `day` is not a report day of the window.
    public func reportDayNumber(of day: LedgerDate) -> Int? {
        reportDays.firstIndex(of: day).map { $0 + 1 }
    }

    /// The district target: the sum of the towns' targets.
    public var districtTarget: Int { towns.reduce(0) { $0 + $1.target } }

    /// The values `${name}` may use in a schema.
    var substitutions: [String: SubstitutionValue] {
        [
            "towns": .list(towns.map(\.name)),
            "year": .text(String(year)),
            "campaign_start": .text(campaignStart.description),
            "default_target": .text(String(defaultTarget)),
            "report_weekday": .text(String(reportWeekday)),
            "deadline": .text(deadline.description),
        ]
    }

    enum SubstitutionValue {
        case text(String)
        case list([String])
    }

    /// Loads a district file.
    public static func load(path: String) throws -> DistrictConfig {
        try parse(try TextFile.read(path), file: path)
    }

    /// Parses a district file's text.
    public static func parse(_ text: String, file: String) throws -> DistrictConfig {
        let root = try YAMLValue.parse(text, file: file)
        let fields = try root.fields(allowed: ["district", "campaign", "year", "default_target", "towns", "campaign_start",
                                               "milestones", "deadline", "official_deadlines", "report_weekday",
                                               "report_window", "report_deadline", "liaison", "issuer", "notice_period", "contact",
                                               "resubmission_deadline", "prepared_by", "reviewed_by"])
        let year = try fields.required("year").integer()
        let defaultTarget = try fields["default_target"]?.integer() ?? 20
        guard defaultTarget >= 1 else { throw try fields.required("default_target").error("the target must be at least 1") }
        var towns: [Town] = []
        // Names seen, to find one listed twice without comparing every pair (a district of
        // thousands of towns is read in milliseconds, not a second).
        var names: Set<String> = []
        for item in try fields.required("towns").sequence() {
            let town = try item.fields(allowed: ["name", "target"])
            let name = try town.required("name").string()
            guard names.insert(name).inserted else { throw item.error("town \"\(name)\" is listed twice") }
            towns.append(Town(name: name, target: try town["target"]?.integer() ?? defaultTarget))
        }
        guard !towns.isEmpty else { throw try fields.required("towns").error("at least one town is needed") }
        var milestones: [Milestone] = []
        for item in try fields["milestones"]?.sequence() ?? [] {
            let milestone = try item.fields(allowed: ["date", "share", "name"])
            milestones.append(Milestone(date: try milestone.required("date").date(), share: try milestone.required("share").number(),
                                        name: try milestone["name"]?.string() ?? ""))
        }
        let window = try fields.required("report_window").fields(allowed: ["from", "to"])
        let from = try window.required("from").date()
        let to = try window.required("to").date()
        guard from <= to else { throw try fields.required("report_window").error("\"from\" is after \"to\"") }
        let weekday = try fields["report_weekday"]?.integer() ?? 5
        guard (1...7).contains(weekday) else { throw try fields.required("report_weekday").error("a weekday is 1 (Monday) to 7 (Sunday)") }
        let official = try (fields["official_deadlines"]?.mapping() ?? []).map { (name: $0.key, date: try $0.value.date()) }
        let liaison = try (fields["liaison"]?.mapping() ?? []).map { pair -> (role: String, towns: [String]) in
            let followed = try pair.value.strings()
            for name in followed where !names.contains(name) {
                throw pair.value.error("\"\(name)\" is not one of the towns")
            }
            return (pair.key, followed)
        }
        let start = try fields.required("campaign_start").date()
        let deadline = try fields.required("deadline").date()
        guard start < deadline else { throw try fields.required("deadline").error("the deadline is not after the campaign start") }
        let district = try fields.required("district").string()
        var config = DistrictConfig(district: district, campaign: try fields["campaign"]?.string() ?? "",
                                    year: year, defaultTarget: defaultTarget, towns: towns, campaignStart: start,
                                    milestones: milestones, deadline: deadline, officialDeadlines: official,
                                    reportWeekday: weekday, reportWindow: from...to, liaison: liaison)
        config.issuer = try fields["issuer"]?.string() ?? "共青团\(district)委员会"
        if let text = fields["report_deadline"] {
            guard let deadline = ReportDeadline(text: try text.string()) else {
                throw text.error("a report deadline is a time of day from 00:01 to 24:00, written \"HH:MM\" (e.g. \"18:00\")")
            }
            config.reportDeadline = deadline
        }
        if let period = fields["notice_period"] {
            let bounds = try period.fields(allowed: ["from", "to"])
            let first = try bounds.required("from").date()
            let last = try bounds.required("to").date()
            guard first <= last else { throw period.error("\"from\" is after \"to\"") }
            config.noticePeriod = first...last
        }
        if let contact = fields["contact"] {
            let parts = try contact.fields(allowed: ["name", "phone"])
            config.contactName = try parts["name"].map(Self.text)
            config.contactPhone = try parts["phone"].map(Self.text)
        }
        config.resubmissionDeadline = try fields["resubmission_deadline"]?.date()
        config.preparedBy = try fields["prepared_by"].map(Self.text)
        config.reviewedBy = try fields["reviewed_by"].map(Self.text)
        return config
    }

    /// A value printed on the documents: text that is not empty.
    private static func text(_ value: YAMLValue) throws -> String {
        let text = try value.string()
        guard !text.allSatisfy(\.isWhitespace) else { throw value.error("leave the key out rather than empty (the documents then print a blank to fill in)") }
        return text
    }
}

extension DistrictConfig {
    /// The configuration as a district file (`district.yaml`) that ``load(path:)`` reads back.
    public var yamlText: String {
        func quoted(_ text: String) -> String { JSONText.string(text) }
        var lines = [
            "# District configuration written by taizhang.",
            "district: \(quoted(district))",
            "campaign: \(quoted(campaign))",
            "issuer: \(quoted(issuer))",
            "year: \(year)",
            "default_target: \(defaultTarget)",
            "towns:",
        ]
        lines += towns.map { "  - {name: \(quoted($0.name)), target: \($0.target)}" }
        lines.append("campaign_start: \(campaignStart)")
        if !milestones.isEmpty {
            lines.append("milestones:")
            lines += milestones.map { "  - {date: \($0.date), share: \($0.share), name: \(quoted($0.name))}" }
        }
        lines.append("deadline: \(deadline)")
        if !officialDeadlines.isEmpty {
            lines.append("official_deadlines:")
            lines += officialDeadlines.map { "  \(quoted($0.name)): \($0.date)" }
        }
        if let noticePeriod { lines.append("notice_period: {from: \(noticePeriod.lowerBound), to: \(noticePeriod.upperBound)}") }
        if contactName != nil || contactPhone != nil {
            let parts = [contactName.map { "name: \(quoted($0))" }, contactPhone.map { "phone: \(quoted($0))" }].compactMap { $0 }
            lines.append("contact: {\(parts.joined(separator: ", "))}")
        }
        if let resubmissionDeadline { lines.append("resubmission_deadline: \(resubmissionDeadline)") }
        if let preparedBy { lines.append("prepared_by: \(quoted(preparedBy))") }
        if let reviewedBy { lines.append("reviewed_by: \(quoted(reviewedBy))") }
        lines.append("report_weekday: \(reportWeekday)")
        lines.append("report_window: {from: \(reportWindow.lowerBound), to: \(reportWindow.upperBound)}")
        lines.append("report_deadline: \"\(reportDeadline)\"")
        let known = Set(towns.map(\.name))
        let groups = liaison.map { (role: $0.role, towns: $0.towns.filter(known.contains)) }.filter { !$0.towns.isEmpty }
        if !groups.isEmpty {
            lines.append("liaison:")
            lines += groups.map { "  \(quoted($0.role)): [\($0.towns.map(quoted).joined(separator: ", "))]" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
