import HTTPTypes
import Hummingbird

/// Resolves `Authorization: Bearer TOKEN` or the session cookie into a role; rejects nothing
/// itself (routes say what they need).
struct Authentication: RouterMiddleware {
    typealias Context = PortalRequestContext
    let links: AccessLinks

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            context.role = try links.role(ofToken: token)?.role
        } else if let secret = SessionCookie.value(in: request) {
            if let role = try links.role(ofSession: secret) {
                context.role = role
                context.viaCookie = true
                context.sessionSecret = secret
            }
        }
        return try await next(request, context)
    }
}

/// The session cookie: `HttpOnly`, `SameSite=Strict`, `Secure` behind https, kept by the browser
/// for ``lifetime`` (across restarts); the session itself lasts until its token is reset or the
/// town signs out.
enum SessionCookie {
    static let name = "taizhang_session"
    /// Seconds the browser keeps the cookie: 400 days, the longest browsers keep one.
    static let lifetime = 400 * 24 * 3600

    static func value(in request: Request) -> String? {
        request.cookies[name]?.value
    }

    static func set(_ secret: String, secure: Bool) -> String {
        "\(name)=\(secret); Path=/; Max-Age=\(lifetime); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}

/// A short-lived mark set with the session cookie at sign-in, `SameSite=Lax` so that the browser
/// sends it on the redirect that follows even when the sign-in link was opened from another site
/// (where the `Strict` session cookie is withheld): a page request that carries it but no session
/// is that redirect, and is loaded again from the portal itself (``CrossSiteArrival``). It does not
/// depend on `Sec-Fetch-Site`, which browsers send only over https and to localhost.
enum ArrivalCookie {
    static let name = "taizhang_arrival"
    /// Seconds it lasts: enough for the redirect, too short to matter afterwards.
    static let lifetime = 120

    static func isPresent(in request: Request) -> Bool {
        request.cookies[name] != nil
    }

    static func set(secure: Bool) -> String {
        "\(name)=1; Path=/; Max-Age=\(lifetime); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }
}

/// Same-origin checks for state-changing requests authenticated by cookie (CSRF): the `Origin`
/// (or else `Referer`) must name this host; `Sec-Fetch-Site: cross-site` is refused.
enum SameOrigin {
    static func check(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site == "cross-site" { return false }
        guard let host = request.head.authority else { return false }
        let origin = request.headers[.origin] ?? request.headers[.referer]
        guard let origin, let parsed = URLParts(origin) else { return false }
        return parsed.hostAndPort == host
    }

    /// `scheme://host[:port]/…` → `host[:port]`.
    struct URLParts {
        var hostAndPort: String
        init?(_ text: String) {
            guard let schemeEnd = text.range(of: "://") else { return nil }
            let rest = text[schemeEnd.upperBound...]
            hostAndPort = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        }
    }
}
