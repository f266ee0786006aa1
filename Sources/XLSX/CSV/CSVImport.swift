/// Converts a CSV file into a one-sheet workbook, streaming: the first record is the header
/// (text), the other fields are typed by ``CSVTyping``; the sheet is named after the file
/// (``sheetName(forFile:)``). Memory stays flat however long the file (the rows are deflated
/// on a second core as they are written), apart from the index of distinct strings.
///
/// ```swift
/// try CSVImport.convert(csvAt: "户籍.csv", toWorkbookAt: "户籍.xlsx")
/// ```
public enum CSVImport {
    /// Writes the workbook `output` (atomically, as ``WorkbookWriter/close()`` does) from the
    /// CSV file at `path`. Throws ``XLSXError/cannotOpen(path:reason:)`` when the CSV cannot be
    /// read, ``XLSXError/excelLimit(_:detail:)`` when it breaks one of Excel's limits (more than
    /// 1,048,576 rows or 16,384 fields, text over 32,767 characters) and
    /// ``XLSXError/cannotWrite(path:reason:)`` when the workbook cannot be written; the
    /// destination is then left as it was.
    public static func convert(csvAt path: String, toWorkbookAt output: String,
                               options: WriterOptions = WriterOptions()) throws {
        let reader = try CSVReader(path: path)
        let workbook = try WorkbookWriter(path: output, options: options)
        let sheet = try workbook.addSheet(sheetName(forFile: path))
        if try reader.readRecord() {
            let count = reader.fieldCount
            try sheet.beginRow(cellCount: count)
            do {
                for index in 0..<count { try appendText(reader.field(index), column: index + 1, to: sheet) }
            } catch {
                sheet.abandonRow()
                throw error
            }
            try sheet.endRow()
        }
        while try reader.readRecord() {
            let count = reader.fieldCount
            try sheet.beginRow(cellCount: count)
            do {
                for index in 0..<count {
                    let field = reader.field(index)
                    let column = index + 1
                    switch CSVTyping.classify(field) {
                    case .empty: break
                    case .numberText: sheet.appendNumber(text: field, column: column)
                    case .number(let number): try sheet.appendNumber(number, column: column)
                    case .text: try appendText(field, column: column, to: sheet)
                    case .boolean(let value): sheet.appendBoolean(value, column: column)
                    case .date(let date): try sheet.appendDate(date, column: column)
                    }
                }
            } catch {
                sheet.abandonRow()
                throw error
            }
            try sheet.endRow()
        }
        try workbook.close()
    }

    /// A text cell from a field's bytes; invalid UTF-8 is repaired (U+FFFD) as `String` does.
    @inline(__always)
    private static func appendText(_ field: UnsafeBufferPointer<UInt8>, column: Int, to sheet: SheetWriter) throws {
        if UTF8Validation.isValid(field) {
            try sheet.appendString(utf8: field, column: column)
        } else {
            var repaired = String(decoding: field, as: UTF8.self)
            try repaired.withUTF8 { try sheet.appendString(utf8: $0, column: column) }
        }
    }

    /// A valid sheet name from a file's path: no folder or extension, the characters Excel
    /// forbids (`: \ / ? * [ ]`) replaced by `_`, no `'` at either end, at most 31 characters;
    /// "Sheet1" when nothing is left.
    public static func sheetName(forFile path: String) -> String {
        var name = String(path.split(separator: "/").last ?? "Sheet1")
        if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
        name = String(name.map { ":\\/?*[]".contains($0) ? "_" : $0 })
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        name = String(name.prefix(ExcelLimits.sheetNameLength))
        return name.isEmpty ? "Sheet1" : name
    }
}
