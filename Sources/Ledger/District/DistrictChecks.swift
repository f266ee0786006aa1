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
    /// towns: the findings name the other towns in that order). A town's findings follow the order
    /// of its values.
    public static func findings(_ towns: [(town: String, values: [DistrictValue])]) -> [[Finding]] {
        var index = DistrictValueIndex(towns: towns.map(\.town))
        for town in towns { index.set(town.values, of: town.town) }
        return towns.map { index.findings(of: $0.town) }
    }

    /// The finding of a value that other towns' current submissions hold too.
    fileprivate static func duplicate(_ item: DistrictValue, alsoIn others: [String]) -> Finding {
        Finding(severity: .error, code: .districtDuplicate, sheet: item.sheetName, cell: CellReference(item.cell),
                column: item.column, value: item.typed,
                message: LocalizedText(chinese: "\(item.column)“\(item.value)”与\(others.joined(separator: "、"))重复(全区不得重复)",
                                       english: "\(item.column) \"\(item.value)\" also appears in \(others.joined(separator: ", ")) (must be unique in the district)"))
    }
}

/// The values of the district-unique columns of each town's current submission, indexed by value
/// and kept up to date as one town's submission changes: what `DistrictChecks` compares, made
/// once for the district and then changed town by town, so that a new submission costs the work
/// of its own values, not of the whole district's (the portal keeps one across uploads).
public struct DistrictValueIndex: Sendable {
    private struct Key: Hashable, Sendable {
        var sheet: String
        var column: String
        var value: String

        init(_ value: DistrictValue) {
            sheet = value.sheet
            column = value.column
            self.value = value.value
        }
    }

    /// A value held by a town: its town's place in the district's order and its place among the
    /// town's values.
    private struct Occurrence: Sendable {
        var place: Int32
        var index: Int32
    }

    /// Each town's place in the district's order (what orders the towns a finding names).
    private let places: [String: Int]
    private let towns: [String]
    /// Each town's values.
    private var values: [String: [DistrictValue]] = [:]
    /// Where each value occurs, in the district's order of towns and each town's order of values.
    private var occurrences: [Key: [Occurrence]] = [:]

    /// An index of no values, for the towns given in the district's order (a town named twice
    /// keeps its first place).
    public init(towns: [String]) {
        self.towns = towns
        places = Dictionary(towns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Makes `values` the values of `town` (of one of the towns given at the start; none:
    /// removes the town), replacing what it held; returns the towns whose findings this may
    /// have changed (`town` and the towns sharing a value it held or holds now).
    @discardableResult
    public mutating func set(_ values: [DistrictValue], of town: String) -> Set<String> {
        guard let townPlace = places[town] else { return [] }
        let place = Int32(townPlace)
        var touched: Set<Int32> = [place]
        for old in self.values[town] ?? [] {
            let key = Key(old)
            guard var found = occurrences.removeValue(forKey: key) else { continue }
            found.removeAll { $0.place == place }
            for occurrence in found { touched.insert(occurrence.place) }
            if !found.isEmpty { occurrences[key] = found }
        }
        self.values[town] = values.isEmpty ? nil : values
        for (index, value) in values.enumerated() {
            let occurrence = Occurrence(place: place, index: Int32(index))
            let key = Key(value)
            guard var found = occurrences.removeValue(forKey: key) else {
                occurrences[key] = [occurrence]
                continue
            }
            // After the towns before it and its own earlier values.
            found.insert(occurrence, at: found.firstIndex { $0.place > place } ?? found.count)
            for other in found where other.place != place { touched.insert(other.place) }
            occurrences[key] = found
        }
        return Set(touched.map { towns[Int($0)] })
    }

    /// The district-wide findings of `town`'s values: one per value that another town holds too,
    /// naming each such town and cell, in the order of its values.
    public func findings(of town: String) -> [Finding] {
        guard let place = places[town].map(Int32.init), let values = values[town] else { return [] }
        var findings: [Finding] = []
        for value in values {
            let others = (occurrences[Key(value)] ?? []).filter { $0.place != place }
            guard !others.isEmpty else { continue }
            findings.append(DistrictChecks.duplicate(value, alsoIn: others.compactMap { occurrence in
                let other = towns[Int(occurrence.place)]
                return self.values[other].map { "\(other) \($0[Int(occurrence.index)].sheetName)!\($0[Int(occurrence.index)].cell)" }
            }))
        }
        return findings
    }
}
