import TaizhangSupport
import ArgumentParser
import Evaluation
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
        let evaluation = Evaluation(options: try options.evaluationOptions(rules: rules, limits: limits, language: lang))
        let files = try SubmissionFiles.collect([folder])
        Progress().stage("校验、合并、评分 \(files.count) 份台账")
        let report = try evaluation.run(files, into: output)
        for failure in report.annotated.failures {
            StandardError.write("taizhang: \(failure.name): no annotated copy: \(failure.reason)\n")
        }
        print(EvaluationSummary.text(report))
        try ExitStatus.check(report.outcome.results)
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
    static func text(_ report: EvaluationReport) -> String {
        let (outcome, board, output) = (report.outcome, report.board, report.outputs.folder)
        let annotated = report.annotated.written.count
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
