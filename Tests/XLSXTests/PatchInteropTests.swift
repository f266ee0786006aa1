import Foundation
import TestOracles
import Testing
@testable import XLSX

/// Patched copies read back by other programs: openpyxl (values, fills on exactly the marked
/// cells, comments, hyperlinks, active sheet), the ECMA-376 schemas (xmllint) and LibreOffice.
@Suite("Patch: other programs read the copies", .serialized)
struct PatchInteropTests {
    /// Compares each (source, copy) pair as openpyxl sees them; prints one line per problem.
    static let openpyxlComparison = """
    import json, sys, warnings
    warnings.simplefilter("ignore")
    import openpyxl
    jobs = json.load(open(sys.argv[1]))
    problems = []
    def fill_of(cell):
        f = cell.fill
        if f is None or f.fill_type != "solid" or f.fgColor is None or f.fgColor.type != "rgb":
            return None
        return f.fgColor.rgb
    def same(x, y):
        return repr(x) == repr(y)
    def same_style(a, b, fill=True):
        return (same(a.font, b.font) and same(a.border, b.border) and a.number_format == b.number_format
                and (not fill or same(a.fill, b.fill)))
    def plain(v):
        return (type(v).__name__, getattr(v, "ref", None), getattr(v, "text", None)) if hasattr(v, "text") else v
    for job in jobs:
        name = job["name"]
        try:
            before = openpyxl.load_workbook(job["source"])
            after = openpyxl.load_workbook(job["copy"])
        except Exception as e:
            problems.append(f"{name}: openpyxl cannot load: {type(e).__name__}: {e}")
            continue
        if not before.sheetnames:
            continue  # openpyxl reads Strict files as empty: nothing to compare
        marks = {(m["sheet"], m["cell"]): m for m in job["marks"]}
        if after.sheetnames[0] != job["report"]:
            problems.append(f"{name}: first sheet is {after.sheetnames[0]}")
        if after.active is None or after.active.title != job["report"]:
            problems.append(f"{name}: active sheet is {after.active.title if after.active else None}")
        report = after[job["report"]]
        links = {cell.coordinate: cell.hyperlink.location for row in report.iter_rows() for cell in row if cell.hyperlink}
        for row, m in enumerate(job["marks"]):
            ref = "D%d" % (row + 2)
            want = "'%s'!%s" % (m["sheet"].replace("'", "''"), m["cell"])
            if links.get(ref) != want:
                problems.append(f"{name}: link {ref} is {links.get(ref)}, expected {want}")
        for ws in before.worksheets:
            if ws.title not in after.sheetnames:
                problems.append(f"{name}: sheet {ws.title} missing")
                continue
            other = after[ws.title]
            coordinates = set(ws._cells.keys()) | set(other._cells.keys())
            for (r, c) in coordinates:
                a = ws._cells.get((r, c))
                b = other._cells.get((r, c))
                coordinate = openpyxl.utils.get_column_letter(c) + str(r)
                mark = marks.get((ws.title, coordinate))
                va = plain(a.value) if a is not None else None
                vb = plain(b.value) if b is not None else None
                if va != vb and not (va is None and vb == "") and not (vb is None and va == ""):
                    problems.append(f"{name}: {ws.title}!{coordinate} value {va!r} became {vb!r}")
                if mark is not None:
                    if b is None or fill_of(b) != mark["fill"]:
                        problems.append(f"{name}: {ws.title}!{coordinate} marked but fill is {fill_of(b) if b else None}")
                    if b is None or b.comment is None or mark["comment"] not in b.comment.text:
                        problems.append(f"{name}: {ws.title}!{coordinate} has no comment with the message")
                    if a is not None and b is not None and not same_style(a, b, fill=False):
                        problems.append(f"{name}: {ws.title}!{coordinate} lost its font, border or number format")
                elif a is not None and b is not None:
                    if not same_style(a, b):
                        problems.append(f"{name}: {ws.title}!{coordinate} style changed without a mark")
                    ca = a.comment.text if a.comment else None
                    cb = b.comment.text if b.comment else None
                    if ca != cb:
                        problems.append(f"{name}: {ws.title}!{coordinate} comment changed without a mark")
                elif b is not None and fill_of(b) is not None:
                    problems.append(f"{name}: {ws.title}!{coordinate} got a fill without a mark")
    for p in problems:
        print(p)
    print("compared %d files, %d problems" % (len(jobs), len(problems)), file=sys.stderr)
    """

    /// Patches the corpus's readable files into a folder; returns the jobs for the comparison.
    static func patchCorpus(into folder: String, limit: Int? = nil) throws -> [[String: Any]]? {
        guard let files = try PatchCorpusTests.readableFiles() else { return nil }
        var jobs: [[String: Any]] = []
        for path in files.prefix(limit ?? files.count) {
            let name = URL(fileURLWithPath: path).lastPathComponent
            let (marks, report) = try PatchCorpusTests.syntheticMarks(try Workbook(path: path))
            let copy = folder + "/" + name
            guard (try? WorkbookPatcher(sourcePath: path).write(marks: marks, report: report, commentAuthor: "校验", to: copy)) != nil else {
                continue
            }
            jobs.append(["name": name, "source": path, "copy": copy, "report": report.name, "marks": marks.map {
                ["sheet": $0.sheet, "cell": $0.cell.description, "fill": $0.fillARGB, "comment": $0.comment ?? ""]
            }])
        }
        return jobs
    }

    @Test(.needs(.openpyxl, .corpus)) func openpyxlSeesTheSameValuesAndExactlyTheMarks() throws {
        let folder = (PatchSupport.outputPath() as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jobs = try #require(try Self.patchCorpus(into: folder))
        let jobsPath = folder + "/jobs.json"
        try JSONSerialization.data(withJSONObject: jobs).write(to: URL(fileURLWithPath: jobsPath))
        let result = try #require(PatchSupport.run("python3", ["-c", Self.openpyxlComparison, jobsPath]))
        #expect(result.status == 0, "\(result.error.suffix(2000))")
        // Known: this file's styles part is an empty <styleSheet/>; openpyxl's built-in defaults
        // for it differ (in repr) from the default font and format the copy writes out.
        let problems = result.output.split(separator: "\n").filter {
            !($0.hasPrefix("calamine_nonstandard-xml-ns-prefix.xlsx:") && ($0.hasSuffix("style changed without a mark")
                                                                           || $0.hasSuffix("lost its font, border or number format")))
        }
        #expect(problems.isEmpty, "\(problems.prefix(40).joined(separator: "\n"))")
        print(result.error.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(.needs(.openpyxl)) func openpyxlReadsAFixtureCopy() throws {
        let source = PatchCommentsReportTests.commentedFixture().write()
        let output = PatchSupport.outputPath()
        try WorkbookPatcher(sourcePath: source).write(marks: [
            CellMark(sheet: "数据", cell: CellReference("A1")!, fillARGB: PatchSheetTests.red, comment: "数值过小"),
            CellMark(sheet: "数据", cell: CellReference("C5")!, fillARGB: PatchSheetTests.yellow, comment: "缺少"),
        ], report: PatchCommentsReportTests.report, commentAuthor: "校验", to: output)
        let view = try PatchSupport.openpyxlView(output)
        #expect(view["active"] as? String == "校验结果")
        let sheets = try #require(view["sheets"] as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == ["校验结果", "数据", "其他"])
        let cells = try #require(sheets[1]["cells"] as? [String: [String: Any]])
        #expect(cells["A1"]?["fill"] as? String == PatchSheetTests.red)
        #expect((cells["A1"]?["comment"] as? String)?.hasPrefix("原有批注\n【校验】数值过小") == true)
        #expect(cells["C5"]?["fill"] as? String == PatchSheetTests.yellow)
        #expect(cells["C5"]?["comment"] as? String == "【校验】缺少")
        #expect(cells["B1"]?["fill"] is NSNull)
        let links = try #require(sheets[0]["links"] as? [[String: Any]])
        #expect(links.map { $0["location"] as? String } == ["'数据'!A1", "'数据'!B1"])
    }

    @Test(.needs(.corpus, .shared("tools/xlsx_schema_check"), .program("xmllint"), .program("unzip")))
    func copiesOfValidFilesStayValid() throws {
        let shared = try #require(SharedFolder.root)
        let checker = shared.appendingPathComponent("tools/xlsx_schema_check").path
        let folder = (PatchSupport.outputPath() as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A sample of Excel's own files (the whole corpus takes minutes: see the report).
        let names = ["excel/simple01.xlsx", "excel/comment01.xlsx", "excel/merge_range01.xlsx", "excel/autofilter00.xlsx",
                     "excel/hyperlink01.xlsx", "excel/format01.xlsx"]
        for name in names {
            let path = shared.appendingPathComponent("corpus/" + name).path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let original = PatchSupport.run(checker, [path]), original.status == 0 else { continue }
            let (marks, report) = try PatchCorpusTests.syntheticMarks(try Workbook(path: path))
            let copy = folder + "/" + URL(fileURLWithPath: path).lastPathComponent
            try WorkbookPatcher(sourcePath: path).write(marks: marks, report: report, commentAuthor: "校验", to: copy)
            let checked = try #require(PatchSupport.run(checker, [copy]))
            #expect(checked.status == 0, "\(name): \(checked.output)")
        }
    }

    @Test(.needs(.libreOffice)) func libreOfficeConvertsACopy() throws {
        let source = PatchCommentsReportTests.commentedFixture().write()
        let output = PatchSupport.outputPath("copy.xlsx")
        let folder = (output as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try WorkbookPatcher(sourcePath: source).write(marks: [
            CellMark(sheet: "数据", cell: CellReference("A1")!, fillARGB: PatchSheetTests.red, comment: "数值过小"),
            CellMark(sheet: "数据", cell: CellReference("C5")!, fillARGB: PatchSheetTests.yellow, comment: "缺少"),
        ], report: PatchCommentsReportTests.report, commentAuthor: "校验", to: output)
        let profile = "file://" + folder + "/profile"
        // Filter options: comma, double quote, UTF-8 (76).
        let result = try #require(PatchSupport.run("soffice", ["-env:UserInstallation=" + profile, "--headless",
                                                               "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                                                               "--outdir", folder, output]))
        #expect(result.status == 0, "\(result.error)")
        let csv = try String(contentsOfFile: folder + "/copy.csv", encoding: .utf8)
        #expect(csv.hasPrefix("级别,单元格,说明"), "\(csv)")
        #expect(!result.error.lowercased().contains("error"), "\(result.error)")
    }
}
