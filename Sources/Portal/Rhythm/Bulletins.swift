import Foundation
import Ledger

/// Why a bulletin cannot be made for the day asked.
public enum BulletinError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The day is not a report day of the campaign window.
    case notAReportDay(LedgerDate, reportDays: [LedgerDate])
    /// The report day has not begun yet.
    case notBegun(LedgerDate)
    /// No day was asked and no report day of the window has begun yet.
    case noReportDayYet(first: LedgerDate?)

    /// The message for the command line.
    public var description: String {
        switch self {
        case .notAReportDay(let day, let days):
            return "\(day) is not a report day of the campaign window (report days: \(days.map(\.description).joined(separator: ", ")))"
        case .notBegun(let day): return "\(day) has not begun yet: its bulletin can be made from that day on"
        case .noReportDayYet(let first):
            return "no report day of the campaign window has begun yet" + (first.map { " (the first is \($0))" } ?? "")
        }
    }

    /// The message for the portal's pages and API.
    var chinese: String {
        switch self {
        case .notAReportDay(let day, let days):
            return "\(day) 不是交账日;本次活动的交账日为 " + days.map { ReportCalendar.monthDay($0) }.joined(separator: "、") + "。"
        case .notBegun(let day): return "\(ReportCalendar.monthDay(day))还没到,这一期的通报要到当天才能生成。"
        case .noReportDayYet(let first): return "还没有到第一个交账日" + (first.map { "(\(ReportCalendar.monthDay($0)))" } ?? "") + ",暂无通报。"
        }
    }
}

/// Makes bulletins: checks the day asked, takes the district as it stood at the end of that day
/// and of the report day before from ``DistrictState``, and each town's first report dated that
/// day from the store, and writes the workbook off the event loop. What it made is kept in
/// ``cache`` until something new is received.
struct Bulletins: Sendable {
    let store: PortalStore
    let state: DistrictState
    let configuration: LedgerConfiguration
    let calendar: ReportCalendar
    let work: BlockingWork
    let cache = BulletinCache()

    /// The day asked when it has a bulletin (a report day of the window that has begun), else
    /// the latest such day; with its issue number.
    func checkedDay(_ asked: LedgerDate?, now: Double) throws -> (day: LedgerDate, issue: Int) {
        let district = configuration.district
        guard let day = asked ?? calendar.bulletinDays(at: now).last else {
            throw BulletinError.noReportDayYet(first: district.reportDays.first)
        }
        guard let issue = district.reportDayNumber(of: day) else {
            throw BulletinError.notAReportDay(day, reportDays: district.reportDays)
        }
        guard calendar.clock.start(of: day) <= now else { throw BulletinError.notBegun(day) }
        return (day, issue)
    }

    /// The bulletin of `day` (the latest report day that has begun when nil), as things stand
    /// now, and the key it is kept under in ``cache``.
    func bulletin(day asked: LedgerDate?) async throws -> (bulletin: Bulletin, key: BulletinCache.Key) {
        let now = calendar.clock.now()
        let (day, issue) = try checkedDay(asked, now: now)
        let end = calendar.end(of: day)
        let key = BulletinCache.Key(day: day, newestSubmission: try store.newestSubmissionId(), issued: max(day, calendar.clock.day(of: now)),
                                    minute: now < end ? Int((now / 60).rounded(.down)) : nil)
        if let kept = await cache.bulletin(key) { return (kept, key) }
        let asOf = min(end, now)
        let atDay = try await state.snapshot(receivedBefore: asOf)
        let dayBefore = try await state.snapshot(receivedBefore: min(calendar.end(of: calendar.previousReportDay(before: day)), asOf))
        let firstReports = try store.firstReports(reportDate: day, receivedBefore: asOf)
        let bulletin = Bulletin.make(day: day, issue: issue, now: now, atDay: atDay, dayBefore: dayBefore, firstReports: firstReports,
                                     configuration: configuration, calendar: calendar)
        await cache.store(bulletin, for: key)
        return (bulletin, key)
    }

    /// Writes the bulletin's workbook to `path` (atomically), off the event loop.
    func write(_ bulletin: Bulletin, to path: String) async throws {
        try await work.run { try BulletinWorkbook(bulletin: bulletin).write(to: path) }
    }

    /// The bulletin's workbook as bytes, made in a temporary file of `folder` (kept in ``cache``).
    func workbook(_ bulletin: Bulletin, key: BulletinCache.Key, folder: DataFolder) async throws -> [UInt8] {
        if let kept = await cache.workbook(key) { return kept }
        let path = folder.temporaryPath() + ".xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await write(bulletin, to: path)
        guard let bytes = DataFolder.read(path) else { throw APIError.notFound }
        await cache.store(workbook: bytes, for: key)
        return bytes
    }

    /// The name the workbook is downloaded under: `工作进展通报第3期(2026-10-16).xlsx`.
    static func fileName(_ bulletin: Bulletin) -> String {
        "工作进展通报第\(bulletin.issue)期(\(bulletin.day)).xlsx"
    }
}

/// `taizhang bulletin`: the bulletin workbook of a report day, made from a portal's data folder
/// without the server (a server may be running on it).
public struct BulletinMaker: Sendable {
    /// What was written.
    public struct Written: Sendable {
        /// 第N期.
        public var issue: Int
        /// The report day.
        public var day: LedgerDate
        /// The bulletin's title.
        public var title: String
        /// The towns that did not report on time.
        public var notOnTime: [String]
    }

    private let bulletins: Bulletins

    /// Opens the portal's data folder at `dataPath` (refused when it holds no portal database),
    /// with the configuration `serve` runs with and the district's clock.
    public init(dataPath: String, configuration: LedgerConfiguration, clock: PortalClock = PortalClock()) throws {
        guard FileManager.default.fileExists(atPath: dataPath + "/portal.sqlite") else {
            throw PortalError.dataFolder(path: dataPath, reason: "no portal data here (portal.sqlite is missing)")
        }
        let folder = try DataFolder(path: dataPath, exclusive: false)
        let district = configuration.district
        bulletins = Bulletins(store: folder.store, state: DistrictState(store: folder.store, district: district),
                              configuration: configuration, calendar: ReportCalendar(district: district, clock: clock),
                              work: BlockingWork(width: 1, label: "taizhang.bulletin"))
    }

    /// Writes the bulletin of report day `day` (the latest report day that has begun when nil) to
    /// `path`, atomically.
    public func write(day: LedgerDate?, to path: String) async throws -> Written {
        let bulletin = try await bulletins.bulletin(day: day).bulletin
        try await bulletins.write(bulletin, to: path)
        return Written(issue: bulletin.issue, day: bulletin.day, title: bulletin.title, notOnTime: bulletin.notOnTime.map(\.town))
    }
}
