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

/// `/` for the district.
struct DistrictPage: Sendable {
    var layout: PageLayout
    /// `2026-10-16 18:00`.
    var asOf: String
    /// 周五 2026-10-16.
    var lastReportDay: String
    var reportedCount: Int
    var townCount: Int
    var lines: [StatusLine]
    /// The board shows at most ``DistrictPage/boardLimit`` towns (the API lists all): how many
    /// were left out, nil when none.
    var linesLeftOut: Int?
    var missing: [String]
    var hasMissing: Bool
    /// All towns against the milestones.
    var progressSVG: String
    /// The same drawn for a phone's width.
    var progressPhoneSVG: String
    var ranking: [RankLine]
    var hasRanking: Bool
    /// The ranking is being rebuilt after a new current submission (shows the previous one).
    var rankingStale: Bool
    /// The latest submissions of all towns, newest first (at most ``DistrictPage/submissionLimit``;
    /// the API lists all).
    var submissions: [SubmissionView]
    /// Every submission kept.
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
    var maxUploadMiB: Int

    /// The most towns the status board lists (a national run has thousands; the API has them all).
    static let boardLimit = 500
    /// The most towns offered as a drop-down list (beyond, the name is typed).
    static let listLimit = 300
    /// The most submissions the page lists.
    static let submissionLimit = 300
}
