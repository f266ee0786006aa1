/// Checks of references and ranges against the size of a sheet.
enum SheetLimits {
    /// Throws when a cell lies outside `A1:XFD1048576`.
    static func check(_ reference: CellReference) throws {
        guard reference.row >= 1, reference.row <= ExcelLimits.rowCount else {
            throw XLSXError.excelLimit(.rowCount, detail: "row \(reference.row)")
        }
        guard reference.column >= 1, reference.column <= ExcelLimits.columnCount else {
            throw XLSXError.excelLimit(.columnCount, detail: "column \(reference.column)")
        }
    }

    /// Throws when a range reaches outside `A1:XFD1048576`.
    static func check(_ range: CellRange) throws {
        try check(range.first)
        try check(range.last)
    }

    /// Throws when 1-based columns lie outside `A:XFD`.
    static func check(columns: ClosedRange<Int>) throws {
        guard columns.lowerBound >= 1, columns.upperBound <= ExcelLimits.columnCount else {
            throw XLSXError.excelLimit(.columnCount, detail: "columns \(columns.lowerBound)...\(columns.upperBound)")
        }
    }

    /// Throws when 1-based rows lie outside `1:1048576`.
    static func check(rows: ClosedRange<Int>) throws {
        guard rows.lowerBound >= 1, rows.upperBound <= ExcelLimits.rowCount else {
            throw XLSXError.excelLimit(.rowCount, detail: "rows \(rows.lowerBound)...\(rows.upperBound)")
        }
    }
}
