import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Ledger
@testable import Portal

/// `portal.md`, "Limits that keep one town from hurting the others": the hourly limit, the quota,
/// the same bytes again, and a worker process that dies.
@Suite("Portal: one town cannot hurt the others")
struct LimitsTests {
    typealias F = PortalFixture

    @Test func uploadsPastTheHourlyLimitAre429WithRetryAfterForThatTownOnly() async throws {
        let fixture = try F(options: { $0.uploadsPerHour = 3 })
        let ledgers = try (0..<5).map { try fixture.ledger(town: 0, seed: UInt64(20 + $0)) }
        let other = try fixture.ledger(town: 1)
        let token = fixture.townTokens["湖坊镇"]!
        try await fixture.portal.application().test(.router) { client in
            for index in 0..<2 {
                fixture.clock.now = F.fridayEvening + Double(index * 60)
                #expect(try await F.upload(client, token: token, bytes: ledgers[index], fileName: "\(index).xlsx").status == .created)
            }
            // The district's upload for the town counts for the town.
            #expect(try await F.upload(client, token: fixture.districtToken, bytes: ledgers[2], fileName: "2.xlsx").status == .created)
            fixture.clock.now = F.fridayEvening + 600
            let (body, contentType) = F.multipart(ledgers[3], fileName: "3.xlsx")
            var headers = F.bearer(token)
            headers[.contentType] = contentType
            let refused = try await client.execute(uri: "/api/submissions", method: .post, headers: headers, body: body)
            #expect(refused.status == .tooManyRequests)
            #expect((F.json(refused.body)["error"] as? [String: Any])?["code"] as? String == "rate-limited")
            // The first upload leaves the hour 3,000 s from now.
            #expect(refused.headers[.retryAfter] == "3000")
            #expect(try fixture.portal.folder.store.history(town: "湖坊镇").count == 3)
            #expect(try await F.upload(client, token: fixture.townTokens["罗家镇"]!, bytes: other, fileName: "o.xlsx").status == .created)
            fixture.clock.now = F.fridayEvening + 3601
            #expect(try await F.upload(client, token: token, bytes: ledgers[3], fileName: "3.xlsx").status == .created)
        }
    }

    @Test func uploadsPastTheQuotaAre507AndNothingIsKept() async throws {
        let ledgers = try { () throws -> [[UInt8]] in
            let maker = try F()
            return try (0..<3).map { try maker.ledger(town: 0, seed: UInt64(40 + $0)) }
        }()
        let quota = Int64(ledgers[0].count + ledgers[1].count + ledgers[2].count / 2)
        let fixture = try F(options: { $0.quotaBytes = quota })
        let token = fixture.townTokens["湖坊镇"]!
        try await fixture.portal.application().test(.router) { client in
            #expect(try await F.upload(client, token: token, bytes: ledgers[0], fileName: "0.xlsx").status == .created)
            #expect(try await F.upload(client, token: token, bytes: ledgers[1], fileName: "1.xlsx").status == .created)
            let (status, json) = try await F.upload(client, token: token, bytes: ledgers[2], fileName: "2.xlsx")
            #expect(status.code == 507)
            let error = json["error"] as? [String: Any]
            #expect(error?["code"] as? String == "quota-exceeded")
            #expect((error?["message"] as? String)?.contains("团区委") == true)
            #expect(try fixture.portal.folder.store.history(town: "湖坊镇").count == 2)
            #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.portal.folder.path + "/files").count == 2)
            // A file the town already stores takes no more room.
            #expect(try await F.upload(client, token: token, bytes: ledgers[0], fileName: "0 again.xlsx").status == .created)
        }
    }

    @Test func theSameBytesAsTheLatestUploadAreAnswered200WithIt() async throws {
        let fixture = try F()
        let ledger = try fixture.ledger(town: 0)
        let token = fixture.townTokens["湖坊镇"]!
        try await fixture.portal.application().test(.router) { client in
            let (first, json) = try await F.upload(client, token: token, bytes: ledger, fileName: "a.xlsx")
            #expect(first == .created)
            let (again, same) = try await F.upload(client, token: token, bytes: ledger, fileName: "b.xlsx")
            #expect(again == .ok)
            #expect(same["id"] as? Int == json["id"] as? Int && same["file_name"] as? String == "a.xlsx")
            #expect(try fixture.portal.folder.store.history(town: "湖坊镇").count == 1)
        }
    }

    @Test func aWorkerThatDiesMakesTheUploadUnreadableAndTheServerServesOn() async throws {
        let fixture = try F()
        let ledger = try fixture.ledger(town: 0)
        let token = fixture.townTokens["湖坊镇"]!
        try await fixture.portal.application().test(.router) { client in
            // A first upload starts the workers; they stay up, idle, between jobs.
            #expect(try await F.upload(client, token: token, bytes: try fixture.ledger(town: 0, seed: 99), fileName: "w.xlsx").status
                    == .created)
            let workers = fixture.portal.services.intake.idleWorkerProcessIds
            #expect(!workers.isEmpty)
            for pid in workers { kill(pid, SIGKILL) }
            let (status, json) = try await F.upload(client, token: token, bytes: ledger, fileName: "x.xlsx")
            #expect(status == .created)
            #expect(json["status"] as? String == "unreadable")
            let findings = json["findings"] as? [[String: Any]] ?? []
            #expect(findings.count == 1 && findings.first?["code"] as? String == "internal-error")
            #expect((findings.first?["message"] as? String)?.contains("请求编号") == true)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            // The same file again is read afresh (not answered with the failed one).
            let (retry, fresh) = try await F.upload(client, token: token, bytes: ledger, fileName: "x.xlsx")
            #expect(retry == .created)
            #expect(fresh["status"] as? String == "accepted" && fresh["id"] as? Int != json["id"] as? Int)
        }
    }
}
