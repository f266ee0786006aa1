// README, "Validating a ledger": ValidateLedger SUBMISSION.xlsx
import Ledger

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "湖坊镇台账.xlsx"

let configuration = try LedgerConfiguration.default()  // the built-in ledger.yaml and district.yaml
let validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
let result = validator.validate(path: path)
for finding in result.findings {
    print(finding.severity, finding.code, finding.sheet ?? "", finding.cell?.description ?? "", finding.message.chinese)
}
