import Foundation
import GRDB
import Hummingbird
import Ledger

/// The HTTP API of `portal.md`.
extension Portal {
    func addAPIRoutes(to router: Router<PortalRequestContext>) {
        router.get("/healthz") { _, _ in "ok" }

        let api = router.group("api")
        api.post("submissions") { request, context in
            let role = try Self.require(context)
            if context.viaCookie && !SameOrigin.check(request) { throw APIError.crossOrigin }
            let record = try await self.receive(request, role: role)
            return try self.json(APIJSON.submission(record, current: self.isCurrent(record), findings: true) + "\n", status: .created)
        }
        api.get("submissions") { request, context in
            let role = try Self.require(context)
            var town = request.uri.queryParameters["town"].map(String.init)
            if case .town(let own) = role {
                if let town, town != own { return try self.json(APIJSON.submissions([], current: []), status: .ok) }
                town = own
            }
            let records = try self.history(town: town)
            return try self.json(APIJSON.submissions(records, current: try self.board.currentIds(town: town)), status: .ok)
        }
        api.get("submissions/:id") { _, context in
            let record = try self.submission(context)
            return try self.json(APIJSON.submission(record, current: try self.isCurrent(record), findings: true) + "\n", status: .ok)
        }
        api.get("submissions/:id/file") { _, context in
            let record = try self.submission(context)
            return try Self.download(self.folder.filePath(sha256: record.sha256), name: record.fileName)
        }
        api.get("submissions/:id/annotated") { _, context in
            let record = try self.submission(context)
            guard let path = try await self.submissions.annotatedCopy(of: record) else {
                throw APIError(status: .notFound, code: "no-annotated-copy", message: "这份报送没有问题,没有批注副本")
            }
            return try Self.download(path, name: "退回修改-" + Self.xlsxName(record.fileName))
        }
        api.get("template") { request, context in
            let role = try Self.require(context)
            let town: String
            switch role {
            case .town(let own): town = own
            case .district:
                guard let named = request.uri.queryParameters["town"].map(String.init) else {
                    throw APIError.badRequest("请用 ?town=镇名称 指定镇")
                }
                town = named
            }
            guard self.options.configuration.district.town(named: town) != nil else { throw APIError.notFound }
            let path = try await self.submissions.template(town: town)
            return try Self.download(path, name: TemplateBuilder.fileName(town: town))
        }
        api.get("status") { _, context in
            guard try Self.require(context) == .district else { throw APIError.notFound }
            let (asOf, reportDay, towns) = try self.board.statuses()
            let district = self.options.configuration.district
            return try self.json(APIJSON.status(asOf: self.options.clock.isoText(asOf), reportDay: WeekdayName.english(district.reportWeekday),
                                                lastReportDay: reportDay, towns: towns, clock: self.options.clock), status: .ok)
        }
        api.get("progress") { request, context in
            let role = try Self.require(context)
            let asked = request.uri.queryParameters["town"].map(String.init)
            let towns: [String]?
            switch role {
            case .town(let own):
                if let asked, asked != own { throw APIError.notFound }
                towns = [own]
            case .district:
                if let asked, self.options.configuration.district.town(named: asked) == nil { throw APIError.notFound }
                towns = asked.map { [$0] }
            }
            return try self.json(APIJSON.progress(try self.board.progress(towns: towns)), status: .ok)
        }
        for file in DistrictOutputs.File.allCases {
            api.get("district/\(file.rawValue)") { _, context in
                guard try Self.require(context) == .district else { throw APIError.notFound }
                let build = try await self.outputs.current()
                return try Self.download(build.folder + "/" + file.fileName, name: file.fileName)
            }
        }
    }

    /// The role of an authenticated request; 401 otherwise.
    static func require(_ context: PortalRequestContext) throws -> Role {
        guard let role = context.role else { throw APIError.unauthorized }
        return role
    }

    /// Reads, validates, keeps and records an upload (shared by the API and the page's form).
    func receive(_ request: Request, role: Role) async throws -> SubmissionRecord {
        guard await uploadGate.tryEnter() else {
            throw APIError(status: .tooManyRequests, code: "busy", message: "同时上传的人太多,请稍后重试")
        }
        do {
            let record = try await receiveWithinGate(request, role: role)
            await uploadGate.leave()
            return record
        } catch {
            await uploadGate.leave()
            throw error
        }
    }

    private func receiveWithinGate(_ request: Request, role: Role) async throws -> SubmissionRecord {
        let upload = try await Upload.read(request, maximum: options.maxUploadBytes, timeout: options.bodyTimeout)
        var hint = request.uri.queryParameters["town"].map(String.init) ?? upload.town
        if let named = hint, options.configuration.district.town(named: named) == nil {
            if role == .district { throw APIError(status: .unprocessableContent, code: "unknown-town", message: "“\(named)”不是本区的镇") }
            hint = nil
        }
        switch try await submissions.submit(bytes: upload.bytes, fileName: upload.fileName, role: role, townHint: hint) {
        case .recorded(let record): return record
        case .wrongTown(let named):
            throw APIError(status: .unprocessableContent, code: "wrong-town",
                           message: "这份台账的基本信息写的是“\(named)”,不是本镇的台账,未保存")
        }
    }

    /// A submission the request may see; 404 for another town's (as if it did not exist).
    func submission(_ context: PortalRequestContext) throws -> SubmissionRecord {
        let role = try Self.require(context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError.notFound }
        let record = try folder.database.pool.read { try SubmissionRecord.fetchOne($0, key: id) }
        guard let record, role.mayAccess(town: record.town) else { throw APIError.notFound }
        return record
    }

    /// Every submission (of one town when given), newest first.
    func history(town: String?) throws -> [SubmissionRecord] {
        try folder.database.pool.read { database in
            var request = SubmissionRecord.order(Column("receivedAt").desc, Column("id").desc)
            if let town { request = request.filter(Column("town") == town) }
            return try request.fetchAll(database)
        }
    }

    func isCurrent(_ record: SubmissionRecord) throws -> Bool {
        guard let id = record.id else { return false }
        return try board.currentIds(town: record.town).contains(id)
    }

    func json(_ text: String, status: HTTPResponse.Status) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A file as an attachment with its (UTF-8) name.
    static func download(_ path: String, name: String) throws -> Response {
        guard let bytes = DataFolder.read(path) else { throw APIError.notFound }
        var headers = HTTPFields()
        headers[.contentType] = name.hasSuffix(".json") ? "application/json; charset=utf-8"
            : (name.hasSuffix(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/octet-stream")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? "download"
        headers[.contentDisposition] = "attachment; filename=\"download\(Self.extensionOf(name))\"; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func extensionOf(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[dot...])
    }

    /// The annotated copy is always `.xlsx`.
    static func xlsxName(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name + ".xlsx" }
        return String(name[..<dot]) + ".xlsx"
    }
}
