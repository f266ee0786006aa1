import ArgumentParser
import XLSX

/// `taizhang dump`: prints any workbook's cells, as CSV or as JSON Lines.
struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print a workbook's cells (the general-purpose reader at work).",
        discussion: """
        jsonl prints one object per non-empty cell of every sheet holding cells (worksheets, macro and \
        dialog sheets): {"sheet","ref","type","value"}, type being \
        n (number), s (string), b (boolean), d (date/time, ISO 8601) or e (error); a damaged sheet \
        is named in a warning on stderr and the other sheets still print. \
        csv prints one sheet (the first holding cells, or --sheet) as RFC 4180 CSV.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, jsonl
    }

    @Argument(help: "The workbook (.xlsx, .xlsm, .xltx, .xltm, or an Excel 97-2003 .xls or WPS .et, read by content).")
    var file: String

    @Option(help: "Only this sheet.")
    var sheet: String?

    @Option(help: "csv or jsonl.")
    var format: Format = .csv

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let workbook = try Workbook(path: file, limits: limits.limits)
        let output = OutputBuffer()
        defer { output.flush() }
        switch format {
        case .jsonl:
            if let sheet {
                let info = try workbook.sheet(named: sheet)
                try workbook.forEachRow(of: info) { row in
                    for cell in row.cells { CellText.writeJSONLine(cell, sheet: info.name, to: output) }
                }
                return
            }
            // Every sheet holding cells; a damaged one is named on stderr and the others still print.
            for info in workbook.sheets where info.kind.holdsCells {
                do {
                    try workbook.forEachRow(of: info) { row in
                        for cell in row.cells { CellText.writeJSONLine(cell, sheet: info.name, to: output) }
                    }
                } catch let error as XLSXError where error.isPartDamage {
                    output.flush()
                    StandardError.write("taizhang: warning: sheet \"\(info.name)\" (\(info.kind.rawValue)) is damaged and was "
                                        + "skipped from there on: \(error)\n")
                }
            }
        case .csv:
            guard let info = try sheet.map({ try workbook.sheet(named: $0) }) ?? workbook.sheets.first(where: { $0.kind.holdsCells }) else {
                return
            }
            try CSVExport.write(sheet: info, of: workbook, to: output.write)
        }
    }
}
