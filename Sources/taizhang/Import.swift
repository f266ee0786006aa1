import ArgumentParser
import Foundation
import Ledger
import Portal

/// `taizhang import`: records workbooks in the portal's data folder as uploads by the district,
/// through the same intake as the web upload (validated, kept by content, recorded).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record ledgers in the portal's data folder as uploads by the district (e.g. ledgers received by e-mail).",
        discussion: """
            Each FILE is validated and kept like an upload; its town is read from 基本信息 (--town names it for a \
            file that cannot say). --received records the time it actually arrived: an ISO 8601 time \
            (2026-10-09T17:30:00+08:00) or a day (2026-10-09, taken as 12:00 district time). Prints one line per file.
            """
    )

    @Option(help: "The portal's data folder (created if missing).")
    var data: String

    @Option(help: ArgumentHelp("When the files were received (ISO 8601 time or YYYY-MM-DD; default: now).", valueName: "time"))
    var received: String?

    @Option(help: "The town of files that do not name their town (unreadable ones).")
    var town: String?

    @Option(help: "The scoring rules `serve` runs with (default: the built-in scoring.yaml).")
    var rules: String?

    @Argument(help: "The workbooks to record.")
    var files: [String]

    @OptionGroup var options: ConfigurationOptions
    @OptionGroup var limits: LimitOptions

    func run() throws {
        if files.isEmpty { throw CommandFailure("import: name at least one FILE") }
        let clock = PortalClock()
        let receivedAt = try received.map { try Self.moment($0, clock: clock) }
        var portalOptions = try options.portalOptions(data: data, rules: rules, limits: limits)
        portalOptions.clock = clock
        let importer = try SubmissionImport(options: portalOptions)
        let (files, town) = (self.files, self.town)
        try BlockingRun.wait {
            for file in files {
                let recorded = try await importer.record(path: file, receivedAt: receivedAt, town: town)
                print("\(file): #\(recorded.id) \(recorded.town ?? "(no town)") \(recorded.status), "
                      + "\(recorded.errors) error(s), \(recorded.warnings) warning(s), received \(recorded.received)"
                      + (recorded.isNew ? "" : " (the same file as that submission: not recorded again)"))
            }
        }.get()
    }

    /// `2026-10-09T17:30:00+08:00` (or `Z`), or `2026-10-09` as 12:00 district time.
    static func moment(_ text: String, clock: PortalClock) throws -> Double {
        if let day = LedgerDate(iso: text) { return clock.start(of: day) + 12 * 3600 }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else {
            throw CommandFailure("--received \(text): not a time (2026-10-09T17:30:00+08:00) or a day (2026-10-09)")
        }
        return date.timeIntervalSince1970
    }
}
