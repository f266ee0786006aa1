import TaizhangSupport
import XLSX

/// The findings of a run as `findings.json` (`cli.md`) or as a readable text table.
public struct FindingsReport {
    /// The validated files, in the order reported.
    public let results: [SubmissionResult]
    /// The language of the messages.
    public let language: Language

    /// A report of these results in a language.
    public init(results: [SubmissionResult], language: Language) {
        self.results = results
        self.language = language
    }

    /// `{"files": [{path, sha256, town, readable, findings: [{severity, code, sheet, cell, row, column, value, message}]}]}`.
    public var json: String {
        let files = results.map { result -> String in
            let findings = result.findings.map { Self.json(of: $0, language: language) }
            return JSONText.object([
                ("path", JSONText.string(result.name)),
                ("sha256", JSONText.string(result.sha256)),
                ("town", JSONText.optional(result.town)),
                ("readable", result.readable ? "true" : "false"),
                ("findings", JSONText.array(findings, indent: 3)),
            ], indent: 2)
        }
        return JSONText.object([("files", JSONText.array(files, indent: 1))]) + "\n"
    }

    /// One finding as a JSON object, as in `findings.json`:
    /// `{"severity", "code", "sheet", "cell", "row", "column", "value", "message"}`.
    public static func json(of finding: Finding, language: Language) -> String {
        JSONText.compactObject([
            ("severity", JSONText.string(finding.severity.rawValue)),
            ("code", JSONText.string(finding.code.rawValue)),
            ("sheet", JSONText.optional(finding.sheet)),
            ("cell", JSONText.optional(finding.cell?.description)),
            ("row", finding.row.map { String($0) } ?? "null"),
            ("column", JSONText.optional(finding.column)),
            ("value", JSONText.optional(finding.value)),
            ("message", JSONText.string(finding.message.text(language))),
        ])
    }

    /// Per file a heading, then per sheet a table of findings with aligned columns.
    public var text: String {
        let english = language == .english
        var output = ""
        for result in results {
            let errors = result.errorCount
            let warnings = result.warningCount
            let town = result.town.map { english ? " (\($0))" : "(\($0))" } ?? ""
            output += english ? "\(result.name)\(town): \(errors) error(s), \(warnings) warning(s)\n"
                : "\(result.name)\(town):错误 \(errors) 个,警告 \(warnings) 个\n"
            var sheets: [String?] = []
            for finding in result.findings where !sheets.contains(finding.sheet) { sheets.append(finding.sheet) }
            for sheet in sheets {
                output += "  " + (sheet ?? (english ? "(file)" : "(文件)")) + "\n"
                let header = english ? ["severity", "code", "cell", "column", "value", "message"] : ["级别", "代码", "单元格", "列", "值", "说明"]
                let rows = result.findings.filter { $0.sheet == sheet }.map { finding -> [String] in
                    let severity = english ? finding.severity.rawValue : (finding.severity == .error ? "错误" : "警告")
                    return [severity, finding.code.rawValue, finding.cell?.description ?? "-", finding.column ?? "-",
                            Self.shortened(finding.value ?? "-"), finding.message.text(language)]
                }
                output += Self.table([header] + rows, indent: "    ")
            }
        }
        return output
    }

    static func shortened(_ text: String) -> String {
        let single = text.replacing("\n", with: " ")
        return single.count > 24 ? String(single.prefix(23)) + "…" : single
    }

    /// Columns padded to their display width (a CJK character counts two).
    static func table(_ rows: [[String]], indent: String) -> String {
        guard let columnCount = rows.first?.count else { return "" }
        var widths = [Int](repeating: 0, count: columnCount)
        for row in rows { for (index, cell) in row.enumerated() where index < columnCount - 1 { widths[index] = max(widths[index], DisplayWidth.of(cell)) } }
        return rows.map { row in
            indent + row.enumerated().map { index, cell in
                index == columnCount - 1 ? cell : cell + String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

/// How wide text shows in a terminal or a spreadsheet column: East Asian wide characters count two
/// (the writer's `XLSX.ColumnWidth` rule, so reports and fitted columns agree).
public enum DisplayWidth {
    /// The columns `text` takes.
    public static func of(_ text: String) -> Int { ColumnWidth.displayWidth(of: text) }
}
