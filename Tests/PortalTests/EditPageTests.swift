import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LedgerFixtures
import NIOCore
import Testing
@testable import Ledger
@testable import Portal

/// The page's side of correcting and adding (`portal.md`, "Correcting and adding on the page",
/// "Signing in and reading the answers"): inputs on the latest submission, plain forms that
/// correct and add, refusals shown where they were made, sign-in from another site, sessions
/// that outlast the browser, Chinese pages for every error.
@Suite struct EditPageTests {
    typealias F = PortalFixture
    static let town = "湖坊镇"

    @Test func theLatestSubmissionOffersInputsAndAnOlderOneLinksToIt() async throws {
        let fixture = try F()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await PageTests.signIn(client, token: fixture.townTokens[Self.town]!)
            let first = try await Self.upload(client, cookie: cookie, try EditTests.faultyLedger(fixture))
            let page = try await Self.page(client, first, cookie: cookie)
            let flagged = try #require(Self.inputs(page).first { $0.hasPrefix("cell:直属团组织!") })
            #expect(page.contains("<input id=\"cell-") && page.contains("type=\"number\""), "团员人数 is a number input")
            #expect(Self.inputs(page).contains { $0.hasPrefix("cell:基本信息!") }, "基本信息's fields are always editable")
            #expect(page.range(of: #"type="date" name="cell:基本信息![A-Z]+[0-9]+" value="2026-\d\d-\d\d""#, options: .regularExpression) != nil,
                    "填报日期 is a date input holding its date")
            #expect(page.contains("<select id=") && page.contains("保存修改") && page.contains("新增一行"))
            #expect(page.contains("name=\"col:成立日期\"") && page.contains("name=\"sheet\" value=\"直属团组织\""))
            #expect(!page.contains("style=") && !page.contains("<script>"), "nothing inline: the pages' CSP forbids it")
            #expect(flagged.contains("!"))
            // A later upload: the first one's page offers no inputs and links to the latest.
            fixture.clock.now += 60
            let second = try await Self.upload(client, cookie: cookie, try fixture.ledger(town: 0, seed: 12))
            let older = try await Self.page(client, first, cookie: cookie)
            #expect(Self.inputs(older).isEmpty && older.contains("这不是本镇最新的一份报送") && older.contains("href=\"\(second)\""))
            // The home offers the corrections of its latest upload.
            let home = try await Self.get(client, "/", cookie: cookie)
            #expect(home.contains("在线改正、新增一行") && home.contains(second + "#edit"))
        }
    }

    @Test func aCorrectionThroughTheFormIsANewAcceptedSubmission() async throws {
        let fixture = try F()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await PageTests.signIn(client, token: fixture.townTokens[Self.town]!)
            let first = try await Self.upload(client, cookie: cookie, try EditTests.faultyLedger(fixture))
            let page = try await Self.page(client, first, cookie: cookie)
            let flagged = try #require(Self.inputs(page).first { $0.hasPrefix("cell:直属团组织!") })
            // The whole form as a browser sends it, the flagged cell changed.
            var fields = Self.formFields(page, action: first + "/edits")
            #expect(fields.count >= 7, "\(fields)")
            let index = try #require(fields.firstIndex { $0.0 == flagged })
            fields[index].1 = "5"
            let location = try await Self.post(client, first + "/edits", fields, cookie: cookie) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(location.hasSuffix("?edited=1") && location != first)
            let edited = try await Self.get(client, location, cookie: cookie)
            #expect(edited.contains("已保存修改") && edited.contains("已通过") && edited.contains("在线修改"))
            #expect(edited.contains("据 <a href=\"\(first)\">报送 #"))
            let home = try await Self.get(client, "/", cookie: cookie)
            #expect(home.contains("在线修改(据 <a href=\"\(first)\">#"))
            // The same form again, untouched: nothing to save, nothing recorded.
            let latest = String(location.prefix { $0 != "?" })
            let again = Self.formFields(try await Self.page(client, latest, cookie: cookie), action: latest + "/edits")
            try await Self.post(client, latest + "/edits", again, cookie: cookie) { response in
                #expect(response.headers[.location] == latest + "?nochange=1")
            }
            #expect(try fixture.portal.folder.store.history(town: Self.town).count == 2)
            // The old form posted once more is stale: on to the latest, saying so.
            try await Self.post(client, first + "/edits", fields, cookie: cookie) { response in
                #expect(response.headers[.location] == latest + "?stale=" + first.split(separator: "/").last!)
            }
        }
    }

    @Test func aRowAddedThroughTheFormCountsInTheProgress() async throws {
        let fixture = try F()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await PageTests.signIn(client, token: fixture.townTokens[Self.town]!)
            let first = try await Self.upload(client, cookie: cookie, try fixture.ledger(town: 0))
            let before = try Self.founded(try await Self.get(client, "/", cookie: cookie))
            let page = try await Self.page(client, first, cookie: cookie)
            let reportDate = try #require(page.firstMatch(of: /type="date" name="cell:基本信息![A-Z]+[0-9]+" value="(2026-\d\d-\d\d)"/)?.1)
            // The first new-row form (直属团组织) as a browser sends it, filled in.
            let cadre = try #require(try Self.firstCadre(fixture))
            let values = ["团组织名称": "湖坊镇网页新增团支部", "组织类型": "团支部", "依托领域": "企业", "成立日期": String(reportDate),
                          "团员人数": "6", "青年人数": "20", "书记姓名": "王小明", "书记联系电话": "13900139000", "挂点班子成员": cadre]
            let row = Self.formFields(page, action: first + "/rows").map { name, value -> (String, String) in
                let label = String(name.dropFirst(4))
                if label.hasPrefix("所在村") { return (name, "湖坊村") }
                return (name, values[label] ?? value)
            }
            #expect(row.contains { $0.0 == "sheet" && $0.1 == "直属团组织" } && row.count >= 12, "\(row)")
            // A value the column can never hold is refused and the form shows again with what was typed.
            let refused = row.map { $0.0 == "col:书记姓名" ? ($0.0, "王\u{7}明") : $0 }
            try await Self.post(client, first + "/rows", refused, cookie: cookie) { response in
                #expect(response.status == .unprocessableContent)
                let page = String(buffer: response.body)
                #expect(page.contains("新增的行未保存") && page.contains("控制字符") && page.contains("湖坊镇网页新增团支部"))
                #expect(page.contains("<details class=\"new-row\" open>"))
            }
            let location = try await Self.post(client, first + "/rows", row, cookie: cookie) { response in
                #expect(response.status == .seeOther, "\(String(buffer: response.body).prefix(2000))")
                return try #require(response.headers[.location])
            }
            let edited = try await Self.get(client, location, cookie: cookie)
            #expect(edited.contains("已通过"), "\(edited)")
            #expect(try Self.founded(try await Self.get(client, "/", cookie: cookie)) == before + 1)
        }
    }

    @Test func theDistrictCorrectsForATown() async throws {
        let fixture = try F()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let town = try await PageTests.signIn(client, token: fixture.townTokens[Self.town]!)
            let first = try await Self.upload(client, cookie: town, try EditTests.faultyLedger(fixture))
            let district = try await PageTests.signIn(client, token: fixture.districtToken)
            let page = try await Self.page(client, first, cookie: district)
            #expect(page.contains("团区委代\(Self.town)填写"))
            let flagged = try #require(Self.inputs(page).first { $0.hasPrefix("cell:直属团组织!") })
            let location = try await Self.post(client, first + "/edits", [(flagged, "5")], cookie: district) { response in
                try #require(response.headers[.location])
            }
            #expect(try await Self.get(client, location, cookie: town).contains("团区委代填(在线修改)"))
            let board = try await Self.get(client, "/", cookie: district)
            #expect(board.contains("团区委代填(在线修改)"))
        }
    }

    @Test func formsFromElsewhereAreRefused() async throws {
        let fixture = try F()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await PageTests.signIn(client, token: fixture.townTokens[Self.town]!)
            let first = try await Self.upload(client, cookie: cookie, try EditTests.faultyLedger(fixture))
            let flagged = try #require(Self.inputs(try await Self.page(client, first, cookie: cookie)).first { $0.hasPrefix("cell:直属团组织!") })
            try await Self.post(client, first + "/edits", [(flagged, "5")], cookie: cookie, origin: [.origin: "http://evil.example"]) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: first + "/edits", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "x=1")) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/login")
            }
            #expect(try fixture.portal.folder.store.history(town: Self.town).count == 1)
        }
    }

    @Test func anUnreadableUploadIsSaidSoInChinese() async throws {
        let fixture = try F()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await PageTests.signIn(client, token: fixture.townTokens[Self.town]!)
            let location = try await PageTests.postForm(client, cookie: cookie, file: Array("not a workbook".utf8), name: "a.xlsx") { response in
                try #require(response.headers[.location])
            }
            let page = try await Self.get(client, location, cookie: cookie)
            #expect(page.contains("<p class=\"alert error\" role=\"status\">已收到并保存,但文件无法读取"))
            #expect(!page.contains("alert ok") && !page.contains("逐条修改") && !page.contains("not an Excel"))
            #expect(page.contains("文件无法读取:") && page.contains("不计入区汇总、进度和排名"))
            #expect(Self.inputs(page).isEmpty && !page.contains("id=\"edit\""))
        }
    }

    @Test func aRejectedSubmissionIsExplainedAsPortalMdSays() async throws {
        let fixture = try F()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await PageTests.signIn(client, token: fixture.townTokens[Self.town]!)
            let location = try await Self.upload(client, cookie: cookie, try EditTests.faultyLedger(fixture))
            for page in [try await Self.page(client, location, cookie: cookie), try await Self.get(client, "/", cookie: cookie)] {
                #expect(page.contains("没有错误的行照常计入区汇总、进度和排名;有错误的行暂列“待核实”"))
                #expect(!page.contains("不计入区汇总,请"))
            }
        }
    }

    @Test func signingInFromAnotherSiteAndStayingSignedIn() async throws {
        let fixture = try F()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            try await client.execute(uri: "/login?token=" + fixture.townTokens[Self.town]!, method: .get,
                                     headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/")
                let cookie = try #require(response.headers[.setCookie])
                let maxAge = Int(try #require(cookie.firstMatch(of: /Max-Age=(\d+)/)?.1)) ?? 0
                #expect(maxAge >= 30 * 24 * 3600 && cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"))
            }
            // The redirect's request comes from the other site too, without the cookie: a page
            // that loads it again from here (which sends the cookie), not the sign-in form.
            for uri in ["/", "/submissions/1", "/login"] {
                try await client.execute(uri: uri, method: .get, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let page = String(buffer: response.body)
                    #expect(page.contains("<meta http-equiv=\"refresh\" content=\"0;url=\(uri)\">"), "\(uri)")
                    #expect(!page.contains("token="))
                }
            }
            try await client.execute(uri: "//evil.example/x", method: .get, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]) { response in
                #expect(!String(buffer: response.body).contains("url=//"))
            }
            try await client.execute(uri: "/", method: .get, headers: [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"]) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/login")
            }
            // Without Sec-Fetch-Site (plain http on the office network), the Lax mark set at
            // sign-in says it is the redirect: the page loads once more and clears the mark.
            var arrival: String?
            try await client.execute(uri: "/login?token=" + fixture.townTokens[Self.town]!, method: .get) { response in
                arrival = response.headers[values: .setCookie].first { $0.hasPrefix(ArrivalCookie.name + "=") }
            }
            #expect(arrival?.contains("SameSite=Lax") == true && arrival?.contains("Max-Age=") == true)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: ArrivalCookie.name + "=1"]) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("content=\"0;url=/\""))
                #expect(response.headers[values: .setCookie].contains { $0.hasPrefix(ArrivalCookie.name + "=;") && $0.contains("Max-Age=0") })
            }
        }
    }

    @Test func everyPageABrowserCanAskForAnswersInChinese() async throws {
        let fixture = try F()
        try await Application(router: fixture.portal.router()).test(.router) { client in
            let cookie = try await PageTests.signIn(client, token: fixture.townTokens[Self.town]!)
            let requests: [(String, HTTPRequest.Method)] = [("/nothing-here", .get), ("/submissions/abc", .get), ("/submissions/999", .get),
                                                           ("/static/nothing.css", .get), ("/upload", .get), ("/login/", .get),
                                                           ("/submissions/999/edits", .post), ("/", .post), ("/api", .get)]
            for (uri, method) in requests {
                for headers in [cookie, HTTPFields()] {
                    try await client.execute(uri: uri, method: method, headers: PageTests.merged(headers, PageTests.origin)) { response in
                        // Signed out, a page of the portal goes to the sign-in page.
                        if headers.isEmpty && response.status == .seeOther { return #expect(response.headers[.location] == "/login") }
                        // Signed in, the sign-in page goes home.
                        if uri.hasPrefix("/login") && response.status == .seeOther { return #expect(response.headers[.location] == "/") }
                        let page = String(buffer: response.body)
                        #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "\(method) \(uri): \(page)")
                        #expect(page.contains("<html lang=\"zh-CN\">") && page.range(of: "\\p{Han}", options: .regularExpression) != nil,
                                "\(method) \(uri)")
                        #expect(!page.contains("Not Found") && !page.contains("Method Not Allowed"), "\(method) \(uri)")
                    }
                }
            }
            try await client.execute(uri: "/api/nothing", method: .get, headers: cookie) { response in
                #expect(response.status == .notFound && response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func phoneChartsKeepTheirTextLegible() throws {
        let district = PortalFixture.configuration.district
        let progress = CampaignProgress.town(name: "湖坊镇", target: 20, foundingDates: [LedgerDate(iso: "2026-10-02")!],
                                             district: district, dates: CampaignProgress.dates(of: district))
        let towns = district.towns.map {
            CampaignProgress.town(name: $0.name, target: 20, foundingDates: [], district: district, dates: CampaignProgress.dates(of: district))
        }
        // Shown about 349 px wide on a 390-px phone (the page's margins aside): 11-unit text ≥ 11 px.
        for svg in [ProgressChart.town(progress, size: .phone), ProgressChart.district(towns, milestones: district.milestones, size: .phone)] {
            let width = Double(try #require(svg.firstMatch(of: /viewBox="0 0 (\d+)/)?.1)) ?? 0
            #expect(width > 0 && 11 * 349 / width >= 11, "\(width)")
            #expect(svg.contains("首节点"))
            // No text runs past the right edge (a CJK character is as wide as the font, 12 at most).
            for match in svg.matches(of: /<text class="[a-z]+" x="([0-9.]+)" y="[0-9.]+" text-anchor="start">([^<]*)</) {
                let end = (Double(match.1) ?? 0) + ProgressChart.approximateWidth(String(match.2))
                #expect(end <= width + 1, "\(match.2) ends at \(end)")
            }
        }
    }

    // MARK: helpers

    /// Uploads through the page's form; the new submission's path.
    static func upload(_ client: some TestClientProtocol, cookie: HTTPFields, _ bytes: [UInt8]) async throws -> String {
        try await PageTests.postForm(client, cookie: cookie, file: bytes, name: "湖坊镇台账.xlsx") { response in
            let location = try #require(response.headers[.location])
            return String(location.prefix { $0 != "?" })
        }
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, cookie: HTTPFields) async throws -> String {
        try await client.execute(uri: uri, method: .get, headers: cookie) { response in
            #expect(response.status == .ok, "\(uri)")
            return String(buffer: response.body)
        }
    }

    static func page(_ client: some TestClientProtocol, _ path: String, cookie: HTTPFields) async throws -> String {
        try await get(client, path, cookie: cookie)
    }

    /// The names of the page's `cell:` inputs.
    static func inputs(_ page: String) -> [String] {
        page.matches(of: /name="(cell:[^"]+)"/).map { String($0.1) }
    }

    /// The fields a browser sends for the form posting to `action`, untouched: each input's
    /// value, each list's selected option, each textarea's text.
    static func formFields(_ page: String, action: String) -> [(String, String)] {
        guard let start = page.range(of: "action=\"\(action)\""), let end = page.range(of: "</form>", range: start.upperBound..<page.endIndex)
        else { return [] }
        let form = String(page[start.upperBound..<end.lowerBound])
        var fields: [(String, String)] = []
        for match in form.matches(of: /<input type="hidden" name="([^"]+)" value="([^"]*)">/) {
            fields.append((unescape(String(match.1)), unescape(String(match.2))))
        }
        for match in form.matches(of: /<input id="[^"]+" type="([a-z]+)"[^>]*? name="([^"]+)" value="([^"]*)"/) {
            fields.append((unescape(String(match.2)), unescape(String(match.3))))
        }
        for match in form.matches(of: /<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)<\/select>/) {
            let selected = String(match.2).firstMatch(of: /<option value="([^"]*)" selected>/)?.1 ?? String(match.2).firstMatch(of: /<option value="([^"]*)"/)?.1 ?? ""
            fields.append((unescape(String(match.1)), unescape(String(selected))))
        }
        for match in form.matches(of: /<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/) {
            fields.append((unescape(String(match.1)), unescape(String(match.2))))
        }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Posts form fields (urlencoded) with the session cookie and an `Origin`.
    @discardableResult
    static func post<Return>(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)], cookie: HTTPFields,
                             origin: HTTPFields = PageTests.origin, _ check: @escaping (TestResponse) async throws -> Return) async throws -> Return {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        let body = fields.map { name, value in
            (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post,
                                        headers: PageTests.merged(cookie, origin, [.contentType: "application/x-www-form-urlencoded"]),
                                        body: ByteBuffer(string: body), testCallback: check)
    }

    /// 已建 N on the town's home.
    static func founded(_ home: String) throws -> Int {
        try #require(home.firstMatch(of: /已建 <strong>(\d+)<\/strong>/).flatMap { Int($0.1) })
    }

    /// The first cadre of 挂点包干 in the fixture's ledgers (what 挂点班子成员 must name).
    static func firstCadre(_ fixture: PortalFixture) throws -> String? {
        let path = fixture.folder + "/cadre-\(UUID().uuidString).xlsx"
        try Data(try fixture.ledger(town: 0)).write(to: URL(fileURLWithPath: path))
        let result = EditingFixtures.validator.validate(path: path)
        return result.submission?.tables["挂点包干"]?.rows.first?.value("姓名")?.description
    }
}
