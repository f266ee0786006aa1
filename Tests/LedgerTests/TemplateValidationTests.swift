import Foundation
import TestOracles
import Testing
import XLSX
@testable import Ledger

/// The template round trip of issue 4: a template written by TemplateBuilder, filled in by openpyxl
/// with correct data, validates clean; each kind of mistake gives exactly its finding at its cell.
@Suite("Ledger: template, filled by openpyxl, validated", .serialized, .needs(.openpyxl))
struct TemplateValidationTests {
    static let configuration: LedgerConfiguration = {
        let root = #filePath.components(separatedBy: "/Tests/").first!
        return try! LedgerConfiguration.load(schemaPath: root + "/templates/ledger.yaml", districtPath: root + "/templates/district.yaml")
    }()

    /// Fills a template with a correct ledger for 湖坊镇; a JSON list of [sheet, cell, value] edits
    /// (value null clears; a string starting "=" is a formula; "date:YYYY-MM-DD" a real date) is applied after.
    static let fillScript = #"""
import sys, json, datetime, openpyxl
src, dst, edits = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
wb = openpyxl.load_workbook(src)
D = datetime.date
orgs = [
  ("湖坊镇商业街团支部", "团支部", "商业街区", "湖坊村", D(2026,10,8), 5, 30, "王五", "13900139000", "赵六"),
  ("湖坊镇电子厂团总支", "团总支", "企业", "新村", D(2026,10,9), 35, 80, "李明", "13900139001", "赵六"),
  ("湖坊镇农贸市场团支部", "团支部", "集贸市场", "老街社区", D(2026,10,16), 4, 12, "张华", "0791-88888888", "孙七"),
]
def table(name, rows):
    ws = wb[name]
    header = [c.value.replace(" *", "") if c.value else None for c in ws[2]]
    for r, row in enumerate(rows, start=3):
        for label, value in row.items():
            ws.cell(row=r, column=header.index(label) + 1, value=value)
ws = wb["基本信息"]
for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
    label = (row[0].value or "").replace(" *", "")
    value = {"填报人": "张三", "联系电话": "13800138000", "填报日期": D(2026,10,31), "镇团委书记": "李四"}.get(label)
    if value is not None: row[1].value = value
cols = ["团组织名称","组织类型","依托领域","所在村(社区)/单位","成立日期","团员人数","青年人数","书记姓名","书记联系电话","挂点班子成员"]
table("直属团组织", [dict(序号=i+1, **dict(zip(cols, o))) for i, o in enumerate(orgs)])
table("调查摸底", [dict(序号=1, **{"村(社区)名称": "湖坊村", "青年人数": 120, "发放调查表数": 100, "回收调查表数": 90, "上门走访次数": 12, "收集意见建议数": 8})])
table("活动开展", [dict(序号=1, 活动日期=D(2026,10,10), 活动类型="座谈讨论会", 活动名称="青年座谈会", 参加人数=25, 走访青年数=10, 收集意见建议数=5, 亮明身份团员数=3)])
table("周交账", [
  {"交账日期": D(2026,10,9), "本周新建数": 2, "累计建成数": 2, "下周计划数": 2, "汇报人": "张三"},
  {"交账日期": D(2026,10,16), "本周新建数": 1, "累计建成数": 3, "下周计划数": 2, "汇报人": "张三"},
])
table("挂点包干", [
  {"姓名": "赵六", "职务": "镇党委副书记", "包干区域数": 3, "包干区域名称": "湖坊村、新村、老街社区", "联系电话": "13700137000"},
  {"姓名": "孙七", "职务": "镇人大主席", "包干区域数": 3, "包干区域名称": "东村、西村、南村"},
])
table("优秀个人推荐", [{"姓名": "陈七", "性别": "女", "出生日期": D(2000,5,4), "政治面貌": "共青团员", "所在团组织": "湖坊镇商业街团支部", "主要事迹": "带领青年开展志愿服务"}])
for sheet, cell, value in edits:
    if isinstance(value, str) and value.startswith("date:"):
        value = datetime.date.fromisoformat(value[5:])
    wb[sheet][cell].value = value
wb.save(dst)
"""#

    /// A filled copy of the 湖坊镇 template with `edits` applied, validated.
    func validateFilled(_ edits: [[Any?]] = []) throws -> SubmissionResult {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configuration = Self.configuration
        let template = folder + "/template.xlsx"
        try TemplateBuilder(schema: configuration.schema, district: configuration.district)
            .write(town: configuration.district.towns[0], to: template)
        let filled = folder + "/filled.xlsx"
        let json = String(decoding: try JSONSerialization.data(withJSONObject: edits.map { $0.map { $0 ?? NSNull() } }), as: UTF8.self)
        try PythonOracle.run(Self.fillScript, arguments: [template, filled, json])
        return LedgerValidator(schema: configuration.schema, district: configuration.district).validate(path: filled)
    }

    @Test func correctDataValidatesClean() throws {
        let result = try validateFilled()
        #expect(result.readable)
        #expect(result.town == "湖坊镇")
        #expect(result.findings.isEmpty, "\(result.findings.map { "\($0.code) \($0.sheet ?? "") \($0.cell?.description ?? "") \($0.message.chinese)" })")
    }

    /// Each kind of mistake of ledger.md: (edits, sheet, cell, code, severity).
    nonisolated(unsafe) static let mistakes: [(edits: [[Any?]], sheet: String, cell: String, code: String, severity: Severity)] = [
        ([["基本信息", "B1", "东湖镇"]], "基本信息", "B1", "not-in-list", .error),
        ([["基本信息", "B2", nil]], "基本信息", "B2", "required", .error),
        ([["基本信息", "B3", "1380013800"]], "基本信息", "B3", "phone-invalid", .error),
        ([["活动开展", "B3", "date:2025-10-10"]], "活动开展", "B3", "date-out-of-year", .error),
        ([["基本信息", "B6", 0]], "基本信息", "B6", "min-value", .error),
        ([["直属团组织", "A4", 5]], "直属团组织", "A4", "serial-sequence", .warning),
        ([["直属团组织", "B4", "湖坊镇商业街团支部"]], "直属团组织", "B4", "duplicate", .error),
        ([["直属团组织", "B4", "团"]], "直属团组织", "B4", "text-length", .error),
        ([["直属团组织", "B3", "湖坊镇商业街青年之家"]], "直属团组织", "B3", "name-type-mismatch", .warning),
        ([["直属团组织", "C3", "团小组"]], "直属团组织", "C3", "not-in-list", .error),
        ([["直属团组织", "D3", "非公企业"]], "直属团组织", "D3", "synonym", .warning),
        ([["直属团组织", "E3", nil]], "直属团组织", "E3", "required", .error),
        ([["直属团组织", "F3", "date:2026-11-02"]], "直属团组织", "F3", "date-after", .error),
        ([["直属团组织", "F3", "date:2026-08-20"]], "直属团组织", "F3", "date-before-start", .warning),
        ([["直属团组织", "F3", "2026/10/08"]], "直属团组织", "F3", "date-as-text", .warning),
        ([["直属团组织", "F3", "下周"]], "直属团组织", "F3", "not-a-date", .error),
        ([["直属团组织", "G3", 2], ["直属团组织", "H3", 10]], "直属团组织", "G3", "min-value", .error),
        ([["直属团组织", "G3", "5人"]], "直属团组织", "G3", "not-a-number", .error),
        ([["直属团组织", "G3", "5"]], "直属团组织", "G3", "number-as-text", .warning),
        ([["直属团组织", "G4", 20]], "直属团组织", "G4", "members-below-threshold", .warning),
        ([["直属团组织", "H3", 4]], "直属团组织", "H3", "youth-below-members", .error),
        ([["直属团组织", "I3", "Wang"]], "直属团组织", "I3", "name-format", .warning),
        ([["直属团组织", "J3", "139 0013 9000"]], "直属团组织", "J3", "phone-normalised", .warning),
        ([["直属团组织", "K3", "周八"]], "直属团组织", "K3", "not-found", .error),
        ("ABCDEFGHIJK".map { ["直属团组织", "\($0)4", nil] }, "直属团组织", "A4", "blank-row", .warning),
        ([["调查摸底", "E3", 120]], "调查摸底", "E3", "returned-above-issued", .error),
        ([["活动开展", "C3", "联欢会"]], "活动开展", "C3", "not-in-list", .error),
        ([["活动开展", "F3", "=1/0"]], "活动开展", "F3", "formula-no-value", .warning),
        ([["周交账", "A4", "date:2026-10-15"]], "周交账", "A4", "wrong-weekday", .warning),
        ([["周交账", "C4", 4]], "周交账", "C4", "running-total", .error),
        ([["周交账", "C4", 1], ["周交账", "B4", 0]], "周交账", "C4", "running-total-decrease", .error),
        ([["周交账", "C3", 3], ["周交账", "B3", 3], ["周交账", "C4", 4]], "周交账", "C3", "cumulative-mismatch", .warning),
        ([["挂点包干", "C4", 2], ["挂点包干", "D4", "东村、西村"]], "挂点包干", "C4", "below-recommended", .warning),
        ([["挂点包干", "D3", "湖坊村、新村"]], "挂点包干", "D3", "list-count", .warning),
        ([["优秀个人推荐", "C3", "date:2015-01-01"]], "优秀个人推荐", "C3", "age-out-of-range", .error),
        ([["优秀个人推荐", "C3", "date:1995-01-01"]], "优秀个人推荐", "C3", "member-over-28", .warning),
        ([["优秀个人推荐", "E3", "不存在的团支部"]], "优秀个人推荐", "E3", "not-found", .warning),
        ([["直属团组织", "M2", "统计员"], ["直属团组织", "M3", "x"]], "直属团组织", "M2", "extra-column", .warning),
    ]

    @Test(arguments: 0..<mistakes.count)
    func eachMistakeGivesItsFinding(index: Int) throws {
        let mistake = Self.mistakes[index]
        let result = try validateFilled(mistake.edits)
        let summary = result.findings.map { "\($0.code) \($0.sheet ?? "")!\($0.cell?.description ?? "-")" }
        #expect(result.findings.contains { $0.code.rawValue == mistake.code && $0.sheet == mistake.sheet
            && $0.cell?.description == mistake.cell && $0.severity == mistake.severity }, "\(mistake.code): \(summary)")
        // Nothing else is an error, except the consequences a mistake must have.
        let unexpectedErrors = result.findings.filter { $0.severity == .error && $0.code.rawValue != mistake.code }
        #expect(unexpectedErrors.isEmpty || mistake.code == "not-in-list", "\(mistake.code): \(summary)")
    }
}
