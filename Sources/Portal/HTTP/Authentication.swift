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

/// The session cookie: `HttpOnly`, `SameSite=Strict`, `Secure` behind https.
enum SessionCookie {
    static let name = "taizhang_session"

    static func value(in request: Request) -> String? {
        request.cookies[name]?.value
    }

    static func set(_ secret: String, secure: Bool) -> String {
        "\(name)=\(secret); Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
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
