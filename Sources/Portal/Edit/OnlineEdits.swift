import Foundation
import Ledger
import TaizhangSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Corrections and new rows made on the portal (`portal.md`, "Correcting and adding on the
/// page"): a worker writes them into the town's own workbook (``LedgerEditor``), and the edited
/// file is then recorded exactly as an upload — through ``Intake``, with its limits, validation,
/// keeping and recording — as a new submission made from the one edited (在线修改).
///
/// Only a town's latest upload is edited: an edit of an older one is ``PortalStore/Stale``
/// (409), also when another upload or edit arrives while this one is being written.
final class OnlineEdits: Sendable {
    /// The editor refused the request (422 with the refusal's code); nothing was written.
    struct Refused: Error, Sendable {
        var refusal: EditRefusal
    }

    /// The editor could not write this workbook (a structure it does not handle): 422
    /// `not-editable`, the town corrects it in Excel instead. `reason` is logged.
    struct CannotEdit: Error, Sendable {
        var reason: String
    }

    private let folder: DataFolder
    private let intake: Intake
    private let workers: WorkerPool
    private let timeout: Double
    private let forms = EditFormCache(capacity: 32)

    init(folder: DataFolder, intake: Intake, workers: WorkerPool, timeout: Double) {
        self.folder = folder
        self.intake = intake
        self.workers = workers
        self.timeout = timeout
    }

    /// What the page of a submission offers to correct and add; nil for an unreadable one, or
    /// when no worker could read it now (the page then shows the findings without inputs).
    func form(of record: SubmissionRecord, districtFindings: [Finding]) async -> EditForm? {
        guard record.isReadable, let id = record.id else { return nil }
        let key = "\(id):" + FileDigest.sha256(text: districtFindings.map { "\($0.code.rawValue) \($0.sheet ?? "")!\($0.cell?.description ?? "")" }
            .joined(separator: "\n"))
        if let form = await forms.form(key) { return form }
        let file = SubmissionFile(path: folder.filePath(sha256: record.sha256), name: record.fileName, received: record.receivedAt)
        do {
            guard case .edit(.form(let form)) = try await workers.run(.editForm(file, districtFindings: districtFindings), timeout: timeout)
            else { return nil }
            await forms.keep(form, as: key)
            return form
        } catch {
            FileHandle.standardError.write(Data("taizhang serve: the edit form of submission \(id): \(error)\n".utf8))
            return nil
        }
    }

    /// Writes `request` into the town's workbook of `record` (its latest upload) and records the
    /// result as the role's new submission made from it.
    ///
    /// - Throws: ``Refused``, ``CannotEdit``, ``PortalStore/Stale``, `Intake.LimitReached`, a
    ///   worker's failure, or `APIError` for an empty request.
    func edit(_ record: SubmissionRecord, request: EditRequest, role: Role, requestId: String) async throws -> Intake.Outcome {
        guard let town = record.town, record.isReadable else {
            throw Refused(refusal: EditRefusal(problems: [EditProblem(reason: .unreadableSubmission, sheet: request.cells.first?.sheet ?? "")]))
        }
        guard !request.isEmpty else { throw APIError.badRequest("没有要修改的内容:请填写要改正的单元格或新增的行") }
        let latest = try folder.store.latestUploadId(town: town)
        guard latest == record.id else { throw PortalStore.Stale(latest: latest) }
        // The hourly limit before any work (the quota is checked on the edited bytes).
        try intake.checkLimits(town: town, sha256: record.sha256, size: 0, at: intake.clock.now())
        let destination = folder.temporaryPath() + ".xlsx"
        defer { unlink(destination) }
        let file = SubmissionFile(path: folder.filePath(sha256: record.sha256), name: record.fileName, received: record.receivedAt)
        let fileName: String
        switch try await workers.run(.edit(file, request: request, destination: destination), timeout: timeout) {
        case .edit(.written(let name)): fileName = name
        case .edit(.refused(let refusal)): throw Refused(refusal: refusal)
        case .failed(let reason):
            FileHandle.standardError.write(Data("taizhang serve: request \(requestId): editing submission \(record.id ?? 0): \(reason)\n".utf8))
            throw CannotEdit(reason: reason)
        case .edit(.form), .intake, .annotated, .built: throw WorkerPool.Failure.died("the worker answered another job")
        }
        guard let bytes = DataFolder.read(destination) else { throw CannotEdit(reason: "the edited workbook was not written") }
        return try await intake.submit(bytes: bytes, fileName: fileName, role: role, townHint: town, requestId: requestId, editing: record)
    }
}

/// The latest edit forms, by submission and district-wide findings (a submission's file never
/// changes, so its form does not either): the page after an upload and the post of its form
/// read the file once.
private actor EditFormCache {
    private let capacity: Int
    private var forms: [String: EditForm] = [:]
    private var order: [String] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    func form(_ key: String) -> EditForm? { forms[key] }

    func keep(_ form: EditForm, as key: String) {
        if forms.updateValue(form, forKey: key) == nil { order.append(key) }
        while order.count > capacity { forms[order.removeFirst()] = nil }
    }
}
