import Foundation
import Hummingbird
import Ledger

/// The weekly rhythm (交账, 通报, 催报): `GET /api/district/bulletin.xlsx?date=D` and the page
/// `GET /bulletin/D` (the district and the liaison leaders), `GET /api/district/reminder` (the
/// district). `date` defaults to the latest report day that has begun; `/bulletin` goes to its page.
struct RhythmController: Sendable {
    let services: PortalServices

    func addRoutes(to router: Router<PortalRequestContext>) {
        router.get("/api/district/bulletin.xlsx", use: workbook)
        router.get("/api/district/reminder", use: reminder)
        router.get("/bulletin", use: latestPage)
        router.get("/bulletin/:date", use: page)
    }

    /// The district and the leaders see every bulletin; a town none.
    private static func mayReadBulletins(_ role: Role) -> Bool {
        role.town == nil
    }

    /// `YYYY-MM-DD`, or 400.
    private static func day(_ text: Substring?) throws -> LedgerDate? {
        guard let text else { return nil }
        guard let day = LedgerDate(iso: String(text)) else { throw APIError.badRequest("日期须写作 YYYY-MM-DD(如 2026-10-16)") }
        return day
    }

    @Sendable func workbook(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard Self.mayReadBulletins(try context.requireRole()) else { throw APIError.notFound }
        let (bulletin, key) = try await services.bulletins.bulletin(day: try Self.day(request.uri.queryParameters["date"]))
        let bytes = try await services.bulletins.workbook(bulletin, key: key, folder: services.folder)
        return Responses.download(bytes: bytes, name: Bulletins.fileName(bulletin))
    }

    @Sendable func reminder(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard try context.requireRole() == .district else { throw APIError.notFound }
        let reminder = try await makeReminder()
        guard request.uri.queryParameters["format"] == "text" else {
            return Responses.json(APIJSON.reminder(reminder, clock: services.options.clock))
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: reminder.text + "\n")))
    }

    /// The reminder as things stand now.
    func makeReminder() async throws -> Reminder {
        let snapshot = try await services.state.snapshot()
        let (asOf, reportDay, statuses) = try services.board.statuses(snapshot)
        return Reminder.make(statuses: statuses, reportDay: reportDay, now: asOf, calendar: services.calendar,
                             district: services.options.configuration.district, portalAddress: services.options.effectiveBaseURL)
    }

    @Sendable func latestPage(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let role = context.role else { return Responses.redirect("/login") }
        guard Self.mayReadBulletins(role) else { throw APIError.notFound }
        let (day, _) = try services.bulletins.checkedDay(nil, now: services.options.clock.now())
        return Responses.redirect("/bulletin/\(day)")
    }

    @Sendable func page(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let role = context.role else { return Responses.redirect("/login") }
        guard Self.mayReadBulletins(role) else { throw APIError.notFound }
        guard let day = try Self.day(context.parameters.get("date").map { Substring($0) }) else { throw APIError.notFound }
        let (bulletin, key) = try await services.bulletins.bulletin(day: day)
        let reader = "\(role)"
        if let kept = await services.bulletins.cache.page(key, reader: reader) { return services.pages.page(html: kept) }
        var page = BulletinPage(bulletin, layout: services.layout(title: bulletin.title, role: role))
        page.issues = Self.links(services.calendar.bulletinDays(at: services.options.clock.now()), current: bulletin.day,
                                 district: services.options.configuration.district)
        let html = services.pages.html("bulletin", page)
        await services.bulletins.cache.store(page: html, for: key, reader: reader)
        return services.pages.page(html: html)
    }

    /// The links to the bulletins of `days`.
    static func links(_ days: [LedgerDate], current: LedgerDate?, district: DistrictConfig) -> [BulletinLink] {
        days.map { day in
            BulletinLink(label: "第\(district.reportDayNumber(of: day) ?? 0)期 \(ReportCalendar.monthDay(day))", pageURL: "/bulletin/\(day)",
                         workbookURL: "/api/district/bulletin.xlsx?date=\(day)", isCurrent: day == current)
        }
    }
}
