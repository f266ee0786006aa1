// The README's "the whole job" example: validate, merge, score and write every output of a
// folder of submissions, as `taizhang evaluate` does.
import Evaluation
import Foundation
import Ledger

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: EvaluateDistrict SUBMISSIONS_FOLDER OUTPUT_FOLDER")
    exit(2)
}
let evaluation = Evaluation(options: try EvaluationOptions.builtIn())     // built-in ledger, district and rules
let files = try SubmissionFiles.collect([arguments[1]])                    // the workbooks in the folder
let report = try evaluation.run(files, into: arguments[2])                 // 区汇总, 评优评先, findings.json, scores.json, 退回修改/
print(report.board.text)
for result in report.outcome.results where result.errorCount > 0 {
    print(result.name, result.errorCount, "errors")
}
