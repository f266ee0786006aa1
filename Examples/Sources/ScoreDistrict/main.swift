// README, "Scoring": ScoreDistrict 区汇总.xlsx
import Ledger
import Scoring

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "区汇总.xlsx"

let configuration = try LedgerConfiguration.default()
let rules = try ScoringRules.default(schema: configuration.schema)  // the built-in scoring.yaml
let towns = try DistrictLedgerReader(configuration: configuration).read(path: path)
let board = Scoring.score(DistrictData(district: configuration.district, towns: towns), rules: rules)
print(board.text)
