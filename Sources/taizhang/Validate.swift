import TaizhangSupport
import ArgumentParser
import Ledger
import XLSX

/// Options shared by the commands that read the ledger's configuration.
struct ConfigurationOptions: ParsableArguments {
    @Option(help: "The district file (default: the built-in district.yaml; `taizhang defaults` writes an editable copy).")
    var config: String?

    @Option(help: "The ledger schema (default: the built-in ledger.yaml; `taizhang defaults` writes an editable copy).")
    var schema: String?

    func load() throws -> LedgerConfiguration {
        try LedgerConfiguration.load(schemaPath: schema, districtPath: config)
    }
}

/// Writes the annotated copies (退回修改) of the submissions that have findings.
enum AnnotatedCopies {
    /// One copy per readable file with findings, under its own name; returns how many were written.
    @discardableResult
    static func write(_ results: [SubmissionResult], to folder: String, language: Language, limits: ReadLimits,
                      configuration: LedgerConfiguration) throws -> Int {
        try AtomicFile.createFolders(folder)
        var annotator = Annotator(language: language)
        annotator.limits = limits
        annotator.configuration = configuration
        var written = 0
        for result in results where result.readable && !result.findings.isEmpty {
            do {
                try annotator.write(result, to: folder + "/" + Annotator.copyName(of: result))
                written += 1
            } catch {
                StandardError.write("taizhang: \(result.path): no annotated copy: \(error)\n")
            }
        }
        return written
    }
}

/// The reading limits, settable on the command line (defaults: ``ReadLimits``).
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Most MiB one part of a workbook may unpack to.", valueName: "MiB"))
    var maxPartSize: Int64?

    @Option(help: ArgumentHelp("Most MiB all parts of a workbook may unpack to.", valueName: "MiB"))
    var maxTotalSize: Int64?

    @Option(help: "Highest compression ratio of a part past 16 MiB (zip bombs).")
    var maxRatio: Int64?

    @Option(help: "Most entries in a workbook's zip archive.")
    var maxEntries: Int64?

    var limits: ReadLimits {
        var limits = ReadLimits()
        if let maxPartSize { limits.maximumPartSize = maxPartSize << 20 }
        if let maxTotalSize { limits.maximumTotalSize = maxTotalSize << 20 }
        if let maxRatio { limits.maximumCompressionRatio = maxRatio }
        if let maxEntries { limits.maximumEntryCount = maxEntries }
        return limits
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension Language: ExpressibleByArgument {}

/// `taizhang validate`: checks submissions and reports the findings.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate town submissions against the ledger's rules.",
        discussion: "Exit status: 0 no errors, 1 errors found, 2 a file could not be read or a usage error."
    )

    @Argument(help: "Submitted workbooks.")
    var files: [String]

    @Option(help: "text or json (findings.json).")
    var format: ReportFormat = .text

    @Option(help: "zh or en.")
    var lang: Language = .chinese

    @Option(help: "Write an annotated copy of each file with findings into this folder (退回修改).")
    var annotate: String?

    @OptionGroup var options: ConfigurationOptions
    @OptionGroup var limits: LimitOptions

    func run() throws {
        let configuration = try options.load()
        var validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
        validator.limits = limits.limits
        let results = files.map { validator.validate(path: $0) }
        if let annotate {
            try AnnotatedCopies.write(results, to: annotate, language: lang, limits: limits.limits,
                                      configuration: configuration)
        }
        let report = FindingsReport(results: results, language: lang)
        let output = OutputBuffer()
        output.write(format == .json ? report.json : report.text)
        output.flush()
        try ExitStatus.check(results)
    }
}
