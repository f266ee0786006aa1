import Hummingbird
import Ledger

/// The district's view of the campaign as data: `GET /api/status` (`?liaison=NAME` for the towns
/// a leader follows), `GET /api/progress` and the district's outputs
/// `GET /api/district/{ledger.xlsx, awards.xlsx, scores.json, findings.json}`. A liaison leader
/// gets the status and progress of the towns they follow; the outputs, which hold every town, are
/// the district's alone.
struct DistrictController: Sendable {
    let services: PortalServices

    func addRoutes(to router: Router<PortalRequestContext>) {
        let api = router.group("api")
        api.get("status", use: status)
        api.get("progress", use: progress)
        for file in DistrictOutputs.File.allCases {
            api.get("district/\(file.rawValue)") { request, context in try await download(file, context: context) }
        }
    }

    @Sendable func status(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let selected: [String]?
        switch try context.requireRole() {
        case .town: throw APIError.notFound
        case .liaison(let leader): selected = leader.towns
        case .district:
            selected = try request.uri.queryParameters["liaison"].map { name in
                guard let towns = services.options.configuration.district.liaisonTowns(of: String(name)) else { throw APIError.notFound }
                return towns
            }
        }
        let snapshot = try await services.state.snapshot()
        let (asOf, reportDay, towns) = try services.board.statuses(snapshot, towns: selected)
        let clock = services.options.clock
        return Responses.json(APIJSON.status(asOf: clock.isoText(asOf),
                                             reportDay: WeekdayName.english(services.options.configuration.district.reportWeekday),
                                             lastReportDay: reportDay, towns: towns, clock: clock))
    }

    @Sendable func progress(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let asked = request.uri.queryParameters["town"].map(String.init)
        let towns: [String]?
        switch try context.requireRole() {
        case .town(let own):
            if let asked, asked != own { throw APIError.notFound }
            towns = [own]
        case .liaison(let leader):
            if let asked, !leader.towns.contains(asked) { throw APIError.notFound }
            towns = asked.map { [$0] } ?? leader.towns
        case .district:
            if let asked, services.options.configuration.district.town(named: asked) == nil { throw APIError.notFound }
            towns = asked.map { [$0] }
        }
        let snapshot = try await services.state.snapshot()
        return Responses.json(APIJSON.progress(services.board.progress(snapshot, towns: towns)))
    }

    private func download(_ file: DistrictOutputs.File, context: PortalRequestContext) async throws -> Response {
        guard try context.requireRole() == .district else { throw APIError.notFound }
        let build = try await services.outputs.current()
        return try Responses.download(build.folder + "/" + file.fileName, name: file.fileName)
    }
}
