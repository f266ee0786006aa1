/// Writes a worksheet as RFC 4180 CSV: rows and columns as in the sheet (empty rows and cells
/// empty), each cell's ``CellValue/displayText``, quoted when it holds a comma, a quote or a
/// line break (quotes doubled), records ended by LF.
///
/// ```swift
/// let workbook = try Workbook(path: "汇总.xlsx")
/// var text = ""
/// try CSVExport.write(sheet: workbook.sheets[0], of: workbook) { text += $0 }
/// ```
public enum CSVExport {
    /// Streams the sheet's CSV text to `output`, one record (with its line end) at a time.
    public static func write(sheet: SheetInfo, of workbook: Workbook, to output: (String) throws -> Void) throws {
        var nextRow = 1
        try workbook.forEachRow(of: sheet) { row in
            while nextRow < row.number {
                try output("\n")
                nextRow += 1
            }
            var line = ""
            var column = 1
            for cell in row.cells {
                while column < cell.reference.column {
                    line += ","
                    column += 1
                }
                line += quoted(cell.value.displayText)
            }
            try output(line + "\n")
            nextRow = row.number + 1
        }
    }

    /// A field as CSV writes it: as it is, or quoted with its quotes doubled when it holds a
    /// comma, a quote or a line break.
    public static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        var result = "\""
        for character in field {
            if character == "\"" { result += "\"\"" } else { result.append(character) }
        }
        return result + "\""
    }
}
