import TaizhangSupport
import Ledger

/// The scoring rules with where they came from, and the step that scores a district and writes
/// its awards workbook: what `taizhang score`, `taizhang evaluate` and the portal share.
public struct ScoringSetup: Sendable {
    /// The loaded rules.
    public let rules: ScoringRules
    /// The rules file's path (or `(built in) scoring.yaml`) and SHA-256, named on 指标说明.
    public let rulesFile: (path: String, sha256: String)
    /// The ledger's schema and district the rules were loaded against.
    public let configuration: LedgerConfiguration

    /// Loads the rules at `rulesPath`, or the built-in default `scoring.yaml` when nil.
    public static func load(rulesPath: String?, configuration: LedgerConfiguration) throws -> ScoringSetup {
        let source = try RulesSource.load(path: rulesPath, schema: configuration.schema)
        return ScoringSetup(rules: source.rules, rulesFile: (source.path, source.sha256), configuration: configuration)
    }

    /// Scores the towns, writes the awards workbook to `output` (atomically) and returns the board.
    /// `inputs` are the files the towns' data came from, listed with their SHA-256 on 指标说明;
    /// the workbook says it rests on `latestReportDate` when known, and that it is provisional
    /// while `pendingRows` rows of the submissions wait in 待核实.
    public func scoreAndWrite(towns: [TownData], inputs: [String], latestReportDate: LedgerDate? = nil, pendingRows: Int = 0,
                              to output: String) throws -> ScoreBoard {
        let board = Scoring.score(DistrictData(district: configuration.district, towns: towns), rules: rules)
        var nominations: (columns: [ColumnSchema], rows: [(town: String, row: LedgerRow)])?
        if let sheet = rules.nominations, let schema = configuration.schema.sheet(sheet) {
            nominations = (schema.columns, towns.flatMap { town in (town.tables[sheet] ?? []).map { (town.name, $0) } })
        }
        try AwardsWorkbook(board: board, rules: rules, rulesFile: rulesFile,
                           inputs: inputs.map { ($0, FileDigest.sha256(path: $0) ?? "") }, nominations: nominations,
                           district: configuration.district, latestReportDate: latestReportDate, pendingRows: pendingRows)
            .write(to: output)
        return board
    }
}
