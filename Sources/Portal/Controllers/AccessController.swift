import HTTPTypes
import Hummingbird

/// Signing in and out, and the district's access-link resets: `GET /login?token=…`,
/// `POST /logout`, `POST /access/reset`.
struct AccessController: Sendable {
    let services: PortalServices

    func addRoutes(to router: Router<PortalRequestContext>) {
        router.get("/login", use: login)
        router.post("/logout", use: logout)
        router.post("/access/reset", use: reset)
    }

    /// A valid token starts a session and goes to `/`; a wrong one gets the sign-in page with a
    /// message (never a hint whether a town exists).
    @Sendable func login(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let token = request.uri.queryParameters["token"].map(String.init) else {
            if context.role != nil { return Responses.redirect("/") }
            // From another site the session cookie was not sent: look again from this one.
            if let reload = CrossSiteArrival.reload(request, pages: services.pages, secure: services.secureCookies) { return reload }
            return services.pages.page("login", LoginPage(layout: services.layout(title: "登录", role: nil), message: nil))
        }
        guard let (_, tokenId) = try services.links.role(ofToken: token) else {
            return services.pages.page("login", LoginPage(layout: services.layout(title: "登录", role: nil),
                                                          message: "这个登录链接无效或已被重置,请向团区委索取新的链接。"),
                                       status: .unauthorized)
        }
        let secret = try services.links.startSession(tokenId: tokenId)
        var headers = HTTPFields()
        headers[.setCookie] = SessionCookie.set(secret, secure: services.secureCookies)
        headers.append(HTTPField(name: .setCookie, value: ArrivalCookie.set(secure: services.secureCookies)))
        headers[.location] = "/"
        return Response(status: .seeOther, headers: headers)
    }

    /// Ends the session (a same-origin form post) and goes to the sign-in page.
    @Sendable func logout(_ request: Request, context: PortalRequestContext) async throws -> Response {
        if let secret = context.sessionSecret {
            if !SameOrigin.check(request) { throw APIError.crossOrigin }
            try services.links.endSession(secret)
        }
        var headers = HTTPFields()
        headers[.setCookie] = SessionCookie.clear(secure: services.secureCookies)
        headers[.location] = "/login"
        return Response(status: .seeOther, headers: headers)
    }

    /// The district makes a town's (form field `town`) or a liaison leader's (`liaison`) new link,
    /// shown once, ending the old one and its sessions.
    @Sendable func reset(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let role = context.role else { return Responses.redirect("/login") }
        guard role.mayChange else { throw APIError.readOnly }
        guard role == .district else { throw APIError.notFound }
        if context.viaCookie && !SameOrigin.check(request) { throw APIError.crossOrigin }
        let form = FormFields(try await request.body.collect(upTo: 4096))
        let district = services.options.configuration.district
        let holder: String, recipient: String
        let token: String?
        if let leader = form["liaison"], !leader.isEmpty {
            guard district.liaisonTowns(of: leader) != nil else { throw APIError.badRequest("请选择要重置登录链接的联系领导") }
            (holder, recipient) = (leader, leader)
            token = try services.links.issue(liaisons: [leader], reset: true).liaisons.first { $0.leader == leader }?.token
        } else {
            guard let town = form["town"], district.town(named: town) != nil else { throw APIError.badRequest("请选择要重置登录链接的镇") }
            (holder, recipient) = (town, town + "团委")
            token = try services.links.issue(towns: [town], reset: true).towns.first { $0.town == town }?.token
        }
        guard let token else { throw APIError(status: .internalServerError, code: "internal", message: "新的登录链接未能生成") }
        let page = MessagePage(layout: services.layout(title: "\(holder)的新登录链接", role: role), isError: false,
                               heading: "\(holder)的新登录链接",
                               message: "旧链接和用它登录的会话已失效。新链接只显示这一次,请复制后发给\(recipient):",
                               link: AccessLinks.link(baseURL: services.options.effectiveBaseURL, token: token), backURL: "/")
        return services.pages.page("message", page)
    }
}
