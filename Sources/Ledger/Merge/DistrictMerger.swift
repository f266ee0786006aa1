import TaizhangSupport
import XLSX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What became of one input file in a merge.
public struct MergeEntry: Sendable {
    /// What became of the file.
    public enum Status: Sendable, Equatable {
        /// Its rows are in the district ledger.
        case used
        /// Another submission of the same town replaced it (later 填报日期, then later file time).
        case superseded(by: String)
        /// It could not be read at all.
        case unreadable
        /// It names no configured town.
        case unknownTown

        /// The status as 合并日志 and the merge's summary say it.
        public var label: String {
            switch self {
            case .used: return "采用"
            case .superseded(let winner): return "被替代(\(winner))"
            case .unreadable: return "无法读取"
            case .unknownTown: return "未识别镇名称"
            }
        }
    }

    /// Where the file was read from.
    public var path: String
    /// The name it is reported under (the path as given, or the name it was uploaded under).
    public var name: String
    /// The hex SHA-256 of the file's bytes.
    public var sha256: String
    /// The town the submission names, if readable.
    public var town: String?
    /// The submission's 填报日期, if given.
    public var reportDate: LedgerDate?
    /// Its place in the order of ``SubmissionOrder`` (report date, receipt, sequence).
    public var order: SubmissionOrder
    /// The data rows read from the file.
    public var rowsRead: Int
    /// The error findings.
    public var errors: Int
    /// The warning findings.
    public var warnings: Int
    /// Used, superseded, unreadable or of an unknown town.
    public var status: Status

    /// The file's name without its folder.
    public var fileName: String { name.split(separator: "/").last.map(String.init) ?? name }
}


/// The outcome of a merge: every input's entry and final findings, and the towns that sent nothing.
public struct MergeOutcome: Sendable {
    /// Every input's entry, in input order.
    public var entries: [MergeEntry]
    /// Per input, in input order: the findings (district-wide ones included).
    public var results: [SubmissionResult]
    /// The configured towns that sent nothing usable.
    public var missingTowns: [String]
    /// Clean rows per town and sheet, in town order.
    public var rowCounts: [(town: String, sheet: String, rows: Int)]
    /// Rows sent to 待核实.
    public var quarantinedRows: Int
    /// Each town's clean rows (the kept columns only), in town order, for scoring.
    public var towns: [TownData]

    /// Entries in the district's order of towns (each town's files in the order given; files of
    /// no known town last): how 合并日志 and 指标说明 list them, whatever order they came in.
    public static func districtOrder(_ entries: [MergeEntry], towns: [String]) -> [MergeEntry] {
        let place = Dictionary(towns.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
        return entries.enumerated().sorted { left, right in
            (place[left.element.town ?? ""] ?? towns.count, left.offset) < (place[right.element.town ?? ""] ?? towns.count, right.offset)
        }.map(\.element)
    }
}

/// Validates every submission and writes the district ledger: one sheet per ledger sheet with a
/// leading 镇 column (towns in configuration order, rows as submitted), 汇总 (one row per town),
/// 待核实 (rows with errors, with the source cell and the finding — never dropped) and 合并日志
/// (every input file and what became of it).
///
/// Two passes keep memory flat however many files arrive: the first validates each file and keeps
/// only a summary (town, report date, the values that must be unique in the district); the
/// second re-reads the chosen submission of each town, in town order, and streams its rows out.
public struct DistrictMerger: Sendable {
    /// The schema and district to validate and merge with.
    public let configuration: LedgerConfiguration
    /// Extra columns of 汇总, computed from each town's clean rows.
    public var summaryColumns: [(label: String, value: @Sendable (TownData) -> Double?)] = []

    /// Limits for reading submissions.
    public var limits: ReadLimits
    /// The office named in the printed pages' footers; nil: the district's ``DistrictConfig/issuer``.
    public var issuer: String?
    /// The sheets and columns of each town's clean rows to keep in ``MergeOutcome/towns`` (for
    /// scoring); nil keeps everything. Thousands of towns fit in memory when only these stay.
    public var keptColumns: [String: Set<String>]?

    /// A merger with a configuration and reading limits.
    public init(configuration: LedgerConfiguration, limits: ReadLimits = ReadLimits()) {
        self.configuration = configuration
        self.limits = limits
    }

    /// The validator of both passes, made once per merge (it indexes the district's towns).
    private func makeValidator() -> LedgerValidator {
        var validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
        validator.limits = limits
        return validator
    }

    /// Merges `files` (paths, each reported under its path and received at its modification
    /// time) into the district ledger at `output` (written atomically).
    public func merge(files: [String], to output: String) throws -> MergeOutcome {
        try merge(files.map { SubmissionFile(path: $0) }, to: output)
    }

    /// Merges `inputs` into the district ledger at `output` (written atomically): validates each,
    /// chooses each town's current submission (``SubmissionOrder``), adds the district-wide
    /// findings (``DistrictChecks``), and streams the rows that count (``CountedRows``) to their
    /// sheets and the others to 待核实.
    public func merge(_ inputs: [SubmissionFile], to output: String) throws -> MergeOutcome {
        let merger = self
        let validator = makeValidator()
        var summaries = ParallelMap.map(Array(inputs.enumerated())) { index, input in
            merger.summarise(input, sequence: Int64(index), validator: validator)
        }
        let chosen = choose(&summaries)
        let townList = configuration.district.towns
        let current = townList.compactMap { town in chosen[town.name].map { (town: town.name, index: $0) } }
        let districtFindings = DistrictChecks.findings(current.map { ($0.town, summaries[$0.index].districtValues) })
        var duplicates: [Int: [Finding]] = [:]
        for (position, entry) in current.enumerated() where !districtFindings[position].isEmpty {
            duplicates[entry.index] = districtFindings[position]
        }
        let asOf = current.compactMap { summaries[$0.index].entry.reportDate }.max()
        let sheetWriter = try DistrictLedgerWriter(path: output, configuration: configuration, summaryColumns: summaryColumns.map(\.label),
                                                   inputCount: inputs.count, issuer: issuer ?? configuration.district.issuer, asOf: asOf)
        var results = summaries.map(\.result)
        var towns: [TownData] = []
        let founding = CampaignProgress.foundingColumn(in: configuration.schema)
        var progress: [CampaignProgress.Town] = []
        func count(_ town: TownData) -> CampaignProgress.Town? {
            founding.map { CampaignProgress(towns: [town], district: configuration.district, sheet: $0.sheet, dateColumn: $0.column).towns[0] }
        }
        var rowCounts: [(town: String, sheet: String, rows: Int)] = []
        var quarantined = 0
        var missing: [String] = []
        // Second pass, in town order: read each chosen submission again (on every core, a batch
        // at a time) and stream its rows out.
        let batchSize = 32
        var pending: [String: SubmissionResult] = [:]
        for (position, town) in townList.enumerated() {
            if position % batchSize == 0 {
                let batch = townList[position..<min(position + batchSize, townList.count)].compactMap { chosen[$0.name] }
                let entries = batch.map { summaries[$0].entry }
                pending = Dictionary(uniqueKeysWithValues: zip(entries.map { $0.town! },
                                                               ParallelMap.map(entries) { validator.validate(path: $0.path, name: $0.name) }))
            }
            guard let index = chosen[town.name], var result = pending.removeValue(forKey: town.name) else {
                missing.append(town.name)
                let counted = count(TownData(name: town.name, target: town.target, tables: [:], errorCount: 0, dataRowCount: 0))
                if let counted { progress.append(counted) }
                try sheetWriter.writeSummary(town: town.name, target: town.target, rows: nil, counts: [:], quarantined: 0,
                                             errors: 0, warnings: 0, founded: counted?.founded, extra: [])
                continue
            }
            result.findings = validator.reportOrder(result.findings + (duplicates[index] ?? []))
            summaries[index].entry.errors = result.errorCount
            summaries[index].entry.warnings = result.warningCount
            guard let submission = result.submission else { continue }
            let written = try sheetWriter.writeTown(town.name, submission: submission, findings: result.findings, fileName: summaries[index].entry.fileName)
            quarantined += written.quarantined
            for sheet in configuration.schema.sheets { rowCounts.append((town.name, sheet.name, written.counts[sheet.name] ?? 0)) }
            let target = TownData.resolvedTarget(reported: configuration.schema.reportedTarget(of: submission),
                                                 town: town.name, district: configuration.district)
            let counted = count(TownData(name: town.name, target: target, tables: written.clean, errorCount: 0, dataRowCount: 0))
            if let counted { progress.append(counted) }
            var clean = written.clean
            if let keptColumns {
                clean = clean.filter { keptColumns[$0.key] != nil }
                for (sheet, rows) in clean {
                    let kept = keptColumns[sheet]!
                    clean[sheet] = rows.map { $0.filter { kept.contains($0.key) } }
                }
            }
            let rows = TownData(name: town.name, target: target, tables: clean, errorCount: result.errorCount,
                                dataRowCount: submission.tables.values.reduce(0) { $0 + $1.rows.count })
            try sheetWriter.writeSummary(town: town.name, target: target, rows: rows, counts: written.counts, quarantined: written.quarantined,
                                         errors: result.errorCount, warnings: result.warningCount, founded: counted?.founded,
                                         extra: summaryColumns.map { $0.value(rows) })
            towns.append(rows)
            result.submission = nil
            results[index] = result
        }
        try sheetWriter.writeLog(MergeOutcome.districtOrder(summaries.map(\.entry), towns: townList.map(\.name)))
        if founding != nil { try sheetWriter.writeProgress(CampaignProgress(district: configuration.district, towns: progress)) }
        try sheetWriter.close()
        return MergeOutcome(entries: summaries.map(\.entry), results: results, missingTowns: missing, rowCounts: rowCounts,
                            quarantinedRows: quarantined, towns: towns)
    }

    // MARK: first pass

    /// What the first pass keeps of a file.
    private struct Summary {
        var entry: MergeEntry
        var result: SubmissionResult
        /// The values that must be unique in the district.
        var districtValues: [DistrictValue]
    }

    private func summarise(_ input: SubmissionFile, sequence: Int64, validator: LedgerValidator) -> Summary {
        var result = validator.validate(path: input.path, name: input.name)
        let submission = result.submission
        result.submission = nil
        let reportDate = submission.flatMap { configuration.schema.reportDate(of: $0) }
        let status: MergeEntry.Status = !result.readable ? .unreadable : (result.town == nil ? .unknownTown : .used)
        let entry = MergeEntry(path: input.path, name: input.name, sha256: result.sha256, town: result.town, reportDate: reportDate,
                               order: SubmissionOrder(reportDate: reportDate, received: input.received, sequence: sequence),
                               rowsRead: submission?.tables.values.reduce(0) { $0 + $1.rows.count } ?? 0,
                               errors: result.errorCount, warnings: result.warningCount, status: status)
        let values = submission.map { DistrictChecks.values(of: $0, schema: configuration.schema) } ?? []
        return Summary(entry: entry, result: result, districtValues: values)
    }

    /// Each town's current submission (``SubmissionOrder``): the others are marked superseded,
    /// naming the one that replaced them. Returns the chosen index by town.
    private func choose(_ summaries: inout [Summary]) -> [String: Int] {
        var best: [String: Int] = [:]
        for index in summaries.indices where summaries[index].entry.status == .used {
            let town = summaries[index].entry.town!
            if let current = best[town], summaries[index].entry.order < summaries[current].entry.order { continue }
            best[town] = index
        }
        for index in summaries.indices where summaries[index].entry.status == .used {
            if let winner = best[summaries[index].entry.town!], winner != index {
                summaries[index].entry.status = .superseded(by: summaries[winner].entry.fileName)
            }
        }
        return best
    }
}
