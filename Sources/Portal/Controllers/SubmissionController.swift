import Hummingbird
import Ledger

/// Uploads and what belongs to a submission: `POST /api/submissions` (and the page's
/// `POST /upload`), the lists, one submission with its findings, its file, its annotated copy,
/// and a town's blank template.
struct SubmissionController: Sendable {
    let services: PortalServices

    func addRoutes(to router: Router<PortalRequestContext>) {
        let api = router.group("api")
        api.post("submissions", use: upload)
        api.get("submissions", use: list)
        api.get("submissions/:id", use: show)
        api.get("submissions/:id/file", use: file)
        api.get("submissions/:id/annotated", use: annotated)
        api.get("template", use: template)
        router.post("/upload", use: uploadForm)
    }

    /// 201 and the new submission; 200 and the existing one for the same bytes as the town's
    /// latest upload.
    @Sendable func upload(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let role = try context.requireChangingRole()
        if context.viaCookie && !SameOrigin.check(request) { throw APIError.crossOrigin }
        let (record, isNew) = try await receive(request, context: context, role: role)
        let snapshot = try await services.state.snapshot()
        return Responses.json(APIJSON.submission(try services.submission(record, in: snapshot, findings: true), findings: true) + "\n",
                              status: isNew ? .created : .ok)
    }

    /// The page's upload form: on to the submission's page.
    @Sendable func uploadForm(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let role = context.role else { return Responses.redirect("/login") }
        guard role.mayChange else { throw APIError.readOnly }
        if context.viaCookie && !SameOrigin.check(request) { throw APIError.crossOrigin }
        let (record, isNew) = try await receive(request, context: context, role: role)
        return Responses.redirect("/submissions/\(record.id ?? 0)?" + (isNew ? "new=1" : "unchanged=1"))
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let role = try context.requireRole()
        var town = request.uri.queryParameters["town"].map(String.init)
        var towns: [String]?
        switch role {
        case .town(let own):
            if let town, town != own { return Responses.json(APIJSON.submissions([])) }
            town = own
        case .liaison(let leader):
            if let town, !leader.towns.contains(town) { throw APIError.notFound }
            towns = town == nil ? leader.towns : nil
        case .district: break
        }
        let snapshot = try await services.state.snapshot()
        let records = try towns.map { try services.folder.store.history(towns: $0) } ?? services.folder.store.history(town: town)
        return Responses.json(APIJSON.submissions(try records.map { try services.submission($0, in: snapshot, findings: false) }))
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let record = try services.visibleSubmission(context, role: try context.requireRole())
        let snapshot = try await services.state.snapshot()
        return Responses.json(APIJSON.submission(try services.submission(record, in: snapshot, findings: true), findings: true) + "\n")
    }

    @Sendable func file(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let record = try services.visibleSubmission(context, role: try context.requireRole())
        return try Responses.download(services.folder.filePath(sha256: record.sha256), name: record.fileName)
    }

    /// The annotated copy, with the district-wide findings of a current submission marked too.
    @Sendable func annotated(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let record = try services.visibleSubmission(context, role: try context.requireRole())
        let snapshot = try await services.state.snapshot()
        let submission = try services.submission(record, in: snapshot, findings: false)
        let districtFindings = submission.isCurrent ? snapshot.districtFindings(of: record.id) : []
        guard let path = try await services.made.annotatedCopy(of: submission, districtFindings: districtFindings) else {
            throw APIError(status: .notFound, code: "no-annotated-copy", message: "这份报送没有问题,没有批注副本")
        }
        return try Responses.download(path, name: "退回修改-" + Responses.xlsxName(record.fileName))
    }

    @Sendable func template(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let town: String
        switch try context.requireRole() {
        case .town(let own): town = own
        case .liaison: throw APIError.notFound
        case .district:
            guard let named = request.uri.queryParameters["town"].map(String.init) else {
                throw APIError.badRequest("请用 ?town=镇名称 指定镇")
            }
            town = named
        }
        guard services.options.configuration.district.town(named: town) != nil else { throw APIError.notFound }
        return try Responses.download(try await services.made.template(town: town), name: TemplateBuilder.fileName(town: town))
    }

    /// Reads, checks and records an upload (the API's and the page's), within the bound on uploads
    /// received at once; whether it is new (false: the same bytes as the town's latest upload).
    private func receive(_ request: Request, context: PortalRequestContext, role: Role) async throws -> (SubmissionRecord, Bool) {
        try await services.throughUploadGate { try await receiveWithinGate(request, context: context, role: role) }
    }

    private func receiveWithinGate(_ request: Request, context: PortalRequestContext, role: Role) async throws -> (SubmissionRecord, Bool) {
        let options = services.options
        let upload = try await Upload.read(request, maximum: options.maxUploadBytes, timeout: options.bodyTimeout)
        var hint = request.uri.queryParameters["town"].map(String.init) ?? upload.town
        if let named = hint, options.configuration.district.town(named: named) == nil {
            if role == .district { throw APIError(status: .unprocessableContent, code: "unknown-town", message: "“\(named)”不是本区的镇") }
            hint = nil
        }
        switch try await services.intake.submit(bytes: upload.bytes, fileName: upload.fileName, role: role, townHint: hint,
                                                requestId: context.id) {
        case .recorded(let record): return (record, true)
        case .unchanged(let record): return (record, false)
        case .wrongTown(let named):
            throw APIError(status: .unprocessableContent, code: "wrong-town",
                           message: "这份台账的基本信息写的是“\(named)”,不是本镇的台账,未保存")
        }
    }
}

extension PortalServices {
    /// Runs an upload or an edit within the bound on those received at once; past it, 429 `busy`.
    func throughUploadGate<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        guard await uploadGate.tryEnter() else {
            throw APIError(status: .tooManyRequests, code: "busy", message: "同时上传的人太多,请稍后重试", retryAfter: 5)
        }
        do {
            let answer = try await work()
            await uploadGate.leave()
            return answer
        } catch {
            await uploadGate.leave()
            throw error
        }
    }
}

extension PortalRequestContext {
    /// The role of an authenticated request; 401 otherwise.
    func requireRole() throws -> Role {
        guard let role else { throw APIError.unauthorized }
        return role
    }

    /// The role of an authenticated request that may change things (upload, edit, reset links);
    /// 401 without one, 403 `read-only` for a liaison leader.
    func requireChangingRole() throws -> Role {
        let role = try requireRole()
        guard role.mayChange else { throw APIError.readOnly }
        return role
    }
}
