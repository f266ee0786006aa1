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
    /// The rules file's text (the portal's worker processes load the same).
    package let rulesText: String

    /// Loads the rules at `rulesPath`, or the built-in default `scoring.yaml` when nil.
    public static func load(rulesPath: String?, configuration: LedgerConfiguration) throws -> ScoringSetup {
        ScoringSetup(try RulesSource.load(path: rulesPath, schema: configuration.schema), configuration: configuration)
    }

    /// The rules in `text`, named by `path`, against a configuration.
    package static func parse(_ text: String, path: String, configuration: LedgerConfiguration) throws -> ScoringSetup {
        ScoringSetup(try RulesSource.parse(text, path: path, schema: configuration.schema), configuration: configuration)
    }

    private init(_ source: RulesSource, configuration: LedgerConfiguration) {
        rules = source.rules
        rulesFile = (source.path, source.sha256)
        self.configuration = configuration
        rulesText = source.text
    }

    /// Scores the towns, writes the awards workbook to `output` (atomically) and returns the board.
    /// `inputs` are the files the towns' data came from (the name each is reported under and its
    /// SHA-256), listed on 指标说明; the workbook says it rests on `latestReportDate` when known,
    /// and that it is provisional while `pendingRows` rows of the submissions wait in 待核实.
    public func scoreAndWrite(towns: [TownData], inputs: [(path: String, sha256: String)], latestReportDate: LedgerDate? = nil,
                              pendingRows: Int = 0,
                              to output: String) throws -> ScoreBoard {
        let board = Scoring.score(DistrictData(district: configuration.district, towns: towns), rules: rules)
        var nominations: (columns: [ColumnSchema], rows: [(town: String, row: LedgerRow)])?
        if let sheet = rules.nominations, let schema = configuration.schema.sheet(sheet) {
            nominations = (schema.columns, towns.flatMap { town in (town.tables[sheet] ?? []).map { (town.name, $0) } })
        }
        try AwardsWorkbook(board: board, rules: rules, rulesFile: rulesFile, inputs: inputs, nominations: nominations,
                           district: configuration.district, latestReportDate: latestReportDate, pendingRows: pendingRows)
            .write(to: output)
        return board
    }
}
