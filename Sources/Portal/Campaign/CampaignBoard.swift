import Ledger

/// The district's view of the campaign: each town's current submission, who reported since the
/// last report day began, who is missing, and the progress — from `DistrictState` and the
/// store's counts of uploads.
struct CampaignBoard: Sendable {
    /// One town's line of the status board.
    struct TownStatus: Sendable {
        var town: String
        var submissions: Int
        /// Its current submission as answered (district-wide findings counted).
        var current: PortalSubmission?
        var lastUpload: Double?
        var founded: Int
        var target: Int
        var reportedThisWeek: Bool
    }

    let store: PortalStore
    let district: DistrictConfig
    let clock: PortalClock

    /// The status board's lines, in the district's town order, as of now.
    func statuses(_ snapshot: DistrictState.Snapshot) throws -> (asOf: Double, lastReportDay: LedgerDate, towns: [TownStatus]) {
        let now = clock.now()
        let reportDay = clock.lastReportDay(weekday: district.reportWeekday, at: now)
        let since = clock.start(of: reportDay)
        let uploads = try store.uploadCounts()
        let towns = try district.towns.map { town -> TownStatus in
            let current = try snapshot.current[town.name].map { try PortalSubmission($0, in: snapshot, findings: false, order: { $0 }) }
            let progress = snapshot.progress[town.name]
            let upload = uploads[town.name]
            return TownStatus(town: town.name, submissions: upload?.count ?? 0, current: current, lastUpload: upload?.last,
                              founded: progress?.founded ?? 0, target: progress?.target ?? town.target,
                              reportedThisWeek: (upload?.last ?? -Double.infinity) >= since)
        }
        return (now, reportDay, towns)
    }

    /// The progress of the given towns (all when nil), in the order given.
    func progress(_ snapshot: DistrictState.Snapshot, towns selected: [String]? = nil) -> [CampaignProgress.Town] {
        (selected ?? district.towns.map(\.name)).compactMap { snapshot.progress[$0] }
    }
}
