import HTTPTypes
import Hummingbird

/// Pages reached from another site or app (a link in a chat, webmail, an SMS) while the session
/// cookie, being `SameSite=Strict`, was not sent: the browser withholds it on a navigation that
/// began on another site, the redirect after `/login?token=…` included. Such a request without
/// a session gets a page that loads the same address again from this site, which sends the
/// cookie; a request that still has none goes on to the sign-in page.
enum CrossSiteArrival {
    /// The answer to a page request without a session: the reload for a navigation from another
    /// site, else `303` to `/login`.
    static func signedOut(_ request: Request, pages: PageRenderer) -> Response {
        reload(request, pages: pages) ?? Responses.redirect("/login")
    }

    /// The page that loads the same address again, for a `GET` that came from another site; nil
    /// for any other request.
    static func reload(_ request: Request, pages: PageRenderer) -> Response? {
        guard request.method == .get, request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "cross-site" else { return nil }
        // The same path and query, never another host (`//host` would be one).
        let path = request.uri.path.hasPrefix("//") ? "/" : request.uri.path
        return pages.page("arrive", ArrivalPage(url: path + (request.uri.query.map { "?" + $0 } ?? "")))
    }
}

/// The page that loads its own address again (`arrive.mustache`).
struct ArrivalPage: Sendable {
    /// The address asked for (path and query), loaded again from this site.
    var url: String
}
