import Foundation
import Hummingbird
import Ledger

/// Corrections and new rows (`portal.md`, "Correcting and adding on the page"):
/// `POST /api/submissions/{id}/edits` with the JSON of portal.md, and the page's two plain forms,
/// `POST /submissions/{id}/edits` (the corrected cells) and `POST /submissions/{id}/rows` (a new
/// row). Each writes into the town's own workbook and records the result as a new submission
/// made from the edited one (``OnlineEdits``), by the town or, for it, by the district (代填).
struct EditController: Sendable {
    let services: PortalServices

    /// The largest edit request read (far more than any page's form or a script's corrections).
    static let bodyLimit = 4 << 20

    func addRoutes(to router: Router<PortalRequestContext>) {
        router.group("api").post("submissions/:id/edits", use: edits)
        router.post("/submissions/:id/edits", use: correctionsForm)
        router.post("/submissions/:id/rows", use: newRowForm)
    }

    /// 201 and the new submission (with `edited_from`); 200 and the latest for an edit that leaves
    /// the file as it was.
    @Sendable func edits(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let role = try context.requireChangingRole()
        if context.viaCookie && !SameOrigin.check(request) { throw APIError.crossOrigin }
        let record = try services.visibleSubmission(context, role: role)
        let body = try await request.body.collect(upTo: Self.bodyLimit)
        let edit: EditRequest
        do {
            edit = try JSONDecoder().decode(EditRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest(#"请求体须为 JSON:{"cells": [{"sheet": …, "cell": …, "value": …}], "rows": [{"sheet": …, "values": {…}}]}"#)
        }
        let (saved, isNew) = try await apply(edit, to: record, role: role, context: context)
        let snapshot = try await services.state.snapshot()
        return Responses.json(APIJSON.submission(try services.submission(saved, in: snapshot, findings: true), findings: true) + "\n",
                              status: isNew ? .created : .ok)
    }

    /// The page's corrections: the inputs whose values changed are written; none changed goes
    /// back to the page saying so.
    @Sendable func correctionsForm(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let role = context.role else { return Responses.redirect("/login") }
        guard role.mayChange else { throw APIError.readOnly }
        if context.viaCookie && !SameOrigin.check(request) { throw APIError.crossOrigin }
        let record = try services.visibleSubmission(context, role: role)
        let fields = FormFields(try await request.body.collect(upTo: Self.bodyLimit))
        let snapshot = try await services.state.snapshot()
        let isCurrent = snapshot.current[record.town ?? ""]?.id == record.id
        guard let form = await services.edits.form(of: record, districtFindings: snapshot.districtFindings(of: isCurrent ? record.id : nil))
        else {
            if !record.isReadable { throw OnlineEdits.Refused(refusal: EditRefusal(problems: [EditProblem(reason: .unreadableSubmission, sheet: "")])) }
            throw APIError(status: .serviceUnavailable, code: "unavailable", message: "服务器暂时忙不过来,修改未保存,请稍后再试。", retryAfter: 5)
        }
        let cells = form.changedCells(fields.pairs)
        guard !cells.isEmpty else { return Responses.redirect("/submissions/\(record.id ?? 0)?nochange=1") }
        return try await submitFromPage(EditRequest(cells: cells), record: record, role: role, context: context,
                                        posted: fields.pairs, rowSheet: nil)
    }

    /// The page's new row: `sheet` and one `col:LABEL` field per column (empty ones left out).
    @Sendable func newRowForm(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let role = context.role else { return Responses.redirect("/login") }
        guard role.mayChange else { throw APIError.readOnly }
        if context.viaCookie && !SameOrigin.check(request) { throw APIError.crossOrigin }
        let record = try services.visibleSubmission(context, role: role)
        let fields = FormFields(try await request.body.collect(upTo: Self.bodyLimit))
        guard let sheet = fields["sheet"], !sheet.isEmpty else { throw APIError.badRequest("缺少要新增行的工作表(sheet)") }
        var values: [String: String] = [:]
        for (name, value) in fields.pairs where name.hasPrefix("col:") && !EditForm.normalised(value).isEmpty {
            values[String(name.dropFirst(4))] = value
        }
        return try await submitFromPage(EditRequest(rows: [RowEditRequest(sheet: sheet, values: values)]), record: record, role: role,
                                        context: context, posted: fields.pairs, rowSheet: sheet)
    }

    /// Carries out a page's edit: on to the new submission's page; a stale one goes to the
    /// latest, saying so; a refusal shows the same page again with what was typed and why (422).
    private func submitFromPage(_ edit: EditRequest, record: SubmissionRecord, role: Role, context: PortalRequestContext,
                                posted: [(name: String, value: String)], rowSheet: String?) async throws -> Response {
        do {
            let (saved, isNew) = try await apply(edit, to: record, role: role, context: context)
            return Responses.redirect("/submissions/\(saved.id ?? 0)?" + (isNew ? "edited=1" : "nochange=1"))
        } catch let stale as PortalStore.Stale {
            guard let latest = stale.latest else { throw stale }
            return Responses.redirect("/submissions/\(latest)?stale=\(record.id ?? 0)")
        } catch let refused as OnlineEdits.Refused {
            let values = Dictionary(posted.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
            return try await PageController(services: services).submissionPage(
                record, role: role, notice: Notice(isError: true, text: "修改未保存:请按下面的提示改正后再保存。"), posted: values,
                refusal: refused.refusal.problems.map { $0.message.chinese }, refusedRowSheet: rowSheet, status: .unprocessableContent)
        }
    }

    /// Writes the edit and records it (within the bound on uploads received at once); the record
    /// and whether it is new.
    private func apply(_ edit: EditRequest, to record: SubmissionRecord, role: Role,
                       context: PortalRequestContext) async throws -> (SubmissionRecord, Bool) {
        let outcome = try await services.throughUploadGate {
            try await services.edits.edit(record, request: edit, role: role, requestId: context.id)
        }
        switch outcome {
        case .recorded(let saved): return (saved, true)
        case .unchanged(let latest): return (latest, false)
        case .wrongTown(let named):
            throw APIError(status: .unprocessableContent, code: "wrong-town",
                           message: "改动后的基本信息写的是“\(named)”,不是这份台账所属的镇,未保存")
        }
    }
}
