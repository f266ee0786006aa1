import TaizhangSupport
import XLSX

/// Writes the blank ledger template of one town: the instructions sheet generated from the
/// schema, then each sheet of the schema — forms pre-filled with the town's name and target,
/// tables with a merged title row, a styled, frozen, protected header row, fitted column widths
/// and Excel data validation on the data area (drop-down lists, dates, whole numbers) with
/// Chinese prompts. Header cells are locked, data cells are not. Every sheet prints on A4, one
/// page wide, with its title and header rows on every page and the district's footer
/// (``PrintLayout``); the instructions on at most two pages.
public struct TemplateBuilder {
    /// The ledger whose template is built.
    public let schema: LedgerSchema
    /// The district: towns, targets, dates.
    public let district: DistrictConfig
    /// Rows below the header that carry data validation.
    public var dataRows = 500

    /// The hidden sheet holding lists too long for an in-cell drop-down.
    static let dictionarySheet = "字典"

    /// A builder for a ledger and a district.
    public init(schema: LedgerSchema, district: DistrictConfig) {
        self.schema = schema
        self.district = district
    }

    /// The template's file name for a town: `<镇名称>台账.xlsx`.
    public static func fileName(town: String) -> String { town + "台账.xlsx" }

    /// Writes the template of `town` to `path` (atomically), blank or filled with `content`.
    public func write(town: DistrictConfig.Town, to path: String, content: TemplateContent? = nil) throws {
        let workbook = try WorkbookWriter(path: path)
        workbook.properties.title = "\(town.name)\(schema.name)"
        workbook.properties.creator = district.district
        workbook.properties.company = district.district
        let styles = try TemplateStyles(workbook)
        let dictionary = DictionaryColumns()
        try writeInstructions(workbook, styles)
        for sheet in schema.sheets {
            switch sheet.kind {
            case .form: try writeForm(sheet, town: town, values: content?.forms[sheet.name] ?? [:], workbook, styles, dictionary)
            case .table: try writeTable(sheet, content: content?.tables[sheet.name], workbook, styles, dictionary)
            }
        }
        if !dictionary.lists.isEmpty {
            let sheet = try workbook.addSheet(Self.dictionarySheet)
            sheet.state = .hidden
            let longest = dictionary.lists.map(\.count).max() ?? 0
            for index in 0..<longest {
                try sheet.writeRow(dictionary.lists.map { index < $0.count ? WritableCell(.string($0[index])) : nil })
            }
            try PrintLayout.apply(to: sheet, issuer: district.issuer, titleRows: nil)
        }
        workbook.activeSheet = workbook.sheets.first { $0.name != schema.instructionsSheet }
        try workbook.close()
    }

    // MARK: instructions

    private func writeInstructions(_ workbook: WorkbookWriter, _ styles: TemplateStyles) throws {
        let sheet = try workbook.addSheet(schema.instructionsSheet)
        try sheet.setColumnWidth(1, 22)
        try sheet.setColumnWidth(2, 12)
        try sheet.setColumnWidth(3, 8)
        try sheet.setColumnWidth(4, 60)
        try sheet.setColumnWidth(5, 26)
        try sheet.writeRow([WritableCell(.string("\(district.district)\(schema.name)填报说明"), style: styles.title)], height: 28)
        try sheet.merge(CellRange(CellReference(row: 1, column: 1), CellReference(row: 1, column: 5)))
        try sheet.writeRow([WritableCell(.string("请按各工作表的表头逐行填写;带 * 的列为必填;日期请填写为日期格式(如 2026-10-15);请勿修改表头、增删工作表。"), style: styles.wrapped)], height: 32)
        try sheet.merge(CellRange(CellReference(row: 2, column: 1), CellReference(row: 2, column: 5)))
        for table in schema.sheets {
            try sheet.writeRow([])
            let kind = table.kind == .form ? "(A列为项目,B列填写内容)" : "(从表头下一行开始逐行填写)"
            try sheet.writeRow([WritableCell(.string("工作表:\(table.name)\(kind)"), style: styles.section)])
            try sheet.writeRow(["列名", "类型", "必填", "要求", "示例"].map { WritableCell(.string($0), style: styles.header) })
            for column in table.columns {
                try sheet.writeRow([
                    WritableCell(.string(column.label), style: styles.bordered),
                    WritableCell(.string(Self.typeName(column.type)), style: styles.bordered),
                    WritableCell(.string(column.required ? "是" : "否"), style: styles.bordered),
                    WritableCell(.string(requirement(column)), style: styles.wrappedBordered),
                    WritableCell(.string(column.example ?? ""), style: styles.bordered),
                ])
            }
        }
        try PrintLayout.apply(to: sheet, issuer: district.issuer, titleRows: nil, pagesTall: Self.instructionPages)
        try sheet.protect()
    }

    /// The instructions print on at most this many pages.
    static let instructionPages = 2

    static func typeName(_ type: FieldType) -> String {
        switch type {
        case .text: return "文本"
        case .integer: return "整数"
        case .decimal: return "数字"
        case .date: return "日期"
        case .phone: return "电话"
        case .choice: return "下拉选择"
        case .personName: return "姓名"
        case .list: return "多项(用、分隔)"
        case .serial: return "序号"
        }
    }

    /// The column's rules in words, for the instructions and the cell prompts.
    func requirement(_ column: ColumnSchema) -> String {
        var parts: [String] = []
        if !column.values.isEmpty { parts.append("可选:" + column.values.joined(separator: "、")) }
        switch (column.minimum, column.maximum) {
        case let (minimum?, maximum?): parts.append("\(Self.number(minimum))至\(Self.number(maximum))\(column.unit)")
        case let (minimum?, nil): parts.append("不少于\(Self.number(minimum))\(column.unit)")
        case let (nil, maximum?): parts.append("不多于\(Self.number(maximum))\(column.unit)")
        default: break
        }
        if let recommended = column.warnBelow { parts.append("一般不少于\(Self.number(recommended))\(column.unit)") }
        if let length = column.length { parts.append("\(length.lowerBound)至\(length.upperBound)个字") }
        if let year = column.withinYear { parts.append("\(year)年内的日期") }
        if let path = column.notAfter { parts.append("不晚于\(path.column)") }
        if let start = column.warnBefore { parts.append("\(start)以后") }
        if let weekday = column.weekday { parts.append("每周" + ["一", "二", "三", "四", "五", "六", "日"][weekday - 1]) }
        if column.unique { parts.append("不得重复") }
        if let path = column.inColumn { parts.append("须为“\(path.sheet)”表中的\(path.column)") }
        if let count = column.countEquals { parts.append("项数与\(count)一致") }
        switch column.type {
        case .phone: parts.append("手机号11位或座机号(区号-号码)")
        case .personName: parts.append("2至10个汉字")
        case .serial: parts.append("1、2、3……")
        default: break
        }
        return parts.joined(separator: ";")
    }

    static func number(_ value: Double) -> String { Cell.shortestText(value) }

    // MARK: forms

    private func writeForm(_ sheetSchema: SheetSchema, town: DistrictConfig.Town, values: [String: WritableValue],
                           _ workbook: WorkbookWriter, _ styles: TemplateStyles, _ dictionary: DictionaryColumns) throws {
        let sheet = try workbook.addSheet(sheetSchema.name)
        try sheet.setColumnWidth(1, Double(max(14, (sheetSchema.columns.map { ColumnWidth.displayWidth(of: $0.label) }.max() ?? 0) + 4)))
        try sheet.setColumnWidth(2, 30)
        for (index, column) in sheetSchema.columns.enumerated() {
            let row = index + 1
            let label = WritableCell(.string(column.required ? column.label + " *" : column.label), style: styles.header)
            var value = WritableCell(.empty, style: styles.input(for: column.type))
            if column.values == district.towns.map(\.name) {
                value.value = .string(town.name)
            } else if column.defaultValue != nil, column.type == .integer {
                value.value = .number(Double(town.target))
            }
            if let given = values[column.label] { value.value = given }
            try sheet.writeRow([label, value], height: 20)
            let cell = CellRange(CellReference(row: row, column: 2), CellReference(row: row, column: 2))
            if let validation = try validation(for: column, on: cell, workbook: workbook, dictionary: dictionary) {
                try sheet.addDataValidation(validation)
            }
        }
        try PrintLayout.apply(to: sheet, issuer: district.issuer, titleRows: nil)
        try sheet.protect(Self.protection)
    }

    // MARK: tables

    private func writeTable(_ sheetSchema: SheetSchema, content: TableContent?, _ workbook: WorkbookWriter,
                            _ styles: TemplateStyles, _ dictionary: DictionaryColumns) throws {
        let sheet = try workbook.addSheet(sheetSchema.name)
        let columns = content.map { $0.columnOrder.compactMap(sheetSchema.column) } ?? sheetSchema.columns
        let columnCount = columns.count
        let headerRow = 2 + (content?.extraTitleRows ?? 0)
        for (index, column) in columns.enumerated() {
            let texts = [column.label + (column.required ? " *" : ""), column.example ?? ""]
            let width = max(ColumnWidth.fitting(texts, minimum: 8, maximum: 40), column.type == .date ? 12 : 0)
            try sheet.setColumns((index + 1)...(index + 1), width: width, style: styles.input(for: column.type))
        }
        try sheet.freezePanes(rows: headerRow)
        let title = sheetSchema.title ?? sheetSchema.name
        try sheet.writeRow([WritableCell(.string(title), style: styles.title)] + Array(repeating: WritableCell(.empty, style: styles.title), count: columnCount - 1), height: 28)
        if columnCount > 1 { try sheet.merge(CellRange(CellReference(row: 1, column: 1), CellReference(row: 1, column: columnCount))) }
        for extra in 0..<(content?.extraTitleRows ?? 0) {
            try sheet.writeRow([WritableCell(.string(extra == 0 ? "填报单位:\(district.district)" : ""))])
        }
        try sheet.writeRow(columns.map { WritableCell(.string($0.required ? $0.label + " *" : $0.label), style: styles.header) },
                           height: 22)
        for (offset, row) in (content?.rows ?? []).enumerated() {
            guard let row else { continue }
            try sheet.writeRow(columns.map { column in row[column.label].map { WritableCell($0, style: styles.input(for: column.type)) } },
                               at: headerRow + 1 + offset)
        }
        for (index, column) in columns.enumerated() {
            let range = CellRange(CellReference(row: headerRow + 1, column: index + 1), CellReference(row: headerRow + dataRows, column: index + 1))
            if let validation = try validation(for: column, on: range, workbook: workbook, dictionary: dictionary) {
                try sheet.addDataValidation(validation)
            }
        }
        try PrintLayout.apply(to: sheet, issuer: district.issuer, titleRows: 1...headerRow)
        try sheet.protect(Self.protection)
    }

    /// Protection that keeps the header and labels but lets towns add, delete, sort and resize.
    static var protection: SheetProtection {
        var protection = SheetProtection()
        protection.allowsFormattingColumns = true
        protection.allowsFormattingRows = true
        protection.allowsInsertingRows = true
        protection.allowsDeletingRows = true
        protection.allowsSorting = true
        protection.allowsAutoFilter = true
        return protection
    }

    // MARK: data validation

    /// The Excel rule for a column's data cells, with Chinese prompts; nil for free text.
    func validation(for column: ColumnSchema, on range: CellRange, workbook: WorkbookWriter,
                    dictionary: DictionaryColumns) throws -> DataValidation? {
        let prompt = Self.clipped(requirement(column), 255)
        let title = Self.clipped(column.label, 32)
        func make(_ rule: DataValidation.Rule, error: String) -> DataValidation {
            DataValidation(rule, on: [range], inputTitle: title, inputMessage: prompt.isEmpty ? nil : prompt,
                           errorTitle: Self.clipped("\(column.label)填写有误", 32), errorMessage: Self.clipped(error, 255))
        }
        switch column.type {
        case .choice:
            let joined = column.values.joined(separator: ",")
            let rule: DataValidation.Rule = joined.count <= ExcelLimits.validationListLength && !column.values.contains { $0.contains(",") || $0.contains("\"") }
                ? .list(column.values) : .listSource(dictionary.reference(for: column.values))
            var validation = make(rule, error: "请从下拉列表中选择:" + column.values.joined(separator: "、"))
            if !column.synonyms.isEmpty { validation.errorStyle = .warning }
            return validation
        case .integer, .serial:
            let minimum = Int(column.minimum ?? (column.type == .serial ? 1 : 0))
            let bounds: ValidationBounds<Int> = column.maximum.map { .between(minimum, Int($0)) } ?? .greaterThanOrEqual(minimum)
            return make(.wholeNumber(bounds), error: "请填写整数" + (prompt.isEmpty ? "" : ":" + prompt))
        case .decimal:
            let bounds: ValidationBounds<Double> = .greaterThanOrEqual(column.minimum ?? -1e15)
            return make(.decimal(bounds), error: "请填写数字")
        case .date:
            let year = column.withinYear
            let from = LocalDateTime(year: year ?? 1900, month: 1, day: 1)
            let to = LocalDateTime(year: year ?? 2099, month: 12, day: 31)
            return make(.date(.between(from, to)), error: "请填写日期,如 \(district.year)-10-15" + (year.map { ",须在\($0)年内" } ?? ""))
        case .text, .personName, .list:
            if let length = column.length {
                return make(.textLength(.between(length.lowerBound, length.upperBound)),
                            error: "应为\(length.lowerBound)至\(length.upperBound)个字")
            }
            return prompt.isEmpty ? nil : DataValidation(.textLength(.greaterThanOrEqual(0)), on: [range], inputTitle: title,
                                                         inputMessage: prompt, showsErrorMessage: false)
        case .phone:
            return DataValidation(.textLength(.between(7, 20)), on: [range], inputTitle: title, inputMessage: prompt,
                                  errorTitle: "电话填写有误", errorMessage: "请填写11位手机号或座机号(区号-号码)", errorStyle: .warning)
        }
    }

    static func clipped(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

/// What to fill a template with (sample submissions are filled templates).
public struct TemplateContent: Sendable {
    /// Form values by sheet and label (they override the pre-filled town and target).
    public var forms: [String: [String: WritableValue]] = [:]
    /// Table rows by sheet.
    public var tables: [String: TableContent] = [:]

    /// Nothing filled in: a blank template.
    public init() {}
}

/// The rows of one table sheet and how it is laid out.
public struct TableContent: Sendable {
    /// The columns' labels in the order they appear.
    public var columnOrder: [String]
    /// Rows inserted between the merged title and the header.
    public var extraTitleRows = 0
    /// Data rows by label; nil leaves a blank row.
    public var rows: [[String: WritableValue]?]

    /// The rows of a table in a column order.
    public init(columnOrder: [String], rows: [[String: WritableValue]?] = []) {
        self.columnOrder = columnOrder
        self.rows = rows
    }

    /// The A1 cell of a data row's column, as written.
    public func cell(row: Int, column label: String) -> CellReference? {
        guard let index = columnOrder.firstIndex(of: label) else { return nil }
        return CellReference(row: 3 + extraTitleRows + row, column: index + 1)
    }
}

/// Lists too long for an in-cell drop-down, laid out as columns of the hidden dictionary sheet.
final class DictionaryColumns {
    private(set) var lists: [[String]] = []

    /// The absolute reference of a list's cells, adding the list if new.
    func reference(for values: [String]) -> String {
        let index = lists.firstIndex(of: values) ?? {
            lists.append(values)
            return lists.count - 1
        }()
        let letters = CellReference.columnLetters(index + 1)
        return "'\(TemplateBuilder.dictionarySheet)'!$\(letters)$1:$\(letters)$\(values.count)"
    }
}

/// The template's registered styles.
struct TemplateStyles {
    let title: StyleIndex
    let header: StyleIndex
    let section: StyleIndex
    let bordered: StyleIndex
    let wrapped: StyleIndex
    let wrappedBordered: StyleIndex
    let inputText: StyleIndex
    let inputDate: StyleIndex
    let inputNumber: StyleIndex
    let inputDecimal: StyleIndex

    init(_ workbook: WorkbookWriter) throws {
        let thin = Border.all(.thin, color: Color(rgb: 0xBFBFBF))
        title = try workbook.register(CellStyle(font: FontStyle(size: 16, bold: true), horizontalAlignment: .center,
                                                verticalAlignment: .center))
        header = try workbook.register(CellStyle(font: FontStyle(bold: true), fillColor: Color(rgb: 0xDDEBF7), border: thin,
                                                 horizontalAlignment: .center, verticalAlignment: .center, wrapsText: true))
        section = try workbook.register(CellStyle(font: FontStyle(size: 12, bold: true)))
        bordered = try workbook.register(CellStyle(border: thin, verticalAlignment: .center))
        wrapped = try workbook.register(CellStyle(verticalAlignment: .center, wrapsText: true))
        wrappedBordered = try workbook.register(CellStyle(border: thin, verticalAlignment: .center, wrapsText: true))
        inputText = try workbook.register(CellStyle(border: thin, numberFormat: "@", isLocked: false))
        inputDate = try workbook.register(CellStyle(border: thin, numberFormat: "yyyy-mm-dd", isLocked: false))
        inputNumber = try workbook.register(CellStyle(border: thin, numberFormat: "0", isLocked: false))
        inputDecimal = try workbook.register(CellStyle(border: thin, isLocked: false))
    }

    /// The unlocked input style of a column: text format for text and phones (so 13800138000
    /// stays text), a date format for dates, a number format for numbers.
    func input(for type: FieldType) -> StyleIndex {
        switch type {
        case .date: return inputDate
        case .integer, .serial: return inputNumber
        case .decimal: return inputDecimal
        case .text, .phone, .choice, .personName, .list: return inputText
        }
    }
}
