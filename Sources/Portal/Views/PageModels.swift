/// What the Mustache page templates (`Sources/Portal/Pages/*.mustache`) render. Every text here
/// is plain text: the templates escape it (`{{…}}`); only ``svg`` members are markup made by the
/// server's own chart code (`{{{…}}}`), which escapes what it draws.

/// The frame every page shares.
struct PageLayout: Sendable {
    /// The page's title (in the tab and the heading).
    var title: String
    /// 青山湖区乡镇实体化"大团委"建设.
    var campaign: String
    /// Who is signed in: the town's name or 团区委; nil on the sign-in page.
    var signedInAs: String?
    /// True for the district.
    var isDistrict: Bool
    /// A class on `<body>` for pages laid out their own way (`bulletin-page`).
    var pageClass = ""
    /// The stylesheet and script, served from `Pages/` at `/static/…`.
    var stylesheet = "/static/portal.css"
    var script = "/static/portal.js"
}

/// `/login`.
struct LoginPage: Sendable {
    var layout: PageLayout
    /// Why the sign-in failed, when it did.
    var message: String?
}

/// A page that only says something (errors, a reset link shown once).
struct MessagePage: Sendable {
    var layout: PageLayout
    /// True for an error (styled as one).
    var isError: Bool
    var heading: String
    var message: String
    /// A link to show (e.g. a new access link), when there is one.
    var link: String?
    var backURL: String
}

/// One finding as a table row.
struct FindingRow: Sendable {
    var isError: Bool
    /// 错误 or 警告.
    var severity: String
    var cell: String
    var column: String
    var value: String
    var message: String
    var code: String
}

/// Findings of one sheet (or of the whole file, `sheet` = 整个文件).
struct FindingGroup: Sendable {
    var sheet: String
    var findings: [FindingRow]
    /// How many findings (Mustache has no count of its own, and sees stored members only).
    var count: Int
}

/// A submission as shown on its page and on the home pages.
struct SubmissionView: Sendable {
    var id: Int64
    var url: String
    /// The town, or 未归属 for an unreadable district upload that names none.
    var town: String
    var fileName: String
    /// `2026-10-16 09:12`.
    var received: String
    /// 填报日期, or — when the file gives none.
    var reportDate: String
    /// accepted, rejected or unreadable (for CSS classes).
    var status: String
    /// 已通过, 需修改 or 无法读取.
    var statusLabel: String
    var errors: Int
    var warnings: Int
    /// Mustache sections need booleans (a number is always "there"), stored (it sees no computed ones).
    var hasErrors: Bool
    var hasWarnings: Bool
    /// The district outputs use it.
    var isCurrent: Bool
    /// 本镇上传, 团区委代传, 在线修改 or 团区委代填(在线修改).
    var uploader: String
    /// The submission an edit was made from (在线修改), nil for an upload.
    var madeFrom: SubmissionLink?
    /// What its status means for the district's outputs (``StatusWording``).
    var explanation: String
    var fileURL: String
    /// Present when there are findings and the file was readable.
    var annotatedURL: String?
    var groups: [FindingGroup]
    var hasFindings: Bool
    /// The SHA-256 of the bytes (shown on the submission's page, for the record).
    var sha256: String
    /// `12.3 KiB`.
    var size: String
}

/// A link to a submission: `#12`.
struct SubmissionLink: Sendable {
    var id: Int64
    var url: String
}

/// A line the page says at its top: what just happened.
struct Notice: Sendable {
    var isError: Bool
    var text: String
}

/// A town's progress chart and its numbers.
struct ProgressView: Sendable {
    /// Inline SVG, for screens wider than a phone and print.
    var svg: String
    /// Inline SVG drawn for a phone's width (its text stays legible there).
    var phoneSVG: String
    var founded: Int
    var target: Int
    /// One line per milestone: 首节点 10-15:需 10 个,已建 12 个,已达标.
    var milestones: [MilestoneLine]
}

/// One milestone of a town, in words.
struct MilestoneLine: Sendable {
    var name: String
    var date: String
    var required: Int
    var founded: Int
    var met: Bool
    /// 已达标 / 未达标 / 未到期.
    var label: String
}

/// `/` for a town.
struct TownHomePage: Sendable {
    var layout: PageLayout
    var town: String
    var templateURL: String
    /// The latest upload's result, shown at the top.
    var latest: SubmissionView?
    /// Where the latest upload is corrected on the page (nil when it cannot be: unreadable).
    var editURL: String?
    /// Every upload of the town, newest first.
    var history: [SubmissionView]
    var progress: ProgressView
    /// The town's place in the ranking as it stands, when there is one.
    var rank: RankLine?
    /// How many towns the ranking has.
    var rankedTowns: Int
    /// The ranking is being rebuilt after a new current submission (shows the previous one).
    var rankingStale: Bool
    var hasHistory: Bool
    var maxUploadMiB: Int
}

/// `/submissions/{id}`.
struct SubmissionPage: Sendable {
    var layout: PageLayout
    var submission: SubmissionView
    /// What just happened (an upload, an edit, an edit refused as stale …), when something did.
    var notice: Notice?
    /// The town's latest upload when this is not it (corrections are made there).
    var latest: SubmissionLink?
    /// The correcting and adding forms: on the latest upload of a town, when it was read.
    var edit: EditSection?
    var homeURL: String
    /// Hides the result's link to this very page.
    var onSubmissionPage = true
}

/// One town on the district's status board.
struct StatusLine: Sendable {
    var town: String
    /// Its liaison leaders (联系领导), or —.
    var leaders: String
    var submissions: Int
    var reportedThisWeek: Bool
    /// 已交账 / 未交账.
    var reportedLabel: String
    var currentURL: String?
    var status: String
    var statusLabel: String
    var errors: Int
    var warnings: Int
    var founded: Int
    var target: Int
    var received: String
    var reportDate: String
    /// The town has a problem (the row is marked).
    var hasProblem: Bool
}

/// A town named in a problem's summary, linked to its current submission when it has one.
struct TownLink: Sendable {
    var name: String
    var url: String?
}

/// One problem's summary line on the board: how many towns, the first few, and the link to the full list.
struct ProblemSummary: Sendable {
    /// missing, rejected, unreported (for CSS and anchors).
    var key: String
    var label: String
    var count: Int
    var towns: [TownLink]
    /// How many more towns than those named.
    var more: Int?
    /// The board filtered to this problem.
    var listURL: String
}

/// A link that narrows the board (a problem, a liaison leader), marked when it is the one shown.
struct FilterLink: Sendable {
    var label: String
    var url: String
    var isActive: Bool
}

/// The board's pages.
struct Pager: Sendable {
    var page: Int
    var pages: Int
    var previousURL: String?
    var nextURL: String?
}

/// The reminder (催报) on the district's board.
struct ReminderView: Sendable {
    var text: String
    /// How many towns it names.
    var count: Int
}

/// One line of the ranking.
struct RankLine: Sendable {
    var rank: Int
    var town: String
    var total: String
    var award: String
}

/// A download offered to the district.
struct DownloadLink: Sendable {
    var label: String
    var url: String
    var note: String
}

/// `/` for the district, and for a liaison leader (their towns, read-only).
struct DistrictPage: Sendable {
    var layout: PageLayout
    /// 团区委工作台, or 书记 · 联系镇工作台.
    var heading: String
    /// True for the district: the forms, the downloads and the reminder are shown.
    var canChange: Bool
    /// `2026-10-16 18:00`.
    var asOf: String
    /// 周五 2026-10-16.
    var lastReportDay: String
    var reportedCount: Int
    var townCount: Int
    /// One line per problem that some town has, most urgent first.
    var problems: [ProblemSummary]
    var hasProblems: Bool
    /// The district's reminder (催报), nil for a leader.
    var reminder: ReminderView?
    /// The bulletins of the report days so far, newest first.
    var bulletins: [BulletinLink]
    var hasBulletins: Bool
    /// What the board shows: 全部 12 个镇(问题优先), or one problem's towns.
    var boardCaption: String
    /// The board's lines on this page: problems first (无有效报送, 需修改, 未交账), then in the district's order.
    var lines: [StatusLine]
    var filters: [FilterLink]
    /// The district's leaders to filter by (empty for a leader).
    var leaderFilters: [FilterLink]
    var hasLeaderFilters: Bool
    var pager: Pager?
    /// All towns against the milestones.
    var progressSVG: String
    /// The same drawn for a phone's width.
    var progressPhoneSVG: String
    var ranking: [RankLine]
    var hasRanking: Bool
    /// The ranking is cut at ``DistrictPage/rankingLimit`` lines: how many more there are.
    var rankingLeftOut: Int?
    /// The ranking is being rebuilt after a new current submission (shows the previous one).
    var rankingStale: Bool
    /// The latest submissions, newest first (at most ``DistrictPage/submissionLimit``; the API lists all).
    var submissions: [SubmissionView]
    /// Every submission kept (of the towns shown).
    var submissionCount: Int
    /// True when ``submissions`` is cut at the limit.
    var submissionsCapped: Bool
    var submissionLimit: Int
    var downloads: [DownloadLink]
    /// The towns, for the "upload for a town" form and the access-link resets (a link is shown
    /// only when made, never again) as drop-down lists; empty beyond ``DistrictPage/listLimit``
    /// towns, when the forms take a typed town name instead.
    var towns: [String]
    /// True when the forms offer ``towns`` as drop-down lists.
    var listsTowns: Bool
    /// The liaison leaders, for their access-link resets.
    var leaders: [String]
    var hasLeaders: Bool
    var maxUploadMiB: Int

    /// The board's lines per page (a national run has thousands of towns; the API has them all).
    static let pageSize = 50
    /// The towns named in a problem's summary line.
    static let namedInSummary = 12
    /// The most lines of the ranking on the page (评优评先.xlsx has them all).
    static let rankingLimit = 50
    /// The most towns offered as a drop-down list (beyond, the name is typed).
    static let listLimit = 300
    /// The most submissions the page lists.
    static let submissionLimit = 300
}
/// One town's row of a bulletin page.
struct BulletinRow: Sendable {
    var town: String
    var leaders: String
    var weekNew: Int
    var founded: Int
    var target: Int
    /// `56.0%`.
    var share: String
    var milestones: [BulletinCell]
    var report: BulletinCell
    var rank: Int
}

/// A cell of a bulletin page that may need attention (未达标, 未交: bold, not only coloured).
struct BulletinCell: Sendable {
    var label: String
    var flagged: Bool
}

/// A link to one issue of the bulletin.
struct BulletinLink: Sendable {
    /// 第3期 10月16日.
    var label: String
    var pageURL: String
    var workbookURL: String
    /// The issue shown on the page (not linked).
    var isCurrent: Bool
}

/// `/bulletin/D`: the bulletin as a page, printable on one A4 sheet.
struct BulletinPage: Sendable {
    var layout: PageLayout
    var title: String
    var asOfLine: String
    var summary: String
    var milestoneHeaders: [String]
    var rows: [BulletinRow]
    var totalWeekNew: Int
    var totalFounded: Int
    var totalTarget: Int
    var totalShare: String
    /// 达标 3 个, per milestone.
    var milestoneTotals: [String]
    var onTimeCount: Int
    var notOnTime: String
    var hasLateTowns: Bool
    var chartSVG: String
    var explanation: String
    var issuer: String
    /// 2026年10月17日.
    var issued: String
    var workbookURL: String
    var issues: [BulletinLink]

    init(_ bulletin: Bulletin, layout: PageLayout) {
        var layout = layout
        layout.pageClass = "bulletin-page"
        self.layout = layout
        title = bulletin.title
        asOfLine = bulletin.asOfLine + " · 交账截止时间 \(bulletin.deadline)"
        summary = bulletin.summary
        milestoneHeaders = bulletin.milestones.map { "\($0.name)(\($0.date.month)-\($0.date.day))" }
        rows = bulletin.lines.map { line in
            BulletinRow(town: line.town, leaders: line.leaders.joined(separator: "、"), weekNew: line.weekNew, founded: line.founded,
                        target: line.target, share: Bulletin.percent(line.share),
                        milestones: line.milestones.map { BulletinCell(label: $0.label, flagged: $0.isShortfall) },
                        report: BulletinCell(label: line.report.label, flagged: !line.report.isOnTime), rank: line.rank)
        }
        totalWeekNew = bulletin.totalWeekNew
        totalFounded = bulletin.totalFounded
        totalTarget = bulletin.totalTarget
        totalShare = Bulletin.percent(bulletin.totalShare)
        milestoneTotals = bulletin.milestones.indices.map { index in "达标 \(bulletin.lines.filter { $0.milestones[index].met }.count) 个" }
        onTimeCount = bulletin.onTimeCount
        notOnTime = bulletin.notOnTimeText { [calendar = bulletin.calendar, day = bulletin.day] in calendar.time($0, relativeTo: day) }
        hasLateTowns = !bulletin.notOnTime.isEmpty
        chartSVG = ProgressChart.district(bulletin.lines.map(\.progress),
                                          milestones: bulletin.milestones.map(\.configured))
        explanation = bulletin.explanation
        issuer = bulletin.issuer
        issued = ReportCalendar.fullDate(bulletin.issued)
        workbookURL = "/api/district/bulletin.xlsx?date=\(bulletin.day)"
        issues = []
    }
}
