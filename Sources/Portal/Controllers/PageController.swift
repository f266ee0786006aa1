import Foundation
import Hummingbird
import Ledger

/// The pages (Chinese, server-rendered): a town's home, a submission, the district's board, and
/// the stylesheet and script they use. Signed out, a page goes to `/login`.
struct PageController: Sendable {
    let services: PortalServices

    func addRoutes(to router: Router<PortalRequestContext>) {
        router.get("/", use: home)
        router.get("/submissions/:id", use: submissionPage)
        router.get("/static/:name", use: asset)
    }

    @Sendable func home(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let role = context.role else { return CrossSiteArrival.signedOut(request, pages: services.pages, secure: services.secureCookies) }
        let parameters = request.uri.queryParameters
        let query = BoardLayout.Query(show: parameters["show"].map(String.init), liaison: parameters["liaison"].map(String.init),
                                      page: parameters["page"].map(String.init))
        switch role {
        case .district, .liaison: return services.pages.page("district", try await districtPage(role: role, query: query))
        case .town(let town): return services.pages.page("town", try await townHome(town))
        }
    }

    @Sendable func submissionPage(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let role = context.role else { return CrossSiteArrival.signedOut(request, pages: services.pages, secure: services.secureCookies) }
        let record = try services.visibleSubmission(context, role: role)
        let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { _, last in last })
        return try await submissionPage(record, role: role, notice: notice(query, record: record))
    }

    /// The page of a submission: its result and findings and, on its town's latest upload, the
    /// forms that correct and add (with the values and problems of a refused post, answered
    /// with `status`).
    func submissionPage(_ record: SubmissionRecord, role: Role, notice: Notice?, posted: [String: String] = [:],
                        refusal: [String] = [], refusedRowSheet: String? = nil,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let snapshot = try await services.state.snapshot()
        let submission = try services.submission(record, in: snapshot, findings: true)
        let latestId = try record.town.flatMap { try services.folder.store.latestUploadId(town: $0) }
        var latest: SubmissionLink?
        var edit: EditSection?
        if let latestId, latestId != record.id {
            latest = SubmissionLink(id: latestId, url: "/submissions/\(latestId)")
        } else if latestId != nil, role.mayChange, let id = record.id,
                  let form = await services.edits.form(of: record, districtFindings: snapshot.districtFindings(of: submission.isCurrent ? id : nil)) {
            edit = EditSection(form: form, submissionId: id, forTown: role == .district ? record.town : nil, posted: posted,
                               refusal: refusal, refusedRowSheet: refusedRowSheet)
        }
        let page = SubmissionPage(layout: services.layout(title: "报送 #\(record.id ?? 0)", role: role), submission: view(of: submission),
                                  notice: notice, latest: latest, edit: edit, homeURL: "/")
        return services.pages.page("submission", page, status: status)
    }

    /// What the page says at its top after an upload or an edit (`?new=1`, `?unchanged=1`,
    /// `?edited=1`, `?nochange=1`, `?stale=ID`).
    func notice(_ query: [String: String], record: SubmissionRecord) -> Notice? {
        let isReadable = record.isReadable
        if query["new"] == "1" {
            return isReadable ? Notice(isError: false, text: "已收到并保存。校验结果如下。")
                : Notice(isError: true, text: "已收到并保存,但文件无法读取:原因见下面的问题清单。")
        }
        if query["unchanged"] == "1" { return Notice(isError: false, text: "这份文件与本镇最近一次上传的完全相同,没有重复保存。校验结果如下。") }
        if query["edited"] == "1" {
            let source = record.editedFrom.map { "(在线修改,据报送 #\($0))" } ?? ""
            return Notice(isError: false, text: "已保存修改,生成了新的报送 #\(record.id ?? 0)\(source)。校验结果如下。")
        }
        if query["nochange"] == "1" { return Notice(isError: false, text: "没有改动任何内容,没有生成新的报送。") }
        if let stale = query["stale"].flatMap({ Int64($0) }) {
            return Notice(isError: true, text: "报送 #\(stale) 已不是本镇最新的一份,刚才的修改未保存;请在这份最新的报送上重新修改。")
        }
        return nil
    }

    @Sendable func asset(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let name = context.parameters.get("name"), let asset = services.pages.assets[name] else { throw APIError.notFound }
        var headers = HTTPFields()
        headers[.contentType] = asset.type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// A submission as the pages show it, its findings grouped by sheet (when it carries them).
    func view(of submission: PortalSubmission) -> SubmissionView {
        let record = submission.record
        let id = record.id ?? 0
        let groups = Self.findingGroups(submission.findings)
        return SubmissionView(
            id: id, url: "/submissions/\(id)", town: record.town ?? "未归属", fileName: record.fileName,
            received: Self.shortTime(record.received), reportDate: record.reportDate ?? "—",
            status: submission.status.rawValue, statusLabel: StatusWording.label(of: submission.status), errors: submission.errors,
            warnings: submission.warnings, hasErrors: submission.errors > 0, hasWarnings: submission.warnings > 0,
            isCurrent: submission.isCurrent, uploader: Self.uploaderLabel(record),
            madeFrom: record.editedFrom.map { SubmissionLink(id: $0, url: "/submissions/\($0)") },
            explanation: StatusWording.explanation(of: submission.status, hasWarnings: submission.warnings > 0),
            fileURL: "/api/submissions/\(id)/file", annotatedURL: submission.hasAnnotatedCopy ? "/api/submissions/\(id)/annotated" : nil,
            groups: groups, hasFindings: !groups.isEmpty, sha256: record.sha256, size: Self.size(record.size))
    }

    /// Who made a submission and how: 本镇上传, 团区委代传, 在线修改, 团区委代填(在线修改).
    static func uploaderLabel(_ record: SubmissionRecord) -> String {
        switch (record.uploader == "district", record.isEdit) {
        case (false, false): return "本镇上传"
        case (true, false): return "团区委代传"
        case (false, true): return "在线修改"
        case (true, true): return "团区委代填(在线修改)"
        }
    }

    /// `2026-10-16T09:12:03+08:00` → `2026-10-16 09:12`.
    static func shortTime(_ iso: String) -> String {
        String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    static func size(_ bytes: Int64) -> String {
        bytes < 1024 ? "\(bytes) B" : (bytes < 1 << 20 ? String(format: "%.1f KiB", Double(bytes) / 1024)
                                                       : String(format: "%.1f MiB", Double(bytes) / 1_048_576))
    }

    /// Findings grouped by sheet (the whole file's first), in their order.
    static func findingGroups(_ findings: [Finding]) -> [FindingGroup] {
        var groups: [FindingGroup] = []
        for finding in findings {
            let sheet = finding.sheet ?? "整个文件"
            let isError = finding.severity == .error
            let row = FindingRow(isError: isError, severity: isError ? "错误" : "警告", cell: finding.cell?.description ?? "—",
                                 column: finding.column ?? "—", value: finding.value ?? "", message: finding.message.chinese,
                                 code: finding.code.rawValue)
            if let index = groups.firstIndex(where: { $0.sheet == sheet }) {
                groups[index].findings.append(row)
                groups[index].count += 1
            } else {
                groups.append(FindingGroup(sheet: sheet, findings: [row], count: 1))
            }
        }
        return groups
    }

    /// A town's home: its latest result, its history, its progress and its rank.
    func townHome(_ town: String) async throws -> TownHomePage {
        let snapshot = try await services.state.snapshot()
        let records = try services.folder.store.history(town: town)
        let history = try records.map { view(of: try services.submission($0, in: snapshot, findings: false)) }
        let latest = try records.first.flatMap { try services.folder.store.submission(id: $0.id ?? 0) }
            .map { view(of: try services.submission($0, in: snapshot, findings: true)) }
        let district = services.options.configuration.district
        let progress = snapshot.progress[town]
            ?? CampaignProgress.town(name: town, target: district.defaultTarget, foundingDates: [], district: district,
                                     dates: CampaignProgress.dates(of: district))
        let (build, stale, _) = try await services.outputs.latestRanking()
        let rank = build?.ranking.first { $0.town == town }.map(Self.rankLine)
        let editURL = latest.flatMap { $0.status == SubmissionStatus.unreadable.rawValue ? nil : $0.url + "#edit" }
        return TownHomePage(layout: services.layout(title: town, role: .town(town)), town: town, templateURL: "/api/template",
                            latest: latest, editURL: editURL, history: history, progress: progressView(progress), rank: rank,
                            rankedTowns: build?.ranking.count ?? 0, rankingStale: stale, hasHistory: !history.isEmpty,
                            maxUploadMiB: services.options.maxUploadBytes >> 20)
    }

    static func rankLine(_ line: RankingLine) -> RankLine {
        RankLine(rank: line.rank, town: line.town, total: line.total, award: line.award ?? "—")
    }

    /// A town's chart and its milestones in words.
    func progressView(_ progress: CampaignProgress.Town) -> ProgressView {
        let clock = services.options.clock
        let today = clock.day(of: clock.now())
        let lines = progress.milestones.map { milestone in
            let label = milestone.met ? "已达标" : (milestone.date < today ? "未达标" : "未到期")
            return MilestoneLine(name: milestone.name, date: milestone.date.description, required: milestone.required,
                                 founded: milestone.founded, met: milestone.met, label: label)
        }
        return ProgressView(svg: ProgressChart.town(progress), phoneSVG: ProgressChart.town(progress, size: .phone),
                            founded: progress.founded, target: progress.target, milestones: lines)
    }

    /// The district's page (and a liaison leader's, over the towns they follow, read-only): what
    /// needs attention, the reminder, the bulletins, the downloads and forms, the board (problems
    /// first, paged), the chart, the ranking, the submissions.
    func districtPage(role: Role, query: BoardLayout.Query) async throws -> DistrictPage {
        let options = services.options
        let district = options.configuration.district
        let canChange = role == .district
        let followed = role.followedTowns
        var shown = followed
        if canChange, let leader = query.liaison {
            guard let towns = district.liaisonTowns(of: leader) else { throw APIError.notFound }
            shown = towns
        }
        let snapshot = try await services.state.snapshot()
        let (asOf, reportDay, everyone) = try services.board.statuses(snapshot, towns: followed)
        let shownSet = shown.map(Set.init)
        let statuses = shownSet.map { set in everyone.filter { set.contains($0.town) } } ?? everyone
        var boardQuery = query
        if !canChange { boardQuery.liaison = nil }
        let board = BoardLayout(query: boardQuery, statuses: statuses, leaders: canChange ? district.liaison.map(\.role) : [])
        let (pageLines, pager) = board.page()
        let (recent, total) = try services.folder.store.recent(limit: DistrictPage.submissionLimit, towns: followed)
        let (build, stale, _) = try await services.outputs.latestRanking()
        let visible = followed.map(Set.init)
        let ranking = (build?.ranking ?? []).filter { visible?.contains($0.town) ?? true }
        let reminder = canChange
            ? Reminder.make(statuses: everyone, reportDay: reportDay, now: asOf, calendar: services.calendar, district: district,
                            portalAddress: options.effectiveBaseURL)
            : nil
        let downloads = canChange ? [
            DownloadLink(label: "区汇总.xlsx", url: "/api/district/ledger.xlsx", note: "各镇当前报送合并的区汇总台账"),
            DownloadLink(label: "评优评先.xlsx", url: "/api/district/awards.xlsx", note: "按评分规则的排名与评优"),
            DownloadLink(label: "scores.json", url: "/api/district/scores.json", note: "得分明细(程序用)"),
            DownloadLink(label: "findings.json", url: "/api/district/findings.json", note: "各镇当前报送的问题清单(程序用)"),
        ] : []
        let problems = board.problems
        let bulletins = RhythmController.links(services.calendar.bulletinDays(at: asOf).reversed(), current: nil, district: district)
        let heading: String
        if case .liaison(let leader) = role { heading = "\(leader.name) · 联系镇工作台" } else { heading = "团区委工作台" }
        let listsTowns = district.towns.count <= DistrictPage.listLimit
        let progress = services.board.progress(snapshot, towns: shown)
        return DistrictPage(
            layout: services.layout(title: heading, role: role), heading: heading, canChange: canChange,
            asOf: Self.shortTime(options.clock.isoText(asOf)),
            lastReportDay: WeekdayName.chinese(district.reportWeekday) + " " + reportDay.description,
            reportedCount: statuses.filter(\.reportedThisWeek).count, townCount: statuses.count,
            problems: problems, hasProblems: !problems.isEmpty,
            reminder: reminder.map { ReminderView(text: $0.text, count: $0.towns.count) },
            bulletins: bulletins, hasBulletins: !bulletins.isEmpty, boardCaption: board.caption,
            lines: pageLines.map(Self.statusLine), filters: board.filters, leaderFilters: board.leaderFilters,
            hasLeaderFilters: !board.leaderFilters.isEmpty, pager: pager,
            progressSVG: ProgressChart.district(progress, milestones: district.milestones),
            progressPhoneSVG: ProgressChart.district(progress, milestones: district.milestones, size: .phone),
            ranking: ranking.prefix(DistrictPage.rankingLimit).map(Self.rankLine), hasRanking: !ranking.isEmpty,
            rankingLeftOut: ranking.count > DistrictPage.rankingLimit ? ranking.count - DistrictPage.rankingLimit : nil,
            rankingStale: stale, submissions: try recent.map { view(of: try services.submission($0, in: snapshot, findings: false)) },
            submissionCount: total, submissionsCapped: total > recent.count, submissionLimit: DistrictPage.submissionLimit,
            downloads: downloads.map { DownloadLink(label: $0.label, url: Self.percentEncodedPath($0.url), note: $0.note) },
            towns: canChange && listsTowns ? district.towns.map(\.name) : [], listsTowns: listsTowns,
            leaders: canChange ? district.liaison.map(\.role) : [], hasLeaders: canChange && !district.liaison.isEmpty,
            maxUploadMiB: options.maxUploadBytes >> 20)
    }

    /// A town's line of the board.
    static func statusLine(_ status: CampaignBoard.TownStatus) -> StatusLine {
        let current = status.current
        return StatusLine(town: status.town, leaders: status.leaders.isEmpty ? "—" : status.leaders.joined(separator: "、"),
                          submissions: status.submissions, reportedThisWeek: status.reportedThisWeek,
                          reportedLabel: status.reportedThisWeek ? "已交账" : "未交账",
                          currentURL: current?.record.id.map { "/submissions/\($0)" }, status: current?.status.rawValue ?? "missing",
                          statusLabel: current.map { StatusWording.label(of: $0.status) } ?? "未报送", errors: current?.errors ?? 0,
                          warnings: current?.warnings ?? 0, founded: status.founded, target: status.target,
                          received: current.map { shortTime($0.record.received) } ?? "—",
                          reportDate: current?.record.reportDate ?? "—", hasProblem: !status.problems.isEmpty)
    }

    /// A path with its non-ASCII characters percent-encoded (for `href`).
    static func percentEncodedPath(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}
