import TaizhangSupport
import ArgumentParser
import Evaluation
import Ledger

/// `taizhang merge`: validates every submission and writes the district ledger.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Validate and merge town submissions into the district ledger.",
        discussion: "Exit status: 0 no errors, 1 validation errors (the ledger is still written), 2 an unreadable input or a usage error."
    )

    @Argument(help: "Submitted workbooks, or one folder holding them.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The district ledger to write (e.g. 区汇总.xlsx).")
    var output: String

    @OptionGroup var options: ConfigurationOptions
    @OptionGroup var limits: LimitOptions

    func run() throws {
        let evaluation = Evaluation(options: try options.evaluationOptions(rules: nil, limits: limits, language: .chinese))
        let outcome = try evaluation.merge(try SubmissionFiles.collect(inputs), ledger: output)
        print(MergeSummary.text(outcome))
        try ExitStatus.check(outcome.results)
    }
}

/// The exit status of a run over submissions (`cli.md`).
enum ExitStatus {
    static func check(_ results: [SubmissionResult]) throws {
        if results.contains(where: { !$0.readable }) { throw ExitCode(2) }
        if results.contains(where: { $0.errorCount > 0 }) { throw ExitCode(1) }
    }
}

/// The closing lines of a merge.
enum MergeSummary {
    static func text(_ outcome: MergeOutcome) -> String {
        var lines: [String] = []
        for entry in outcome.entries {
            lines.append("\(entry.fileName): \(entry.town ?? "-"),错误 \(entry.errors),警告 \(entry.warnings),\(entry.status.label)")
        }
        if !outcome.missingTowns.isEmpty { lines.append("未提交:" + outcome.missingTowns.joined(separator: "、")) }
        lines.append("待核实行数:\(outcome.quarantinedRows)")
        return lines.joined(separator: "\n")
    }
}
