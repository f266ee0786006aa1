import Foundation
import Ledger
import Scoring
import TaizhangSupport
import XLSX

/// The district's whole job, in one place: each submission validated on its own, each town's
/// current submission chosen (`SubmissionOrder`), the district-wide checks added
/// (`DistrictChecks`), the rows that count (`CountedRows`) merged into 区汇总 with its 进度,
/// the towns and cadres scored into 评优评先, and findings.json, scores.json and the annotated
/// copies written. `taizhang evaluate`, `validate`, `merge` and `score` call its steps, and the
/// portal calls the same steps (in its worker processes), so the two cannot drift apart.
///
/// ```swift
/// let evaluation = Evaluation(options: try EvaluationOptions.builtIn())
/// let report = try evaluation.run(files.map { SubmissionFile(path: $0) }, into: "输出")
/// print(report.board.text)
/// ```
public struct Evaluation: Sendable {
    /// The settings every step uses.
    public let options: EvaluationOptions
    private let validator: LedgerValidator

    /// An evaluation with these options.
    public init(options: EvaluationOptions) {
        self.options = options
        var validator = LedgerValidator(schema: options.configuration.schema, district: options.configuration.district)
        validator.limits = options.limits
        self.validator = validator
    }

    // MARK: steps

    /// Each file validated on its own (no district-wide checks: those need every town's current
    /// submission, see ``merge(_:ledger:keepRows:)``), on every core; in the order given.
    public func validate(_ files: [SubmissionFile]) -> [SubmissionResult] {
        let validator = self.validator
        return ParallelMap.map(files) { validator.validate(path: $0.path, name: $0.name) }
    }

    /// One file validated on its own.
    public func validate(_ file: SubmissionFile) -> SubmissionResult {
        validator.validate(path: file.path, name: file.name)
    }

    /// Validates every file, chooses each town's current submission, adds the district-wide
    /// findings and writes the district ledger (区汇总) to `ledger`. `keepRows` keeps each town's
    /// counted rows in the outcome (for scoring: only the columns the rules read).
    public func merge(_ files: [SubmissionFile], ledger: String, keepRows: Bool = false) throws -> MergeOutcome {
        var merger = DistrictMerger(configuration: options.configuration, limits: options.limits)
        merger.keptColumns = keepRows ? options.scoring.rules.referencedColumns(schema: options.configuration.schema) : [:]
        merger.issuer = options.issuer
        return try merger.merge(files, to: ledger)
    }

    /// Scores the towns of a merge and writes the awards workbook (评优评先) to `awards`.
    /// `inputs` are listed with their SHA-256 on 指标说明; while rows wait in 待核实 the awards say
    /// they are provisional.
    public func score(_ outcome: MergeOutcome, awards: String) throws -> ScoreBoard {
        let towns = options.configuration.district.towns.map(\.name)
        let inputs = MergeOutcome.districtOrder(outcome.entries, towns: towns).map { (path: $0.name, sha256: $0.sha256) }
        return try options.scoring.scoreAndWrite(towns: outcome.towns, inputs: inputs, latestReportDate: reportDate(of: outcome),
                                                 pendingRows: outcome.quarantinedRows, to: awards)
    }

    /// Scores a district ledger written by ``merge(_:ledger:keepRows:)`` (or by hand) and writes
    /// the awards workbook to `awards`.
    public func score(ledger: String, awards: String) throws -> ScoreBoard {
        let reader = DistrictLedgerReader(configuration: options.configuration)
        let towns = try reader.read(path: ledger)
        let digest = FileDigest.sha256(path: ledger) ?? ""
        return try options.scoring.scoreAndWrite(towns: towns, inputs: [(ledger, digest)], latestReportDate: options.reportDate,
                                                 pendingRows: try reader.quarantinedRows(path: ledger), to: awards)
    }

    /// The date the outputs stand at: the option's, else the latest 填报日期 of the submissions used.
    public func reportDate(of outcome: MergeOutcome) -> LedgerDate? {
        options.reportDate ?? outcome.entries.filter { $0.status == .used }.compactMap(\.reportDate).max()
    }

    /// Writes the annotated copy (退回修改) of every readable result with findings into `folder`,
    /// each under its own name (`Annotator/copyName(of:)`). A copy that cannot be written is
    /// listed in the answer with its reason; the others are still written.
    public func writeAnnotatedCopies(of results: [SubmissionResult], into folder: String) throws -> AnnotatedCopies {
        try AtomicFile.createFolders(folder)
        var copies = AnnotatedCopies()
        for result in results where result.readable && !result.findings.isEmpty {
            let destination = folder + "/" + Annotator.copyName(of: result)
            do {
                try writeAnnotatedCopy(of: result, to: destination)
                copies.written.append(destination)
            } catch {
                copies.failures.append((result.name, String(describing: error)))
            }
        }
        return copies
    }

    /// Writes the annotated copy of one result to `destination` (atomically); its letter says the
    /// file was checked at `checkedAt` (nil: now — the portal passes the time the upload was
    /// received and checked).
    public func writeAnnotatedCopy(of result: SubmissionResult, to destination: String, checkedAt: Date? = nil) throws {
        var annotator = Annotator(language: options.language)
        annotator.checkedAt = checkedAt
        annotator.timeZone = options.timeZone
        annotator.limits = options.limits
        annotator.configuration = options.configuration
        annotator.issuer = options.issuer
        try annotator.write(result, to: destination)
    }

    /// A result with district-wide findings added (a current submission's, as ``merge(_:ledger:keepRows:)``
    /// finds them), in report order.
    public func adding(_ districtFindings: [Finding], to result: SubmissionResult) -> SubmissionResult {
        guard !districtFindings.isEmpty else { return result }
        var result = result
        result.findings = validator.reportOrder(result.findings + districtFindings)
        return result
    }

    // MARK: the whole job

    /// The whole job into `folder` (`cli.md`, "evaluate writes"): 区汇总.xlsx, 评优评先.xlsx,
    /// findings.json, scores.json and 退回修改/ — each written atomically. Without `annotate`, no
    /// annotated copies (the portal makes each on request).
    public func run(_ files: [SubmissionFile], into folder: String, annotate: Bool = true) throws -> EvaluationReport {
        let outputs = EvaluationOutputs(folder: folder)
        try AtomicFile.createFolders(folder)
        let outcome = try merge(files, ledger: outputs.ledger, keepRows: true)
        try AtomicFile.write(FindingsReport(results: outcome.results, language: options.language).json, to: outputs.findings)
        let annotated = annotate ? try writeAnnotatedCopies(of: outcome.results, into: outputs.returned) : AnnotatedCopies()
        let board = try score(outcome, awards: outputs.awards)
        try AtomicFile.write(board.json, to: outputs.scores)
        return EvaluationReport(outputs: outputs, outcome: outcome, board: board, annotated: annotated)
    }

    // MARK: one upload (the portal)

    /// What the portal keeps of one upload, read once: its findings, town and report date, the
    /// values the district-wide checks compare, and the founding dates of the rows that count.
    public func intake(_ file: SubmissionFile) -> SubmissionIntake {
        let result = validate(file)
        let schema = options.configuration.schema
        guard let submission = result.submission else {
            return SubmissionIntake(sha256: result.sha256, readable: result.readable, town: result.town, reportDate: nil,
                                    reportedTarget: nil, findings: result.findings, districtValues: [], founding: nil)
        }
        var target: Int?
        if case .integer(let number)? = schema.reportedTarget(of: submission), number >= 1 { target = number }
        return SubmissionIntake(sha256: result.sha256, readable: result.readable, town: result.town,
                                reportDate: schema.reportDate(of: submission), reportedTarget: target, findings: result.findings,
                                districtValues: DistrictChecks.values(of: submission, schema: schema),
                                founding: CampaignProgress.foundingRows(of: submission, findings: result.findings, schema: schema)
                                    .map { SubmissionIntake.Founding(sheetName: $0.sheetName, rows: $0.rows) })
    }
}

/// The annotated copies written by ``Evaluation/writeAnnotatedCopies(of:into:)``.
public struct AnnotatedCopies: Sendable {
    /// The paths written.
    public var written: [String] = []
    /// The files whose copy could not be written, with the reason.
    public var failures: [(name: String, reason: String)] = []
}

/// What ``Evaluation/run(_:into:annotate:)`` did.
public struct EvaluationReport: Sendable {
    /// Where it wrote.
    public var outputs: EvaluationOutputs
    /// The merge: every file's entry and findings, the towns' counted rows.
    public var outcome: MergeOutcome
    /// The scores and ranks.
    public var board: ScoreBoard
    /// The annotated copies.
    public var annotated: AnnotatedCopies
}
