import Foundation
import Ledger
import XLSX

/// Records workbooks as the district's uploads without the web (`taizhang import`): for a district
/// that collected ledgers by e-mail before the portal, and for the demo's backdated history.
///
/// Each file goes through the same intake as an upload (`Intake`, reading it in a worker
/// process): kept by content, recorded with the district as uploader. The receipt time is the
/// given one — a file received by e-mail on the 9th is recorded as received on the 9th — or now.
/// The towns' hourly limit and quota do not apply: the district records what it received.
public struct SubmissionImport: Sendable {
    /// What one file became.
    public struct Recorded: Sendable {
        /// The submission's id (its page is `/submissions/ID`).
        public var id: Int64
        /// The town it was recorded for; nil when neither the file nor `--town` names one.
        public var town: String?
        /// `accepted`, `rejected` or `unreadable`.
        public var status: String
        /// Error findings.
        public var errors: Int
        /// Warning findings.
        public var warnings: Int
        /// Receipt time as recorded (ISO 8601 with the district's offset).
        public var received: String
        /// False when the same bytes were already the town's latest upload (nothing new recorded).
        public var isNew: Bool
    }

    /// Why a file was not recorded.
    public enum ImportError: Error, CustomStringConvertible {
        /// The file cannot be read from disk at all (missing, a folder, no permission).
        case cannotRead(path: String)
        /// `--town` names no town of the district.
        case unknownTown(String)

        /// The message shown to the user.
        public var description: String {
            switch self {
            case .cannotRead(let path): return "\(path): cannot read the file"
            case .unknownTown(let town): return "\(town): not a town of the district (see the district file)"
            }
        }
    }

    private let configuration: LedgerConfiguration
    private let intake: Intake

    /// Opens (creating when missing) the data folder; a running server may share it. `options`
    /// gives the configuration, rules, reading limits, clock and worker processes.
    public init(options: PortalOptions) throws {
        configuration = options.configuration
        let folder = try DataFolder(path: options.dataPath, exclusive: false)
        let setup = WorkerSetup(options: options.evaluationOptions, memoryLimit: options.workers.memoryLimit)
        let workers = WorkerPool(launch: WorkerPool.Launch(executable: options.workers.executable, arguments: ["worker"], setup: setup),
                                 size: 1, label: "taizhang.import")
        intake = Intake(folder: folder, configuration: options.configuration, clock: options.clock,
                        limits: Intake.TownLimits(uploadsPerHour: .max, quotaBytes: .max), workers: workers,
                        workerTimeout: options.workers.timeout, concurrentUploads: 1)
    }

    /// Records the file at `path` as received at `receivedAt` (seconds since 1970; now when nil),
    /// for `town` when the file does not name its town itself.
    public func record(path: String, receivedAt: Double?, town: String?) async throws -> Recorded {
        if let town, configuration.district.town(named: town) == nil { throw ImportError.unknownTown(town) }
        guard let bytes = DataFolder.read(path) else { throw ImportError.cannotRead(path: path) }
        let name = String(path.split(separator: "/").last ?? Substring(path))
        func recorded(_ record: SubmissionRecord, isNew: Bool) -> Recorded {
            Recorded(id: record.id ?? 0, town: record.town, status: record.status, errors: record.errors, warnings: record.warnings,
                     received: record.received, isNew: isNew)
        }
        switch try await intake.submit(bytes: bytes, fileName: name, role: .district, townHint: town, receivedAt: receivedAt,
                                       requestId: "import") {
        case .recorded(let record): return recorded(record, isNew: true)
        case .unchanged(let record): return recorded(record, isNew: false)
        case .wrongTown(let named):
            // Only a town's own upload can name another town; the district's never does.
            throw ImportError.unknownTown(named)
        }
    }
}
