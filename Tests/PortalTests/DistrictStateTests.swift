import Foundation
import HummingbirdTesting
import TestOracles
import Testing
import XLSX
@testable import Ledger
@testable import Portal

/// `DistrictState` changes its snapshot town by town as uploads arrive; a state made from
/// nothing over the same store must say the same: the current submissions, the district-wide
/// findings (a name shared by two towns, then no longer, then shared by three), the progress,
/// now and as the district stood at earlier moments.
@Suite("Portal: the district state kept across uploads")
struct DistrictStateTests {
    typealias F = PortalFixture

    /// What a snapshot says, in comparable form.
    static func summary(_ snapshot: DistrictState.Snapshot) -> [String] {
        snapshot.current.sorted { $0.key < $1.key }.map { town, record in
            let findings = snapshot.districtFindings(of: record.id).map { "\($0.cell?.description ?? "")|\($0.message.chinese)" }
            let progress = snapshot.progress[town]
            return "\(town) #\(record.id ?? 0) \(findings) founded \(progress?.founded ?? -1)/\(progress?.target ?? -1) "
                + "\(snapshot.foundingDates[town]?.map(\.description) ?? [])"
        } + [snapshot.key] + snapshot.progress.keys.sorted().map { "\($0): \(snapshot.progress[$0]?.founded ?? -1)" }
    }

    @Test(.needs(.builtTaizhang))
    func keptTownByTownItSaysWhatAStateMadeFromNothingSays() async throws {
        let fixture = try F()
        let towns = F.configuration.district.towns.map(\.name)
        var shared: WritableValue?
        _ = try fixture.ledger(town: 0) { shared = $0.tables["直属团组织"]?.rows[0]?["团组织名称"] }
        // Town, whether its first organisation takes 湖坊镇's first one's name, seed.
        let steps: [(Int, Bool, UInt64)] = [(0, false, 7), (1, true, 7), (2, false, 7), (1, false, 8), (3, true, 7), (4, true, 7),
                                            (0, false, 9), (2, true, 8)]
        let ledgers = try steps.map { index, sharing, seed in
            try fixture.ledger(town: index, seed: seed) { content in
                if sharing, let shared { content.tables["直属团组织"]?.rows[0]?["团组织名称"] = shared }
            }
        }
        let state = fixture.portal.services.state
        let start = fixture.clock.now
        let moments = steps.indices.map { start + Double(60 * ($0 + 1)) + 1 }
        try await fixture.portal.application().test(.router) { client in
            for (number, (index, _, _)) in steps.enumerated() {
                fixture.clock.now = start + Double(60 * (number + 1))
                let upload = try await F.upload(client, token: fixture.townTokens[towns[index]]!, bytes: ledgers[number],
                                                fileName: "\(towns[index])台账.xlsx")
                #expect(upload.status == .created, "step \(number)")
                let kept = try await state.snapshot()
                let fresh = try await DistrictState(store: fixture.portal.folder.store, district: F.configuration.district).snapshot()
                #expect(Self.summary(kept) == Self.summary(fresh), "step \(number)")
            }
        }
        let sharedFindings = try await state.snapshot().districtFindings.values.flatMap { $0 }
        #expect(sharedFindings.count >= 3, "罗家镇 no longer shares, 塘山镇, 京东镇 and 扬子洲镇 do")
        for (number, moment) in moments.enumerated().reversed() {
            let kept = try await state.snapshot(receivedBefore: moment)
            let fresh = try await DistrictState(store: fixture.portal.folder.store, district: F.configuration.district)
                .snapshot(receivedBefore: moment)
            #expect(Self.summary(kept) == Self.summary(fresh), "as of step \(number)")
        }
    }
}
