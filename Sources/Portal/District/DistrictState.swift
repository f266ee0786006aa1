import Evaluation
import Foundation
import Ledger
import TaizhangSupport

/// The district as its towns' current submissions make it, read from what each upload's intake
/// stored (no workbook is read again): each town's current submission, the district-wide
/// findings of each (`DistrictChecks`, as `evaluate` adds them) and each town's progress,
/// counted from the rows that count (`CountedRows`, as 区汇总's 进度 counts them).
///
/// The same computation gives the district now (``snapshot()``) and as it stood at any moment
/// (``snapshot(receivedBefore:)``): then each town's current submission is the one
/// `SubmissionOrder` picks among its submissions received before that moment, and the checks
/// and counts run over those — which is how a bulletin of a past report day is made again, with
/// the same numbers, whatever arrived since.
///
/// A snapshot is made again only when its set of current submissions changes; its
/// ``Snapshot/key`` (a digest of their ids) also names the build of the district's outputs made
/// from them.
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
        /// The founding dates of each town's rows that count, by town (what ``progress`` counts;
        /// for counting by other days with `CampaignProgress`).
        var foundingDates: [String: [LedgerDate]]

        /// The district-wide findings of a submission (none unless it is current).
        func districtFindings(of id: Int64?) -> [Finding] {
            id.flatMap { districtFindings[$0] } ?? []
        }
    }

    /// How many snapshots of past moments are kept (a bulletin needs two: its day and the one before).
    static let pastSnapshotsKept = 4

    private let store: PortalStore
    private let district: DistrictConfig
    private var latest: Snapshot?
    /// Snapshots of past moments, most recently used last.
    private var past: [Snapshot] = []
    /// What the submissions of the kept snapshots stored, decoded once (by submission id).
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
        let snapshot = try make(key: key, current: try store.currentSubmissions())
        latest = snapshot
        pruneDecoded()
        return snapshot
    }

    /// The district as it stood just before `moment` (seconds since 1970): only the submissions
    /// received before then count.
    func snapshot(receivedBefore moment: Double) throws -> Snapshot {
        let current = try store.currentSubmissions(receivedBefore: moment)
        let key = Self.key(of: current.values.compactMap(\.id).sorted())
        if let latest, latest.key == key { return latest }
        if let index = past.firstIndex(where: { $0.key == key }) {
            let snapshot = past.remove(at: index)
            past.append(snapshot)
            return snapshot
        }
        let snapshot = try make(key: key, current: current)
        past.append(snapshot)
        if past.count > Self.pastSnapshotsKept { past.removeFirst(past.count - Self.pastSnapshotsKept) }
        pruneDecoded()
        return snapshot
    }

    /// The snapshot of a set of current submissions: their district-wide findings and each town's progress.
    private func make(key: String, current: [String: SubmissionRecord]) throws -> Snapshot {
        let missing = current.values.compactMap(\.id).filter { decoded[$0] == nil }
        for (id, stored) in try store.storedValues(ids: missing) {
            decoded[id] = try Self.decode(districtValues: stored.districtValues, founding: stored.founding)
        }
        let towns = district.towns.compactMap { town in current[town.name].flatMap { record in record.id.map { (town.name, $0) } } }
        let findings = DistrictChecks.findings(towns.map { ($0.0, decoded[$0.1]?.values ?? []) })
        var districtFindings: [Int64: [Finding]] = [:]
        for (index, town) in towns.enumerated() where !findings[index].isEmpty { districtFindings[town.1] = findings[index] }
        let days = CampaignProgress.dates(of: district)
        var progress: [String: CampaignProgress.Town] = [:]
        var foundingDates: [String: [LedgerDate]] = [:]
        for town in district.towns {
            guard let record = current[town.name], let id = record.id else {
                progress[town.name] = CampaignProgress.town(name: town.name, target: town.target, foundingDates: [], district: district,
                                                            dates: days)
                continue
            }
            let counted = CountedRows(findings: districtFindings[id] ?? [])
            let founding = decoded[id]?.founding
            let dates = (founding?.rows ?? []).filter { counted.counts(row: $0.row, ofTable: founding?.sheetName ?? "") }.map(\.date)
            foundingDates[town.name] = dates
            progress[town.name] = CampaignProgress.town(name: town.name, target: record.reportedTarget ?? town.target,
                                                        foundingDates: dates, district: district, dates: days)
        }
        return Snapshot(key: key, current: current, districtFindings: districtFindings, progress: progress, foundingDates: foundingDates)
    }

    /// Keeps decoded only what the kept snapshots use.
    private func pruneDecoded() {
        var used = Set<Int64>()
        for snapshot in past + (latest.map { [$0] } ?? []) { used.formUnion(snapshot.current.values.compactMap(\.id)) }
        decoded = decoded.filter { used.contains($0.key) }
    }

    /// A digest of submission ids.
    static func key(of ids: [Int64]) -> String {
        String(FileDigest.sha256(text: ids.map(String.init).joined(separator: ",")).prefix(24))
    }

    private static func decode(districtValues: String, founding: String?) throws -> Stored {
        let decoder = JSONDecoder()
        return Stored(values: try decoder.decode([DistrictValue].self, from: Data(districtValues.utf8)),
                      founding: try founding.map { try decoder.decode(SubmissionIntake.Founding.self, from: Data($0.utf8)) })
    }
}
