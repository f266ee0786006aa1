import XLSX

/// Which rows of a submission count — go into the district ledger's sheets, its 进度, the
/// scoring and the portal's progress — and which wait in 待核实: a table row counts when no error
/// finding names a cell of that row; a form sheet's fields count when no error finding names a
/// cell of the form. Warnings never hold a row back. The one rule for every place that counts.
public struct CountedRows: Sendable {
    /// The error findings by sheet (as named in the file) and row.
    private var errorsByRow: [String: [Int: [Finding]]] = [:]

    /// The verdicts of a submission's findings (district-wide ones included).
    public init(findings: [Finding]) {
        for finding in findings where finding.severity == .error {
            guard let sheet = finding.sheet, let cell = finding.cell else { continue }
            errorsByRow[sheet, default: [:]][cell.row, default: []].append(finding)
        }
    }

    /// The error findings that hold back row `row` of the table sheet named `sheetName` in the
    /// file, in report order; empty when the row counts.
    public func errors(row: Int, ofTable sheetName: String) -> [Finding] {
        errorsByRow[sheetName]?[row] ?? []
    }

    /// The error findings that hold back the fields of the form sheet named `sheetName`, in
    /// row order; empty when the form counts.
    public func errors(ofForm sheetName: String) -> [Finding] {
        (errorsByRow[sheetName] ?? [:]).sorted { $0.key < $1.key }.flatMap(\.value)
    }

    /// Whether row `row` of the table sheet named `sheetName` in the file counts.
    public func counts(row: Int, ofTable sheetName: String) -> Bool {
        errors(row: row, ofTable: sheetName).isEmpty
    }

    /// The rows of a table that count.
    public func rows(of table: TableData) -> [DataRow] {
        table.rows.filter { counts(row: $0.number, ofTable: table.sheetName) }
    }
}

/// A founding date of a row that counts, with the row it is on: what the portal keeps of a
/// submission for its progress, so that a row that later gets a district-wide error (a duplicate
/// name in another town) can be taken out without reading the file again.
public struct FoundingRow: Sendable, Hashable, Codable {
    /// The row in the file.
    public var row: Int
    /// Its founding date (成立日期 in the default ledger).
    public var date: LedgerDate

    /// A founding date on a row.
    public init(row: Int, date: LedgerDate) {
        self.row = row
        self.date = date
    }
}

extension CampaignProgress {
    /// The founding dates of the rows of `submission` that count by `findings`, in the sheet and
    /// column the schema counts (none when the schema counts nothing). Dates before the
    /// campaign start are kept: the progress leaves them out itself.
    public static func foundingRows(of submission: Submission, findings: [Finding], schema: LedgerSchema)
        -> (sheetName: String, rows: [FoundingRow])? {
        guard let source = foundingColumn(in: schema), let table = submission.tables[source.sheet] else { return nil }
        let counted = CountedRows(findings: findings)
        return (table.sheetName, counted.rows(of: table).compactMap { row in
            row.value(source.column)?.date.map { FoundingRow(row: row.number, date: $0) }
        })
    }
}

/// A date as JSON: `"YYYY-MM-DD"`.
extension LedgerDate: Codable {
    /// Reads `"YYYY-MM-DD"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LedgerDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date (YYYY-MM-DD): \(text)")
        }
        self = date
    }

    /// Writes `"YYYY-MM-DD"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
