import HTTPTypes
import Hummingbird

/// The request context of the portal: who the request acts as, once `Authentication` has run.
public struct PortalRequestContext: RequestContext {
    /// Hummingbird's own storage (logger, parameters, endpoint).
    public var coreContext: CoreRequestContextStorage
    /// The role of the bearer token or session cookie; nil when neither is valid.
    var role: Role?
    /// True when the role came from a session cookie (then state-changing posts must be same-origin).
    var viaCookie = false
    /// The session cookie's secret, for signing out.
    var sessionSecret: String?

    /// A context for a new request.
    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// The upload limit is enforced by the upload route itself (413 before the body is read).
    public var maxUploadSize: Int { 64 * 1024 }
}
