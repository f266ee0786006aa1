import TaizhangSupport
import Foundation
import Ledger
import Scoring

/// The district's outputs — 区汇总.xlsx, 评优评先.xlsx, scores.json, findings.json — built by the
/// same merge and scoring as `taizhang evaluate` from each town's current submission, kept in
/// `outputs/<key>/` and rebuilt only when the set of current submissions changes (the key is a
/// digest of the current submission ids).
actor DistrictOutputs {
    /// One finished build.
    struct Build: Sendable {
        /// The digest of the current submissions it was built from.
        var key: String
        /// Its folder.
        var folder: String
        /// The towns' ranking as it stands (rank order).
        var ranking: [RankingLine]
        /// When it was finished (seconds since 1970).
        var finished: Double
    }

    /// One town's line of the ranking.
    struct RankingLine: Sendable {
        var rank: Int
        var town: String
        var total: String
        var award: String?
    }

    /// The files of a build, by their name in the API (`/api/district/<name>`).
    enum File: String, CaseIterable, Sendable {
        case ledger = "ledger.xlsx"
        case awards = "awards.xlsx"
        case scores = "scores.json"
        case findings = "findings.json"

        /// The file's name in the build folder and in downloads (as `evaluate` names it).
        var fileName: String {
            switch self {
            case .ledger: return "区汇总.xlsx"
            case .awards: return "评优评先.xlsx"
            case .scores, .findings: return rawValue
            }
        }
    }

    private let folder: DataFolder
    private let board: CampaignBoard
    private let configuration: LedgerConfiguration
    private let scoring: ScoringSetup
    private let clock: PortalClock
    private var latest: Build?
    private var running: (key: String, task: Task<Build, Error>)?

    init(folder: DataFolder, board: CampaignBoard, configuration: LedgerConfiguration, scoring: ScoringSetup, clock: PortalClock) {
        self.folder = folder
        self.board = board
        self.configuration = configuration
        self.scoring = scoring
        self.clock = clock
    }

    /// The outputs of the current submissions, built now when they are not yet.
    func current() async throws -> Build {
        let (key, records) = try currentKey()
        if let latest, latest.key == key { return latest }
        if let running, running.key == key { return try await running.task.value }
        let task = Task.detached { [folder, configuration, scoring, clock] in
            try Self.build(key: key, records: records, folder: folder, configuration: configuration, scoring: scoring, clock: clock)
        }
        running = (key, task)
        defer { if running?.key == key { running = nil } }
        let build = try await task.value
        if latest == nil || latest!.finished <= build.finished { latest = build }
        return build
    }

    /// The latest finished build without waiting, and whether it is behind the current
    /// submissions (then a build is started in the background).
    func latestRanking() throws -> (build: Build?, stale: Bool) {
        let (key, _) = try currentKey()
        if let latest, latest.key == key { return (latest, false) }
        if running == nil {
            Task { _ = try? await self.current() }
        }
        return (latest, true)
    }

    private func currentKey() throws -> (String, [SubmissionRecord]) {
        let records = try folder.database.pool.read { try board.currentSubmissions($0) }.values
            .sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        let text = records.map { "\($0.id ?? 0)" }.joined(separator: ",")
        let key = String(FileDigest.sha256(text: text).prefix(24))
        return (key, records)
    }

    /// Merges, scores and writes the four files into a fresh folder, then renames it into place.
    private static func build(key: String, records: [SubmissionRecord], folder: DataFolder,
                              configuration: LedgerConfiguration, scoring: ScoringSetup, clock: PortalClock) throws -> Build {
        let destination = folder.path + "/outputs/" + key
        let manager = FileManager.default
        if manager.fileExists(atPath: destination + "/" + File.scores.fileName) {
            return Build(key: key, folder: destination, ranking: try ranking(scoresAt: destination), finished: clock.now())
        }
        let work = folder.path + "/outputs/.build-" + UUID().uuidString
        let inputs = work + "/inputs"
        try manager.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: work) }
        // Each current file under its own name (the town's, when two share one), for 合并日志.
        var names = Set<String>()
        var paths: [String] = []
        for record in records {
            var name = record.fileName.replacingOccurrences(of: "/", with: "_")
            if name.isEmpty || names.contains(name) { name = (record.town ?? "") + "-\(record.id ?? 0)-" + name }
            names.insert(name)
            try manager.linkItem(atPath: folder.filePath(sha256: record.sha256), toPath: inputs + "/" + name)
            paths.append(inputs + "/" + name)
        }
        var merger = DistrictMerger(configuration: configuration)
        merger.keptColumns = scoring.rules.referencedColumns(schema: configuration.schema)
        let outcome = try merger.merge(files: paths, to: work + "/" + File.ledger.fileName)
        let results = outcome.results.map { result -> SubmissionResult in
            var named = result
            named.path = String(result.path.split(separator: "/").last ?? "")
            return named
        }
        try AtomicFile.writeInPlace(Array(FindingsReport(results: results, language: .chinese).json.utf8),
                             to: work + "/" + File.findings.fileName, sync: true)
        let latest = outcome.entries.filter { $0.status == .used }.compactMap(\.reportDate).max()
        let scores = try scoring.scoreAndWrite(towns: outcome.towns, inputs: paths, latestReportDate: latest,
                                               pendingRows: outcome.quarantinedRows, to: work + "/" + File.awards.fileName)
        try AtomicFile.writeInPlace(Array(scores.json.utf8), to: work + "/" + File.scores.fileName, sync: true)
        try manager.removeItem(atPath: inputs)
        if manager.fileExists(atPath: destination) { try manager.removeItem(atPath: destination) }
        try manager.moveItem(atPath: work, toPath: destination)
        try AtomicFile.syncFolder(folder.path + "/outputs")
        // Older builds are of no more use.
        for entry in (try? manager.contentsOfDirectory(atPath: folder.path + "/outputs")) ?? []
        where entry != key && entry != "templates" && !entry.hasPrefix(".") {
            try? manager.removeItem(atPath: folder.path + "/outputs/" + entry)
        }
        let lines = scores.towns.map { RankingLine(rank: $0.rank, town: $0.name, total: "\($0.total)", award: $0.award) }
        return Build(key: key, folder: destination, ranking: lines, finished: clock.now())
    }

    /// The ranking of a finished build, read back from its scores.json (after a restart).
    private static func ranking(scoresAt folder: String) throws -> [RankingLine] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + File.scores.fileName))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let towns = object?["towns"] as? [[String: Any]] ?? []
        return towns.map { town in
            let total = (town["total"] as? NSNumber).map { "\($0)" } ?? ""
            return RankingLine(rank: (town["rank"] as? Int) ?? 0, town: town["town"] as? String ?? "", total: total,
                               award: town["award"] as? String)
        }
    }
}
