import Foundation
import GRDB
import Ledger
import XLSX

/// Takes uploads: validates them off the event loop with the same validator as the CLI, keeps
/// every file by content (fsynced) and records every upload; answers only once both are durable.
final class SubmissionService: Sendable {
    /// What became of an upload.
    enum Outcome: Sendable {
        /// Kept and recorded.
        case recorded(SubmissionRecord)
        /// A town's upload whose 基本信息 names another town: not kept.
        case wrongTown(named: String)
    }

    let folder: DataFolder
    let configuration: LedgerConfiguration
    let validator: LedgerValidator
    let clock: PortalClock
    /// Reading and validating: CPU-bound, one per core.
    private let work: BlockingWork
    /// fsync, rename and commit: waits on the disk, so it must not hold a core's place.
    private let durability: BlockingWork

    init(folder: DataFolder, configuration: LedgerConfiguration, limits: ReadLimits, clock: PortalClock, width: Int,
         concurrentUploads: Int) {
        self.folder = folder
        self.configuration = configuration
        var validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
        validator.limits = limits
        self.validator = validator
        self.clock = clock
        work = BlockingWork(width: width, label: "taizhang.validation")
        durability = BlockingWork(width: max(1, concurrentUploads), label: "taizhang.durability")
    }

    /// Validates, keeps and records one upload. `townHint` names the town of a district's upload
    /// whose file cannot say (unreadable, or no 镇名称); `receivedAt` (seconds since 1970) is the
    /// receipt time of a file received before (an import), now when nil.
    func submit(bytes: [UInt8], fileName: String, role: Role, townHint: String?, receivedAt: Double? = nil) async throws -> Outcome {
        let receivedAt = receivedAt ?? clock.now()
        let validator = self.validator
        let folder = self.folder
        let district = configuration.district
        let schema = configuration.schema
        // The validator hashes the file as it reads it: its SHA-256 names the kept file.
        let (temporary, result) = try await work.run {
            let temporary = try folder.writeTemporary(bytes)
            return (temporary, validator.validate(path: temporary))
        }
        let digest = result.sha256
        guard digest.count == 64 else { throw PortalError.storage(path: temporary, reason: "the upload could not be read back") }
        let town: String?
        switch role {
        case .town(let own):
            if let named = result.town, named != own {
                unlink(temporary)
                return .wrongTown(named: named)
            }
            town = own
        case .district:
            town = result.town ?? townHint
        }
        let record = Self.record(of: result, town: town, fileName: fileName, sha256: digest, size: Int64(bytes.count),
                                 receivedAt: receivedAt, role: role, clock: clock, schema: schema, district: district)
        return try await durability.run {
            try folder.keep(temporary: temporary, sha256: digest)
            var inserted = record
            try folder.database.pool.write { try inserted.insert($0) }
            return .recorded(inserted)
        }
    }

    static func record(of result: SubmissionResult, town: String?, fileName: String, sha256: String, size: Int64,
                       receivedAt: Double, role: Role, clock: PortalClock, schema: LedgerSchema,
                       district: DistrictConfig) -> SubmissionRecord {
        let status: SubmissionStatus = !result.readable ? .unreadable : (result.errorCount > 0 ? .rejected : .accepted)
        let dates = FoundingDates.of(result, schema: schema).map { "\"\($0)\"" }
        var target: Int?
        if let submission = result.submission, case .integer(let number)? = schema.reportedTarget(of: submission), number >= 1 {
            target = number
        }
        return SubmissionRecord(
            id: nil, town: town, fileName: fileName, sha256: sha256, size: size,
            received: clock.isoText(receivedAt), receivedAt: receivedAt,
            reportDate: result.submission.flatMap { schema.reportDate(of: $0) }?.description,
            status: status.rawValue, errors: result.errorCount, warnings: result.warningCount,
            findings: "[" + result.findings.map { FindingsReport.json(of: $0, language: .chinese) }.joined(separator: ", ") + "]",
            findingsEnglish: "[" + result.findings.map { FindingsReport.json(of: $0, language: .english) }.joined(separator: ", ") + "]",
            uploader: role == .district ? "district" : "town",
            foundingDates: "[" + dates.joined(separator: ", ") + "]",
            reportedTarget: target)
    }

    /// The annotated copy of a submission with findings (made on first request, then kept in
    /// `annotated/<id>.xlsx`); nil for one without findings or unreadable.
    func annotatedCopy(of record: SubmissionRecord) async throws -> String? {
        guard let id = record.id, record.isReadable, record.errors + record.warnings > 0 else { return nil }
        let destination = folder.path + "/annotated/\(id).xlsx"
        if access(destination, R_OK) == 0 { return destination }
        let source = folder.filePath(sha256: record.sha256)
        let validator = self.validator
        let configuration = self.configuration
        return try await work.run {
            let result = validator.validate(path: source)
            guard result.readable, !result.findings.isEmpty else { return nil }
            var annotator = Annotator(language: .chinese)
            annotator.limits = validator.limits
            annotator.configuration = configuration
            try annotator.write(result, to: destination)
            return destination
        }
    }

    /// The blank template of a town, made on first request and kept in `outputs/templates/`.
    func template(town: String) async throws -> String {
        let configuration = self.configuration
        let folder = self.folder
        return try await work.run {
            guard let entry = configuration.district.town(named: town) else { throw PortalError.unknownTown(town) }
            let templates = folder.path + "/outputs/templates"
            try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
            let path = templates + "/" + TemplateBuilder.fileName(town: town)
            if access(path, R_OK) != 0 {
                try TemplateBuilder(schema: configuration.schema, district: configuration.district).write(town: entry, to: path)
            }
            return path
        }
    }
}
