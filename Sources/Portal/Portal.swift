import Evaluation
import Foundation
import Hummingbird
import Ledger
import Logging
import Scoring
import XLSX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Uploads received at once; more are answered 429 `busy` (memory stays bounded).
    public var concurrentUploads = 32
    /// Uploads and edits of one town in any hour (`--uploads-per-hour`); more are answered 429
    /// `rate-limited`.
    public var uploadsPerHour = 60
    /// Bytes of distinct files one town may store (`--quota`, 200 MiB); an upload past it is
    /// answered 507 `quota-exceeded`.
    public var quotaBytes: Int64 = 200 << 20
    /// The worker processes that read the files (``PortalWorker``).
    public var workers: WorkerOptions
    /// The district's clock (time zone, and now, replaceable in tests).
    public var clock = PortalClock()

    /// Options over a data folder with the given configuration and rules; the rest default, the
    /// workers being this very program (`taizhang worker`).
    public init(dataPath: String, configuration: LedgerConfiguration, scoring: ScoringSetup) {
        self.dataPath = dataPath
        self.configuration = configuration
        self.scoring = scoring
        workers = WorkerOptions(executable: WorkerOptions.currentExecutable)
    }

    /// The base URL access links use.
    public var effectiveBaseURL: String { baseURL ?? "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)" }

    /// The evaluation's options of the workers.
    var evaluationOptions: EvaluationOptions {
        var options = EvaluationOptions(configuration: configuration, scoring: scoring)
        options.limits = limits
        options.timeZone = TimeZone(secondsFromGMT: clock.utcOffset) ?? .current
        return options
    }
}

/// How the worker processes are started and bounded.
public struct WorkerOptions: Sendable {
    /// The program started as a worker, with the argument `worker` (`taizhang`).
    public var executable: String
    /// Workers reading uploads and making annotated copies at once (the cores); the district's
    /// outputs are built by one more.
    public var count = ProcessInfo.processInfo.activeProcessorCount
    /// Most bytes of data one worker may allocate (`--worker-memory`, 2 GiB); a worker past it dies
    /// alone.
    public var memoryLimit: Int64? = 2 << 30
    /// Seconds a worker may take to read one file (`--worker-timeout`, 120) before it is stopped;
    /// building the district's outputs may take ten times as long.
    public var timeout: Double = 120

    /// Workers started from `executable`.
    public init(executable: String) {
        self.executable = executable
    }

    /// This program's own path (`/proc/self/exe`), so that `serve` starts itself as its workers.
    public static var currentExecutable: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments.first ?? "taizhang" }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The collection portal (`taizhang serve`): towns upload and see their findings at once; the
/// district watches the campaign and downloads the district outputs. The HTTP contract is
/// `portal.md`; the work on files is the same `Evaluation` as the CLI's, in worker processes.
///
/// The routes are grouped by concern in controllers (access, submissions, district, pages) over
/// shared services; `PortalStore` owns every SQL statement.
public final class Portal: Sendable {
    let services: PortalServices

    /// Opens the data folder for serving (refused while another server holds it).
    public init(options: PortalOptions) throws {
        // A worker that dies must not take the server with it through a write to its pipe.
        signal(SIGPIPE, SIG_IGN)
        services = try PortalServices(options: options)
    }

    /// The data folder.
    public var folder: DataFolder { services.folder }

    /// The router with every route of `portal.md` and the pages.
    public func router() -> Router<PortalRequestContext> {
        let router = Router(context: PortalRequestContext.self)
        router.add(middleware: ErrorAnswers(pages: services.pages, layout: services.layout))
        router.add(middleware: Authentication(links: services.links))
        router.get("/healthz") { _, _ in "ok" }
        AccessController(services: services).addRoutes(to: router)
        SubmissionController(services: services).addRoutes(to: router)
        EditController(services: services).addRoutes(to: router)
        DistrictController(services: services).addRoutes(to: router)
        PageController(services: services).addRoutes(to: router)
        RhythmController(services: services).addRoutes(to: router)
        return router
    }

    /// The application: the router on HTTP/1.1 with the idle timeout, stopping cleanly on
    /// SIGTERM/SIGINT after the requests in flight.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let options = services.options
        return Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(options.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "taizhang"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: services.logger
        )
    }
}

/// What the controllers share: the data folder and its store, the access links, the intake, the
/// district's state and outputs, the pages.
struct PortalServices: Sendable {
    let options: PortalOptions
    let folder: DataFolder
    let links: AccessLinks
    let intake: Intake
    /// Corrections and new rows made on the pages and through the API.
    let edits: OnlineEdits
    let made: MadeFiles
    let state: DistrictState
    let outputs: DistrictOutputs
    let board: CampaignBoard
    let calendar: ReportCalendar
    let bulletins: Bulletins
    let pages: PageRenderer
    let logger: Logger
    /// Uploads being received (bounded, so memory is).
    let uploadGate: Gate
    /// Orders findings as reports do.
    let validator: LedgerValidator

    init(options: PortalOptions) throws {
        self.options = options
        folder = try DataFolder(path: options.dataPath, exclusive: true)
        // Templates are made again from the configuration this server runs with.
        try? FileManager.default.removeItem(atPath: folder.path + "/outputs/templates")
        let district = options.configuration.district
        logger = Logger(label: "taizhang.portal")
        links = AccessLinks(folder: folder, district: district, clock: options.clock)
        let setup = WorkerSetup(options: options.evaluationOptions, memoryLimit: options.workers.memoryLimit)
        let launch = WorkerPool.Launch(executable: options.workers.executable, arguments: ["worker"], setup: setup)
        let fileWorkers = WorkerPool(launch: launch, size: options.workers.count, label: "taizhang.workers")
        intake = Intake(folder: folder, configuration: options.configuration, clock: options.clock,
                        limits: Intake.TownLimits(uploadsPerHour: options.uploadsPerHour, quotaBytes: options.quotaBytes),
                        workers: fileWorkers, workerTimeout: options.workers.timeout, concurrentUploads: options.concurrentUploads)
        edits = OnlineEdits(folder: folder, intake: intake, workers: fileWorkers, timeout: options.workers.timeout)
        made = MadeFiles(folder: folder, configuration: options.configuration, workers: fileWorkers, workerTimeout: options.workers.timeout,
                         work: BlockingWork(width: options.workers.count, label: "taizhang.templates"))
        state = DistrictState(store: folder.store, district: district)
        outputs = DistrictOutputs(folder: folder, state: state, workers: WorkerPool(launch: launch, size: 1, label: "taizhang.build"),
                                  clock: options.clock, timeout: options.workers.timeout * 10, logger: logger,
                                  towns: district.towns.map(\.name))
        board = CampaignBoard(store: folder.store, district: district, clock: options.clock)
        calendar = ReportCalendar(district: district, clock: options.clock)
        bulletins = Bulletins(store: folder.store, state: state, configuration: options.configuration, calendar: calendar,
                              work: BlockingWork(width: 1, label: "taizhang.bulletins"))
        pages = try PageRenderer()
        uploadGate = Gate(capacity: options.concurrentUploads)
        validator = LedgerValidator(schema: options.configuration.schema, district: district)
    }

    /// Whether the `Secure` cookie flag applies (served over https behind a proxy).
    var secureCookies: Bool { options.baseURL?.lowercased().hasPrefix("https://") ?? false }

    /// A submission as answered, in the district now.
    func submission(_ record: SubmissionRecord, in snapshot: DistrictState.Snapshot, findings: Bool) throws -> PortalSubmission {
        try PortalSubmission(record, in: snapshot, findings: findings, order: validator.reportOrder)
    }

    /// The submission with the id of the request's `:id`, when the role may see it; 404 otherwise
    /// (another town's is answered as if it did not exist).
    func visibleSubmission(_ context: PortalRequestContext, role: Role) throws -> SubmissionRecord {
        guard let id = context.parameters.get("id", as: Int64.self), let record = try folder.store.submission(id: id),
              role.mayAccess(town: record.town) else { throw APIError.notFound }
        return record
    }

    /// The frame of a page for a role.
    func layout(title: String, role: Role?) -> PageLayout {
        let district = options.configuration.district
        let signedIn: String?
        switch role {
        case .district: signedIn = district.district + "团区委"
        case .town(let town): signedIn = town
        case .liaison(let leader): signedIn = leader.name + "(联系" + leader.towns.joined(separator: "、") + ")"
        case nil: signedIn = nil
        }
        return PageLayout(title: title, campaign: district.district + district.campaign, signedInAs: signedIn,
                          isDistrict: role == .district)
    }
}
