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
/// A snapshot is made from the latest one by changing only the towns whose current submission
/// differs: their values go into the district's `DistrictValueIndex`, and the findings and
/// progress of the towns that this touches (those towns and the towns sharing a value with them)
/// are made again; the others are kept. So one upload costs the work of its own rows, not of the
/// whole district's. A snapshot is made again only when something was received since the latest
/// (submissions are only ever added: the newest id tells); its ``Snapshot/key`` (a digest of the
/// current submissions' ids) also names the build of the district's outputs made from them.
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
    private let days: [LedgerDate]
    /// The district now, the newest submission id when it was made, and the id of each town's
    /// current submission.
    private var latest: (snapshot: Snapshot, newestSubmission: Int64, ids: [String: Int64])?
    /// The district's towns by name.
    private let towns: [String: DistrictConfig.Town]
    /// The values of the latest snapshot's current submissions, by value (what the next
    /// snapshot changes; changed in place).
    private var index: DistrictValueIndex
    /// Snapshots of past moments, most recently used last.
    private var past: [Snapshot] = []
    /// The founding rows the kept snapshots' submissions stored, decoded once (by submission id).
    private var foundings: [Int64: SubmissionIntake.Founding?] = [:]

    init(store: PortalStore, district: DistrictConfig) {
        self.store = store
        self.district = district
        days = CampaignProgress.dates(of: district)
        towns = Dictionary(district.towns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        index = Self.emptyIndex(of: district)
    }

    /// The district now.
    func snapshot() throws -> Snapshot {
        let newest = try store.newestSubmissionId()
        guard let latest else {
            let ids = try store.currentIdsByTown()
            return try makeLatest(ids: ids, changed: ids, newest: newest, from: nil)
        }
        if latest.newestSubmission == newest { return latest.snapshot }
        // A town's current submission only ever becomes one received later (submissions are
        // only added, in id order), so what changed is what became current after the last look.
        let changed = try store.currentIdsByTown(after: latest.newestSubmission).filter { latest.ids[$0.key] != $0.value }
        if changed.isEmpty {
            self.latest?.newestSubmission = newest
            return latest.snapshot
        }
        return try makeLatest(ids: latest.ids.merging(changed) { $1 }, changed: changed, newest: newest, from: latest.snapshot)
    }

    /// Makes the district now from `base`, the towns `changed` having a new current submission.
    private func makeLatest(ids: [String: Int64], changed: [String: Int64], newest: Int64, from base: Snapshot?) throws -> Snapshot {
        do {
            let records = try store.records(ids: Array(changed.values))
            var current = base?.current ?? [:]
            for (town, id) in changed { current[town] = records[id] }
            let snapshot = try make(key: Self.key(of: ids.values.sorted()), current: current, changed: Array(changed.keys), from: base,
                                    index: &index)
            latest = (snapshot, newest, ids)
            // The founding rows of the submissions no longer current, unless a past snapshot counts them.
            for town in changed.keys {
                if let old = base?.current[town]?.id, !past.contains(where: { $0.current[town]?.id == old }) { foundings[old] = nil }
            }
            return snapshot
        } catch {
            // The index may be half changed: the next snapshot is made from nothing.
            latest = nil
            index = Self.emptyIndex(of: district)
            throw error
        }
    }

    /// The district as it stood just before `moment` (seconds since 1970): only the submissions
    /// received before then count.
    func snapshot(receivedBefore moment: Double) throws -> Snapshot {
        let current = try store.currentSubmissions(receivedBefore: moment)
        let key = Self.key(of: current.values.compactMap(\.id).sorted())
        if let latest, latest.snapshot.key == key { return latest.snapshot }
        if let index = past.firstIndex(where: { $0.key == key }) {
            let snapshot = past.remove(at: index)
            past.append(snapshot)
            return snapshot
        }
        // From the district now when most towns' current submissions are the same as then (a copy
        // of its index, changed), else from nothing (a copy would only be emptied again).
        var base = latest?.snapshot
        var changed = Set(current.keys)
        if let latest = base {
            changed.formUnion(latest.current.keys)
            changed = changed.filter { latest.current[$0]?.id != current[$0]?.id }
            if changed.count > latest.current.count / 2 {
                base = nil
                changed = Set(current.keys)
            }
        }
        var pastIndex = base == nil ? Self.emptyIndex(of: district) : index
        let snapshot = try make(key: key, current: current, changed: Array(changed), from: base, index: &pastIndex)
        past.append(snapshot)
        if past.count > Self.pastSnapshotsKept { past.removeFirst(past.count - Self.pastSnapshotsKept) }
        pruneFoundings()
        return snapshot
    }

    /// The snapshot of a set of current submissions, made from `base` (from nothing when nil),
    /// the towns `changed` having another current submission (or none) than in `base`: the
    /// district-wide findings and the progress of the towns this touches are made again.
    private func make(key: String, current: [String: SubmissionRecord], changed: [String], from base: Snapshot?,
                      index: inout DistrictValueIndex) throws -> Snapshot {
        var snapshot = base ?? empty()
        let changed = changed.filter { towns[$0] != nil }
        let stored = try decode(changed.compactMap { current[$0]?.id })
        var touched = Set<String>()
        for town in changed {
            if let old = snapshot.current[town]?.id { snapshot.districtFindings[old] = nil }
            touched.formUnion(index.set(current[town]?.id.flatMap { stored[$0] } ?? [], of: town))
        }
        try decodeFoundings(touched.compactMap { current[$0]?.id })
        for town in touched.compactMap({ towns[$0] }) {
            guard let record = current[town.name], let id = record.id else {
                snapshot.progress[town.name] = CampaignProgress.town(name: town.name, target: town.target, foundingDates: [],
                                                                     district: district, dates: days)
                snapshot.foundingDates[town.name] = nil
                continue
            }
            let findings = index.findings(of: town.name)
            snapshot.districtFindings[id] = findings.isEmpty ? nil : findings
            let counted = CountedRows(findings: findings)
            let founding = foundings[id] ?? nil
            let dates = (founding?.rows ?? []).filter { counted.counts(row: $0.row, ofTable: founding?.sheetName ?? "") }.map(\.date)
            snapshot.foundingDates[town.name] = dates
            snapshot.progress[town.name] = CampaignProgress.town(name: town.name, target: record.reportedTarget ?? town.target,
                                                                 foundingDates: dates, district: district, dates: days)
        }
        snapshot.current = current
        snapshot.key = key
        return snapshot
    }

    /// An index of the district's towns holding no values.
    private static func emptyIndex(of district: DistrictConfig) -> DistrictValueIndex {
        DistrictValueIndex(towns: district.towns.map(\.name))
    }

    /// The district before anything was received: no current submission, nothing counted.
    private func empty() -> Snapshot {
        var progress: [String: CampaignProgress.Town] = [:]
        for town in district.towns {
            progress[town.name] = CampaignProgress.town(name: town.name, target: town.target, foundingDates: [], district: district, dates: days)
        }
        return Snapshot(key: Self.key(of: []), current: [:], districtFindings: [:], progress: progress, foundingDates: [:])
    }

    /// Keeps the founding rows of the kept snapshots' submissions only (all of them read: for
    /// a snapshot of the past, which may replace another).
    private func pruneFoundings() {
        var used = Set<Int64>()
        for snapshot in past + (latest.map { [$0.snapshot] } ?? []) { used.formUnion(snapshot.current.values.compactMap(\.id)) }
        foundings = foundings.filter { used.contains($0.key) }
    }

    /// A digest of submission ids.
    static func key(of ids: [Int64]) -> String {
        String(FileDigest.sha256(text: ids.map(String.init).joined(separator: ",")).prefix(24))
    }

    /// The district values the submissions `ids` stored, decoded, by id; their founding rows are
    /// decoded and kept too.
    private func decode(_ ids: [Int64]) throws -> [Int64: [DistrictValue]] {
        var values: [Int64: [DistrictValue]] = [:]
        for (id, stored) in try store.storedValues(ids: ids) {
            values[id] = try StoredLines.values(from: stored.districtValues)
            if foundings[id] == nil { foundings[id] = .some(try stored.founding.map(StoredLines.founding(from:))) }
        }
        return values
    }

    /// Decodes and keeps the founding rows the submissions `ids` stored, those not kept yet.
    private func decodeFoundings(_ ids: [Int64]) throws {
        for (id, stored) in try store.storedValues(ids: ids.filter { foundings[$0] == nil }) {
            foundings[id] = .some(try stored.founding.map(StoredLines.founding(from:)))
        }
    }
}
