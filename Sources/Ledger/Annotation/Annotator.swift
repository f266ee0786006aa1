import TaizhangSupport
import Foundation
import XLSX

/// Writes the annotated copy of a submission to send back (退回修改): the town's own workbook,
/// every part it does not need to change kept byte for byte, each cell with a finding filled
/// (errors and warnings in two colour-blind-safe colours) and commented with the message(s),
/// and a first sheet 校验结果 that reads as a letter to the town: a title with the town's name
/// (湖坊镇台账校验结果), the 填报日期 and when it was checked, the number of errors and warnings,
/// what to do (correct the marked cells and upload again, by the district's
/// ``DistrictConfig/resubmissionDeadline`` when set, whom to ask), a legend of the two fills, then
/// every finding, each row linked to its cell, and the issuing office and date. It prints on A4
/// in the house style, its table's header on every page. The town's own sheets print as the
/// town set them, with their row numbers and column letters, so that a cell named in the list
/// can be found on paper.
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
    /// The office named in the report sheet's footer and 落款 (the district's ``DistrictConfig/issuer``).
    public var issuer = ""
    /// The ledger and district: the deadline and contact the letter names, the rule codes' names;
    /// nil leaves blanks to fill in by hand. Setting it sets ``issuer``.
    public var configuration: LedgerConfiguration? {
        didSet { if let configuration { issuer = configuration.district.issuer } }
    }
    /// When the submission was checked, as the letter says it; nil is the moment of writing.
    public var checkedAt: Date?
    /// The time zone the letter gives that time and its date in (the district's; the machine's
    /// by default).
    public var timeZone = TimeZone.current

    /// An annotator writing in a language, with the default limits.
    public init(language: Language) {
        self.language = language
    }

    /// The file name of a submission's annotated copy: its own name, with `.xlsx` in place of
    /// `.xls` or `.et` when the submission is an Excel 97–2003 workbook converted for the copy.
    public static func copyName(of result: SubmissionResult) -> String {
        let name = result.name.split(separator: "/").last.map(String.init) ?? result.name
        guard XLSXSource.isLegacy(result) else { return name }
        let stem = (name as NSString).deletingPathExtension
        return (stem.isEmpty ? name : stem) + ".xlsx"
    }

    /// The widest column of the findings, in characters: longer texts wrap, so that the list
    /// prints upright at a legible size.
    static let widestColumn = 20
    /// The width of the column of messages, in characters.
    static let messageWidth = 28

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
        let header = english ? ["severity", "rule", "sheet", "cell", "column", "value", "message"]
            : ["级别", "问题类型", "工作表", "单元格", "列", "值", "说明"]
        var rows = result.findings.map { finding -> ReportRow in
            let severity = english ? finding.severity.rawValue : (finding.severity == .error ? "错误" : "警告")
            let rule = english ? finding.code.rawValue : configuration?.schema.ruleName(finding.code) ?? LedgerSchema.builtInRuleName(finding.code)
            let values = [severity, rule, finding.sheet ?? "", finding.cell?.description ?? "", finding.column ?? "",
                          finding.value ?? "", finding.message.text(language)].map(CellTextLimit.fitted)
            let link = finding.sheet.flatMap { sheet in finding.cell.map { ReportLink(column: 3, sheet: sheet, cell: $0) } }
            return ReportRow(values: values, link: link)
        }
        if XLSXSource.isLegacy(result) {
            let note = Messages.convertedCopy.text(language)
            let rule = english ? RuleCode.legacyFormat.rawValue : LedgerSchema.builtInRuleName(.legacyFormat)
            rows.insert(ReportRow(values: [english ? "note" : "说明", rule, "", "", "", "", note]), at: 0)
        }
        var report = ReportSheet(name: reportName, header: header, rows: rows, bodyFont: HouseStyle.bodyFont,
                                 titleFont: HouseStyle.titleFont, maximumColumnWidth: Self.widestColumn)
        report.maximumColumnWidths = [5: Self.widestColumn - 4, 6: Self.messageWidth]
        let letter = AnnotationLetter(result: result, language: language, district: configuration?.district, issuer: issuer,
                                      checkedAt: checkedAt ?? Date(), timeZone: timeZone)
        report.preamble = letter.preamble
        report.closing = letter.closing
        let width = Double(report.columnWidths.reduce(0, +))
        report.pageSetup = PrintLayout.pageSetup(width: width, orientation: PrintLayout.widthScale(width, .portrait) >= PrintLayout.smallestScale
                                                 ? .portrait : .landscape, issuer: issuer, asOf: result.reportDate?.description)
        try XLSXSource.with(result, beside: destination, limits: limits) { source in
            var patcher = WorkbookPatcher(sourcePath: source, limits: limits)
            patcher.printsHeadings = true
            try patcher.write(marks: marks, report: report,
                              commentAuthor: english ? "District validation" : "区团委校验", to: destination)
        }
    }
}
