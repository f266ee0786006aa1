import TaizhangSupport
import ArgumentParser
import Ledger
import Scoring
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `taizhang evaluate`: the whole job — validate every submission, merge, score, export.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "The whole job: validate every submission in DIR, merge, score and export.",
        discussion: """
        Writes OUTDIR/区汇总.xlsx, OUTDIR/评优评先.xlsx, OUTDIR/findings.json, OUTDIR/scores.json and \
        OUTDIR/退回修改/<file name> for each submission with findings. \
        Exit status: 0 no errors, 1 validation errors (the outputs are still written), 2 an unreadable input or a usage error.
        """
    )

    @Argument(help: "The folder of submitted workbooks.")
    var folder: String

    @Option(name: .shortAndLong, help: "The output folder (created if missing).")
    var output: String

    @Option(help: "The scoring rules (default: the built-in scoring.yaml; `taizhang defaults` writes an editable copy).")
    var rules: String?

    @Option(help: "zh or en, for findings.json.")
    var lang: Language = .chinese

    @OptionGroup var options: ConfigurationOptions
    @OptionGroup var limits: LimitOptions

    func run() throws {
        let progress = Progress()
        let configuration = try options.load()
        let scoring = try ScoringSetup.load(rulesPath: rules, configuration: configuration)
        let files = try InputFiles.expand([folder])
        try AtomicFile.createFolders(output)

        progress.stage("校验并合并 \(files.count) 份台账")
        let ledgerPath = output + "/区汇总.xlsx"
        var merger = DistrictMerger(configuration: configuration, limits: limits.limits)
        merger.keptColumns = scoring.rules.referencedColumns(schema: configuration.schema)
        let outcome = try merger.merge(files: files, to: ledgerPath)
        try AtomicFile.write(FindingsReport(results: outcome.results, language: lang).json, to: output + "/findings.json")

        progress.stage("写出退回修改的批注副本")
        let annotated = try AnnotatedCopies.write(outcome.results, to: output + "/退回修改", language: lang, limits: limits.limits,
                                                  configuration: configuration)

        progress.stage("评分排名")
        let latest = outcome.entries.filter { $0.status == .used }.compactMap(\.reportDate).max()
        let board = try scoring.scoreAndWrite(towns: outcome.towns, inputs: files, latestReportDate: latest,
                                              pendingRows: outcome.quarantinedRows, to: output + "/评优评先.xlsx")
        try AtomicFile.write(board.json, to: output + "/scores.json")

        print(EvaluationSummary.text(outcome: outcome, board: board, annotated: annotated, output: output))
        try ExitStatus.check(outcome.results)
    }
}

/// One line per stage on a terminal (standard error), nothing when redirected.
struct Progress {
    private let isTerminal = isatty(2) == 1

    func stage(_ text: String) {
        if isTerminal { StandardError.write("… \(text)\n") }
    }
}

/// The closing summary of `evaluate`.
enum EvaluationSummary {
    static func text(outcome: MergeOutcome, board: ScoreBoard, annotated: Int, output: String) -> String {
        let errors = outcome.results.reduce(0) { $0 + $1.errorCount }
        let warnings = outcome.results.reduce(0) { $0 + $1.warningCount }
        let rows = outcome.rowCounts.reduce(0) { $0 + $1.rows }
        var lines = [
            "镇:提交 \(outcome.towns.count) 个" + (outcome.missingTowns.isEmpty ? "" : ",未提交 \(outcome.missingTowns.joined(separator: "、"))"),
            "行:合并 \(rows) 行,待核实 \(outcome.quarantinedRows) 行",
            "问题:错误 \(errors) 个,警告 \(warnings) 个(\(output)/findings.json);批注副本 \(annotated) 份(\(output)/退回修改/)",
            "排名:",
        ]
        let shown = 20
        for standing in board.towns.prefix(shown) {
            lines.append("  \(standing.rank). \(standing.name) \(standing.total) \(standing.award ?? "")")
        }
        if board.towns.count > shown { lines.append("  …(共 \(board.towns.count) 个镇,见 \(output)/评优评先.xlsx)") }
        lines.append("输出:\(output)/区汇总.xlsx、评优评先.xlsx、findings.json、scores.json")
        return lines.joined(separator: "\n")
    }
}
