import XLSX

/// What a town typed goes into workbooks (the district ledger, the annotated copy's report), and
/// a file can hold longer text than an Excel cell (``XLSX/ExcelLimits/cellTextLength``): such text
/// is cut there, with … at the end, so that one town's file cannot make a workbook unwritable.
/// The town's own file keeps it whole.
enum CellTextLimit {
    /// Whether `text` is longer than a cell holds (its bytes counted first: no longer in
    /// characters unless it is in bytes).
    static func exceeded(by text: String) -> Bool {
        text.utf8.count > ExcelLimits.cellTextLength && text.count > ExcelLimits.cellTextLength
    }

    /// `text`, or its first 32,766 characters and …
    static func fitted(_ text: String) -> String {
        guard exceeded(by: text) else { return text }
        return String(text.prefix(ExcelLimits.cellTextLength - 1)) + "…"
    }
}
