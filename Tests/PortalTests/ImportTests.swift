import Foundation
import GRDB
import Ledger
@testable import Portal
import Testing

/// `taizhang import`: files recorded as the district's uploads at the time given, through the
/// same intake as the web upload.
@Suite struct ImportTests {
    @Test func filesAreRecordedAtTheirReceiptTimeAsTheDistrictsUploads() async throws {
        let fixture = try PortalFixture()
        let folder = temporaryFolder()
        let ledger = folder + "/湖坊镇台账.xlsx"
        try Data(try fixture.ledger(town: 0)).write(to: URL(fileURLWithPath: ledger))
        let broken = folder + "/broken.xlsx"
        try Data("not a workbook".utf8).write(to: URL(fileURLWithPath: broken))
        let importer = try SubmissionImport(options: fixture.options)
        let received = PortalClock.secondsSince1970(year: 2026, month: 10, day: 9, hour: 17, minute: 30)

        let recorded = try await importer.record(path: ledger, receivedAt: received, town: nil)
        #expect(recorded.town == "湖坊镇")
        #expect(recorded.status == "accepted")
        #expect(recorded.received == "2026-10-09T17:30:00+08:00")
        let unreadable = try await importer.record(path: broken, receivedAt: nil, town: "罗家镇")
        #expect(unreadable.town == "罗家镇" && unreadable.status == "unreadable")

        let rows = try fixture.portal.folder.store.history(town: nil)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.uploader == "district" })
        #expect(rows.first { $0.id == recorded.id }?.receivedAt == received)
        await #expect(throws: SubmissionImport.ImportError.self) {
            try await importer.record(path: ledger, receivedAt: nil, town: "不存在镇")
        }
        await #expect(throws: SubmissionImport.ImportError.self) {
            try await importer.record(path: folder + "/missing.xlsx", receivedAt: nil, town: nil)
        }
    }
}
