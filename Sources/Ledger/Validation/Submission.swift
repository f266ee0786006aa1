import XLSX

/// One data row of a table sheet: its row number in the file and its normalised cells by column label.
public struct DataRow: Sendable {
    /// The row's number in the file.
    public var number: Int
    /// The row's cells by column label.
    public var cells: [String: FieldCell]
    /// The same cells in the order of the sheet schema's columns (nil where the column is
    /// missing or the cell blank), as the reader made them: the checks read a row cell by cell
    /// this way, without hashing each column's (Chinese) label once per row.
    var ordered: [FieldCell?] = []

    /// The normalised value of a column, if present.
    public func value(_ label: String) -> LedgerValue? { cells[label]?.value }

    /// The cell of the schema's column at `position` (labelled `label`).
    func cell(at position: Int, label: String) -> FieldCell? {
        position < ordered.count ? ordered[position] : cells[label]
    }
}

/// A table sheet as found in a submission.
public struct TableData: Sendable {
    /// The sheet's schema.
    public var schema: SheetSchema
    /// The sheet's name in the file (may differ in spacing from the schema's).
    public var sheetName: String
    /// The header's row number.
    public var headerRow: Int
    /// The column number of each schema column found in the header.
    public var columns: [String: Int]
    /// The first column of the table (for whole-row findings).
    public var firstColumn: Int
    /// The data rows, in file order.
    public var rows: [DataRow]
}

/// A form sheet (label in column A, value in column B) as found in a submission.
public struct FormData: Sendable {
    /// The sheet's schema.
    public var schema: SheetSchema
    /// The sheet's name in the file.
    public var sheetName: String
    /// The fields by label.
    public var fields: [String: FieldCell]

    /// The normalised value of a field, if present.
    public func value(_ label: String) -> LedgerValue? { fields[label]?.value }
}

/// Everything read from one town's workbook, normalised.
public struct Submission: Sendable {
    /// The form sheets by schema name.
    public var forms: [String: FormData] = [:]
    /// The table sheets by schema name.
    public var tables: [String: TableData] = [:]

    /// The value of a form field (`基本信息.填报日期`).
    public func formValue(_ path: FieldPath) -> LedgerValue? { forms[path.sheet]?.value(path.column) }
    /// The cell of a form field (`基本信息.填报日期`).
    public func formCell(_ path: FieldPath) -> FieldCell? { forms[path.sheet]?.fields[path.column] }
}

/// The outcome of validating one file.
public struct SubmissionResult: Sendable {
    /// Where the file was read from.
    public var path: String
    /// The name the file is reported under (`findings.json`'s `path`, 合并日志, the annotated
    /// copy's name): the path as given on the command line, or the name it was uploaded under.
    public var name: String
    /// The SHA-256 of the file's bytes, hex.
    public var sha256: String
    /// The town named in the submission (its form field with the towns as values), if readable.
    public var town: String?
    /// False when the file could not be read at all.
    public var readable: Bool
    /// The findings, sorted by sheet and cell.
    public var findings: [Finding]
    /// What was read (nil when unreadable).
    public var submission: Submission?
    /// The submission's report date (填报日期), when it gives one.
    public var reportDate: LedgerDate?
    /// The number of errors.
    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    /// The number of warnings.
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
}
