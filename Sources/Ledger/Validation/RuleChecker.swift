import XLSX

/// Applies the schema's rules to a read submission: per cell, per row, per sheet, across sheets.
struct RuleChecker {
    let schema: LedgerSchema
    let submission: Submission

    /// What a column's checks need from elsewhere, looked up once per file (not once per cell).
    private struct ColumnContext {
        /// The compiled ``ColumnSchema/pattern`` (nil when none, or when it does not compile:
        /// then it checks nothing).
        var pattern: Regex<AnyRegexOutput>?
        /// The values of the column ``ColumnSchema/inColumn`` names, when that sheet is there.
        var known: Set<String>?
        /// The date ``ColumnSchema/notAfter`` names, when the form gives one.
        var notAfter: LedgerDate?
    }

    private func context(of column: ColumnSchema) -> ColumnContext {
        ColumnContext(pattern: column.pattern.flatMap { try? Regex($0) },
                      known: column.inColumn.flatMap { path in
                          submission.tables[path.sheet].map { Set($0.rows.compactMap { $0.value(path.column)?.description }) }
                      },
                      notAfter: column.notAfter.flatMap { submission.formValue($0)?.date })
    }

    func check(_ findings: inout [Finding]) {
        for sheet in schema.sheets {
            let contexts = sheet.columns.map(context(of:))
            if let form = submission.forms[sheet.name] {
                for (position, column) in sheet.columns.enumerated() {
                    guard let cell = form.fields[column.label] else { continue }
                    checkCell(cell, column: column, context: contexts[position], sheet: form.sheetName, row: nil, &findings)
                }
            }
            guard let table = submission.tables[sheet.name] else { continue }
            // Per column: each value's first cell (for `unique`).
            var firstSeen = [[String: CellReference]](repeating: [:], count: sheet.columns.count)
            for (index, row) in table.rows.enumerated() {
                for (position, column) in sheet.columns.enumerated() {
                    guard let cell = row.cell(at: position, label: column.label) else { continue }
                    checkCell(cell, column: column, context: contexts[position], sheet: table.sheetName, row: row, &findings)
                    if column.type == .serial, case .integer(let number)? = cell.value, number != index + 1 {
                        findings.append(finding(.warning, .serialSequence, table.sheetName, cell, column,
                                                Messages.serialSequence(cell.typed, index + 1)))
                    }
                    if column.unique, let value = cell.value {
                        let key = value.description
                        if let earlier = firstSeen[position][key] {
                            findings.append(finding(.error, .duplicate, table.sheetName, cell, column,
                                                    Messages.duplicate(column.label, cell.typed, earlier.description)))
                        } else {
                            firstSeen[position][key] = cell.reference
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
    private func checkCell(_ cell: FieldCell, column: ColumnSchema, context: ColumnContext, sheet: String, row: DataRow?,
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
            if let regex = context.pattern, (try? regex.wholeMatch(in: text)) == nil {
                findings.append(finding(.error, .pattern, sheet, cell, column, Messages.pattern(column.label, cell.typed)))
            }
        }
        if let date = value.date {
            if let year = column.withinYear, date.year != year {
                findings.append(finding(.error, .dateOutOfYear, sheet, cell, column, Messages.dateOutOfYear(column.label, date, year)))
            }
            if let path = column.notAfter, let limit = context.notAfter, date > limit {
                findings.append(finding(.error, .dateAfter, sheet, cell, column, Messages.dateAfter(column.label, date, path.column, limit)))
            }
            if let start = column.warnBefore, date < start {
                findings.append(finding(.warning, .dateBeforeStart, sheet, cell, column, Messages.dateBeforeStart(column.label, date, start)))
            }
            if let weekday = column.weekday, date.isoWeekday != weekday {
                findings.append(finding(.warning, .wrongWeekday, sheet, cell, column, Messages.wrongWeekday(column.label, date, weekday)))
            }
        }
        if let path = column.inColumn, let known = context.known {
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
