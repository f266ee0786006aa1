import TaizhangSupport
import XLSX

/// Writes the blank ledger template of one town: the instructions sheet generated from the
/// schema (its examples naming the town), then each sheet of the schema — forms pre-filled with
/// the town's name and target, tables with a merged title row, a styled, frozen, protected
/// header row, columns as wide as what they may hold (long text wraps) and Excel data
/// validation on the data area (drop-down lists, dates, whole numbers) with Chinese prompts.
/// Header cells are locked, data cells are not. Every sheet is titled and prints on A4 in the
/// house style (`HouseStyle`, `PrintLayout`): its title and header rows on every page, the
/// district's footer, a blank table with ruled rows to fill in by hand; the instructions on at
/// most two pages.
public struct TemplateBuilder {
    /// The ledger whose template is built.
    public let schema: LedgerSchema
    /// The district: towns, targets, dates.
    public let district: DistrictConfig
    /// Rows below the header that carry data validation.
    public var dataRows = 500
    /// Ruled rows a blank table prints, to fill in by hand.
    public var ruledRows = 20

    /// The hidden sheet holding lists too long for an in-cell drop-down.
    static let dictionarySheet = "字典"
    /// The height of a ruled row to write in by hand, in points.
    static let ruledRowHeight = 24.0

    /// A builder for a ledger and a district.
    public init(schema: LedgerSchema, district: DistrictConfig) {
        self.schema = schema
        self.district = district
    }

    /// The template's file name for a town: `<镇名称>台账.xlsx`.
    public static func fileName(town: String) -> String { town + "台账.xlsx" }

    /// Writes the template of `town` to `path` (atomically), blank or filled with `content`.
    public func write(town: DistrictConfig.Town, to path: String, content: TemplateContent? = nil) throws {
        let workbook = try WorkbookWriter(path: path, options: HouseStyle.writerOptions())
        workbook.properties.title = "\(town.name)\(schema.name)"
        workbook.properties.creator = district.district
        workbook.properties.company = district.district
        let styles = try TemplateStyles(workbook)
        let dictionary = DictionaryColumns()
        try writeInstructions(town: town, workbook, styles)
        for sheet in schema.sheets {
            switch sheet.kind {
            case .form: try writeForm(sheet, town: town, values: content?.forms[sheet.name] ?? [:], workbook, styles, dictionary)
            case .table:
                try writeTable(sheet, town: town, content: content?.tables[sheet.name], blank: content == nil, workbook, styles, dictionary)
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

    /// The campaign as titles name it: 青山湖区乡镇实体化“大团委”建设.
    var campaignTitle: String { PrintLayout.typographic(district.district + district.campaign) }

    /// A title row across `columns` columns `width` characters wide in all: as high as the
    /// title's wrapped lines.
    private func writeTitle(_ title: String, on sheet: SheetWriter, columns: Int, width: Double, style: StyleIndex) throws {
        let lines = PrintLayout.lines(title, width: width * HouseStyle.bodySize / HouseStyle.titleSize)
        try sheet.writeRow([WritableCell(.string(title), style: style)] + Array(repeating: WritableCell(.empty, style: style), count: columns - 1),
                           height: max(HouseStyle.titleHeight, PrintLayout.rowHeight(lines: lines, size: HouseStyle.titleSize)))
        if columns > 1 { try sheet.merge(CellRange(CellReference(row: sheet.lastRowNumber, column: 1),
                                                   CellReference(row: sheet.lastRowNumber, column: columns))) }
    }

    // MARK: instructions

    /// The widths of the instructions' columns: 列名, 类型, 必填, 要求, 示例.
    static let instructionWidths: [Double] = [20, 12, 6, 56, 26]

    private func writeInstructions(town: DistrictConfig.Town, _ workbook: WorkbookWriter, _ styles: TemplateStyles) throws {
        let sheet = try workbook.addSheet(schema.instructionsSheet)
        for (index, width) in Self.instructionWidths.enumerated() { try sheet.setColumnWidth(index + 1, width) }
        let width = Self.instructionWidths.reduce(0, +)
        let columns = Self.instructionWidths.count
        var height = 0.0
        try writeTitle(PrintLayout.typographic("\(district.district)\(schema.name)填报说明(\(town.name))"), on: sheet, columns: columns,
                       width: width, style: styles.house.title)
        let guidance = "请按各工作表的表头逐行填写;带 * 的列为必填;日期请填写为日期格式(如 \(district.year)-10-15);请勿修改表头、增删工作表。"
            + "打印空白表可手工填写后再录入。"
        let guidanceHeight = PrintLayout.rowHeight(lines: PrintLayout.lines(guidance, width: width))
        try sheet.writeRow([WritableCell(.string(guidance), style: styles.house.paragraph)], height: guidanceHeight)
        try sheet.merge(CellRange(CellReference(row: 2, column: 1), CellReference(row: 2, column: columns)))
        height += HouseStyle.titleHeight + guidanceHeight
        for table in schema.sheets {
            try sheet.writeRow([], height: 8)
            let kind = table.kind == .form ? "(A列为项目,B列填写内容)" : "(从表头下一行开始逐行填写)"
            try sheet.writeRow([WritableCell(.string("工作表:\(table.name)\(kind)"), style: styles.house.section)], height: 22)
            try sheet.writeRow(["列名", "类型", "必填", "要求", "示例"].map { WritableCell(.string($0), style: styles.house.header) },
                               height: HouseStyle.headerHeight)
            height += 8 + 22 + HouseStyle.headerHeight
            for column in table.columns {
                let texts = [column.label, Self.typeName(column.type), column.required ? "是" : "否", requirement(column),
                             column.example(town: town.name) ?? ""]
                let lines = zip(texts, Self.instructionWidths).map { PrintLayout.lines($0, width: $1) }.max() ?? 1
                let rowHeight = max(HouseStyle.rowHeight, PrintLayout.rowHeight(lines: lines))
                try sheet.writeRow(texts.enumerated().map { index, text in
                    WritableCell(.string(text), style: index == 2 ? styles.house.centered : styles.house.borderedWrapped)
                }, height: rowHeight)
                height += rowHeight
            }
        }
        try PrintLayout.apply(to: sheet, issuer: district.issuer, titleRows: nil, height: height, pagesTall: Self.instructionPages)
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
        try sheet.setColumnWidth(2, 36)
        for (index, column) in sheetSchema.columns.enumerated() {
            let row = index + 1
            let label = WritableCell(.string(column.required ? column.label + " *" : column.label), style: styles.house.header)
            var value = WritableCell(.empty, style: styles.input(for: column))
            if column.values == district.towns.map(\.name) {
                value.value = .string(town.name)
            } else if column.defaultValue != nil, column.type == .integer {
                value.value = .number(Double(town.target))
            }
            if let given = values[column.label] { value.value = given }
            try sheet.writeRow([label, value], height: Self.ruledRowHeight)
            let cell = CellRange(CellReference(row: row, column: 2), CellReference(row: row, column: 2))
            if let validation = try validation(for: column, on: cell, workbook: workbook, dictionary: dictionary) {
                try sheet.addDataValidation(validation)
            }
        }
        // The form's cells are read by position (label in A, value in B), so its title is the page's header.
        var setup = PrintLayout.pageSetup(width: sheet.usedColumnsWidth, issuer: district.issuer)
        setup.header = HeaderFooter(center: [.bold, .fontSize(Int(HouseStyle.titleSize) - 2), .text("\(town.name)\(sheetSchema.title ?? sheetSchema.name)")],
                                    right: [.fontSize(Int(HouseStyle.noteSize)), .text(campaignTitle)])
        setup.margins.top = 1.0
        setup.margins.header = 0.4
        try sheet.setPageSetup(setup)
        try sheet.protect(Self.protection)
    }

    // MARK: tables

    /// The widest a column of short values gets before its text wraps, in characters.
    static let wrapWidth = 26.0
    /// The width of a column of free text (no length given), wrapped.
    static let freeTextWidth = 14.0...20.0
    /// The width of a column of long text (over 100 characters), wrapped.
    static let longTextWidth = 44.0

    /// How wide a column is printed, in characters, and whether its text wraps: wide enough for
    /// what the column may hold (团组织名称 up to 60 characters wraps in ``wrapWidth``), and for
    /// its label on at most two lines.
    package static func layout(of column: ColumnSchema, example: String?) -> (width: Double, wraps: Bool) {
        let label = Double(ColumnWidth.displayWidth(of: column.label + (column.required ? " *" : "")))
        let content: Double
        switch column.type {
        case .date: content = 10
        case .phone: content = 13
        case .integer, .serial, .decimal:
            content = Double(max(column.maximum.map { Self.number($0).count } ?? 5, column.minimum.map { Self.number($0).count } ?? 1))
        case .choice: content = Double(column.values.map(ColumnWidth.displayWidth(of:)).max() ?? 8)
        case .personName: content = 8
        case .text, .list:
            // Free text without a length may hold anything: as wide as its example, within bounds, wrapped.
            guard let length = column.length else {
                let width = min(max(Double(ColumnWidth.displayWidth(of: example ?? "")) + 2, freeTextWidth.lowerBound), freeTextWidth.upperBound)
                return (max(width, (label / 2).rounded(.up) + 2), true)
            }
            content = Double(length.upperBound * 2)
        }
        let natural = content + 2
        let wrapAt = content > 200 ? longTextWidth : wrapWidth
        let width = max(min(natural, wrapAt), (label / 2).rounded(.up) + 2, 8)
        return (width, natural > width)
    }

    private func writeTable(_ sheetSchema: SheetSchema, town: DistrictConfig.Town, content: TableContent?, blank: Bool,
                            _ workbook: WorkbookWriter, _ styles: TemplateStyles, _ dictionary: DictionaryColumns) throws {
        let sheet = try workbook.addSheet(sheetSchema.name)
        let columns = content.map { $0.columnOrder.compactMap(sheetSchema.column) } ?? sheetSchema.columns
        let columnCount = columns.count
        let headerRow = 2 + (content?.extraTitleRows ?? 0)
        let layouts = columns.map { Self.layout(of: $0, example: $0.example(town: town.name)) }
        for (index, column) in columns.enumerated() {
            try sheet.setColumns((index + 1)...(index + 1), width: layouts[index].width,
                                 style: styles.input(for: column, wraps: layouts[index].wraps))
        }
        let width = layouts.map(\.width).reduce(0, +)
        try sheet.freezePanes(rows: headerRow)
        try writeTitle(campaignTitle + " " + town.name + (sheetSchema.title ?? sheetSchema.name), on: sheet, columns: columnCount,
                       width: width, style: styles.house.title)
        for extra in 0..<(content?.extraTitleRows ?? 0) {
            try sheet.writeRow([WritableCell(.string(extra == 0 ? "填报单位:\(district.district)" : ""))])
        }
        let labels = columns.map { $0.required ? $0.label + " *" : $0.label }
        let headerLines = zip(labels, layouts).map { PrintLayout.lines($0, width: $1.width) }.max() ?? 1
        try sheet.writeRow(labels.map { WritableCell(.string($0), style: styles.house.header) },
                           height: max(HouseStyle.headerHeight, PrintLayout.rowHeight(lines: headerLines)))
        var lastRow = headerRow
        for (offset, row) in (content?.rows ?? []).enumerated() {
            guard let row else { continue }
            let lines = zip(columns, layouts).map { column, layout -> Int in
                guard layout.wraps, case .string(let text)? = row[column.label] else { return 1 }
                return PrintLayout.lines(text, width: layout.width)
            }.max() ?? 1
            lastRow = headerRow + 1 + offset
            try sheet.writeRow(zip(columns, layouts).map { column, layout in
                row[column.label].map { WritableCell($0, style: styles.input(for: column, wraps: layout.wraps)) }
            }, at: lastRow, height: lines > 1 ? PrintLayout.rowHeight(lines: lines) : HouseStyle.rowHeight)
        }
        if blank {
            // Ruled rows to fill in by hand: empty cells in the input styles, which print their rules.
            for _ in 0..<ruledRows {
                lastRow += 1
                try sheet.writeRow(zip(columns, layouts).map { WritableCell(.empty, style: styles.input(for: $0, wraps: $1.wraps)) },
                                   at: lastRow, height: Self.ruledRowHeight)
            }
        }
        for (index, column) in columns.enumerated() {
            let range = CellRange(CellReference(row: headerRow + 1, column: index + 1), CellReference(row: headerRow + dataRows, column: index + 1))
            if let validation = try validation(for: column, on: range, workbook: workbook, dictionary: dictionary) {
                try sheet.addDataValidation(validation)
            }
        }
        var setup = PrintLayout.pageSetup(width: width, issuer: district.issuer)
        setup.printArea = CellRange(CellReference(row: 1, column: 1), CellReference(row: max(lastRow, headerRow), column: columnCount))
        try sheet.setPageSetup(setup)
        try sheet.setPrintTitles(rows: 1...headerRow, columns: setup.fitToPages == nil ? 1...min(2, columnCount) : nil)
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

/// The template's styles: the house styles, and the unlocked input styles of the data cells.
struct TemplateStyles {
    let house: HouseStyle
    private let inputs: [InputKey: StyleIndex]

    private struct InputKey: Hashable {
        let format: String?
        let wraps: Bool
    }

    init(_ workbook: WorkbookWriter) throws {
        house = try HouseStyle(workbook)
        var inputs: [InputKey: StyleIndex] = [:]
        for format in ["@", "yyyy-mm-dd", "0", nil] as [String?] {
            for wraps in [false, true] {
                inputs[InputKey(format: format, wraps: wraps)] = try workbook.register(CellStyle(
                    border: HouseStyle.rule, verticalAlignment: .center,
                    wrapsText: wraps, numberFormat: format, isLocked: false))
            }
        }
        self.inputs = inputs
    }

    /// The unlocked input style of a column: text format for text and phones (so 13800138000
    /// stays text), a date format for dates, a number format for numbers; wrapped for long text.
    func input(for column: ColumnSchema, wraps: Bool = false) -> StyleIndex {
        let format: String?
        switch column.type {
        case .date: format = "yyyy-mm-dd"
        case .integer, .serial: format = "0"
        case .decimal: format = nil
        case .text, .phone, .choice, .personName, .list: format = "@"
        }
        return inputs[InputKey(format: format, wraps: wraps)]!
    }
}
