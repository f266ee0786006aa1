import TaizhangSupport
import Foundation
import Ledger

/// Where a metric is used, which decides what it may refer to.
struct MetricContext {
    /// The sheets a metric may read; nil for all table sheets (towns).
    var sheets: [String]?
    /// Whether the contender has a target and a submission (towns do; cadres do not).
    var isTown: Bool

    static let towns = MetricContext(sheets: nil, isTown: true)
}

/// Reads the metric vocabulary against the ledger's schema, failing at the YAML node with the reason.
///
/// Sheet and column names are matched against the schema (the longest name that fits), so labels
/// holding brackets or dots (`所在村(社区)/单位`) need no quoting.
struct MetricParser {
    private let characters: [Character]
    private var position = 0
    private let schema: LedgerSchema
    private let context: MetricContext
    private let origin: YAMLValue

    static let functions = ["count", "sum", "distinct", "reached", "days_early", "fridays", "finding_rate"]

    init(_ origin: YAMLValue, schema: LedgerSchema, context: MetricContext) throws {
        self.origin = origin
        self.characters = Array(try origin.string())
        self.schema = schema
        self.context = context
    }

    /// A whole metric: terms joined by `+`.
    mutating func metric() throws -> Metric {
        let metric = try expression()
        try expectEnd()
        return metric
    }

    /// A whole condition: `METRIC OP OPERAND` or `METRIC is none`.
    mutating func condition() throws -> MetricCondition {
        let metric = try expression()
        skipSpaces()
        if consumeWord("is") {
            guard consumeWord("none") else { throw fail("expected \"none\" after \"is\"") }
            try expectEnd()
            return MetricCondition(metric: metric, test: .isNone)
        }
        guard let comparison = comparisonOperator() else { throw fail("expected a comparison (<, <=, >, >=, ==, !=) or \"is none\" after the metric") }
        let text = String(characters[position...]).trimmingCharacters(in: .whitespaces)
        guard let operand = RuleOperand(text) else { throw fail("\"\(text)\" is neither a date, a number nor a multiple of target") }
        guard operand.kind == metric.kind else { throw fail("\(metric) gives a \(metric.kind.rawValue) and cannot be compared with \(operand)") }
        try requireTarget(allowed: !operand.usesTarget)
        return MetricCondition(metric: metric, test: .compare(comparison, operand))
    }

    // MARK: Grammar

    private mutating func expression() throws -> Metric {
        var terms = [try term()]
        while consumeSymbol("+") { terms.append(try term()) }
        if terms.count > 1, let date = terms.first(where: { $0.kind == .date }) {
            throw fail("\(date) gives a date and cannot be added")
        }
        return Metric(terms: terms)
    }

    private mutating func term() throws -> MetricTerm {
        skipSpaces()
        let start = position
        let name = word()
        guard Self.functions.contains(name) else {
            position = start
            let found = name.isEmpty ? String(characters[position...].prefix(12)) : name
            throw fail("unknown metric \"\(found)\" (known: \(Self.functions.joined(separator: ", ")))")
        }
        if name == "finding_rate" {
            guard context.isTown else { throw fail("finding_rate is about a town's submission; cadres have none") }
            return .findingRate
        }
        guard consumeSymbol("(") else { throw fail("expected \"(\" after \(name)") }
        let sheet = try sheetName()
        let term: MetricTerm
        if name == "count" {
            term = .count(RowSelection(sheet: sheet.name, conditions: try whereClause(in: sheet)))
        } else {
            guard consumeSymbol(".") else { throw fail("\(name) needs a column: \(name)(\(sheet.name).COLUMN)") }
            let column = try columnName(in: sheet)
            let selection = RowSelection(sheet: sheet.name, conditions: try whereClause(in: sheet))
            switch name {
            case "sum":
                try require(column, in: sheet, types: [.integer, .decimal, .serial], for: name, kind: "a number")
                term = .sum(selection, column: column.label)
            case "distinct":
                term = .distinct(selection, column: column.label)
            case "fridays":
                try require(column, in: sheet, types: [.date], for: name, kind: "a date")
                term = .reportDays(selection, column: column.label)
            default:
                try require(column, in: sheet, types: [.date], for: name, kind: "a date")
                guard consumeSymbol(",") else { throw fail("\(name) needs an amount: \(name)(\(sheet.name).\(column.label), target)") }
                let amount = try self.amount()
                term = name == "reached" ? .reached(selection, column: column.label, amount: amount)
                    : .daysEarly(selection, column: column.label, amount: amount)
            }
        }
        guard consumeSymbol(")") else { throw fail("expected \")\" to close \(name)(") }
        return term
    }

    private mutating func whereClause(in sheet: SheetSchema) throws -> [RowCondition] {
        guard consumeWord("where") else { return [] }
        var conditions = [try rowCondition(in: sheet)]
        while consumeWord("and") { conditions.append(try rowCondition(in: sheet)) }
        return conditions
    }

    private mutating func rowCondition(in sheet: SheetSchema) throws -> RowCondition {
        let column = try columnName(in: sheet)
        skipSpaces()
        if consumeWord("in") {
            return RowCondition(column: column.label, test: .oneOf(try valueList(for: column, in: sheet)))
        }
        if consumeWord("not") {
            guard consumeWord("in") else { throw fail("expected \"in\" after \"not\"") }
            return RowCondition(column: column.label, test: .noneOf(try valueList(for: column, in: sheet)))
        }
        guard let comparison = comparisonOperator() else { throw fail("expected a comparison (<, <=, >, >=, ==, !=, in, not in) after \(column.label)") }
        let value = try filterValue(for: column, in: sheet)
        if case .text = value, comparison != .equal, comparison != .notEqual {
            throw fail("\(sheet.name).\(column.label) is text: only ==, !=, in and not in compare it")
        }
        return RowCondition(column: column.label, test: .compare(comparison, value))
    }

    private mutating func valueList(for column: ColumnSchema, in sheet: SheetSchema) throws -> [FilterValue] {
        guard consumeSymbol("[") else { throw fail("expected \"[\" to open the list of values") }
        var values = [try filterValue(for: column, in: sheet)]
        while consumeSymbol(",") { values.append(try filterValue(for: column, in: sheet)) }
        guard consumeSymbol("]") else { throw fail("expected \"]\" to close the list of values") }
        return values
    }

    /// A constant typed by its column: a date, a number, or text (one of the values of a choice column).
    private mutating func filterValue(for column: ColumnSchema, in sheet: SheetSchema) throws -> FilterValue {
        let text = try literal()
        let path = "\(sheet.name).\(column.label)"
        switch column.type {
        case .date:
            guard let date = LedgerDate(iso: text) else { throw fail("\(path) holds dates: \"\(text)\" is not a date as YYYY-MM-DD") }
            return .date(date)
        case .integer, .decimal, .serial:
            guard let number = DecimalText.parse(text) else { throw fail("\(path) holds numbers: \"\(text)\" is not a number") }
            return .number(number)
        case .choice:
            guard column.values.contains(text) else {
                throw fail("\"\(text)\" is not a value of \(path) (values: \(column.values.joined(separator: ", ")))")
            }
            return .text(text)
        default:
            return .text(text)
        }
    }

    private mutating func amount() throws -> Amount {
        skipSpaces()
        let start = position
        while position < characters.count, characters[position] != ")" { position += 1 }
        let text = String(characters[start..<position]).trimmingCharacters(in: .whitespaces)
        guard let amount = Amount(text) else { throw fail("\"\(text)\" is not an amount (a number, target, or a multiple such as 0.5 * target)") }
        guard amount.isPositive else { throw fail("the amount \(amount) must be more than 0") }
        try requireTarget(allowed: !amount.usesTarget)
        return amount
    }

    // MARK: Names checked against the schema

    private mutating func sheetName() throws -> SheetSchema {
        skipSpaces()
        guard let sheet = longestMatch(schema.sheets, name: \.name) else {
            let found = pendingName()
            throw fail("unknown sheet \"\(found)\" (table sheets: \(schema.sheets.filter { $0.kind == .table }.map(\.name).joined(separator: ", ")))")
        }
        guard sheet.kind == .table else {
            position -= sheet.name.count
            throw fail("\(sheet.name) is a form, not a table: metrics count and sum table rows")
        }
        if let allowed = context.sheets, !allowed.contains(sheet.name) {
            position -= sheet.name.count
            throw fail("cadres' metrics read only the rows that belong to a cadre, in \(allowed.joined(separator: ", ")); not \(sheet.name)")
        }
        return sheet
    }

    private mutating func columnName(in sheet: SheetSchema) throws -> ColumnSchema {
        skipSpaces()
        guard let column = longestMatch(sheet.columns, name: \.label) else {
            let found = pendingName()
            throw fail("no column \"\(found)\" in \(sheet.name) (columns: \(sheet.columns.map(\.label).joined(separator: ", ")))")
        }
        return column
    }

    /// The longest of the names that starts here and ends at a delimiter; consumed when found.
    private mutating func longestMatch<Item>(_ items: [Item], name: (Item) -> String) -> Item? {
        let candidates = items.filter { item in
            let label = Array(name(item))
            let end = position + label.count
            guard end <= characters.count, Array(characters[position..<end]) == label else { return false }
            return end == characters.count || Self.delimiters.contains(characters[end])
        }
        guard let best = candidates.max(by: { name($0).count < name($1).count }) else { return nil }
        position += name(best).count
        return best
    }

    private static let delimiters: Set<Character> = [" ", "\t", ".", ",", "(", ")", "[", "]", "<", ">", "=", "!", "+"]

    /// The name-like text at the position (for a message about an unknown name).
    private func pendingName() -> String {
        var end = position
        while end < characters.count, !Self.delimiters.contains(characters[end]) { end += 1 }
        return end > position ? String(characters[position..<end]) : String(characters[position...].prefix(12))
    }

    private func require(_ column: ColumnSchema, in sheet: SheetSchema, types: Set<FieldType>, for function: String, kind: String) throws {
        guard types.contains(column.type) else {
            throw fail("\(function) needs \(kind) column; \(sheet.name).\(column.label) is \(column.type.rawValue)")
        }
    }

    private func requireTarget(allowed: Bool) throws {
        guard allowed || context.isTown else { throw fail("cadres have no target; use a number") }
    }

    // MARK: Characters

    private mutating func skipSpaces() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    /// An ASCII identifier (function names and keywords).
    private mutating func word() -> String {
        let start = position
        while position < characters.count, characters[position].isASCII,
              characters[position].isLetter || characters[position].isASCIIDigit || characters[position] == "_" { position += 1 }
        return String(characters[start..<position])
    }

    /// Consumes the keyword when it is next and stands alone.
    private mutating func consumeWord(_ keyword: String) -> Bool {
        skipSpaces()
        let saved = position
        if word() == keyword { return true }
        position = saved
        return false
    }

    private mutating func consumeSymbol(_ symbol: Character) -> Bool {
        skipSpaces()
        guard position < characters.count, characters[position] == symbol else { return false }
        position += 1
        return true
    }

    private mutating func comparisonOperator() -> ComparisonOperator? {
        skipSpaces()
        for comparison in [ComparisonOperator.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater] {
            let symbol = Array(comparison.rawValue)
            let end = position + symbol.count
            if end <= characters.count, Array(characters[position..<end]) == symbol {
                position = end
                return comparison
            }
        }
        return nil
    }

    /// A value: `"quoted text"`, or text up to a space, `,`, `)` or `]`.
    private mutating func literal() throws -> String {
        skipSpaces()
        if position < characters.count, characters[position] == "\"" {
            guard let close = characters[(position + 1)...].firstIndex(of: "\"") else { throw fail("a quoted value is not closed") }
            defer { position = close + 1 }
            return String(characters[(position + 1)..<close])
        }
        let start = position
        while position < characters.count, !" \t,)]".contains(characters[position]) { position += 1 }
        guard position > start else { throw fail("expected a value") }
        return String(characters[start..<position])
    }

    private mutating func expectEnd() throws {
        skipSpaces()
        guard position == characters.count else { throw fail("unexpected \"\(String(characters[position...]))\"") }
    }

    /// A failure naming the metric as written and the character where reading stopped.
    private func fail(_ reason: String) -> ConfigurationError {
        origin.error("\"\(String(characters))\" (at character \(position + 1)): \(reason)")
    }
}
