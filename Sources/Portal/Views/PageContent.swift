import Foundation
import GRDB
import Ledger

/// The page models filled from the store, the board and the district outputs.
extension Portal {
    /// A submission as the pages show it; with `findings`, its findings grouped by sheet.
    func view(of record: SubmissionRecord, current: Set<Int64>, findings: Bool) -> SubmissionView {
        let id = record.id ?? 0
        let status = SubmissionStatus(rawValue: record.status) ?? .unreadable
        let groups = findings ? Self.findingGroups(record.findings) : []
        let hasAnnotated = record.isReadable && record.errors + record.warnings > 0
        return SubmissionView(
            id: id, url: "/submissions/\(id)", town: record.town ?? "未归属", fileName: record.fileName,
            received: Self.shortTime(record.received), reportDate: record.reportDate ?? "—",
            status: record.status, statusLabel: Self.label(of: status), errors: record.errors, warnings: record.warnings,
            hasErrors: record.errors > 0, hasWarnings: record.warnings > 0,
            isCurrent: current.contains(id), uploader: record.uploader == "district" ? "团区委代传" : "本镇上传",
            fileURL: "/api/submissions/\(id)/file", annotatedURL: hasAnnotated ? "/api/submissions/\(id)/annotated" : nil,
            groups: groups, hasFindings: !groups.isEmpty, sha256: record.sha256, size: Self.size(record.size))
    }

    static func label(of status: SubmissionStatus) -> String {
        switch status {
        case .accepted: return "已通过"
        case .rejected: return "需修改"
        case .unreadable: return "无法读取"
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

    /// The stored findings (a JSON array as in findings.json) grouped by sheet, in their order.
    static func findingGroups(_ json: String) -> [FindingGroup] {
        let items = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]] ?? []
        var groups: [FindingGroup] = []
        for item in items {
            let sheet = item["sheet"] as? String ?? "整个文件"
            let isError = item["severity"] as? String == "error"
            let row = FindingRow(isError: isError, severity: isError ? "错误" : "警告", cell: item["cell"] as? String ?? "—",
                                 column: item["column"] as? String ?? "—", value: item["value"] as? String ?? "",
                                 message: item["message"] as? String ?? "", code: item["code"] as? String ?? "")
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
        let current = try board.currentIds(town: town)
        let records = try history(town: town)
        let history = records.map { view(of: $0, current: current, findings: false) }
        let latest = records.first.map { view(of: $0, current: current, findings: true) }
        let progress = try board.progress(towns: [town]).first
            ?? CampaignProgress.town(name: town, target: options.configuration.district.defaultTarget, foundingDates: [],
                                     district: options.configuration.district,
                                     dates: CampaignProgress.dates(of: options.configuration.district))
        let (build, stale) = try await outputs.latestRanking()
        let rank = build?.ranking.first { $0.town == town }.map(Self.rankLine)
        return TownHomePage(layout: layout(title: town, role: .town(town)), town: town, templateURL: "/api/template",
                            latest: latest, history: history, progress: progressView(progress), rank: rank,
                            rankedTowns: build?.ranking.count ?? 0, rankingStale: stale, hasHistory: !history.isEmpty,
                            maxUploadMiB: options.maxUploadBytes >> 20)
    }

    static func rankLine(_ line: DistrictOutputs.RankingLine) -> RankLine {
        RankLine(rank: line.rank, town: line.town, total: line.total, award: line.award ?? "—")
    }

    /// A town's chart and its milestones in words.
    func progressView(_ progress: CampaignProgress.Town) -> ProgressView {
        let today = options.clock.day(of: options.clock.now())
        let lines = progress.milestones.map { milestone in
            let label = milestone.met ? "已达标" : (milestone.date < today ? "未达标" : "未到期")
            return MilestoneLine(name: milestone.name, date: milestone.date.description, required: milestone.required,
                                 founded: milestone.founded, met: milestone.met, label: label)
        }
        return ProgressView(svg: ProgressChart.town(progress), founded: progress.founded, target: progress.target,
                            milestones: lines)
    }

    /// The district's page: the board, the chart, the ranking, the submissions, the downloads and
    /// the access links.
    func districtPage() async throws -> DistrictPage {
        let district = options.configuration.district
        let (asOf, reportDay, statuses) = try board.statuses()
        let lines = statuses.prefix(DistrictPage.boardLimit).map { status -> StatusLine in
            let record = status.current
            let state = record.flatMap { SubmissionStatus(rawValue: $0.status) }
            return StatusLine(town: status.town, submissions: status.submissions, reportedThisWeek: status.reportedThisWeek,
                              reportedLabel: status.reportedThisWeek ? "已交账" : "未交账",
                              currentURL: record?.id.map { "/submissions/\($0)" }, status: record?.status ?? "missing",
                              statusLabel: state.map(Self.label) ?? "未报送", errors: record?.errors ?? 0,
                              warnings: record?.warnings ?? 0, founded: status.founded, target: status.target,
                              received: record.map { Self.shortTime($0.received) } ?? "—",
                              reportDate: record?.reportDate ?? "—")
        }
        let (recent, total) = try recentSubmissions(limit: DistrictPage.submissionLimit)
        let current = Set(statuses.compactMap { $0.current?.id })
        let (build, stale) = try await outputs.latestRanking()
        let downloads = [
            DownloadLink(label: "区汇总.xlsx", url: "/api/district/ledger.xlsx", note: "各镇当前报送合并的区汇总台账"),
            DownloadLink(label: "评优评先.xlsx", url: "/api/district/awards.xlsx", note: "按评分规则的排名与评优"),
            DownloadLink(label: "scores.json", url: "/api/district/scores.json", note: "得分明细(程序用)"),
            DownloadLink(label: "findings.json", url: "/api/district/findings.json", note: "各镇当前报送的问题清单(程序用)"),
        ]
        let missing = statuses.filter { $0.current == nil }.map(\.town)
        // From the board's lines (one read of the current submissions, no lookup by town name).
        let days = CampaignProgress.dates(of: district)
        let progress = statuses.map { status in
            status.current.map { board.progress(of: $0, days: days) }
                ?? CampaignProgress.town(name: status.town, target: status.target, foundingDates: [], district: district, dates: days)
        }
        return DistrictPage(
            layout: layout(title: "团区委工作台", role: .district), asOf: Self.shortTime(options.clock.isoText(asOf)),
            lastReportDay: WeekdayName.chinese(district.reportWeekday) + " " + reportDay.description,
            reportedCount: statuses.filter(\.reportedThisWeek).count, townCount: statuses.count, lines: Array(lines),
            linesLeftOut: statuses.count > DistrictPage.boardLimit ? statuses.count - DistrictPage.boardLimit : nil, missing: missing, hasMissing: !missing.isEmpty,
            progressSVG: ProgressChart.district(progress, milestones: district.milestones),
            ranking: (build?.ranking ?? []).map(Self.rankLine), hasRanking: !(build?.ranking.isEmpty ?? true),
            rankingStale: stale, submissions: recent.map { view(of: $0, current: current, findings: false) },
            submissionCount: total, submissionsCapped: total > recent.count, submissionLimit: DistrictPage.submissionLimit,
            downloads: downloads.map { DownloadLink(label: $0.label, url: Self.percentEncodedPath($0.url), note: $0.note) },
            towns: district.towns.count <= DistrictPage.listLimit ? district.towns.map(\.name) : [],
            listsTowns: district.towns.count <= DistrictPage.listLimit, maxUploadMiB: options.maxUploadBytes >> 20)
    }

    /// The newest `limit` submissions of all towns, and how many there are in all.
    func recentSubmissions(limit: Int) throws -> (records: [SubmissionRecord], total: Int) {
        try folder.database.pool.read { database in
            (try SubmissionRecord.order(Column("receivedAt").desc, Column("id").desc).limit(limit).fetchAll(database),
             try SubmissionRecord.fetchCount(database))
        }
    }

    /// A path with its non-ASCII characters percent-encoded (for `href`).
    static func percentEncodedPath(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}
