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
        abstract: "Create and print the portal's access links (one per town, one for the district).",
        discussion: """
        Tokens are stored only as hashes: a link is shown when its token is created and never again. \
        --reset makes new tokens (for the --town names given, else for everyone) and ends the old ones' sessions.
        """
    )

    @Option(help: "The portal's data folder.")
    var data: String

    @Option(help: "text (one link per line) or json ({\"district\": TOKEN, \"towns\": {…}}).")
    var format: ReportFormat = .text

    @Option(help: "Only this town (repeatable).")
    var town: [String] = []

    @Flag(help: "Make new tokens, ending the old ones.")
    var reset = false

    @Option(help: "The address users reach the portal at (default http://127.0.0.1:8080).")
    var baseURL = "http://127.0.0.1:8080"

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let configuration = try options.load()
        let folder = try DataFolder(path: data, exclusive: false)
        let issued = try AccessLinks(folder: folder, district: configuration.district).issue(towns: town, reset: reset)
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

    @OptionGroup var options: ConfigurationOptions
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        guard bodyTimeout > 0, idleTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard (1...1024).contains(maxUpload) else { throw ValidationError("--max-upload must be 1 to 1024 MiB") }
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ValidationError("--base-url must start with http:// or https://")
        }
    }

    func run() throws {
        let configuration = try options.load()
        var portalOptions = PortalOptions(dataPath: data, configuration: configuration,
                                          scoring: try ScoringSetup.load(rulesPath: rules, configuration: configuration))
        portalOptions.host = host
        portalOptions.port = port
        portalOptions.maxUploadBytes = maxUpload << 20
        portalOptions.baseURL = baseURL
        portalOptions.limits = limits.limits
        portalOptions.bodyTimeout = bodyTimeout
        portalOptions.idleTimeout = idleTimeout
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
        return lines.joined(separator: "\n")
    }

    static func json(_ issued: AccessLinks.Issued) -> String {
        let towns = issued.towns.map { JSONText.string($0.town) + ": " + JSONText.optional($0.token) }
        return "{\"district\": \(JSONText.optional(issued.district)), \"towns\": {" + towns.joined(separator: ", ") + "}}"
    }
}
