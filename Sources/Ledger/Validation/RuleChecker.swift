import XLSX

/// Applies the schema's rules to a read submission: per cell, per row, per sheet, across sheets.
struct RuleChecker {
    let schema: LedgerSchema
    let submission: Submission
    /// Each column's pattern, compiled once (not once per cell); a pattern that does not compile
    /// checks nothing.
    private let patterns: [String: Regex<AnyRegexOutput>]
    /// The values of each column that another column's values must be found in, gathered once
    /// (not once per cell).
    private let known: [FieldPath: Set<String>]

    init(schema: LedgerSchema, submission: Submission) {
        self.schema = schema
        self.submission = submission
        var patterns: [String: Regex<AnyRegexOutput>] = [:]
        var known: [FieldPath: Set<String>] = [:]
        for column in schema.sheets.flatMap(\.columns) {
            if let pattern = column.pattern, patterns[pattern] == nil, let regex = try? Regex(pattern) { patterns[pattern] = regex }
            if let path = column.inColumn, known[path] == nil, let other = submission.tables[path.sheet] {
                known[path] = Set(other.rows.compactMap { $0.value(path.column)?.description })
            }
        }
        self.patterns = patterns
        self.known = known
    }

    func check(_ findings: inout [Finding]) {
        for sheet in schema.sheets {
            if let form = submission.forms[sheet.name] {
                for column in sheet.columns {
                    guard let cell = form.fields[column.label] else { continue }
                    checkCell(cell, column: column, sheet: form.sheetName, row: nil, table: nil, &findings)
                }
            }
            guard let table = submission.tables[sheet.name] else { continue }
            var firstSeen: [String: [String: CellReference]] = [:]
            for (index, row) in table.rows.enumerated() {
                for column in sheet.columns {
                    guard let cell = row.cells[column.label] else { continue }
                    checkCell(cell, column: column, sheet: table.sheetName, row: row, table: table, &findings)
                    if column.type == .serial, case .integer(let number)? = cell.value, number != index + 1 {
                        findings.append(finding(.warning, .serialSequence, table.sheetName, cell, column,
                                                Messages.serialSequence(cell.typed, index + 1)))
                    }
                    if column.unique, let value = cell.value {
                        let key = value.description
                        if let earlier = firstSeen[column.label]?[key] {
                            findings.append(finding(.error, .duplicate, table.sheetName, cell, column,
                                                    Messages.duplicate(column.label, cell.typed, earlier.description)))
                        } else {
                            firstSeen[column.label, default: [:]][key] = cell.reference
                        }
                    }
                }
                for rule in sheet.rowRules { checkRowRule(rule, row: row, sheet: table.sheetName, &findings) }
            }
            for rule in sheet.sheetRules { checkSheetRule(rule, table: table, &findings) }
        }
    }

    private func finding(_ severity: Severity, _ code: RuleCode, _ sheet: String, _ cell: FieldCell, _ column: ColumnSchema,
                         _ message: LocalizedText) -> Finding {
        Finding(severity: severity, code: code, sheet: sheet, cell: cell.reference, column: column.label,
                value: cell.typed.isEmpty ? nil : cell.typed, message: message)
    }

    private static func format(_ number: Double) -> String { Cell.shortestText(number) }

    /// The rules a column states about each of its cells.
    private func checkCell(_ cell: FieldCell, column: ColumnSchema, sheet: String, row: DataRow?, table: TableData?,
                           _ findings: inout [Finding]) {
        guard let value = cell.value else {
            if column.required && cell.typed.isEmpty {
                findings.append(finding(.error, .required, sheet, cell, column, Messages.required(column.label)))
            }
            return
        }
        if let number = value.number {
            if let minimum = column.minimum, number < minimum {
                findings.append(finding(.error, .minValue, sheet, cell, column,
                                        Messages.minValue(column.label, Self.format(minimum), column.unit, cell.typed)))
            } else if let maximum = column.maximum, number > maximum {
                findings.append(finding(.error, .maxValue, sheet, cell, column,
                                        Messages.maxValue(column.label, Self.format(maximum), column.unit, cell.typed)))
            } else if let recommended = column.warnBelow, number < recommended {
                findings.append(finding(.warning, .belowRecommended, sheet, cell, column,
                                        Messages.belowRecommended(column.label, Self.format(recommended), column.unit, cell.typed)))
            }
        }
        if case .text(let text) = value {
            if let length = column.length, !length.contains(text.count) {
                findings.append(finding(.error, .textLength, sheet, cell, column, Messages.textLength(column.label, length, text.count)))
            }
            if let pattern = column.pattern, let regex = patterns[pattern], (try? regex.wholeMatch(in: text)) == nil {
                findings.append(finding(.error, .pattern, sheet, cell, column, Messages.pattern(column.label, cell.typed)))
            }
        }
        if let date = value.date {
            if let year = column.withinYear, date.year != year {
                findings.append(finding(.error, .dateOutOfYear, sheet, cell, column, Messages.dateOutOfYear(column.label, date, year)))
            }
            if let path = column.notAfter, let limit = submission.formValue(path)?.date, date > limit {
                findings.append(finding(.error, .dateAfter, sheet, cell, column, Messages.dateAfter(column.label, date, path.column, limit)))
            }
            if let start = column.warnBefore, date < start {
                findings.append(finding(.warning, .dateBeforeStart, sheet, cell, column, Messages.dateBeforeStart(column.label, date, start)))
            }
            if let weekday = column.weekday, date.isoWeekday != weekday {
                findings.append(finding(.warning, .wrongWeekday, sheet, cell, column, Messages.wrongWeekday(column.label, date, weekday)))
            }
        }
        if let path = column.inColumn, let known = known[path] {
            if !known.contains(value.description) {
                findings.append(finding(column.inColumnSeverity, .notFound, sheet, cell, column,
                                        Messages.notFound(column.label, cell.typed, path)))
            }
        }
        if let countLabel = column.countEquals, case .list(let items) = value, let row,
           let expected = row.value(countLabel)?.number, Double(items.count) != expected {
            findings.append(finding(.warning, .listCount, sheet, cell, column,
                                    Messages.listCount(column.label, items.count, countLabel, Self.format(expected))))
        }
    }

    private func checkRowRule(_ rule: RowRule, row: DataRow, sheet: String, _ findings: inout [Finding]) {
        for (label, expected) in rule.when where row.value(label)?.description != expected { return }
        func report(_ label: String, value: String, other: String = "", date: String = "") {
            guard let cell = row.cells[label] else { return }
            let message = LocalizedText(chinese: fill(rule.message.chinese, value, other, date),
                                        english: fill(rule.message.english, value, other, date))
            findings.append(Finding(severity: rule.severity, code: RuleCode(rule.code), sheet: sheet, cell: cell.reference,
                                    column: label, value: cell.typed.isEmpty ? nil : cell.typed, message: message))
        }
        switch rule.check {
        case .compare(let column, let op, let other):
            guard let left = row.value(column)?.number, let right = row.value(other)?.number, !op.holds(left, right) else { return }
            report(column, value: row.cells[column]!.typed, other: row.cells[other]!.typed)
        case .minimum(let column, let minimum):
            guard let number = row.value(column)?.number, number < minimum else { return }
            report(column, value: row.cells[column]!.typed)
        case .endsWithColumn(let column, let other):
            guard let text = row.value(column)?.description, let suffix = row.value(other)?.description,
                  !text.hasSuffix(suffix) else { return }
            report(column, value: text, other: suffix)
        case .age(let column, let on, let minimum, let maximum):
            guard let birth = row.value(column)?.date, let day = submission.formValue(on)?.date else { return }
            let age = birth.age(on: day)
            if let minimum, age < minimum { report(column, value: String(age)) } else if let maximum, age > maximum {
                report(column, value: String(age))
            }
        }
    }

    private func fill(_ template: String, _ value: String, _ other: String, _ date: String) -> String {
        template.replacing("{value}", with: value).replacing("{other}", with: other).replacing("{date}", with: date)
    }

    private func checkSheetRule(_ rule: SheetRule, table: TableData, _ findings: inout [Finding]) {
        switch rule.check {
        case .runningTotal(let orderBy, let increment, let total):
            let ordered = table.rows.filter { $0.value(orderBy)?.date != nil }
                .enumerated().sorted { ($0.element.value(orderBy)!.date!, $0.offset) < ($1.element.value(orderBy)!.date!, $1.offset) }
                .map(\.element)
            var previous: Int?
            for row in ordered {
                guard case .integer(let current)? = row.value(total), let cell = row.cells[total] else { continue }
                let added: Int
                if case .integer(let number)? = row.value(increment) { added = number } else { added = 0 }
                let expected = (previous ?? 0) + added
                if let previous, current < previous {
                    findings.append(Finding(severity: rule.severity, code: RuleCode(rule.code ?? RuleCode.runningTotalDecrease.rawValue),
                                            sheet: table.sheetName, cell: cell.reference, column: total, value: cell.typed,
                                            message: Messages.runningTotalDecrease(total, cell.typed, previous)))
                } else if current != expected {
                    findings.append(Finding(severity: rule.severity, code: RuleCode(rule.code ?? RuleCode.runningTotal.rawValue),
                                            sheet: table.sheetName, cell: cell.reference, column: total, value: cell.typed,
                                            message: Messages.runningTotal(total, cell.typed, expected)))
                }
                previous = current
            }
        case .countRows(let column, let sheet, let dateColumn, let onOrBefore):
            guard let other = submission.tables[sheet], let message = rule.message else { return }
            let dates = other.rows.compactMap { $0.value(dateColumn)?.date }
            for row in table.rows {
                guard let number = row.value(column)?.number, let day = row.value(onOrBefore)?.date, let cell = row.cells[column] else { continue }
                let count = dates.filter { $0 <= day }.count
                guard Double(count) != number else { continue }
                let text = LocalizedText(chinese: fill(message.chinese, cell.typed, String(count), day.description),
                                         english: fill(message.english, cell.typed, String(count), day.description))
                findings.append(Finding(severity: rule.severity, code: RuleCode(rule.code ?? "count-rows"), sheet: table.sheetName,
                                        cell: cell.reference, column: column, value: cell.typed, message: text))
            }
        }
    }
}
