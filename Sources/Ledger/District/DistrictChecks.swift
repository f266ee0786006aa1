import XLSX

/// A value of a district-unique column (团组织名称 in the default ledger) as one submission holds
/// it: what the district-wide check compares across towns.
public struct DistrictValue: Sendable, Hashable, Codable {
    /// The sheet's name in the schema.
    public var sheet: String
    /// The sheet's name in the file.
    public var sheetName: String
    /// The column's label.
    public var column: String
    /// The normalised value compared across towns.
    public var value: String
    /// The cell in the file.
    public var cell: String
    /// The value as typed, for the finding.
    public var typed: String

    /// A value from its parts.
    public init(sheet: String, sheetName: String, column: String, value: String, cell: String, typed: String) {
        self.sheet = sheet
        self.sheetName = sheetName
        self.column = column
        self.value = value
        self.cell = cell
        self.typed = typed
    }
}

/// The checks that need the whole district: a value of a district-unique column found in two
/// towns' current submissions is an error (`district-duplicate`) in both, each naming the other
/// town and cell. `merge`, `evaluate` and the portal all check with this one function, over the
/// values each current submission holds (``values(of:schema:)``).
public enum DistrictChecks {
    /// The values of the district-unique columns in a submission, in sheet and row order.
    public static func values(of submission: Submission, schema: LedgerSchema) -> [DistrictValue] {
        var values: [DistrictValue] = []
        for sheet in schema.sheets {
            guard let table = submission.tables[sheet.name] else { continue }
            for column in sheet.columns where column.uniqueInDistrict {
                for row in table.rows {
                    if let cell = row.cells[column.label], let value = cell.value {
                        values.append(DistrictValue(sheet: sheet.name, sheetName: table.sheetName, column: column.label,
                                                    value: value.description, cell: cell.reference.description, typed: cell.typed))
                    }
                }
            }
        }
        return values
    }

    /// The district-wide findings of each town's current submission, by position in `towns`
    /// (each town once, with the values of its current submission, in the district's order of
    /// towns: the findings name the other towns in that order).
    public static func findings(_ towns: [(town: String, values: [DistrictValue])]) -> [[Finding]] {
        struct Key: Hashable {
            var sheet: String
            var column: String
            var value: String
        }
        var occurrences: [Key: [(index: Int, value: DistrictValue)]] = [:]
        for (index, town) in towns.enumerated() {
            for value in town.values {
                occurrences[Key(sheet: value.sheet, column: value.column, value: value.value), default: []].append((index, value))
            }
        }
        var findings = [[Finding]](repeating: [], count: towns.count)
        for found in occurrences.values where Set(found.map(\.index)).count > 1 {
            for occurrence in found {
                let others = found.filter { $0.index != occurrence.index }
                    .map { "\(towns[$0.index].town) \($0.value.sheetName)!\($0.value.cell)" }
                let item = occurrence.value
                findings[occurrence.index].append(Finding(
                    severity: .error, code: .districtDuplicate, sheet: item.sheetName, cell: CellReference(item.cell),
                    column: item.column, value: item.typed,
                    message: LocalizedText(chinese: "\(item.column)“\(item.value)”与\(others.joined(separator: "、"))重复(全区不得重复)",
                                           english: "\(item.column) \"\(item.value)\" also appears in \(others.joined(separator: ", ")) (must be unique in the district)")))
            }
        }
        return findings
    }
}
