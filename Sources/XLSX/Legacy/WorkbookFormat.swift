/// The file format a ``Workbook`` was read from (recognised by content, never by the file name).
public enum WorkbookFormat: String, Sendable, Hashable {
    /// Office Open XML (`.xlsx`, `.xlsm`, `.xltx`, `.xltm`).
    case xlsx
    /// Excel 97–2003 (BIFF8 in an OLE2 compound file): `.xls`, and WPS Spreadsheets' `.et`.
    case xls
}
