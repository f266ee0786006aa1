import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestOracles
@testable import Ledger
@testable import Portal

/// The liaison leaders (对口联系, `liaison:` of district.yaml): a link each from `access`, a
/// read-only view of the towns they follow (board, progress, ranking, submissions, findings) and
/// every bulletin; another town's things answer 404, changes 403 `read-only`.
@Suite struct LiaisonTests {
    typealias F = PortalFixture

    @Test func aLeaderReadsTheirTownsAndChangesNothing() async throws {
        let fixture = try F()
        let leader = fixture.liaisonTokens["书记"]!
        try await fixture.portal.application().test(.router) { client in
            let own = try await F.upload(client, token: fixture.districtToken, bytes: try fixture.ledger(town: 0), fileName: "湖坊镇台账.xlsx")
            let other = try await F.upload(client, token: fixture.districtToken, bytes: try fixture.ledger(town: 2), fileName: "塘山镇台账.xlsx")
            let ownId = try #require(own.json["id"] as? Int), otherId = try #require(other.json["id"] as? Int)

            let status = F.json(try await F.get(client, "/api/status", token: leader).body)
            let lines = status["towns"] as? [[String: Any]] ?? []
            #expect(lines.compactMap { $0["town"] as? String } == ["湖坊镇", "罗家镇"])
            #expect(lines.allSatisfy { $0["liaison"] as? [String] == ["书记"] })
            #expect(status["missing"] as? [String] == ["罗家镇"])
            let deputy = F.json(try await F.get(client, "/api/status?liaison=%E5%89%AF%E4%B9%A6%E8%AE%B0", token: fixture.districtToken).body)
            #expect((deputy["towns"] as? [[String: Any]])?.compactMap { $0["town"] as? String } == ["塘山镇", "京东镇", "扬子洲镇"])
            #expect(try await F.get(client, "/api/status?liaison=x", token: fixture.districtToken).status == .notFound)

            let listed = F.json(try await F.get(client, "/api/submissions", token: leader).body)["submissions"] as? [[String: Any]] ?? []
            #expect(listed.compactMap { $0["id"] as? Int } == [ownId])
            #expect(try await F.get(client, "/api/submissions?town=%E5%A1%98%E5%B1%B1%E9%95%87", token: leader).status == .notFound)
            for path in ["", "/file", "/annotated"] {
                #expect(try await F.get(client, "/api/submissions/\(otherId)\(path)", token: leader).status == .notFound, "\(path)")
            }
            let shown = try await F.get(client, "/api/submissions/\(ownId)", token: leader)
            #expect(shown.status == .ok && F.json(shown.body)["findings"] != nil)
            #expect(try await F.get(client, "/api/submissions/\(ownId)/file", token: leader).status == .ok)
            let progress = F.json(try await F.get(client, "/api/progress", token: leader).body)
            #expect((progress["towns"] as? [[String: Any]])?.compactMap { $0["town"] as? String } == ["湖坊镇", "罗家镇"])
            #expect(try await F.get(client, "/api/progress?town=%E5%A1%98%E5%B1%B1%E9%95%87", token: leader).status == .notFound)
            for path in ["/api/template", "/api/district/ledger.xlsx", "/api/district/awards.xlsx", "/api/district/scores.json",
                         "/api/district/findings.json", "/api/district/reminder"] {
                #expect(try await F.get(client, path, token: leader).status == .notFound, "\(path)")
            }
            #expect(try await F.get(client, "/api/district/bulletin.xlsx?date=2026-10-16", token: leader).status == .ok)

            // Changes: 403 read-only, nothing stored.
            let before = try fixture.portal.folder.store.history(town: nil).count
            let refused = try await F.upload(client, token: leader, bytes: try fixture.ledger(town: 0), fileName: "湖坊镇台账.xlsx")
            #expect(refused.status == .forbidden && (refused.json["error"] as? [String: Any])?["code"] as? String == "read-only")
            let cookie = try await PageTests.signIn(client, token: leader)
            try await PageTests.postForm(client, cookie: cookie, file: try fixture.ledger(town: 0), name: "a.xlsx") { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("只能查看"))
            }
            try await client.execute(uri: "/access/reset", method: .post,
                                     headers: PageTests.merged(cookie, PageTests.origin, [.contentType: "application/x-www-form-urlencoded"]),
                                     body: ByteBuffer(string: "town=%E6%B9%96%E5%9D%8A%E9%95%87")) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try fixture.portal.folder.store.history(town: nil).count == before)

            // The page: their towns, read-only; another town's submission is not there.
            try await client.execute(uri: "/", method: .get, headers: cookie) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("书记 · 联系镇工作台"))
                #expect(RhythmTests.boardTowns(page) == ["罗家镇", "湖坊镇"], "\(RhythmTests.boardTowns(page))")
                #expect(!page.contains("action=\"/upload\"") && !page.contains("/access/reset") && !page.contains("/api/district/ledger.xlsx"))
                #expect(!page.contains("id=\"reminder\"") && page.contains("/bulletin/2026-10-16"))
            }
            try await client.execute(uri: "/submissions/\(otherId)", method: .get, headers: cookie) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/submissions/\(ownId)", method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/bulletin/2026-10-16", method: .get, headers: cookie) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("工作进展通报(第3期)"))
            }
            try await client.execute(uri: "/bulletin", method: .get, headers: cookie) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/bulletin/2026-10-16")
            }
            let town = try await PageTests.signIn(client, token: fixture.townTokens["湖坊镇"]!)
            try await client.execute(uri: "/bulletin/2026-10-16", method: .get, headers: town) { response in
                #expect(response.status == .notFound)
            }

            // The district renews a leader's link from its page: the old one ends.
            let district = try await PageTests.signIn(client, token: fixture.districtToken)
            let link = try await client.execute(uri: "/access/reset", method: .post,
                                                headers: PageTests.merged(district, PageTests.origin, [.contentType: "application/x-www-form-urlencoded"]),
                                                body: ByteBuffer(string: "liaison=%E4%B9%A6%E8%AE%B0")) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                return String(page[try #require(page.range(of: "/login\\?token=[A-Za-z0-9_-]+", options: .regularExpression))])
            }
            #expect(try await F.get(client, "/api/status", token: leader).status == .unauthorized)
            try await client.execute(uri: link, method: .get) { response in #expect(response.status == .seeOther) }
        }
    }

    @Test func accessMakesOneLinkPerLeader() throws {
        let folder = try DataFolder(path: temporaryFolder(), exclusive: false)
        let district = PortalFixture.configuration.district
        let links = AccessLinks(folder: folder, district: district)
        let first = try links.issue()
        #expect(first.liaisons.map(\.leader) == ["书记", "副书记"] && first.liaisons.allSatisfy { $0.token != nil })
        #expect(try links.role(ofToken: first.liaisons[0].token!)?.role
                == .liaison(LiaisonLeader(name: "书记", towns: ["湖坊镇", "罗家镇"])))
        #expect(try links.issue().liaisons.allSatisfy { $0.token == nil })
        let renewed = try links.issue(liaisons: ["副书记"], reset: true)
        #expect(renewed.district == nil && renewed.towns.isEmpty && renewed.liaisons.map(\.leader) == ["副书记"])
        #expect(try links.role(ofToken: first.liaisons[1].token!) == nil)
        #expect(try links.role(ofToken: renewed.liaisons[0].token!)?.role.followedTowns == ["塘山镇", "京东镇", "扬子洲镇"])
        #expect(try links.role(ofToken: first.liaisons[0].token!) != nil, "another leader's link is untouched")
        #expect(throws: PortalError.unknownLiaison("部长")) { try links.issue(liaisons: ["部长"]) }
        // A leader taken out of liaison: signs in no more.
        var smaller = district
        smaller.liaison = [("书记", ["湖坊镇", "罗家镇"])]
        #expect(try AccessLinks(folder: folder, district: smaller).role(ofToken: renewed.liaisons[0].token!) == nil)
    }

    @Test(.needs(.builtTaizhang))
    func theAccessCommandPrintsTheLeadersLinks() throws {
        let data = temporaryFolder() + "/data"
        let first = try JSONSerialization.jsonObject(with: Data(try Programs.taizhang(["access", "--data", data, "--format", "json"]).output.utf8))
            as? [String: Any] ?? [:]
        let leaders = first["liaisons"] as? [String: Any] ?? [:]
        #expect(Set(leaders.keys) == ["书记", "副书记"] && leaders.values.allSatisfy { $0 is String })
        let again = try JSONSerialization.jsonObject(with: Data(try Programs.taizhang(["access", "--data", data, "--format", "json"]).output.utf8))
            as? [String: Any] ?? [:]
        #expect((again["liaisons"] as? [String: Any])?.values.allSatisfy { $0 is NSNull } == true)
        let reset = try Programs.taizhang(["access", "--data", data, "--liaison", "书记", "--reset"]).output
        #expect(reset.contains("书记(对口联系:湖坊镇、罗家镇)\thttp://127.0.0.1:8080/login?token="), "\(reset)")
        #expect(!reset.contains("副书记") && !reset.contains("塘山镇\t"))
        let unknown = try Programs.run(PortalFixture.taizhang, ["access", "--data", data, "--liaison", "部长"])
        #expect(unknown.status == 2 && unknown.errors.contains("部长"))
    }
}
