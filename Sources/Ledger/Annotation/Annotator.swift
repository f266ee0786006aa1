import TaizhangSupport
import Foundation
import XLSX

/// Writes the annotated copy of a submission to send back (退回修改): the town's own workbook,
/// every part it does not need to change kept byte for byte, each cell with a finding filled
/// (errors and warnings in two colour-blind-safe colours) and commented with the message(s),
/// and a first sheet 校验结果 listing every finding, each row linked to its cell, laid out for
/// printing (A4, one page wide, the header row on every page, a footer with ``issuer`` and page
/// numbers). The town's own sheets print as the town set them.
///
/// An Excel 97–2003 submission (one with a `legacy-format` finding) cannot be patched in place:
/// its values are first written as a fresh `.xlsx` (`Workbook.writeCopyAsXLSX(to:)` of XLSX:
/// values, number and date formats, hidden rows, merged ranges), which is then annotated, and
/// the report sheet's first row says the copy was converted. Its name ends in `.xlsx`
/// (``copyName(of:)``).
public struct Annotator {
    /// Fill of cells with an error: light orange (ColorBrewer PuOr, safe for colour-blind readers).
    public static let errorFill = Color(rgb: 0xFDB863)
    /// Fill of cells with only warnings: light purple (the same palette's other side).
    public static let warningFill = Color(rgb: 0xB2ABD2)

    /// The language of the comments and the 校验结果 sheet.
    public let language: Language
    /// Limits for reading the workbooks to annotate.
    public var limits = ReadLimits()
    /// The office named in the report sheet's footer (the district's ``DistrictConfig/issuer``).
    public var issuer = ""

    /// An annotator writing in a language, with the default limits.
    public init(language: Language) {
        self.language = language
    }

    /// The file name of a submission's annotated copy: its own name, with `.xlsx` in place of
    /// `.xls` or `.et` when the submission is an Excel 97–2003 workbook converted for the copy.
    public static func copyName(of result: SubmissionResult) -> String {
        let name = result.name.split(separator: "/").last.map(String.init) ?? result.name
        guard isLegacy(result) else { return name }
        let stem = (name as NSString).deletingPathExtension
        return (stem.isEmpty ? name : stem) + ".xlsx"
    }

    /// Whether the submission was read from an Excel 97–2003 workbook.
    static func isLegacy(_ result: SubmissionResult) -> Bool {
        result.findings.contains { $0.code == .legacyFormat }
    }

    /// The report sheet's name in the chosen language.
    var reportName: String { language == .english ? "Findings" : "校验结果" }

    /// Writes the annotated copy of `result`'s file to `destination` (atomically).
    public func write(_ result: SubmissionResult, to destination: String) throws {
        let english = language == .english
        var marks: [CellMark] = []
        // Errors first on each cell: the first mark's fill wins.
        let ordered = result.findings.filter { $0.severity == .error } + result.findings.filter { $0.severity == .warning }
        for finding in ordered {
            guard let sheet = finding.sheet, let cell = finding.cell else { continue }
            let severity = finding.severity == .error ? (english ? "error" : "错误") : (english ? "warning" : "警告")
            marks.append(CellMark(sheet: sheet, cell: cell, fill: finding.severity == .error ? Self.errorFill : Self.warningFill,
                                  comment: "\(severity) \(finding.code):\(finding.message.text(language))"))
        }
        let header = english ? ["severity", "code", "sheet", "cell", "column", "value", "message"]
            : ["级别", "代码", "工作表", "单元格", "列", "值", "说明"]
        var rows = result.findings.map { finding -> ReportRow in
            let severity = english ? finding.severity.rawValue : (finding.severity == .error ? "错误" : "警告")
            let values = [severity, finding.code.rawValue, finding.sheet ?? "", finding.cell?.description ?? "", finding.column ?? "",
                          finding.value ?? "", finding.message.text(language)].map(CellTextLimit.fitted)
            let link = finding.sheet.flatMap { sheet in finding.cell.map { ReportLink(column: 3, sheet: sheet, cell: $0) } }
            return ReportRow(values: values, link: link)
        }
        var source = result.path
        var converted: String?
        defer { if let converted { try? FileManager.default.removeItem(atPath: converted) } }
        if Self.isLegacy(result) {
            let folder = (destination as NSString).deletingLastPathComponent
            let temporary = (folder.isEmpty ? "." : folder) + "/.converted-\(UUID().uuidString).xlsx"
            converted = temporary
            try Workbook(path: result.path, limits: limits).writeCopyAsXLSX(to: temporary)
            source = temporary
            let note = Messages.convertedCopy.text(language)
            rows.insert(ReportRow(values: [english ? "note" : "说明", RuleCode.legacyFormat.rawValue, "", "", "", "", note]), at: 0)
        }
        var report = ReportSheet(name: reportName, header: header, rows: rows)
        report.pageSetup = PrintLayout.pageSetup(width: Double(report.columnWidths.reduce(0, +)), issuer: issuer)
        let patcher = WorkbookPatcher(sourcePath: source, limits: limits)
        try patcher.write(marks: marks, report: report,
                          commentAuthor: english ? "District validation" : "区团委校验", to: destination)
    }
}
