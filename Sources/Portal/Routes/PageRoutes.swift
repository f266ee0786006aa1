import Hummingbird

/// The pages (Chinese, server-rendered): sign-in by link, the town's home, a submission, the
/// district's board.
extension Portal {
    func addPageRoutes(to router: Router<PortalRequestContext>) {
        router.get("/login") { request, context in
            guard let token = request.uri.queryParameters["token"].map(String.init) else {
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
                if !SameOrigin.check(request) { throw APIError.crossOrigin }
                try self.links.endSession(secret)
            }
            var headers = HTTPFields()
            headers[.setCookie] = SessionCookie.clear(secure: self.secureCookies)
            headers[.location] = "/login"
            return Response(status: .seeOther, headers: headers)
        }
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
