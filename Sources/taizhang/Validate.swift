import TaizhangSupport
import ArgumentParser
import Evaluation
import Scoring
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

    /// The evaluation's options from these files, the scoring rules at `rules` (built in when
    /// nil), the reading limits and the language.
    func evaluationOptions(rules: String?, limits: LimitOptions, language: Language) throws -> EvaluationOptions {
        let configuration = try load()
        var options = EvaluationOptions(configuration: configuration,
                                        scoring: try ScoringSetup.load(rulesPath: rules, configuration: configuration))
        options.limits = limits.limits
        options.language = language
        return options
    }
}

/// The reading limits, settable on the command line (defaults: ``ReadLimits``). Each option is
/// named by ``ReadLimitOption`` too, which the messages of a file that passes a limit quote.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Most MiB one part of a workbook may unpack to.", valueName: "MiB"))
    var maxPartSize: Int64?

    @Option(help: ArgumentHelp("Most MiB all parts of a workbook may unpack to.", valueName: "MiB"))
    var maxTotalSize: Int64?

    @Option(help: "Highest compression ratio of a part past 16 MiB (zip bombs).")
    var maxRatio: Int64?

    @Option(help: "Most entries in a workbook's zip archive.")
    var maxEntries: Int64?

    @Option(help: ArgumentHelp("Most MiB of one text value (a cell's, a shared string's).", valueName: "MiB"))
    var maxStringLength: Int64?

    @Option(help: "Most strings in a workbook's shared-strings table.")
    var maxSharedStrings: Int64?

    /// Each option given, with its value.
    private var given: [(option: ReadLimitOption, value: Int64)] {
        let values: [(ReadLimitOption, Int64?)] = [(.maxPartSize, maxPartSize), (.maxTotalSize, maxTotalSize), (.maxRatio, maxRatio),
                                                   (.maxEntries, maxEntries), (.maxStringLength, maxStringLength),
                                                   (.maxSharedStrings, maxSharedStrings)]
        return values.compactMap { option, value in value.map { (option, $0) } }
    }

    func validate() throws {
        for (option, value) in given where !(1...option.largestValue).contains(value) {
            throw ValidationError("\(option.rawValue) must be a whole number from 1 to \(option.largestValue), not \(value)")
        }
    }

    var limits: ReadLimits {
        var limits = ReadLimits()
        for (option, value) in given {
            let maximum = value * option.scale
            switch option.limit {
            case .partSize: limits.maximumPartSize = maximum
            case .totalSize: limits.maximumTotalSize = maximum
            case .compressionRatio: limits.maximumCompressionRatio = maximum
            case .entryCount: limits.maximumEntryCount = maximum
            case .stringLength: limits.maximumStringLength = maximum
            case .sharedStringCount: limits.maximumSharedStrings = maximum
            case .cellsPerRow: break
            }
        }
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
        let evaluation = Evaluation(options: try options.evaluationOptions(rules: nil, limits: limits, language: lang))
        let results = evaluation.validate(try SubmissionFiles.collect(files))
        if let annotate {
            for failure in try evaluation.writeAnnotatedCopies(of: results, into: annotate).failures {
                StandardError.write("taizhang: \(failure.name): no annotated copy: \(failure.reason)\n")
            }
        }
        let report = FindingsReport(results: results, language: lang)
        let output = OutputBuffer()
        output.write(format == .json ? report.json : report.text)
        output.flush()
        try ExitStatus.check(results)
    }
}
