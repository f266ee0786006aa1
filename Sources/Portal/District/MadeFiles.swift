import Foundation
import Ledger
import TaizhangSupport

/// The files the portal makes on request and keeps: a submission's annotated copy (made in a
/// worker process, since it reads the town's file) and a town's blank template.
struct MadeFiles: Sendable {
    let folder: DataFolder
    let configuration: LedgerConfiguration
    let workers: WorkerPool
    let workerTimeout: Double
    /// Writing templates: CPU-bound, off the event loop.
    let work: BlockingWork

    /// The annotated copy of a submission with its district-wide findings (made on first request,
    /// then kept as `annotated/<id>-<digest of those findings>.xlsx`, so that a change in the
    /// district makes a new one); nil for a submission without findings or unreadable.
    /// A workbook the patcher cannot rewrite (a damaged sheet) is an ``APIError`` 422
    /// `no-annotated-copy`, as `validate --annotate` says "no annotated copy" for it.
    func annotatedCopy(of submission: PortalSubmission, districtFindings: [Finding]) async throws -> String? {
        let record = submission.record
        guard let id = record.id, submission.hasAnnotatedCopy else { return nil }
        let variant = districtFindings.isEmpty ? "" : "-" + String(FileDigest.sha256(bytes: Array(try JSONEncoder().encode(districtFindings))).prefix(12))
        let destination = folder.path + "/annotated/\(id)\(variant).xlsx"
        if access(destination, R_OK) == 0 { return destination }
        let file = SubmissionFile(path: folder.filePath(sha256: record.sha256), name: record.fileName, received: record.receivedAt)
        switch try await workers.run(.annotate(file, districtFindings: districtFindings, destination: destination), timeout: workerTimeout) {
        case .annotated(let written): return written ? destination : nil
        case .failed(let reason):
            // The town's own workbook cannot be copied (a sheet too damaged to rewrite): the CLI
            // says "no annotated copy" for it, and so does the portal, in words a town reads.
            throw APIError(status: .unprocessableContent, code: "no-annotated-copy",
                           message: "这份台账有工作表已损坏,无法制作批注副本(\(reason));请按问题清单修改,"
                               + "在 Excel 或 WPS 中打开并另存后重新报送")
        case .intake, .built, .edit: throw WorkerPool.Failure.died("the worker answered another job")
        }
    }

    /// The blank template of a town, made on first request and kept in `outputs/templates/`.
    func template(town: String) async throws -> String {
        let (configuration, folder) = (self.configuration, self.folder)
        return try await work.run {
            guard let entry = configuration.district.town(named: town) else { throw PortalError.unknownTown(town) }
            let templates = folder.path + "/outputs/templates"
            try AtomicFile.createFolders(templates)
            let path = templates + "/" + TemplateBuilder.fileName(town: town)
            if access(path, R_OK) != 0 {
                try TemplateBuilder(schema: configuration.schema, district: configuration.district).write(town: entry, to: path)
            }
            return path
        }
    }
}
