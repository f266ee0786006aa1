import XLSX

/// Reads a district ledger written by ``DistrictMerger`` back into each town's data, for scoring:
/// 汇总 gives the targets, errors and data rows; each ledger sheet gives the clean rows, grouped
/// by the 镇 column. Streams one sheet at a time.
public struct DistrictLedgerReader {
    /// The schema and district the ledger was merged with.
    public let configuration: LedgerConfiguration

    /// A reader of district ledgers merged with this configuration.
    public init(configuration: LedgerConfiguration) {
        self.configuration = configuration
    }

    /// The towns that submitted, in the ledger's order.
    public func read(path: String) throws -> [TownData] {
        let workbook = try Workbook(path: path)
        var towns: [TownData] = []
        var index: [String: Int] = [:]
        let summary = try workbook.sheet(named: DistrictLedgerWriter.summarySheet)
        try forEachRecord(workbook, summary) { record in
            guard case .string(let town)? = record[DistrictLedgerWriter.townColumn],
                  record[DistrictLedgerWriter.statusColumn] == .string(DistrictLedgerWriter.submitted) else { return }
            // A count read from the file: a whole number from 0 to 2^53 (exact in a double), else the file is refused.
            let number = { (label: String) throws -> Int in
                guard let value = record[label]?.numberValue else { return 0 }
                guard value >= 0, value <= 0x20_0000_0000_0000, let count = Int(exactly: value) else {
                    throw XLSXError.invalidContent(part: "sheet \"\(DistrictLedgerWriter.summarySheet)\"",
                                                   message: "\(label) of \(town) is \(value), not a count")
                }
                return count
            }
            index[town] = towns.count
            towns.append(TownData(name: town, target: try number(DistrictLedgerWriter.targetColumn), tables: [:],
                                  errorCount: try number(DistrictLedgerWriter.errorsColumn),
                                  dataRowCount: try number(DistrictLedgerWriter.dataRowsColumn)))
        }
        let normaliser = ValueNormaliser(defaultYear: configuration.district.year)
        for sheet in configuration.schema.sheets {
            guard let info = try? workbook.sheet(named: sheet.name) else { continue }
            try forEachRecord(workbook, info) { record in
                guard case .string(let town)? = record[DistrictLedgerWriter.townColumn], let position = index[town] else { return }
                var row: LedgerRow = [:]
                for column in sheet.columns {
                    guard let value = record[column.label] else { continue }
                    row[column.label] = normaliser.normalise(value, typed: value.displayText, column: column).value
                }
                towns[position].tables[sheet.name, default: []].append(row)
            }
        }
        return towns
    }

    /// The rows of the submissions still in 待核实: the sum of 汇总's 待核实行数.
    public func quarantinedRows(path: String) throws -> Int {
        let workbook = try Workbook(path: path)
        var total = 0
        try forEachRecord(workbook, try workbook.sheet(named: DistrictLedgerWriter.summarySheet)) { record in
            guard record[DistrictLedgerWriter.statusColumn] == .string(DistrictLedgerWriter.submitted) else { return }
            total += Int(record[DistrictLedgerWriter.quarantinedColumn]?.numberValue ?? 0)
        }
        return total
    }

    /// Each row after the header — the first row whose first cell is the 镇 column's label, under
    /// the sheet's title lines — as a map from header label to value.
    private func forEachRecord(_ workbook: Workbook, _ sheet: SheetInfo, _ body: ([String: CellValue]) throws -> Void) throws {
        var header: [Int: String] = [:]
        try workbook.forEachRow(of: sheet) { row in
            if header.isEmpty {
                guard row.cells.first?.value == .string(DistrictLedgerWriter.townColumn) else { return }
                for cell in row.cells { if case .string(let label) = cell.value { header[cell.reference.column] = label } }
                return
            }
            var record: [String: CellValue] = [:]
            for cell in row.cells { if let label = header[cell.reference.column] { record[label] = cell.value } }
            try body(record)
        }
    }
}
