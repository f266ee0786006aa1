import TaizhangSupport
import ArgumentParser
import Dispatch
import Ledger
import Portal
import Scoring

/// `taizhang access`: prints the access links (tokens are shown only when created).
struct Access: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Create and print the portal's access links (one per town, one per liaison leader, one for the district).",
        discussion: """
        Tokens are stored only as hashes: a link is shown when its token is created and never again. \
        --reset makes new tokens (for the --town and --liaison names given, else for everyone) and ends the old ones' sessions. \
        A liaison leader (liaison: in the district file) sees the towns they follow, read-only.
        """
    )

    @Option(help: "The portal's data folder.")
    var data: String

    @Option(help: "text (one link per line) or json ({\"district\": TOKEN, \"towns\": {…}, \"liaisons\": {…}}).")
    var format: ReportFormat = .text

    @Option(help: "Only this town (repeatable).")
    var town: [String] = []

    @Option(help: "Only this liaison leader, e.g. 书记 (repeatable).")
    var liaison: [String] = []

    @Flag(help: "Make new tokens, ending the old ones.")
    var reset = false

    @Option(help: "The address users reach the portal at (default http://127.0.0.1:8080).")
    var baseURL = "http://127.0.0.1:8080"

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let configuration = try options.load()
        let folder = try DataFolder(path: data, exclusive: false)
        let issued = try AccessLinks(folder: folder, district: configuration.district).issue(towns: town, liaisons: liaison, reset: reset)
        print(format == .json ? AccessReport.json(issued) : AccessReport.text(issued, baseURL: baseURL, district: configuration.district))
    }
}

/// `taizhang serve`: the collection portal.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the collection portal: towns upload and see their findings, the district watches the campaign.",
        discussion: "Stops cleanly on SIGTERM or SIGINT after the requests in flight. TLS is a reverse proxy's job (see the README)."
    )

    @Option(help: "The portal's data folder (created on first use).")
    var data: String

    @Option(help: "The address to listen on (0.0.0.0 for the office network).")
    var host = "127.0.0.1"

    @Option(help: "The port.")
    var port = 8080

    @Option(help: "The scoring rules (default: templates/scoring.yaml).")
    var rules: String?

    @Option(help: ArgumentHelp("The largest upload accepted.", valueName: "MiB"))
    var maxUpload = 20

    @Option(help: "The address users reach the portal at, e.g. https://taizhang.example.org (links, Secure cookies).")
    var baseURL: String?

    @Option(help: ArgumentHelp("Seconds an upload's body may take to arrive (slower ones get 408).", valueName: "seconds"))
    var bodyTimeout = 60.0

    @Option(help: ArgumentHelp("Seconds a connection may stay silent before it is closed.", valueName: "seconds"))
    var idleTimeout = 30.0

    @Option(help: ArgumentHelp("Uploads and edits one town may make in any hour (more are answered 429).", valueName: "count"))
    var uploadsPerHour = 60

    @Option(help: ArgumentHelp("Bytes of distinct files one town may store (more is answered 507).", valueName: "MiB"))
    var quota = 200

    @Option(help: ArgumentHelp("Most memory one worker process (which reads the files) may take.", valueName: "MiB"))
    var workerMemory = 2048

    @Option(help: ArgumentHelp("Seconds a worker may take to read one file before it is stopped.", valueName: "seconds"))
    var workerTimeout = 120.0

    @OptionGroup var options: ConfigurationOptions
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        guard bodyTimeout > 0, idleTimeout > 0, workerTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard uploadsPerHour >= 1 else { throw ValidationError("--uploads-per-hour must be at least 1") }
        guard (1...1 << 30).contains(quota) else { throw ValidationError("--quota must be at least 1 MiB") }
        guard (64...1 << 20).contains(workerMemory) else { throw ValidationError("--worker-memory must be 64 MiB to 1 TiB") }
        guard (1...1024).contains(maxUpload) else { throw ValidationError("--max-upload must be 1 to 1024 MiB") }
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ValidationError("--base-url must start with http:// or https://")
        }
    }

    func run() throws {
        var portalOptions = try options.portalOptions(data: data, rules: rules, limits: limits)
        portalOptions.host = host
        portalOptions.port = port
        portalOptions.maxUploadBytes = maxUpload << 20
        portalOptions.baseURL = baseURL
        portalOptions.bodyTimeout = bodyTimeout
        portalOptions.idleTimeout = idleTimeout
        portalOptions.uploadsPerHour = uploadsPerHour
        portalOptions.quotaBytes = Int64(quota) << 20
        portalOptions.workers.memoryLimit = Int64(workerMemory) << 20
        portalOptions.workers.timeout = workerTimeout
        let portal = try Portal(options: portalOptions)
        let banner = "taizhang: serving \(data) on http://\(host):PORT; sign-in links: taizhang access --data \(data)\n"
        let outcome = BlockingRun.wait {
            try await portal.application { port in
                StandardError.write(banner.replacingOccurrences(of: "PORT", with: String(port)))
            }.runService()
        }
        try outcome.get()
    }
}

/// `taizhang worker`: the portal's worker process, started by `serve` (and `import`), never by hand.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "The portal's worker process (started by serve; reads jobs on standard input).",
        shouldDisplay: false
    )

    func run() throws {
        let status = PortalWorker.serve()
        if status != 0 { throw ExitCode(status) }
    }
}

extension ConfigurationOptions {
    /// The portal's options over the data folder `data`, with these files, the rules at `rules`
    /// and the reading limits.
    func portalOptions(data: String, rules: String?, limits: LimitOptions) throws -> PortalOptions {
        let configuration = try load()
        var options = PortalOptions(dataPath: data, configuration: configuration,
                                    scoring: try ScoringSetup.load(rulesPath: rules, configuration: configuration))
        options.limits = limits.limits
        return options
    }
}

/// Runs async work to its end from the synchronous command line.
enum BlockingRun {
    static func wait(_ work: @escaping @Sendable () async throws -> Void) -> Result<Void, Error> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Task {
            do { try await work() } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return box.result
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<Void, Error> = .success(())
    }
}

/// The access links as text or JSON.
enum AccessReport {
    static func text(_ issued: AccessLinks.Issued, baseURL: String, district: DistrictConfig) -> String {
        func line(_ name: String, _ token: String?) -> String {
            name + "\t" + (token.map { AccessLinks.link(baseURL: baseURL, token: $0) } ?? "(已发放,不再显示;要新链接请用 --reset)")
        }
        var lines = [line(district.district + "团区委", issued.district)]
        lines += issued.towns.map { line($0.town, $0.token) }
        lines += issued.liaisons.map { leader in
            line(leader.leader + "(对口联系:" + (district.liaisonTowns(of: leader.leader) ?? []).joined(separator: "、") + ")", leader.token)
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ issued: AccessLinks.Issued) -> String {
        let towns = issued.towns.map { JSONText.string($0.town) + ": " + JSONText.optional($0.token) }
        let leaders = issued.liaisons.map { JSONText.string($0.leader) + ": " + JSONText.optional($0.token) }
        return "{\"district\": \(JSONText.optional(issued.district)), \"towns\": {" + towns.joined(separator: ", ") + "}, "
            + "\"liaisons\": {" + leaders.joined(separator: ", ") + "}}"
    }
}
