extension Workbook {
    /// Writes the workbook's values as a new `.xlsx` at `path` (atomically): every worksheet with
    /// its name and visibility, every cell's value (numbers, text, booleans, errors, a formula's
    /// cached result as a plain value), each cell's number format (so dates stay dates, in the
    /// 1900 date system whatever the source used), hidden rows and merged ranges.
    ///
    /// This is how an annotated copy of an Excel 97–2003 submission is made: the patcher works on
    /// an XLSX package, so the `.xls` is first written as one. Fonts, fills, borders, column
    /// widths, comments, chart sheets and formulas' text (stored as tokens in an `.xls`) are not
    /// carried over; nor are merged ranges that overlap an earlier one (Excel repairs those away).
    public func writeCopyAsXLSX(to path: String) throws {
        let writer = try WorkbookWriter(path: path)
        var styles: [Int: StyleIndex?] = [:]
        func style(of index: Int) throws -> StyleIndex? {
            if let known = styles[index] { return known }
            let format = try numberFormat(ofStyle: index)
            let registered = format.code == "General" || format.code.isEmpty ? nil : try writer.register(CellStyle(numberFormat: format.code))
            styles[index] = registered
            return registered
        }
        // A serial of the 1904 system is 1,462 days lower than the 1900 system's for the same date;
        // a serial below 1 is a time of day (as the reader shows it) and stays as it is.
        let serialShift = dateSystem == .system1904 ? 1462.0 : 0
        var written: [SheetWriter] = []
        for sheet in sheets where sheet.kind == .worksheet {
            let output = try writer.addSheet(sheet.name)
            output.state = sheet.state
            written.append(output)
            let rows = try rows(of: sheet)
            while let row = try rows.next() {
                var cells = [WritableCell?](repeating: nil, count: row.cells.last?.reference.column ?? 0)
                for cell in row.cells {
                    let value: WritableValue
                    switch cell.value {
                    case .number(let number): value = .number(number)
                    case .string(let text): value = .string(text)
                    case .boolean(let flag): value = .boolean(flag)
                    case .error(let error): value = .error(error)
                    case .date(let date): value = .number(date.serial >= 1 ? date.serial + serialShift : date.serial)
                    }
                    cells[cell.reference.column - 1] = WritableCell(value, style: try style(of: cell.styleIndex))
                }
                try output.writeRow(cells, at: row.number, isHidden: row.isHidden)
            }
            for range in rows.mergedRanges {
                do {
                    try output.merge(range)
                } catch XLSXError.excelLimit(.mergeRange, _) {
                    continue
                }
            }
        }
        // A workbook keeps one sheet visible (the source's visible one may have been a chart).
        if !written.contains(where: { $0.state == .visible }) { written.first?.state = .visible }
        try writer.close()
    }
}
