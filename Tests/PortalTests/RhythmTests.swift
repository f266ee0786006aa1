import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestOracles
@testable import Ledger
@testable import Portal

/// The weekly rhythm over a month of history made the way a district makes it: each week's
/// ledgers written by `taizhang sample --as-of DAY` and recorded by `taizhang import --received
/// TIME` — 京东镇 a day late in the second week, 扬子洲镇 silent all month. Each bulletin's numbers
/// are checked against counts made independently (Python with openpyxl reads the ledgers that had
/// arrived by the end of the day, picks each town's latest, counts its rows); the towns not on
/// time are listed; the reminder names exactly the towns that have not reported; a liaison leader
/// sees exactly their towns; a past bulletin comes out the same a month later, from the API and
/// from `taizhang bulletin`.
@Suite("Portal: the weekly rhythm over a month", .serialized)
struct RhythmTests {
    typealias F = PortalFixture
    static let towns = ["湖坊镇", "罗家镇", "塘山镇", "京东镇", "扬子洲镇"]
    static let leaders = ["湖坊镇": "书记", "罗家镇": "书记", "塘山镇": "副书记", "京东镇": "副书记", "扬子洲镇": "副书记"]

    /// A moment of district time: `2026-10-09T15:00:00+08:00`.
    static func moment(_ text: String) -> Double {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!.timeIntervalSince1970
    }

    /// 24:00 of a day, district time.
    static func end(of day: String) -> Double { PortalClock().start(of: LedgerDate(iso: day)!.adding(days: 1)) }

    /// The ledgers received: written by `sample --as-of`, recorded by `import --received`.
    final class History: @unchecked Sendable {
        let samples = temporaryFolder()
        let data: String
        private(set) var receipts: [(town: String, path: String, received: Double, ledgerOf: String)] = []
        private var sampled: Set<String> = []

        init(data: String) {
            self.data = data
        }

        /// `town` sends its ledger as it stood on `ledgerOf`, received at `time`.
        func receive(_ town: String, ledgerOf day: String, at time: String) throws {
            if !sampled.contains(day) {
                try Programs.taizhang(["sample", "--as-of", day, "-o", samples + "/" + day])
                sampled.insert(day)
            }
            let path = samples + "/" + day + "/" + town + "台账.xlsx"
            let printed = try Programs.taizhang(["import", "--data", data, "--received", time, path]).output
            #expect(printed.contains(town) && printed.contains("accepted"), "\(printed)")
            receipts.append((town, path, RhythmTests.moment(time), day))
        }
    }

    /// What the oracle found for one town: the founding dates (campaign start on) of the ledger
    /// that was its latest by the cut-off, and its 目标任务数.
    struct Counted: Decodable {
        var dates: [String]
        var target: Int?

        func founded(by day: String) -> Int { dates.filter { $0 <= day }.count }
    }

    /// Python with openpyxl, knowing nothing of taizhang: for each cut-off, each town's latest
    /// ledger received before it (by 填报日期, then receipt), and that ledger's 直属团组织 founding
    /// dates from the campaign start on.
    static let oracle = """
    import datetime, json, sys, openpyxl
    spec = json.load(open(sys.argv[1]))
    start = datetime.date.fromisoformat(spec["start"])
    def label(value): return str(value or "").replace("*", "").strip()
    def as_date(value):
        if isinstance(value, datetime.datetime): return value.date()
        if isinstance(value, datetime.date): return value
        if isinstance(value, str):
            try: return datetime.date.fromisoformat(value.strip()[:10])
            except ValueError: return None
        return None
    read = {}
    def ledger(path):
        if path not in read:
            book = openpyxl.load_workbook(path, data_only=True)
            fields = {label(row[0].value): row[1].value for row in book["基本信息"].iter_rows(max_col=2) if row[0].value}
            sheet = book["直属团组织"]
            header = next(r for r in range(1, 11) if "团组织名称" in [label(c.value) for c in sheet[r]])
            column = [label(c.value) for c in sheet[header]].index("成立日期")
            dates = [as_date(row[column]) for row in sheet.iter_rows(min_row=header + 1, values_only=True)
                     if any(value is not None for value in row)]
            target = fields.get("目标任务数")
            read[path] = (as_date(fields.get("填报日期")), int(target) if target is not None else None,
                          sorted(d.isoformat() for d in dates if d is not None and d >= start))
        return read[path]
    out = {}
    for cut in spec["cuts"]:
        towns = {}
        for town in spec["towns"]:
            best = None
            for receipt in spec["receipts"]:
                if receipt["town"] != town or receipt["received"] >= cut["before"]: continue
                report, target, dates = ledger(receipt["path"])
                key = (report or datetime.date.min, receipt["received"])
                if best is None or key >= best[0]: best = (key, target, dates)
            towns[town] = {"dates": best[2], "target": best[1]} if best else {"dates": [], "target": None}
        out[cut["name"]] = towns
    print(json.dumps(out, ensure_ascii=False))
    """

    /// The oracle's counts at each named cut-off (a moment: what was received before it counts).
    static func counts(_ history: History, cuts: [(name: String, before: Double)]) throws -> [String: [String: Counted]] {
        let spec: [String: Any] = [
            "start": "2026-09-01", "towns": towns,
            "receipts": history.receipts.map { ["town": $0.town, "path": $0.path, "received": $0.received] },
            "cuts": cuts.map { ["name": $0.name, "before": $0.before] },
        ]
        let path = temporaryFolder() + "/spec.json"
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: path))
        return try JSONDecoder().decode([String: [String: Counted]].self, from: Data(try Programs.python(oracle, [path]).utf8))
    }

    /// The bulletin's sheet 通报 as openpyxl reads it (cached values of the formulas).
    struct Sheet: Decodable, Equatable {
        var title: String
        var asOf: String
        var summary: String
        var rows: [[Cell]]
        var total: [Cell]
        var late: String
        var sheets: [String]
    }

    /// A cell's value: a number or a text.
    enum Cell: Decodable, Equatable {
        case number(Double)
        case text(String)
        case empty

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .empty } else if let number = try? container.decode(Double.self) { self = .number(number) } else {
                self = .text(try container.decode(String.self))
            }
        }

        var number: Double? { if case .number(let value) = self { return value } else { return nil } }
        var text: String? { if case .text(let value) = self { return value } else { return nil } }
    }

    static let reader = """
    import json, sys, openpyxl
    book = openpyxl.load_workbook(sys.argv[1], data_only=True)
    sheet = book["通报"]
    row, rows = 5, []
    while sheet.cell(row, 1).value != "全区合计":
        rows.append([sheet.cell(row, c).value for c in range(1, 11)])
        row += 1
    print(json.dumps({"title": sheet["A1"].value, "asOf": sheet["A2"].value, "summary": sheet["A3"].value, "rows": rows,
                      "total": [sheet.cell(row, c).value for c in range(1, 11)], "late": sheet.cell(row + 1, 1).value,
                      "sheets": book.sheetnames}, ensure_ascii=False))
    """

    static func sheet(_ bytes: [UInt8]) throws -> Sheet {
        let path = temporaryFolder() + "/bulletin.xlsx"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(Sheet.self, from: Data(try Programs.python(reader, [path]).utf8))
    }

    /// The bulletin of `day` from the API.
    static func bulletin(_ client: some TestClientProtocol, token: String, day: String) async throws -> Sheet {
        let response = try await F.get(client, "/api/district/bulletin.xlsx?date=" + day, token: token)
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        #expect(response.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
        return try sheet(Array(response.body.readableBytesView))
    }

    /// Checks a bulletin's table against the oracle: 累计, 目标, 本周新建, 完成率, the milestones,
    /// 按时交账 (`reports`: each town's expected label), 名次 and the totals.
    static func check(_ sheet: Sheet, day: String, issue: Int, history: History, asOf: Double, reports: [String: String]) throws {
        let previous = LedgerDate(iso: day)!.adding(days: -7).description
        let found = try counts(history, cuts: [("day", min(end(of: day), asOf)), ("before", min(end(of: previous), asOf))])
        #expect(sheet.title == "青山湖区乡镇实体化“大团委”建设工作进展通报(第\(issue)期)")
        let date = LedgerDate(iso: day)!
        #expect(sheet.asOf.hasPrefix("截至\(date.year)年\(date.month)月\(date.day)日"), "\(sheet.asOf)")
        #expect(sheet.rows.map { $0[0].text } == towns)
        var keys: [(share: Double, founded: Int)] = []
        for (index, town) in towns.enumerated() {
            let row = sheet.rows[index]
            let now = found["day"]![town]!, before = found["before"]![town]!
            let target = now.target ?? 20
            let founded = now.founded(by: day)
            let share = (Double(founded) / Double(target) * 10_000).rounded() / 10_000
            keys.append((share, founded))
            #expect(row[1].text == leaders[town], "\(day) \(town) 联系领导")
            #expect(row[2].number == Double(founded - before.founded(by: previous)), "\(day) \(town) 本周新建: \(row[2])")
            #expect(row[3].number == Double(founded), "\(day) \(town) 累计: \(row[3]) (oracle \(founded))")
            #expect(row[4].number == Double(target), "\(day) \(town) 目标")
            #expect(row[5].number == share, "\(day) \(town) 完成率")
            for (column, milestone) in [(6, ("2026-10-15", 0.5)), (7, ("2026-10-25", 1.0))] {
                let required = Int((milestone.1 * Double(target)).rounded(.up))
                let due = milestone.0 <= day
                let byThen = due ? now.founded(by: milestone.0) : founded
                let expected = byThen >= required ? (due ? "达标" : "提前达标") : (due ? "未达标(差\(required - byThen))" : "差\(required - byThen)个")
                #expect(row[column].text == expected, "\(day) \(town) milestone \(milestone.0)")
            }
            #expect(row[8].text == reports[town], "\(day) \(town) 按时交账: \(row[8])")
        }
        for (index, key) in keys.enumerated() {
            let rank = 1 + keys.filter { $0.share > key.share || ($0.share == key.share && $0.founded > key.founded) }.count
            #expect(sheet.rows[index][9].number == Double(rank), "\(day) \(towns[index]) 名次")
        }
        let total = keys.reduce(0) { $0 + $1.founded }
        #expect(sheet.total[3].number == Double(total))
        #expect(sheet.total[2].number == Double(sheet.rows.compactMap { $0[2].number }.reduce(0, +)))
        #expect(sheet.summary.contains("全区已新建直属团组织 \(total) 个"), "\(sheet.summary)")
        let late = towns.filter { reports[$0] != "按时" }
        for town in towns { #expect(sheet.late.contains(town + "(") == late.contains(town), "\(day): \(sheet.late)") }
        #expect(sheet.sheets == ["通报", "交账情况"])
    }

    @Test(.needs(.builtTaizhang, .openpyxl))
    func aMonthOfReportsBulletinsAndReminders() async throws {
        let fixture = try F()
        let history = History(data: fixture.options.dataPath)
        let district = fixture.districtToken
        // Weeks 1 and 2: 京东镇 reports its 10-09 ledger the next morning; 扬子洲镇 never reports.
        for town in ["湖坊镇", "罗家镇", "塘山镇", "京东镇"] { try history.receive(town, ledgerOf: "2026-10-02", at: "2026-10-02T15:00:00+08:00") }
        for town in ["湖坊镇", "罗家镇", "塘山镇"] { try history.receive(town, ledgerOf: "2026-10-09", at: "2026-10-09T16:30:00+08:00") }
        try history.receive("京东镇", ledgerOf: "2026-10-09", at: "2026-10-10T09:00:00+08:00")
        fixture.clock.now = Self.moment("2026-10-10T12:00:00+08:00")
        let ninth = try await fixture.portal.application().test(.router) { client -> Sheet in
            let first = try await Self.bulletin(client, token: district, day: "2026-10-02")
            try Self.check(first, day: "2026-10-02", issue: 1, history: history, asOf: fixture.clock.now,
                           reports: ["湖坊镇": "按时", "罗家镇": "按时", "塘山镇": "按时", "京东镇": "按时", "扬子洲镇": "未交"])
            let second = try await Self.bulletin(client, token: district, day: "2026-10-09")
            try Self.check(second, day: "2026-10-09", issue: 2, history: history, asOf: fixture.clock.now,
                           reports: ["湖坊镇": "按时", "罗家镇": "按时", "塘山镇": "按时", "京东镇": "未交", "扬子洲镇": "未交"])
            #expect(second.late.contains("京东镇(未交账)") && second.late.contains("扬子洲镇(未交账)"))
            // A report day not begun, a day that is not one, a town: no bulletin.
            #expect(try await F.get(client, "/api/district/bulletin.xlsx?date=2026-10-16", token: district).status == .notFound)
            let notADay = try await F.get(client, "/api/district/bulletin.xlsx?date=2026-10-08", token: district)
            #expect(notADay.status == .notFound && String(buffer: notADay.body).contains("不是交账日"))
            #expect(try await F.get(client, "/api/district/bulletin.xlsx?date=10-08", token: district).status == .badRequest)
            #expect(try await F.get(client, "/api/district/bulletin.xlsx", token: fixture.townTokens["湖坊镇"]!).status == .notFound)
            return second
        }

        // Week 3, and the start of week 4: by 16:00 on 10-23 only 湖坊镇 and 罗家镇 have reported.
        for town in ["湖坊镇", "罗家镇", "塘山镇", "京东镇"] { try history.receive(town, ledgerOf: "2026-10-16", at: "2026-10-16T11:00:00+08:00") }
        try history.receive("湖坊镇", ledgerOf: "2026-10-23", at: "2026-10-23T10:00:00+08:00")
        try history.receive("罗家镇", ledgerOf: "2026-10-23", at: "2026-10-23T11:00:00+08:00")
        fixture.clock.now = Self.moment("2026-10-23T16:00:00+08:00")
        try await fixture.portal.application().test(.router) { client in
            let reminder = F.json(try await F.get(client, "/api/district/reminder", token: district).body)
            #expect(reminder["towns"] as? [String] == ["塘山镇", "京东镇", "扬子洲镇"], "\(reminder)")
            #expect(reminder["missing"] as? [String] == ["扬子洲镇"])
            #expect(reminder["report_day"] as? String == "2026-10-23" && reminder["issue"] as? Int == 4)
            #expect(reminder["deadline"] as? String == "2026-10-24T00:00:00+08:00")
            let text = try #require(reminder["text"] as? String)
            for town in Self.towns { #expect(text.contains(town) == ["塘山镇", "京东镇", "扬子洲镇"].contains(town), "\(text)") }
            #expect(text.contains("10月23日 24:00") && text.contains("http://127.0.0.1:8080") && text.contains("第4期"), "\(text)")
            let plain = try await F.get(client, "/api/district/reminder?format=text", token: district)
            #expect(plain.headers[.contentType]?.hasPrefix("text/plain") == true && String(buffer: plain.body) == text + "\n")
            #expect(try await F.get(client, "/api/district/reminder", token: fixture.liaisonTokens["书记"]!).status == .notFound)
            #expect(try await F.get(client, "/api/district/reminder", token: fixture.townTokens["湖坊镇"]!).status == .notFound)

            // The board: the silent town, then those not reported this week, then the rest.
            let page = String(buffer: try await F.get(client, "/", token: district).body)
            #expect(Self.boardTowns(page) == ["扬子洲镇", "塘山镇", "京东镇", "湖坊镇", "罗家镇"], "\(Self.boardTowns(page))")
            #expect(page.contains(">" + text + "</textarea>"), "the reminder is on the board")
            let third = try await Self.bulletin(client, token: district, day: "2026-10-16")
            try Self.check(third, day: "2026-10-16", issue: 3, history: history, asOf: fixture.clock.now,
                           reports: ["湖坊镇": "按时", "罗家镇": "按时", "塘山镇": "按时", "京东镇": "按时", "扬子洲镇": "未交"])
            // Today's bulletin, while the day runs: what has arrived so far.
            let today = try await Self.bulletin(client, token: district, day: "2026-10-23")
            #expect(today.asOf.contains("16:00(交账日尚未结束)"), "\(today.asOf)")
            try Self.check(today, day: "2026-10-23", issue: 4, history: history, asOf: fixture.clock.now,
                           reports: ["湖坊镇": "按时", "罗家镇": "按时", "塘山镇": "未交", "京东镇": "未交", "扬子洲镇": "未交"])
        }

        // The rest of week 4: 塘山镇 at 20:00, 京东镇 the next morning; a month later, the
        // bulletins are made again.
        try history.receive("塘山镇", ledgerOf: "2026-10-23", at: "2026-10-23T20:00:00+08:00")
        try history.receive("京东镇", ledgerOf: "2026-10-23", at: "2026-10-24T08:00:00+08:00")
        fixture.clock.now = Self.moment("2026-11-20T10:00:00+08:00")
        try await fixture.portal.application().test(.router) { client in
            let again = try await Self.bulletin(client, token: district, day: "2026-10-09")
            #expect(again.rows == ninth.rows && again.total == ninth.total && again.late == ninth.late,
                    "the bulletin of 10-09 changed with what arrived after it")
            let fourth = try await Self.bulletin(client, token: district, day: "2026-10-23")
            try Self.check(fourth, day: "2026-10-23", issue: 4, history: history, asOf: fixture.clock.now,
                           reports: ["湖坊镇": "按时", "罗家镇": "按时", "塘山镇": "按时", "京东镇": "未交", "扬子洲镇": "未交"])
            // A leader reads every bulletin, and sees exactly the towns they follow.
            let leaderCopy = try await Self.bulletin(client, token: fixture.liaisonTokens["副书记"]!, day: "2026-10-23")
            #expect(leaderCopy.rows == fourth.rows)
            let status = F.json(try await F.get(client, "/api/status", token: fixture.liaisonTokens["书记"]!).body)
            #expect((status["towns"] as? [[String: Any]])?.compactMap { $0["town"] as? String } == ["湖坊镇", "罗家镇"])
            let page = String(buffer: try await F.get(client, "/", token: fixture.liaisonTokens["副书记"]!).body)
            #expect(Self.boardTowns(page) == ["扬子洲镇", "塘山镇", "京东镇"], "\(Self.boardTowns(page))")
            // The command line writes the same bulletin.
            let file = temporaryFolder() + "/通报.xlsx"
            try Programs.taizhang(["bulletin", "--data", fixture.options.dataPath, "--date", "2026-10-16", "-o", file])
            let fromCommand = try Self.sheet(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            let fromAPI = try await Self.bulletin(client, token: district, day: "2026-10-16")
            #expect(fromCommand.rows == fromAPI.rows && fromCommand.title == fromAPI.title && fromCommand.late == fromAPI.late)
        }

        // With report_deadline "18:00", 塘山镇's 20:00 report of 10-23 is late.
        var configuration = F.configuration
        configuration.district.reportDeadline = ReportDeadline(text: "18:00")!
        let folder = try DataFolder(path: fixture.options.dataPath, exclusive: false)
        let bulletins = Bulletins(store: folder.store, state: DistrictState(store: folder.store, district: configuration.district),
                                  configuration: configuration, calendar: ReportCalendar(district: configuration.district, clock: fixture.options.clock),
                                  work: BlockingWork(width: 1, label: "test"))
        let strict = try await bulletins.bulletin(day: LedgerDate(iso: "2026-10-23")).bulletin
        #expect(strict.lines.map(\.report.label) == ["按时", "按时", "逾期", "未交", "未交"])
        #expect(strict.notOnTimeText(time: strict.calendar.timeOfDay).contains("塘山镇(20:00 交账,晚于 18:00)"))
    }

    /// A bulletin is kept while nothing new is received, and made again when something is —
    /// even a ledger recorded later as received before the day's end (`import --received`).
    @Test(.needs(.builtTaizhang, .openpyxl))
    func aKeptBulletinGivesWayToWhatArrivesLater() async throws {
        let fixture = try F()
        let history = History(data: fixture.options.dataPath)
        for town in ["湖坊镇", "罗家镇"] { try history.receive(town, ledgerOf: "2026-10-16", at: "2026-10-16T15:00:00+08:00") }
        fixture.clock.now = Self.moment("2026-10-17T09:00:00+08:00")
        try await fixture.portal.application().test(.router) { client in
            let first = try await Self.bulletin(client, token: fixture.districtToken, day: "2026-10-16")
            let page = String(buffer: try await F.get(client, "/bulletin/2026-10-16", token: fixture.districtToken).body)
            #expect(try await Self.bulletin(client, token: fixture.districtToken, day: "2026-10-16") == first)
            #expect(String(buffer: try await F.get(client, "/bulletin/2026-10-16", token: fixture.districtToken).body) == page)
            #expect(first.rows.map { $0[8].text } == ["按时", "按时", "未交", "未交", "未交"])
            // 塘山镇's e-mail of 10-16 16:00 recorded the next day: the bulletin of 10-16 now counts it.
            try history.receive("塘山镇", ledgerOf: "2026-10-16", at: "2026-10-16T16:00:00+08:00")
            let again = try await Self.bulletin(client, token: fixture.districtToken, day: "2026-10-16")
            try Self.check(again, day: "2026-10-16", issue: 3, history: history, asOf: fixture.clock.now,
                           reports: ["湖坊镇": "按时", "罗家镇": "按时", "塘山镇": "按时", "京东镇": "未交", "扬子洲镇": "未交"])
            let newPage = String(buffer: try await F.get(client, "/bulletin/2026-10-16", token: fixture.districtToken).body)
            #expect(newPage != page && !newPage.contains("塘山镇(未交账)"))
        }
    }

    /// The towns of the board's table, in the page's order.
    static func boardTowns(_ page: String) -> [String] {
        guard let board = page.range(of: "id=\"board\""), let end = page.range(of: "id=\"progress\"") else { return [] }
        let section = String(page[board.upperBound..<end.lowerBound])
        let pattern = try! NSRegularExpression(pattern: "<th scope=\"row\" data-label=\"镇\">([^<]+)</th>")
        return pattern.matches(in: section, range: NSRange(section.startIndex..., in: section)).compactMap {
            Range($0.range(at: 1), in: section).map { String(section[$0]) }
        }
    }
}
