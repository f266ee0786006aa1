import Evaluation
import Foundation
import Ledger
import Logging
import TaizhangSupport

/// The district's outputs — 区汇总.xlsx, 评优评先.xlsx, scores.json, findings.json — made by the
/// same `Evaluation` as `taizhang evaluate` from each town's current submission, in a worker
/// process, kept in `outputs/<key>/` and made again only when the set of current submissions
/// changes (the key of `DistrictState`).
///
/// A build that fails is logged and not tried again for the same submissions until
/// ``retryAfter`` seconds have passed and somebody asks for a download (pages never start it
/// again); a new current submission starts a new build.
actor DistrictOutputs {
    /// One finished build.
    struct Build: Sendable {
        /// The key of the current submissions it was built from.
        var key: String
        /// Its folder.
        var folder: String
        /// The towns' ranking as it stands (rank order).
        var ranking: [RankingLine]
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
            case .ledger: return EvaluationOutputs.ledgerName
            case .awards: return EvaluationOutputs.awardsName
            case .scores: return EvaluationOutputs.scoresName
            case .findings: return EvaluationOutputs.findingsName
            }
        }
    }

    /// A build that failed (answered 503 to downloads until `DistrictOutputs/retryAfter` passes).
    struct BuildFailed: Error, Sendable {
        var reason: String
        var retryAfter: Int
    }

    /// Seconds before a failed build of the same submissions is tried again (on a download).
    static let retryAfter = 300.0
    /// The name of the ranking kept beside a build's files (read back after a restart).
    static let rankingName = "ranking.json"

    private let folder: DataFolder
    private let state: DistrictState
    private let workers: WorkerPool
    private let clock: PortalClock
    private let timeout: Double
    private let logger: Logger
    /// The district's towns, in its order (the order of the build's inputs).
    private let towns: [String]
    private var latest: Build?
    private var running: (key: String, task: Task<Build, Error>)?
    private var failed: (key: String, at: Double, reason: String)?

    init(folder: DataFolder, state: DistrictState, workers: WorkerPool, clock: PortalClock, timeout: Double, logger: Logger,
         towns: [String]) {
        self.towns = towns
        self.folder = folder
        self.state = state
        self.workers = workers
        self.clock = clock
        self.timeout = timeout
        self.logger = logger
    }

    /// The outputs of the current submissions, built now when they are not yet; ``BuildFailed``
    /// while a failed build of the same submissions is not to be tried again yet.
    func current() async throws -> Build {
        let snapshot = try await state.snapshot()
        if let latest, latest.key == snapshot.key { return latest }
        if let failed, failed.key == snapshot.key, clock.now() - failed.at < Self.retryAfter {
            throw BuildFailed(reason: failed.reason, retryAfter: Int(Self.retryAfter - (clock.now() - failed.at)) + 1)
        }
        return try await build(snapshot)
    }

    /// The latest finished build without waiting, whether it is behind the current submissions
    /// (a build is then started in the background, unless the last one of these submissions
    /// failed), and whether the last build of these submissions failed.
    func latestRanking() async throws -> (build: Build?, stale: Bool, failed: Bool) {
        let snapshot = try await state.snapshot()
        if let latest, latest.key == snapshot.key { return (latest, false, false) }
        if let failed, failed.key == snapshot.key { return (latest, true, true) }
        if running?.key != snapshot.key {
            Task { _ = try? await self.build(snapshot) }
        }
        return (latest, true, false)
    }

    private func build(_ snapshot: DistrictState.Snapshot) async throws -> Build {
        if let running, running.key == snapshot.key { return try await running.task.value }
        let files = Self.files(of: snapshot, folder: folder, towns: towns)
        let (key, folder, workers, timeout) = (snapshot.key, self.folder, self.workers, self.timeout)
        let task = Task { try await Self.build(key: key, files: files, folder: folder, workers: workers, timeout: timeout) }
        running = (key, task)
        defer { if running?.key == key { running = nil } }
        do {
            let build = try await task.value
            latest = build
            return build
        } catch {
            let reason = String(describing: error)
            failed = (key, clock.now(), reason)
            logger.error("district outputs \(key) could not be built: \(reason)")
            throw BuildFailed(reason: reason, retryAfter: Int(Self.retryAfter))
        }
    }

    /// The current submissions' files, in the district's order of towns.
    private static func files(of snapshot: DistrictState.Snapshot, folder: DataFolder, towns: [String]) -> [SubmissionFile] {
        towns.compactMap { snapshot.current[$0] }.map {
            SubmissionFile(path: folder.filePath(sha256: $0.sha256), name: $0.fileName, received: $0.receivedAt)
        }
    }

    /// Builds into a fresh folder in a worker, then renames it into place; an existing build of
    /// the same key (from before a restart) is taken as it is.
    private static func build(key: String, files: [SubmissionFile], folder: DataFolder, workers: WorkerPool,
                              timeout: Double) async throws -> Build {
        let outputs = folder.path + "/outputs"
        let destination = outputs + "/" + key
        let manager = FileManager.default
        if let data = manager.contents(atPath: destination + "/" + rankingName),
           let ranking = try? JSONDecoder().decode([RankingLine].self, from: data) {
            return Build(key: key, folder: destination, ranking: ranking)
        }
        let work = outputs + "/.build-" + UUID().uuidString
        defer { try? manager.removeItem(atPath: work) }
        try AtomicFile.createFolders(work)
        let ranking: [RankingLine]
        switch try await workers.run(.build(files, folder: work), timeout: timeout) {
        case .built(let lines): ranking = lines
        case .failed(let reason): throw BuildFailed(reason: reason, retryAfter: Int(retryAfter))
        case .intake, .annotated, .edit: throw BuildFailed(reason: "the worker answered another job", retryAfter: Int(retryAfter))
        }
        try AtomicFile.writeInPlace(Array(try JSONEncoder().encode(ranking)), to: work + "/" + rankingName, sync: true)
        if manager.fileExists(atPath: destination) { try manager.removeItem(atPath: destination) }
        try manager.moveItem(atPath: work, toPath: destination)
        try AtomicFile.syncFolder(outputs)
        // Older builds are of no more use.
        for entry in (try? manager.contentsOfDirectory(atPath: outputs)) ?? []
        where entry != key && entry != "templates" && !entry.hasPrefix(".") {
            try? manager.removeItem(atPath: outputs + "/" + entry)
        }
        return Build(key: key, folder: destination, ranking: ranking)
    }
}
