import Foundation
import Hummingbird
import Ledger
import Logging
import Scoring
import XLSX

/// How `taizhang serve` runs: where the data lives, where it listens, its limits.
public struct PortalOptions: Sendable {
    /// The data folder (database and uploads).
    public var dataPath: String
    /// The address to listen on (127.0.0.1 unless told otherwise).
    public var host = "127.0.0.1"
    /// The port.
    public var port = 8080
    /// The ledger schema and the district.
    public var configuration: LedgerConfiguration
    /// The scoring rules.
    public var scoring: ScoringSetup
    /// The largest upload accepted, in bytes (20 MiB by default): larger ones get 413 before
    /// their body is read.
    public var maxUploadBytes = 20 << 20
    /// The address users reach the portal at (for access links and the `Secure` cookie flag).
    public var baseURL: String?
    /// The reading limits every upload is read with (those of the CLI).
    public var limits = ReadLimits()
    /// Seconds an upload's body may take to arrive in all (slow clients get 408).
    public var bodyTimeout: Double = 60
    /// Seconds a connection may stay silent before it is closed.
    public var idleTimeout: Double = 30
    /// Uploads received at once; more are answered 429 (memory stays bounded).
    public var concurrentUploads = 32
    /// Validations run at once (the cores).
    public var validationWidth = ProcessInfo.processInfo.activeProcessorCount
    /// The district's clock (time zone, and now, replaceable in tests).
    public var clock = PortalClock()

    /// Options over a data folder with the given configuration and rules; the rest default.
    public init(dataPath: String, configuration: LedgerConfiguration, scoring: ScoringSetup) {
        self.dataPath = dataPath
        self.configuration = configuration
        self.scoring = scoring
    }

    /// The base URL access links use.
    public var effectiveBaseURL: String { baseURL ?? "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)" }
}

/// The collection portal (`taizhang serve`): towns upload and see their findings at once; the
/// district watches the campaign and downloads the district outputs. The HTTP contract is
/// `portal.md`; the engine is the same validation, annotation, merge and scoring as the CLI.
public final class Portal: Sendable {
    let options: PortalOptions
    let folder: DataFolder
    let links: AccessLinks
    let submissions: SubmissionService
    let board: CampaignBoard
    let outputs: DistrictOutputs
    let uploadGate: Gate
    let pages: PageRenderer

    /// Opens the data folder for serving (refused while another server holds it).
    public init(options: PortalOptions) throws {
        self.options = options
        folder = try DataFolder(path: options.dataPath, exclusive: true)
        // Templates are made again from the configuration this server runs with.
        try? FileManager.default.removeItem(atPath: folder.path + "/outputs/templates")
        let district = options.configuration.district
        links = AccessLinks(folder: folder, district: district)
        submissions = SubmissionService(folder: folder, configuration: options.configuration, limits: options.limits,
                                        clock: options.clock, width: options.validationWidth,
                                        concurrentUploads: options.concurrentUploads)
        board = CampaignBoard(folder: folder, district: district, clock: options.clock)
        outputs = DistrictOutputs(folder: folder, board: board, configuration: options.configuration,
                                  scoring: options.scoring, clock: options.clock, limits: options.limits)
        uploadGate = Gate(capacity: options.concurrentUploads)
        pages = try PageRenderer()
    }

    /// The router with every route of `portal.md` and the pages.
    public func router() -> Router<PortalRequestContext> {
        let router = Router(context: PortalRequestContext.self)
        router.add(middleware: ErrorAnswers())
        router.add(middleware: Authentication(links: links))
        addAPIRoutes(to: router)
        addPageRoutes(to: router)
        return router
    }

    /// The application: the router on HTTP/1.1 with the idle timeout, stopping cleanly on
    /// SIGTERM/SIGINT after the requests in flight.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(options.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "taizhang"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "taizhang.portal")
        )
    }

    /// Whether the `Secure` cookie flag applies (served over https behind a proxy).
    var secureCookies: Bool { options.baseURL?.lowercased().hasPrefix("https://") ?? false }
}

/// Answers errors: ``APIError`` and Hummingbird's HTTP errors as `{"error": …}` on `/api/` (and as
/// a page elsewhere); anything else is a bug, logged with the request id that the 500 repeats.
struct ErrorAnswers: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.answer(error, request: request)
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not-found" : "http-\(error.status.code)"
            return Self.answer(APIError(status: error.status, code: code, message: error.body ?? error.status.reasonPhrase), request: request)
        } catch {
            let id = context.id
            context.logger.error("request \(id) failed: \(String(describing: error))")
            return Self.answer(APIError(status: .internalServerError, code: "internal",
                                        message: "服务器内部错误(请求编号 \(id)),已记录"), request: request, requestId: id)
        }
    }

    static func answer(_ error: APIError, request: Request, requestId: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if error.closesConnection { headers[.connection] = "close" }
        if error.status == .tooManyRequests { headers[.retryAfter] = "5" }
        let body = APIJSON.error(code: error.code, message: error.message, requestId: requestId)
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
