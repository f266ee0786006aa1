import ArgumentParser
import XLSX

/// `taizhang info`: per sheet, its size and its non-empty cells by type (reads every cell).
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise a workbook: per sheet, rows, columns and non-empty cells by type."
    )

    @Argument(help: "The workbook (.xlsx, .xlsm, .xltx, .xltm, or an Excel 97-2003 .xls or WPS .et, read by content).")
    var file: String

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let workbook = try Workbook(path: file, limits: limits.limits)
        let output = OutputBuffer()
        defer { output.flush() }
        let legacy = workbook.format == .xls ? ", an old Excel 97-2003 workbook (.xls/.et)" : ""
        output.write("\(file): \(workbook.sheets.count) sheet(s), \(workbook.dateSystem == .system1904 ? "1904" : "1900") date system\(legacy)\n")
        for sheet in workbook.sheets {
            let state = sheet.state == .visible ? "" : " (\(sheet.state.rawValue))"
            guard sheet.kind.holdsCells else {
                output.write("  \(sheet.name)\(state): \(sheet.kind.rawValue)\n")
                continue
            }
            let kind = sheet.kind == .worksheet ? "" : " (\(sheet.kind.rawValue))"
            var counts = CellCounts()
            do {
                try workbook.forEachRow(of: sheet) { counts.add($0) }
            } catch let error as XLSXError where error.isPartDamage {
                output.write("  \(sheet.name)\(state)\(kind): damaged, not counted: \(error)\n")
                continue
            }
            output.write("  \(sheet.name)\(state)\(kind): \(counts.rows) rows, \(counts.columns) columns, \(counts.total) cells"
                         + " (number \(counts.numbers), string \(counts.strings), boolean \(counts.booleans),"
                         + " date \(counts.dates), error \(counts.errors))\n")
        }
    }
}

/// Tallies of one sheet's cells.
struct CellCounts {
    var rows = 0
    var columns = 0
    var numbers = 0
    var strings = 0
    var booleans = 0
    var dates = 0
    var errors = 0
    var total: Int { numbers + strings + booleans + dates + errors }

    mutating func add(_ row: Row) {
        rows = max(rows, row.number)
        if let last = row.cells.last { columns = max(columns, last.reference.column) }
        for cell in row.cells {
            switch cell.value {
            case .number: numbers += 1
            case .string: strings += 1
            case .boolean: booleans += 1
            case .date: dates += 1
            case .error: errors += 1
            }
        }
    }
}
