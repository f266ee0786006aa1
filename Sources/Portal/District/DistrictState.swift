import Evaluation
import Foundation
import Ledger
import TaizhangSupport

/// The district as its towns' current submissions make it, read from what each upload's intake
/// stored (no workbook is read again): each town's current submission, the district-wide
/// findings of each (`DistrictChecks`, as `evaluate` adds them) and each town's progress,
/// counted from the rows that count (`CountedRows`, as 区汇总's 进度 counts them).
///
/// A snapshot is made again only when the set of current submissions changes; its ``Snapshot/key``
/// (a digest of their ids) also names the build of the district's outputs made from them.
actor DistrictState {
    /// The district at one set of current submissions.
    struct Snapshot: Sendable {
        /// A digest of the current submissions' ids.
        var key: String
        /// Each town's current submission (without its own findings), by town.
        var current: [String: SubmissionRecord]
        /// The district-wide findings of each current submission that has any, by submission id.
        var districtFindings: [Int64: [Finding]]
        /// Each town's progress, by town (every town of the district; none counted for a town
        /// without a current submission).
        var progress: [String: CampaignProgress.Town]

        /// The district-wide findings of a submission (none unless it is current).
        func districtFindings(of id: Int64?) -> [Finding] {
            id.flatMap { districtFindings[$0] } ?? []
        }
    }

    private let store: PortalStore
    private let district: DistrictConfig
    private var latest: Snapshot?
    /// What each current submission stored, decoded once (by submission id).
    private var decoded: [Int64: Stored] = [:]

    private struct Stored {
        var values: [DistrictValue]
        var founding: SubmissionIntake.Founding?
    }

    init(store: PortalStore, district: DistrictConfig) {
        self.store = store
        self.district = district
    }

    /// The key of the current submissions as they are now.
    func currentKey() throws -> String {
        Self.key(of: try store.currentIds())
    }

    /// The district now.
    func snapshot() throws -> Snapshot {
        let key = try currentKey()
        if let latest, latest.key == key { return latest }
        let current = try store.currentSubmissions()
        var stored: [Int64: Stored] = [:]
        for record in current.values {
            guard let id = record.id else { continue }
            stored[id] = try decoded[id] ?? Self.decode(record)
        }
        decoded = stored
        let towns = district.towns.compactMap { town in current[town.name].flatMap { record in record.id.map { (town.name, $0) } } }
        let findings = DistrictChecks.findings(towns.map { ($0.0, stored[$0.1]?.values ?? []) })
        var districtFindings: [Int64: [Finding]] = [:]
        for (index, town) in towns.enumerated() where !findings[index].isEmpty { districtFindings[town.1] = findings[index] }
        let days = CampaignProgress.dates(of: district)
        var progress: [String: CampaignProgress.Town] = [:]
        for town in district.towns {
            guard let record = current[town.name], let id = record.id else {
                progress[town.name] = CampaignProgress.town(name: town.name, target: town.target, foundingDates: [], district: district,
                                                            dates: days)
                continue
            }
            let counted = CountedRows(findings: districtFindings[id] ?? [])
            let founding = stored[id]?.founding
            let dates = (founding?.rows ?? []).filter { counted.counts(row: $0.row, ofTable: founding?.sheetName ?? "") }.map(\.date)
            progress[town.name] = CampaignProgress.town(name: town.name, target: record.reportedTarget ?? town.target,
                                                        foundingDates: dates, district: district, dates: days)
        }
        let snapshot = Snapshot(key: key, current: current, districtFindings: districtFindings, progress: progress)
        latest = snapshot
        return snapshot
    }

    /// A digest of submission ids.
    static func key(of ids: [Int64]) -> String {
        String(FileDigest.sha256(text: ids.map(String.init).joined(separator: ",")).prefix(24))
    }

    private static func decode(_ record: SubmissionRecord) throws -> Stored {
        let decoder = JSONDecoder()
        return Stored(values: try decoder.decode([DistrictValue].self, from: Data(record.districtValues.utf8)),
                      founding: try record.founding.map { try decoder.decode(SubmissionIntake.Founding.self, from: Data($0.utf8)) })
    }
}
