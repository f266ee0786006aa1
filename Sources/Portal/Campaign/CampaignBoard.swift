import GRDB
import Ledger

/// The district's view of the campaign, read from the database: each town's current submission
/// (the latest readable one by 填报日期, then receipt time — `merge`'s rule), who reported since
/// the last report day began, who is missing, and the progress series.
struct CampaignBoard: Sendable {
    /// One town's line of the status board.
    struct TownStatus: Sendable {
        var town: String
        var submissions: Int
        var current: SubmissionRecord?
        var lastUpload: Double?
        var founded: Int
        var target: Int
        var reportedThisWeek: Bool
    }

    let folder: DataFolder
    let district: DistrictConfig
    let clock: PortalClock

    /// The current submission of each town that has a readable one, by town; without their
    /// findings (`findings` and `findingsEnglish` are empty: the board does not show them, and at
    /// thousands of towns copying them would be most of its cost).
    func currentSubmissions(_ database: Database) throws -> [String: SubmissionRecord] {
        let records = try SubmissionRecord.fetchAll(database, sql: """
            SELECT id, town, fileName, sha256, size, received, receivedAt, reportDate, status, errors, warnings,
                   '' AS findings, '' AS findingsEnglish, uploader, foundingDates, reportedTarget FROM (
                SELECT submission.*, ROW_NUMBER() OVER (
                    PARTITION BY town ORDER BY reportDate DESC, receivedAt DESC, id DESC) AS place
                FROM submission WHERE town IS NOT NULL AND status != 'unreadable')
            WHERE place = 1
            """)
        return Dictionary(records.map { ($0.town!, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The ids of the current submissions: of one town (at most one id; none for a submission of
    /// no town), or of every town when `town` is nil. For one town it reads that town's rows only.
    func currentIds(town: String?) throws -> Set<Int64> {
        try folder.database.pool.read { database in
            guard let town else { return Set(try currentSubmissions(database).values.compactMap(\.id)) }
            let id = try Int64.fetchOne(database, sql: """
                SELECT id FROM submission WHERE town = ? AND status != 'unreadable'
                ORDER BY reportDate DESC, receivedAt DESC, id DESC LIMIT 1
                """, arguments: [town])
            return Set([id].compactMap { $0 })
        }
    }

    /// The status board's lines, in the district's town order, as of now.
    func statuses() throws -> (asOf: Double, lastReportDay: LedgerDate, towns: [TownStatus]) {
        let now = clock.now()
        let reportDay = clock.lastReportDay(weekday: district.reportWeekday, at: now)
        let since = clock.start(of: reportDay)
        let (current, counts) = try folder.database.pool.read { database in
            let counts = try Row.fetchAll(database, sql: """
                SELECT town, COUNT(*) AS uploads, MAX(receivedAt) AS last FROM submission
                WHERE town IS NOT NULL GROUP BY town
                """)
            return (try currentSubmissions(database), counts)
        }
        var uploads: [String: (count: Int, last: Double)] = [:]
        for row in counts {
            let town: String = row["town"]
            let count: Int = row["uploads"]
            let last: Double = row["last"]
            uploads[town] = (count, last)
        }
        let days = CampaignProgress.dates(of: district)
        var towns: [TownStatus] = []
        for town in district.towns {
            let record = current[town.name]
            let progress = record.map { self.progress(of: $0, days: days) }
            let upload = uploads[town.name]
            towns.append(TownStatus(town: town.name, submissions: upload?.count ?? 0, current: record,
                                    lastUpload: upload?.last, founded: progress?.founded ?? 0,
                                    target: progress?.target ?? town.target,
                                    reportedThisWeek: (upload?.last ?? -Double.infinity) >= since))
        }
        return (now, reportDay, towns)
    }

    /// The progress of the given towns (all when nil), from their current submissions; a town
    /// with none has an empty count against its configured target.
    func progress(towns selected: [String]? = nil) throws -> [CampaignProgress.Town] {
        let current = try folder.database.pool.read { try currentSubmissions($0) }
        let days = CampaignProgress.dates(of: district)
        return (selected ?? district.towns.map(\.name)).map { town in
            if let record = current[town] { return progress(of: record, days: days) }
            return CampaignProgress.town(name: town, target: district.town(named: town)?.target ?? district.defaultTarget,
                                         foundingDates: [], district: district, dates: days)
        }
    }

    func progress(of record: SubmissionRecord, days: [LedgerDate]) -> CampaignProgress.Town {
        let town = record.town ?? ""
        let target = record.reportedTarget ?? district.town(named: town)?.target ?? district.defaultTarget
        return CampaignProgress.town(name: town, target: target, foundingDates: Self.dates(inJSON: record.foundingDates),
                                     district: district, dates: days)
    }

    /// Parses the stored `["2026-10-02", …]` (dates as ten ASCII digits and hyphens).
    static func dates(inJSON text: String) -> [LedgerDate] {
        var dates: [LedgerDate] = []
        var digits: [Int] = []
        digits.reserveCapacity(8)
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(Int(byte - 0x30))
            } else if byte == 0x22 /* " */ && digits.count == 8 {
                let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
                if let date = LedgerDate(year: year, month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7]) {
                    dates.append(date)
                }
                digits.removeAll(keepingCapacity: true)
            } else if byte == 0x22 {
                digits.removeAll(keepingCapacity: true)
            }
        }
        return dates
    }
}
