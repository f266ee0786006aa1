import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Ledger
@testable import Portal
import Scoring
import Testing

/// The pages over a fresh data folder, in Hummingbird's router test mode: sign-in by link, the
/// plain upload form, findings on the page, 404 for another town's things, same-origin forms,
/// access-link resets, and escaping of everything that comes from a workbook or a request.
@Suite struct PageTests {
    static let town = "湖坊镇"

    /// 湖坊镇's ledger with an error on 直属团组织 (团员人数 below 3) and a cell holding markup.
    static func faultyLedger(_ fixture: PortalFixture) throws -> [UInt8] {
        try fixture.ledger(town: 0) { content in
            guard var table = content.tables["直属团组织"], var row = table.rows[0] else { return }
            row["团员人数"] = .number(2)
            row["组织类型"] = .string("<script>alert(1)</script>")
            table.rows[0] = row
            content.tables["直属团组织"] = table
        }
    }

    static let origin: HTTPFields = [.origin: "http://localhost"]

    /// Signs in with a token and returns the `Cookie` header of the session.
    static func signIn(_ client: some TestClientProtocol, token: String) async throws -> HTTPFields {
        try await client.execute(uri: "/login?token=" + token, method: .get) { response in
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            return [.cookie: String(cookie.split(separator: ";")[0])]
        }
    }

    /// Posts the page's upload form as a browser sends it (the `file` field, and `town` when
    /// given) with the session cookie and an `Origin`, and checks the answer.
    @discardableResult
    static func postForm<Return>(_ client: some TestClientProtocol, cookie: HTTPFields, origin: HTTPFields = PageTests.origin,
                                 file: [UInt8], name: String, town: String? = nil,
                                 _ check: @escaping (TestResponse) async throws -> Return) async throws -> Return {
        let (body, contentType) = PortalFixture.multipart(file, fileName: name, town: town)
        return try await client.execute(uri: "/upload", method: .post, headers: merged(cookie, origin, [.contentType: contentType]),
                                        body: body, testCallback: check)
    }

    static func merged(_ fields: HTTPFields...) -> HTTPFields {
        var all = HTTPFields()
        for field in fields { all.append(contentsOf: field) }
        return all
    }

    @Test func signedOutPagesGoToSignIn() async throws {
        let fixture = try PortalFixture()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login")
            }
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("登录链接"))
            }
            try await client.execute(uri: "/login?token=wrong", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("无效或已被重置"))
            }
        }
    }

    @Test func aTownUploadsThroughTheFormAndSeesItsFindings() async throws {
        let fixture = try PortalFixture()
        let town = Self.town
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.townTokens[town]!)
            try await client.execute(uri: "/", method: .get, headers: cookie) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("enctype=\"multipart/form-data\""))
                #expect(page.contains("还没有上传过台账"))
                #expect(page.contains("<svg"))
            }
            let location = try await Self.postForm(client, cookie: cookie, file: try Self.faultyLedger(fixture), name: "湖坊镇台账.xlsx") { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(location.hasPrefix("/submissions/") && location.hasSuffix("?new=1"))
            try await client.execute(uri: location, method: .get, headers: cookie) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("已收到并保存"))
                #expect(page.contains("需修改"))
                #expect(page.contains("工作表:直属团组织"))
                #expect(page.contains("/annotated"))
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!page.contains("<script>alert"))
                // Findings carry their cell references (the sample's faults are on 直属团组织 rows).
                #expect(page.range(of: "class=\"cell\">[A-Z]+[0-9]+<", options: .regularExpression) != nil)
            }
            try await client.execute(uri: "/", method: .get, headers: cookie) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("湖坊镇台账.xlsx"))
                #expect(page.contains("首节点"))
            }
        }
    }

    @Test func anotherTownsSubmissionIsNotFound() async throws {
        let fixture = try PortalFixture()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let first = try await Self.signIn(client, token: fixture.townTokens["湖坊镇"]!)
            let location = try await Self.postForm(client, cookie: first, file: try fixture.ledger(town: 0), name: "a.xlsx") { response in
                try #require(response.headers[.location])
            }
            let other = try await Self.signIn(client, token: fixture.townTokens["罗家镇"]!)
            try await client.execute(uri: location, method: .get, headers: other) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("没有找到"))
            }
            try await client.execute(uri: "/access/reset", method: .post,
                                     headers: Self.merged(other, Self.origin, [.contentType: "application/x-www-form-urlencoded"]),
                                     body: ByteBuffer(string: "town=%E6%B9%96%E5%9D%8A%E9%95%87")) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func formsRefuseCrossOriginPosts() async throws {
        let fixture = try PortalFixture()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.townTokens["湖坊镇"]!)
            try await Self.postForm(client, cookie: cookie, origin: [.origin: "http://evil.example"],
                                    file: try fixture.ledger(town: 0), name: "a.xlsx") { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/", method: .get, headers: cookie) { response in
                #expect(String(buffer: response.body).contains("还没有上传过台账"))
            }
        }
    }

    @Test func aWrongTownsLedgerIsRefusedAsAPage() async throws {
        let fixture = try PortalFixture()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.townTokens["湖坊镇"]!)
            try await Self.postForm(client, cookie: cookie, file: try fixture.ledger(town: 1), name: "罗家镇.xlsx") { response in
                #expect(response.status == .unprocessableContent)
                let page = String(buffer: response.body)
                #expect(page.contains("<!doctype html>"))
                #expect(page.contains("罗家镇"))
            }
        }
    }

    @Test func theDistrictSeesTheBoardAndResetsALinkOnce() async throws {
        let fixture = try PortalFixture()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let district = try await Self.signIn(client, token: fixture.districtToken)
            // The district uploads for a town; the file name holds markup that must show as text.
            try await Self.postForm(client, cookie: district, file: try fixture.ledger(town: 2),
                                    name: "<img src=x onerror=alert(1)>.xlsx", town: "塘山镇") { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/", method: .get, headers: district) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("团区委工作台"))
                #expect(page.contains("尚无有效报送"))
                #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;.xlsx"))
                #expect(!page.contains("<img"))
                #expect(page.contains("团区委代传"))
                #expect(page.contains("次节点"))
                #expect(page.contains("/api/district/ledger.xlsx") && page.contains("/api/district/awards.xlsx"))
            }
            let town = "湖坊镇"
            let link = try await client.execute(uri: "/access/reset", method: .post,
                                                headers: Self.merged(district, Self.origin, [.contentType: "application/x-www-form-urlencoded"]),
                                                body: ByteBuffer(string: "town=" + town.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                let match = try #require(page.range(of: "/login\\?token=[A-Za-z0-9_-]+", options: .regularExpression))
                return String(page[match])
            }
            // The old link is over; the new one signs in.
            try await client.execute(uri: "/login?token=" + fixture.townTokens[town]!, method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: link, method: .get) { response in
                #expect(response.status == .seeOther)
            }
            // The board never shows a link again.
            try await client.execute(uri: "/", method: .get, headers: district) { response in
                #expect(!String(buffer: response.body).contains("token="))
            }
        }
    }

    @Test func chartsEscapeTheirTextAndLabelTheMilestones() throws {
        var district = PortalFixture.configuration.district
        let progress = CampaignProgress.town(name: "<b>镇</b>", target: 20,
                                             foundingDates: [LedgerDate(iso: "2026-10-02")!, LedgerDate(iso: "2026-10-12")!],
                                             district: district, dates: CampaignProgress.dates(of: district))
        let svg = ProgressChart.town(progress)
        #expect(svg.contains("&lt;b&gt;镇&lt;/b&gt;"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("首节点 10-15"))
        #expect(svg.contains("需 10 个 · 已建 2 个 · 未达标"))
        #expect(svg.contains("目标 20 个"))
        // Many towns: the distribution, of a size that does not grow with the towns.
        district.towns = (0..<5000).map { DistrictConfig.Town(name: "镇\($0)", target: 20) }
        let many = district.towns.enumerated().map { index, town in
            CampaignProgress.town(name: town.name, target: 20,
                                  foundingDates: Array(repeating: LedgerDate(iso: "2026-10-02")!, count: index % 25),
                                  district: district, dates: CampaignProgress.dates(of: district))
        }
        let chart = ProgressChart.district(many, milestones: district.milestones)
        #expect(chart.contains("共 5000 个镇"))
        #expect(chart.contains("首节点 10-15 需 50%"))
        #expect(chart.utf8.count < 20_000)
        let few = ProgressChart.district(Array(many.prefix(5)), milestones: district.milestones)
        #expect(few.contains(">镇4<"))
        #expect(few.contains("4/20"))
    }
}
