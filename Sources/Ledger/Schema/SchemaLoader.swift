#if canImport(Glibc)
import TaizhangSupport
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LedgerSchema {
    /// Loads a schema file, filling `${…}` from the district.
    public static func load(path: String, district: DistrictConfig) throws -> LedgerSchema {
        try parse(try TextFile.read(path), file: path, district: district)
    }

    /// Parses a schema file's text and checks every reference in it.
    public static func parse(_ text: String, file: String, district: DistrictConfig) throws -> LedgerSchema {
        let root = try YAMLValue.parse(text, file: file)
        let fields = try root.fields(allowed: ["name", "header_search_rows", "instructions_sheet", "sheets"])
        let loader = SchemaLoader(substitutions: district.substitutions)
        var sheets: [SheetSchema] = []
        for item in try fields.required("sheets").sequence() {
            let sheet = try loader.sheet(item)
            guard !sheets.contains(where: { $0.name == sheet.name }) else { throw item.error("sheet \"\(sheet.name)\" is defined twice") }
            sheets.append(sheet)
        }
        let schema = LedgerSchema(name: try fields["name"]?.string() ?? "", headerSearchRows: try fields["header_search_rows"]?.integer() ?? 10,
                                  instructionsSheet: try fields["instructions_sheet"]?.string() ?? "填报说明", sheets: sheets)
        try SchemaLoader.checkReferences(schema, file: file)
        return schema
    }
}

/// Reads the parts of a schema file.
private struct SchemaLoader {
    let substitutions: [String: DistrictConfig.SubstitutionValue]

    static let columnKeys: Set<String> = [
        "label", "type", "required", "min", "max", "warn_below", "unit", "length", "pattern", "values", "synonyms",
        "unique", "unique_in_district", "within_year", "not_after", "warn_before", "weekday", "in_column",
        "in_column_severity", "count_equals", "default", "example", "one_of",
    ]

    /// The scalar with `${name}` replaced.
    func text(_ value: YAMLValue) throws -> String {
        let raw = try value.string()
        guard raw.hasPrefix("${"), raw.hasSuffix("}") else { return raw }
        let name = String(raw.dropFirst(2).dropLast())
        switch substitutions[name] {
        case .text(let text)?: return text
        case .list?: throw value.error("${\(name)} is a list, not a single value")
        case nil: throw value.error("unknown substitution ${\(name)} (known: \(substitutions.keys.sorted().joined(separator: ", ")))")
        }
    }

    /// An example: like ``text(_:)``, but `${town}` is kept (inside the text too) for the template
    /// of each town to fill in (``ColumnSchema/example(town:)``).
    func example(_ value: YAMLValue) throws -> String {
        let raw = try value.string()
        return raw == ColumnSchema.townPlaceholder ? raw : try text(value)
    }

    /// A list, or `${name}` naming a list.
    func list(_ value: YAMLValue) throws -> [String] {
        if let raw = try? value.string(), raw.hasPrefix("${"), raw.hasSuffix("}") {
            let name = String(raw.dropFirst(2).dropLast())
            guard case .list(let items)? = substitutions[name] else { throw value.error("${\(name)} is not a known list") }
            return items
        }
        return try value.sequence().map(text)
    }

    func number(_ value: YAMLValue) throws -> Double {
        guard let number = Double(try text(value)) else { throw value.error("expected a number, found \"\(try value.string())\"") }
        return number
    }

    func integer(_ value: YAMLValue) throws -> Int {
        guard let number = Int(try text(value)) else { throw value.error("expected a whole number, found \"\(try value.string())\"") }
        return number
    }

    func date(_ value: YAMLValue) throws -> LedgerDate {
        guard let date = LedgerDate(iso: try text(value)) else {
            throw value.error("expected a date as YYYY-MM-DD, found \"\(try value.string())\"")
        }
        return date
    }

    func path(_ value: YAMLValue) throws -> FieldPath {
        let raw = try text(value)
        guard let dot = raw.firstIndex(of: "."), dot != raw.startIndex, raw.index(after: dot) != raw.endIndex else {
            throw value.error("expected sheet.column, found \"\(raw)\"")
        }
        return FieldPath(sheet: String(raw[..<dot]), column: String(raw[raw.index(after: dot)...]))
    }

    func severity(_ value: YAMLValue?) throws -> Severity {
        guard let value else { return .error }
        guard let severity = Severity(rawValue: try value.string()) else { throw value.error("severity is error or warning") }
        return severity
    }

    func message(_ value: YAMLValue?, owner: YAMLValue) throws -> LocalizedText {
        guard let value else { throw owner.error("\"message\" with zh and en is missing") }
        let fields = try value.fields(allowed: ["zh", "en"])
        return LocalizedText(chinese: try fields.required("zh").string(), english: try fields.required("en").string())
    }

    func sheet(_ value: YAMLValue) throws -> SheetSchema {
        let fields = try value.fields(allowed: ["name", "kind", "title", "optional", "columns", "fields", "row_rules", "sheet_rules"])
        let kindValue = try fields.required("kind")
        guard let kind = SheetSchema.Kind(rawValue: try kindValue.string()) else { throw kindValue.error("kind is form or table") }
        let columnsValue = kind == .form ? try fields.required("fields") : try fields.required("columns")
        var columns: [ColumnSchema] = []
        for item in try columnsValue.sequence() {
            let column = try self.column(item)
            guard !columns.contains(where: { $0.label == column.label }) else { throw item.error("\"\(column.label)\" appears twice") }
            columns.append(column)
        }
        var sheet = SheetSchema(name: try fields.required("name").string(), kind: kind, title: try fields["title"]?.string(),
                                optional: try fields["optional"]?.boolean() ?? false, columns: columns, line: value.line)
        sheet.rowRules = try (fields["row_rules"]?.sequence() ?? []).map(rowRule)
        sheet.sheetRules = try (fields["sheet_rules"]?.sequence() ?? []).map(sheetRule)
        return sheet
    }

    func column(_ value: YAMLValue) throws -> ColumnSchema {
        let fields = try value.fields(allowed: Self.columnKeys)
        let typeValue = try fields.required("type")
        guard let type = FieldType(rawValue: try typeValue.string()) else {
            throw typeValue.error("unknown type \"\(try typeValue.string())\" (known: \(FieldType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var column = ColumnSchema(label: try fields.required("label").string(), type: type)
        column.line = value.line
        column.required = try fields["required"]?.boolean() ?? false
        column.minimum = try fields["min"].map(number)
        column.maximum = try fields["max"].map(number)
        column.warnBelow = try fields["warn_below"].map(number)
        column.unit = try fields["unit"]?.string() ?? ""
        if let length = fields["length"] {
            let bounds = try length.sequence().map(integer)
            guard bounds.count == 2, bounds[0] <= bounds[1], bounds[0] >= 0 else { throw length.error("length is [min, max]") }
            column.length = bounds[0]...bounds[1]
        }
        if let pattern = fields["pattern"] {
            let text = try pattern.string()
            guard (try? Regex(text)) != nil else { throw pattern.error("not a valid regular expression: \(text)") }
            column.pattern = text
        }
        column.values = try fields["values"].map(list) ?? fields["one_of"].map(list) ?? []
        if fields["one_of"] != nil && type == .text { column.type = .choice }
        if let synonyms = fields["synonyms"] {
            for pair in try synonyms.mapping() {
                let target = try pair.value.string()
                guard column.values.contains(target) else { throw pair.value.error("\"\(target)\" is not one of the values") }
                column.synonyms[pair.key] = target
            }
        }
        if column.type == .choice && column.values.isEmpty { throw value.error("a choice needs values") }
        column.unique = try fields["unique"]?.boolean() ?? false
        column.uniqueInDistrict = try fields["unique_in_district"]?.boolean() ?? false
        column.withinYear = try fields["within_year"].map(integer)
        column.notAfter = try fields["not_after"].map(path)
        column.warnBefore = try fields["warn_before"].map(date)
        if let weekday = fields["weekday"] {
            let day = try integer(weekday)
            guard (1...7).contains(day) else { throw weekday.error("a weekday is 1 (Monday) to 7 (Sunday)") }
            column.weekday = day
        }
        column.inColumn = try fields["in_column"].map(path)
        column.inColumnSeverity = try severity(fields["in_column_severity"])
        column.countEquals = try fields["count_equals"]?.string()
        column.defaultValue = try fields["default"].map(text)
        column.example = try fields["example"].map(example)
        return column
    }

    func rowRule(_ value: YAMLValue) throws -> RowRule {
        let fields = try value.fields(allowed: ["code", "name", "severity", "when", "compare", "check", "ends_with_column", "age", "message"])
        let when = try (fields["when"]?.mapping() ?? []).reduce(into: [String: String]()) { $0[$1.key] = try text($1.value) }
        let check: RowRule.Check
        if let compare = fields["compare"] {
            let parts = try compare.strings()
            guard parts.count == 3, let op = ComparisonOperator(rawValue: parts[1]) else {
                throw compare.error("compare is [column, operator, column] with one of < <= > >= == !=")
            }
            check = .compare(column: parts[0], op: op, other: parts[2])
        } else if let minimum = fields["check"] {
            let check2 = try minimum.fields(allowed: ["column", "min"])
            check = .minimum(column: try check2.required("column").string(), minimum: try number(try check2.required("min")))
        } else if let ends = fields["ends_with_column"] {
            let parts = try ends.strings()
            guard parts.count == 2 else { throw ends.error("ends_with_column is [column, column]") }
            check = .endsWithColumn(column: parts[0], other: parts[1])
        } else if let age = fields["age"] {
            let ageFields = try age.fields(allowed: ["column", "on", "min", "max"])
            check = .age(column: try ageFields.required("column").string(), on: try path(try ageFields.required("on")),
                         minimum: try ageFields["min"].map(integer), maximum: try ageFields["max"].map(integer))
        } else {
            throw value.error("a row rule needs one of compare, check, ends_with_column, age")
        }
        return RowRule(code: try fields.required("code").string(), severity: try severity(fields["severity"]), when: when,
                       check: check, message: try message(fields["message"], owner: value), line: value.line,
                       name: try fields["name"]?.string())
    }

    func sheetRule(_ value: YAMLValue) throws -> SheetRule {
        let fields = try value.fields(allowed: ["code", "name", "severity", "running_total", "count_rows", "message"])
        if let running = fields["running_total"] {
            let parts = try running.fields(allowed: ["order_by", "increment", "total"])
            return SheetRule(code: try fields["code"]?.string(), severity: try severity(fields["severity"]),
                             check: .runningTotal(orderBy: try parts.required("order_by").string(),
                                                  increment: try parts.required("increment").string(),
                                                  total: try parts.required("total").string()),
                             message: nil, line: value.line, name: try fields["name"]?.string())
        }
        if let count = fields["count_rows"] {
            let parts = try count.fields(allowed: ["column", "sheet", "date_column", "on_or_before"])
            return SheetRule(code: try fields.required("code").string(), severity: try severity(fields["severity"]),
                             check: .countRows(column: try parts.required("column").string(), sheet: try parts.required("sheet").string(),
                                               dateColumn: try parts.required("date_column").string(),
                                               onOrBefore: try parts.required("on_or_before").string()),
                             message: try message(fields["message"], owner: value), line: value.line,
                             name: try fields["name"]?.string())
        }
        throw value.error("a sheet rule needs running_total or count_rows")
    }

    /// Every column a rule or a reference names must exist.
    static func checkReferences(_ schema: LedgerSchema, file: String) throws {
        func fail(_ line: Int, _ message: String) -> ConfigurationError {
            ConfigurationError(file: file, line: line, message: message)
        }
        func require(_ path: FieldPath, line: Int) throws {
            guard let sheet = schema.sheet(path.sheet) else { throw fail(line, "no sheet \"\(path.sheet)\" (in \(path))") }
            guard sheet.column(path.column) != nil else { throw fail(line, "sheet \"\(path.sheet)\" has no column \"\(path.column)\"") }
        }
        for sheet in schema.sheets {
            func requireColumn(_ label: String, line: Int, in other: SheetSchema? = nil) throws {
                let target = other ?? sheet
                guard target.column(label) != nil else { throw fail(line, "sheet \"\(target.name)\" has no column \"\(label)\"") }
            }
            for column in sheet.columns {
                if let path = column.notAfter { try require(path, line: column.line) }
                if let path = column.inColumn { try require(path, line: column.line) }
                if let count = column.countEquals { try requireColumn(count, line: column.line) }
            }
            for rule in sheet.rowRules {
                for label in rule.when.keys { try requireColumn(label, line: rule.line) }
                switch rule.check {
                case .compare(let column, _, let other), .endsWithColumn(let column, let other):
                    try requireColumn(column, line: rule.line)
                    try requireColumn(other, line: rule.line)
                case .minimum(let column, _):
                    try requireColumn(column, line: rule.line)
                case .age(let column, let on, _, _):
                    try requireColumn(column, line: rule.line)
                    try require(on, line: rule.line)
                }
            }
            for rule in sheet.sheetRules {
                switch rule.check {
                case .runningTotal(let orderBy, let increment, let total):
                    for label in [orderBy, increment, total] { try requireColumn(label, line: rule.line) }
                case .countRows(let column, let other, let dateColumn, let onOrBefore):
                    try requireColumn(column, line: rule.line)
                    try requireColumn(onOrBefore, line: rule.line)
                    guard let otherSheet = schema.sheet(other) else { throw fail(rule.line, "no sheet \"\(other)\"") }
                    try requireColumn(dateColumn, line: rule.line, in: otherSheet)
                }
            }
        }
    }
}
