import ArgumentParser
import Evaluation
import Ledger
import Scoring

/// `taizhang score`: scores a merged district ledger and writes the awards workbook.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score and rank the towns and cadres of a district ledger and write the awards workbook (评优评先)."
    )

    @Argument(help: "The district ledger written by `taizhang merge` (区汇总.xlsx).")
    var ledger: String

    @Option(help: "The scoring rules (default: the built-in scoring.yaml; `taizhang defaults` writes an editable copy).")
    var rules: String?

    @Option(name: .shortAndLong, help: "The awards workbook to write (评优评先.xlsx).")
    var output: String

    @Option(help: "text (the ranking as a table) or json (scores.json).")
    var format: ReportFormat = .text

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let evaluation = Evaluation(options: try options.evaluationOptions(rules: rules, limits: LimitOptions(), language: .chinese))
        let board = try evaluation.score(ledger: ledger, awards: output)
        print(format == .json ? board.json : board.text, terminator: format == .json ? "" : "\n")
    }
}
