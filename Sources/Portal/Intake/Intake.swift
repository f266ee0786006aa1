import Evaluation
import Foundation
import Ledger
import TaizhangSupport
import XLSX

/// Takes uploads: checks a town's limits, reads the file once in a worker process, keeps the file
/// by content (fsynced) and records the upload, answering only once both are durable.
final class Intake: Sendable {
    /// What became of an upload.
    enum Outcome: Sendable {
        /// Kept and recorded (201).
        case recorded(SubmissionRecord)
        /// The same bytes as the town's latest upload: nothing new was kept (200 with that one).
        case unchanged(SubmissionRecord)
        /// A town's upload whose 基本信息 names another town: not kept (422).
        case wrongTown(named: String)
    }

    /// A town's limit reached: nothing was kept.
    enum LimitReached: Error, Sendable {
        /// More uploads in the last hour than `--uploads-per-hour`; the next is possible in
        /// `retryAfter` seconds.
        case rate(limit: Int, retryAfter: Int)
        /// The town's stored files would pass `--quota` bytes.
        case quota(limit: Int64, stored: Int64)
    }

    /// The limits one town's uploads (and edits) live within.
    struct TownLimits: Sendable {
        /// Uploads of one town in any hour.
        var uploadsPerHour: Int
        /// Bytes of distinct files one town may store.
        var quotaBytes: Int64
    }

    let folder: DataFolder
    let configuration: LedgerConfiguration
    let clock: PortalClock
    let limits: TownLimits
    private let workers: WorkerPool
    private let workerTimeout: Double
    /// fsync, rename and commit: waits on the disk, so it must not hold a core's place.
    private let durability: BlockingWork
    /// Uploads of each town being received now (counted against the hourly limit).
    private let inFlight = InFlightUploads()

    init(folder: DataFolder, configuration: LedgerConfiguration, clock: PortalClock, limits: TownLimits, workers: WorkerPool,
         workerTimeout: Double, concurrentUploads: Int) {
        self.folder = folder
        self.configuration = configuration
        self.clock = clock
        self.limits = limits
        self.workers = workers
        self.workerTimeout = workerTimeout
        durability = BlockingWork(width: max(1, concurrentUploads), label: "taizhang.durability")
    }

    /// The process ids of the idle worker processes (for tests and diagnostics).
    var idleWorkerProcessIds: [Int32] { workers.idleProcessIds }

    /// Checks, reads, keeps and records one upload. `townHint` names the town of a district's
    /// upload whose file cannot say (unreadable, or no 镇名称); `receivedAt` (seconds since 1970)
    /// is the receipt time of a file received before (an import), now when nil; `requestId` is
    /// named in the finding of a file whose reading failed inside the program.
    ///
    /// An edit on the portal (`original`: the submission it was made from) is recorded like an
    /// upload of its town, by the role that made it, within the same limits; it must stay its
    /// town's (else `wrongTown`, whoever edits) and is recorded only while `original` is still
    /// the town's latest upload (else `PortalStore.Stale`).
    func submit(bytes: [UInt8], fileName: String, role: Role, townHint: String?, receivedAt: Double? = nil,
                requestId: String, editing original: SubmissionRecord? = nil) async throws -> Outcome {
        let receivedAt = receivedAt ?? clock.now()
        let sha256 = FileDigest.sha256(bytes: bytes)
        let known = original?.town ?? role.town ?? townHint
        if let known, let unchanged = try unchanged(sha256: sha256, town: known) { return .unchanged(unchanged) }
        if let known { try checkLimits(town: known, sha256: sha256, size: Int64(bytes.count), at: receivedAt) }
        inFlight.add(known)
        defer { inFlight.remove(known) }
        let temporary = try folder.writeTemporary(bytes)
        let intake = await read(SubmissionFile(path: temporary, name: fileName, received: receivedAt), requestId: requestId,
                                sha256: sha256)
        let town: String?
        // An edit stays its town's whoever makes it: it is checked as the town's own upload.
        switch original?.town.map(Role.town) ?? role {
        case .town(let own):
            if let named = intake.town, named != own {
                unlink(temporary)
                return .wrongTown(named: named)
            }
            town = own
        case .liaison:
            unlink(temporary)
            throw APIError.readOnly
        case .district:
            town = intake.town ?? townHint
            if let town, town != known {
                if let unchanged = try unchanged(sha256: sha256, town: town) {
                    unlink(temporary)
                    return .unchanged(unchanged)
                }
                do {
                    try checkLimits(town: town, sha256: sha256, size: Int64(bytes.count), at: receivedAt)
                } catch {
                    unlink(temporary)
                    throw error
                }
            }
        }
        var made = Self.record(of: intake, sha256: sha256, town: town, fileName: fileName, size: Int64(bytes.count),
                               receivedAt: receivedAt, role: role, clock: clock)
        made.editedFrom = original?.id
        let record = made
        let (folder, store) = (self.folder, self.folder.store)
        let madeFrom = original?.id
        if let madeFrom, let town, let latest = try store.latestUploadId(town: town), latest != madeFrom {
            unlink(temporary)
            throw PortalStore.Stale(latest: latest)
        }
        return try await durability.run {
            try folder.keep(temporary: temporary, sha256: sha256)
            var inserted = record
            try store.insert(&inserted, madeFrom: madeFrom)
            return .recorded(inserted)
        }
    }

    /// The intake of a file read in a worker; a worker that died or overran its time makes the
    /// file unreadable with one `internal-error` finding naming the request (the same file sent
    /// again is read afresh).
    private func read(_ file: SubmissionFile, requestId: String, sha256: String) async -> RecordedIntake {
        let failure: String
        do {
            switch try await workers.run(.intake(file), timeout: workerTimeout) {
            case .intake(let intake): return intake
            case .failed(let reason): failure = reason
            case .annotated, .built, .edit: failure = "the worker answered another job"
            }
        } catch {
            failure = String(describing: error)
        }
        let finding = Finding(severity: .error, code: .internalError, sheet: nil, cell: nil, column: nil, value: nil,
                              message: LocalizedText(
                                chinese: "读取这份文件时程序出错(请求编号 \(requestId)),已记录。请稍后重新上传;仍然不行请联系团区委。",
                                english: "Reading this file failed inside the program (request \(requestId)); it is logged. "
                                    + "Please upload it again later, and tell the district if it keeps failing."))
        FileHandle.standardError.write(Data("taizhang serve: request \(requestId): \(file.name): \(failure)\n".utf8))
        let intake = SubmissionIntake(sha256: sha256, readable: false, town: nil, reportDate: nil, reportedTarget: nil,
                                      findings: [finding], districtValues: [], founding: nil)
        return RecordedIntake(intake)
    }

    /// The town's latest upload when it holds the same bytes (and was read: one whose reading
    /// failed inside the program is read again).
    private func unchanged(sha256: String, town: String) throws -> SubmissionRecord? {
        guard let latest = try folder.store.latestUpload(town: town, sha256: sha256),
              !latest.findings.contains("\"\(RuleCode.internalError.rawValue)\"") else { return nil }
        return latest
    }

    /// Refuses an upload past the town's hourly count or its quota.
    func checkLimits(town: String, sha256: String, size: Int64, at moment: Double) throws {
        let window = 3600.0
        let (count, first) = try folder.store.uploads(town: town, since: moment - window)
        if count + inFlight.count(town) >= limits.uploadsPerHour {
            let retry = first.map { Int(($0 + window - moment).rounded(.up)) } ?? 60
            throw LimitReached.rate(limit: limits.uploadsPerHour, retryAfter: max(1, retry))
        }
        let stored = try folder.store.storedBytes(town: town)
        if try !folder.store.stores(sha256: sha256, town: town), stored + size > limits.quotaBytes {
            throw LimitReached.quota(limit: limits.quotaBytes, stored: stored)
        }
    }

    /// The record of an upload.
    static func record(of intake: RecordedIntake, sha256: String, town: String?, fileName: String, size: Int64, receivedAt: Double,
                       role: Role, clock: PortalClock) -> SubmissionRecord {
        let status: SubmissionStatus = !intake.readable ? .unreadable : (intake.errors > 0 ? .rejected : .accepted)
        return SubmissionRecord(
            id: nil, town: town, fileName: fileName, sha256: sha256, size: size,
            received: clock.isoText(receivedAt), receivedAt: receivedAt, reportDate: intake.reportDate?.description,
            status: status.rawValue, errors: intake.errors, warnings: intake.warnings, findings: intake.findings,
            uploader: role == .district ? "district" : "town", reportedTarget: intake.reportedTarget,
            districtValues: intake.districtValues, founding: intake.founding)
    }
}

/// How many uploads of each town are being received now.
private final class InFlightUploads: @unchecked Sendable {
    private let lock = Lock()
    private var counts: [String: Int] = [:]

    func add(_ town: String?) {
        guard let town else { return }
        lock.withLock { counts[town, default: 0] += 1 }
    }

    func remove(_ town: String?) {
        guard let town else { return }
        lock.withLock {
            counts[town, default: 1] -= 1
            if counts[town] == 0 { counts[town] = nil }
        }
    }

    func count(_ town: String) -> Int { lock.withLock { counts[town] ?? 0 } }
}
