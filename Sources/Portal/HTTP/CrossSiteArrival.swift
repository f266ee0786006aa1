import HTTPTypes
import Hummingbird

/// Pages reached from another site or app (a link in a chat, webmail, an SMS) while the session
/// cookie, being `SameSite=Strict`, was not sent: the browser withholds it on a navigation that
/// began on another site, the redirect after `/login?token=…` included. Such a request without
/// a session gets a page that loads the same address again from this site, which sends the
/// cookie; a request that still has none goes on to the sign-in page.
///
/// A navigation from another site is known by `Sec-Fetch-Site: cross-site` (sent over https and
/// to localhost) or, for the redirect after signing in, by ``ArrivalCookie`` (sent everywhere),
/// which this answer clears so that it is used once.
enum CrossSiteArrival {
    /// The answer to a page request without a session: the reload for a navigation from another
    /// site, else `303` to `/login`.
    static func signedOut(_ request: Request, pages: PageRenderer, secure: Bool) -> Response {
        reload(request, pages: pages, secure: secure) ?? Responses.redirect("/login")
    }

    /// The page that loads the same address again, for a `GET` that came from another site; nil
    /// for any other request.
    static func reload(_ request: Request, pages: PageRenderer, secure: Bool) -> Response? {
        guard request.method == .get else { return nil }
        let crossSite = request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "cross-site"
        let arriving = ArrivalCookie.isPresent(in: request)
        guard crossSite || arriving else { return nil }
        // The same path and query, never another host (`//host` would be one).
        let path = request.uri.path.hasPrefix("//") ? "/" : request.uri.path
        var response = pages.page("arrive", ArrivalPage(url: path + (request.uri.query.map { "?" + $0 } ?? "")))
        if arriving { response.headers.append(HTTPField(name: .setCookie, value: ArrivalCookie.clear(secure: secure))) }
        return response
    }
}

/// The page that loads its own address again (`arrive.mustache`).
struct ArrivalPage: Sendable {
    /// The address asked for (path and query), loaded again from this site.
    var url: String
}
