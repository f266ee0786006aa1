import Foundation
import Hummingbird

/// The pages (Chinese, server-rendered): sign-in by link, the town's home, a submission, the
/// district's board, and the forms that change state (upload, sign-out, access-link reset) —
/// each a plain POST that works without JavaScript, refused unless same-origin when the role
/// came from the session cookie.
extension Portal {
    func addPageRoutes(to router: Router<PortalRequestContext>) {
        router.get("/login") { request, context in
            guard let token = request.uri.queryParameters["token"].map(String.init) else {
                if context.role != nil { return Self.redirect("/") }
                return self.pages.page("login", LoginPage(layout: self.layout(title: "登录", role: nil), message: nil))
            }
            guard let (_, tokenId) = try self.links.role(ofToken: token) else {
                return self.pages.page("login", LoginPage(layout: self.layout(title: "登录", role: nil),
                                                          message: "这个登录链接无效或已被重置,请向团区委索取新的链接。"),
                                       status: .unauthorized)
            }
            let secret = try self.links.startSession(tokenId: tokenId)
            var headers = HTTPFields()
            headers[.setCookie] = SessionCookie.set(secret, secure: self.secureCookies)
            headers[.location] = "/"
            return Response(status: .seeOther, headers: headers)
        }
        router.post("/logout") { request, context in
            if let secret = context.sessionSecret {
                if !SameOrigin.check(request) { return self.errorPage(APIError.crossOrigin, role: context.role) }
                try self.links.endSession(secret)
            }
            var headers = HTTPFields()
            headers[.setCookie] = SessionCookie.clear(secure: self.secureCookies)
            headers[.location] = "/login"
            return Response(status: .seeOther, headers: headers)
        }
        router.get("/static/:name") { _, context in
            guard let name = context.parameters.get("name"), let asset = self.pages.assets[name] else { throw APIError.notFound }
            var headers = HTTPFields()
            headers[.contentType] = asset.type
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
        }
        router.get("/") { _, context in
            try await self.signedIn(context) { role in
                switch role {
                case .district: return self.pages.page("district", try await self.districtPage())
                case .town(let town): return self.pages.page("town", try await self.townHome(town))
                }
            }
        }
        router.get("/submissions/:id") { request, context in
            try await self.signedIn(context) { role in
                let record = try self.submission(context)
                let page = SubmissionPage(layout: self.layout(title: "报送 #\(record.id ?? 0)", role: role),
                                          submission: self.view(of: record, current: try self.board.currentIds(town: record.town), findings: true),
                                          justUploaded: request.uri.queryParameters["new"] == "1", homeURL: "/")
                return self.pages.page("submission", page)
            }
        }
        router.post("/upload") { request, context in
            try await self.signedIn(context) { role in
                if context.viaCookie && !SameOrigin.check(request) { throw APIError.crossOrigin }
                let record = try await self.receive(request, role: role)
                return Self.redirect("/submissions/\(record.id ?? 0)?new=1")
            }
        }
        router.post("/access/reset") { request, context in
            try await self.signedIn(context) { role in
                guard role == .district else { throw APIError.notFound }
                if context.viaCookie && !SameOrigin.check(request) { throw APIError.crossOrigin }
                let form = FormFields(try await request.body.collect(upTo: 4096))
                guard let town = form["town"], self.options.configuration.district.town(named: town) != nil else {
                    throw APIError.badRequest("请选择要重置登录链接的镇")
                }
                let issued = try self.links.issue(towns: [town], reset: true)
                guard let token = issued.towns.first(where: { $0.town == town })?.token else {
                    throw APIError(status: .internalServerError, code: "internal", message: "新的登录链接未能生成")
                }
                let page = MessagePage(layout: self.layout(title: "\(town)的新登录链接", role: role), isError: false,
                                       heading: "\(town)的新登录链接",
                                       message: "旧链接和用它登录的会话已失效。新链接只显示这一次,请复制后发给\(town)团委:",
                                       link: AccessLinks.link(baseURL: self.options.effectiveBaseURL, token: token), backURL: "/")
                return self.pages.page("message", page)
            }
        }
    }

    /// Runs a page's handler for the signed-in role: signed out goes to `/login`; an ``APIError``
    /// (404 for another town's things, 413, 422 …) is answered as a page with its status.
    func signedIn(_ context: PortalRequestContext, _ handler: (Role) async throws -> Response) async throws -> Response {
        guard let role = context.role else { return Self.redirect("/login") }
        do {
            return try await handler(role)
        } catch let error as APIError {
            return errorPage(error, role: role)
        }
    }

    /// An error as a page, with its status.
    func errorPage(_ error: APIError, role: Role?) -> Response {
        let heading: String
        switch error.status.code {
        case 404: heading = "没有找到"
        case 413: heading = "文件太大"
        case 422: heading = "上传未被接受"
        case 429: heading = "请稍后再试"
        case 403: heading = "操作被拒绝"
        default: heading = "出错了"
        }
        let message = error.status == .notFound ? "没有这个页面或这份报送。" : error.message
        var response = pages.page("message", MessagePage(layout: layout(title: heading, role: role), isError: true,
                                                         heading: heading, message: message, link: nil, backURL: "/"),
                                  status: error.status)
        if error.closesConnection { response.headers[.connection] = "close" }
        return response
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// The frame of a page for a role.
    func layout(title: String, role: Role?) -> PageLayout {
        let district = options.configuration.district
        let signedIn: String?
        switch role {
        case .district: signedIn = district.district + "团区委"
        case .town(let town): signedIn = town
        case nil: signedIn = nil
        }
        return PageLayout(title: title, campaign: district.district + district.campaign, signedInAs: signedIn,
                          isDistrict: role == .district)
    }
}

/// The fields of an `application/x-www-form-urlencoded` body.
struct FormFields {
    private var values: [String: String] = [:]

    init(_ buffer: ByteBuffer) {
        let text = String(buffer: buffer)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = Self.decode(parts[0]) else { continue }
            values[key] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(key: String) -> String? { values[key] }
}
