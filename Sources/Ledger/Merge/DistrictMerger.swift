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

    /// The file's path as given.
    public var path: String
    /// The hex SHA-256 of the file's bytes.
    public var sha256: String
    /// The town the submission names, if readable.
    public var town: String?
    /// The submission's 填报日期, if given.
    public var reportDate: LedgerDate?
    /// The file's modification time, in seconds since 1970 (the last tie-break between submissions).
    public var modificationTime: Int
    /// The data rows read from the file.
    public var rowsRead: Int
    /// The error findings.
    public var errors: Int
    /// The warning findings.
    public var warnings: Int
    /// Used, superseded, unreadable or of an unknown town.
    public var status: Status

    /// The file's name without its folder.
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }
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

    /// Merges `files` into the district ledger at `output` (written atomically).
    public func merge(files: [String], to output: String) throws -> MergeOutcome {
        let merger = self
        let validator = makeValidator()
        var summaries = ParallelMap.map(files) { merger.summarise($0, validator: validator) }
        choose(&summaries)
        let duplicates = districtDuplicates(summaries)
        let asOf = summaries.filter { $0.entry.status == .used }.compactMap(\.entry.reportDate).max()
        let sheetWriter = try DistrictLedgerWriter(path: output, configuration: configuration, summaryColumns: summaryColumns.map(\.label),
                                                   inputCount: files.count, asOf: asOf)
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
        var chosen: [String: Int] = [:]
        for (index, summary) in summaries.enumerated() where summary.entry.status == .used { chosen[summary.entry.town!] = index }
        // Second pass, in town order: read each chosen submission again (on every core, a batch
        // at a time) and stream its rows out.
        let batchSize = 32
        var pending: [String: SubmissionResult] = [:]
        let townList = configuration.district.towns
        for (position, town) in townList.enumerated() {
            if position % batchSize == 0 {
                let batch = townList[position..<min(position + batchSize, townList.count)].compactMap { chosen[$0.name] }
                let paths = batch.map { summaries[$0].entry.path }
                pending = Dictionary(uniqueKeysWithValues: zip(batch.map { summaries[$0].entry.town! },
                                                               ParallelMap.map(paths) { validator.validate(path: $0) }))
            }
            guard let index = chosen[town.name], var result = pending.removeValue(forKey: town.name) else {
                missing.append(town.name)
                let counted = count(TownData(name: town.name, target: town.target, tables: [:], errorCount: 0, dataRowCount: 0))
                if let counted { progress.append(counted) }
                try sheetWriter.writeSummary(town: town.name, target: town.target, rows: nil, counts: [:], quarantined: 0,
                                             errors: 0, warnings: 0, founded: counted?.founded, extra: [])
                continue
            }
            result.findings += duplicates[index] ?? []
            result.findings = validator.reportOrder(result.findings)
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
        try sheetWriter.writeLog(summaries.map(\.entry))
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
        /// Values that must be unique in the district: (sheet, column, value) → cell.
        var uniqueValues: [(sheet: String, sheetName: String, column: String, value: String, cell: FieldCell)]
    }

    private func summarise(_ path: String, validator: LedgerValidator) -> Summary {
        var result = validator.validate(path: path)
        let submission = result.submission
        result.submission = nil
        var unique: [(sheet: String, sheetName: String, column: String, value: String, cell: FieldCell)] = []
        let reportDate = submission.flatMap { configuration.schema.reportDate(of: $0) }
        if let submission {
            for sheet in configuration.schema.sheets {
                guard let table = submission.tables[sheet.name] else { continue }
                for column in sheet.columns where column.uniqueInDistrict {
                    for row in table.rows {
                        if let cell = row.cells[column.label], let value = cell.value {
                            unique.append((sheet.name, table.sheetName, column.label, value.description, cell))
                        }
                    }
                }
            }
        }
        let status: MergeEntry.Status = !result.readable ? .unreadable : (result.town == nil ? .unknownTown : .used)
        let entry = MergeEntry(path: path, sha256: result.sha256, town: result.town, reportDate: reportDate,
                               modificationTime: Self.modificationTime(path), rowsRead: submission?.tables.values.reduce(0) { $0 + $1.rows.count } ?? 0,
                               errors: result.errorCount, warnings: result.warningCount, status: status)
        return Summary(entry: entry, result: result, uniqueValues: unique)
    }

    /// Two submissions of one town: the later 填报日期 wins, then the later file time.
    private func choose(_ summaries: inout [Summary]) {
        var best: [String: Int] = [:]
        for index in summaries.indices where summaries[index].entry.status == .used {
            let town = summaries[index].entry.town!
            guard let current = best[town] else { best[town] = index; continue }
            let a = summaries[current].entry
            let b = summaries[index].entry
            let newer = (b.reportDate ?? LedgerDate(year: 1, month: 1, day: 1)!, b.modificationTime)
                > (a.reportDate ?? LedgerDate(year: 1, month: 1, day: 1)!, a.modificationTime)
            let (winner, loser) = newer ? (index, current) : (current, index)
            summaries[loser].entry.status = .superseded(by: summaries[winner].entry.fileName)
            best[town] = winner
        }
        // A file superseded by one that was itself superseded names the final winner.
        for index in summaries.indices {
            if case .superseded = summaries[index].entry.status, let town = summaries[index].entry.town, let winner = best[town] {
                summaries[index].entry.status = .superseded(by: summaries[winner].entry.fileName)
            }
        }
    }

    /// The same value of a district-unique column in two towns: an error in both, naming the other.
    private func districtDuplicates(_ summaries: [Summary]) -> [Int: [Finding]] {
        var byValue: [String: [(index: Int, item: (sheet: String, sheetName: String, column: String, value: String, cell: FieldCell))]] = [:]
        for (index, summary) in summaries.enumerated() where summary.entry.status == .used {
            for item in summary.uniqueValues { byValue["\(item.sheet)\u{1}\(item.column)\u{1}\(item.value)", default: []].append((index, item)) }
        }
        var findings: [Int: [Finding]] = [:]
        for occurrences in byValue.values {
            let towns = Set(occurrences.map { summaries[$0.index].entry.town! })
            guard towns.count > 1 else { continue }
            for occurrence in occurrences {
                let town = summaries[occurrence.index].entry.town!
                let others = occurrences.filter { summaries[$0.index].entry.town! != town }
                    .map { "\(summaries[$0.index].entry.town!) \($0.item.sheetName)!\($0.item.cell.reference)" }
                let item = occurrence.item
                findings[occurrence.index, default: []].append(Finding(
                    severity: .error, code: .districtDuplicate, sheet: item.sheetName, cell: item.cell.reference, column: item.column,
                    value: item.cell.typed,
                    message: LocalizedText(chinese: "\(item.column)“\(item.value)”与\(others.joined(separator: "、"))重复(全区不得重复)",
                                           english: "\(item.column) \"\(item.value)\" also appears in \(others.joined(separator: ", ")) (must be unique in the district)")))
            }
        }
        return findings
    }

    static func modificationTime(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int(info.st_mtim.tv_sec)
    }
}
