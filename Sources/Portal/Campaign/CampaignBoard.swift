import Ledger

/// The district's view of the campaign: each town's current submission, who reported since the
/// last report day began, who is missing, and the progress — from `DistrictState` and the
/// store's counts of uploads.
struct CampaignBoard: Sendable {
    /// What needs the district's attention about a town, most urgent first: the order of the board.
    enum Problem: String, CaseIterable, Sendable {
        /// No readable submission at all.
        case missing
        /// Its current submission has errors.
        case rejected
        /// No upload since the current report day began.
        case unreported

        /// The board's words for it.
        var label: String {
            switch self {
            case .missing: return "尚无有效报送"
            case .rejected: return "当前报送需修改"
            case .unreported: return "本期未交账"
            }
        }
    }

    /// One town's line of the status board.
    struct TownStatus: Sendable {
        var town: String
        /// Its liaison leaders (联系领导).
        var leaders: [String]
        var submissions: Int
        /// Its current submission as answered (district-wide findings counted).
        var current: PortalSubmission?
        var lastUpload: Double?
        var founded: Int
        var target: Int
        var reportedThisWeek: Bool

        /// Its problems, most urgent first (empty when all is well).
        var problems: [Problem] {
            var problems: [Problem] = []
            if current == nil { problems.append(.missing) }
            if current?.status == .rejected { problems.append(.rejected) }
            if !reportedThisWeek { problems.append(.unreported) }
            return problems
        }
    }

    let store: PortalStore
    let district: DistrictConfig
    let clock: PortalClock

    /// The status board's lines of the towns given (all when nil), in the district's town order,
    /// as of now.
    func statuses(_ snapshot: DistrictState.Snapshot, towns selected: [String]? = nil)
        throws -> (asOf: Double, lastReportDay: LedgerDate, towns: [TownStatus]) {
        let now = clock.now()
        let reportDay = clock.lastReportDay(weekday: district.reportWeekday, at: now)
        let since = clock.start(of: reportDay)
        let uploads = try store.uploadCounts()
        let leaders = district.liaisonLeaders
        let chosen = selected.map(Set.init)
        let towns = try district.towns.filter { chosen?.contains($0.name) ?? true }.map { town -> TownStatus in
            let current = try snapshot.current[town.name].map { try PortalSubmission($0, in: snapshot, findings: false, order: { $0 }) }
            let progress = snapshot.progress[town.name]
            let upload = uploads[town.name]
            return TownStatus(town: town.name, leaders: leaders[town.name] ?? [], submissions: upload?.count ?? 0, current: current,
                              lastUpload: upload?.last, founded: progress?.founded ?? 0, target: progress?.target ?? town.target,
                              reportedThisWeek: (upload?.last ?? -Double.infinity) >= since)
        }
        return (now, reportDay, towns)
    }

    /// The progress of the given towns (all when nil), in the order given.
    func progress(_ snapshot: DistrictState.Snapshot, towns selected: [String]? = nil) -> [CampaignProgress.Town] {
        (selected ?? district.towns.map(\.name)).compactMap { snapshot.progress[$0] }
    }
}
