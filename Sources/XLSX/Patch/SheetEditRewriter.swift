import CLibxml2

/// A value checked and ready to write: numbers and dates as the text of `<v>` (a date with
/// what it shows: a date, a date and time, a time of day), text as itself (its shared-strings
/// index is taken as the cell is written).
enum PlannedValue {
    case number(String)
    case date(String, display: DateDisplay)
    case text(String)
    case empty
}

/// One worksheet's edits, resolved and checked: what ``SheetEditRewriter`` carries out.
struct SheetEditPlan {
    /// The new values by cell (edits and appended values).
    var values: [CellReference: PlannedValue] = [:]
    /// The rows the appends write, each with the row whose look it copies (nil: none).
    var appendedRows: [Int: Int?] = [:]
    /// The looks of the style rows.
    var rowLooks: [Int: SheetEditScan.RowLook] = [:]
    /// Masters of the array formulas turned into values.
    var dissolvedArrays: Set<CellReference> = []
    /// Merged ranges added (the style rows' merges, on the new rows).
    var newMerges: [CellRange] = []
    /// The sheet's `<mergeCell>` elements before the edit.
    var mergeCellCount = 0
    /// How ranges ending at the appends' rows grow.
    var growth = RangeGrowth(lastRows: [:])
    /// The bounds of the cells written, for `<dimension>`.
    var bounds: CellRange?
}

/// Streams a worksheet part through, changing only what the edits need:
/// - an edited cell loses its formula and value and gets the new one (type, and for a date a
///   date format, set); a missing cell is added in column order, with its row when that is
///   missing too, in row order;
/// - appended rows take the attributes and cell formats of their style row, and are shown;
/// - the other cells of a shared formula whose master is edited get the formula in full;
///   the master of an array formula turned into values loses its formula;
/// - `<dimension>` grows to cover the new cells, ranges ending at an append's row
///   (auto-filter, conditional formats, data validations) grow with the table, and the style
///   rows' merged ranges are added on the new rows.
///
/// Rows with an edit, and rows without a row number, are held in memory one at a time (as are
/// the rows a shared formula of an edited master spans); every other row streams through
/// untouched.
final class SheetEditRewriter: XMLRewriter {
    /// Excel's built-in formats for dates (`yyyy/m/d` in zh-CN, the user's locale's short date
    /// elsewhere), dates with a time (`yyyy/m/d h:mm`) and times of day (`h:mm:ss`).
    static let shortDateFormatID = 14
    static let dateTimeFormatID = 22
    static let timeFormatID = 21

    private let plan: SheetEditPlan
    private let styles: StylesPatch
    private let strings: SharedStringsPatch
    /// What a cell format shows a number as (nil: a number).
    private let dateKind: (Int) -> ExcelDate.Kind?

    /// Rows written with values or appended, ascending; `nextPlannedRow` is the first not yet written.
    private let plannedRows: [Int]
    private var nextPlannedRow = 0
    private var writtenPlannedRows: Set<Int> = []
    /// The columns of each row's new values, ascending.
    private let valueColumns: [Int: [Int]]
    /// Rows held in memory: planned ones and those of array formulas turned into values.
    private let heldRows: Set<Int>

    /// Cells whose formula went.
    private(set) var removedFormulas: [CellReference] = []
    /// Cells that referred to the shared-strings table before their edit.
    private(set) var replacedSharedStrings = 0
    /// Cells whose value was set.
    private(set) var editedCells = 0

    /// Shared formulas whose master was edited, by `si`: the master, its formula and range.
    private var expandedFormulas: [String: (master: CellReference, formula: String, range: CellRange)] = [:]
    private var expandedLastRow = 0

    private var sheetDataDepth: Int?
    private var inColumns = false
    private var inMergeCells = false
    /// Column styles (`<col min max style>`), for new cells of rows without a look to copy.
    private var columnStyles: [(first: Int, last: Int, style: Int)] = []
    private var rowNumber = 0
    /// The main namespace as the sheet writes it.
    private var mainNamespace = ""

    init(output: XMLOutput, partName: String, plan: SheetEditPlan, styles: StylesPatch, strings: SharedStringsPatch,
         dateKind: @escaping (Int) -> ExcelDate.Kind?) {
        self.plan = plan
        self.styles = styles
        self.strings = strings
        self.dateKind = dateKind
        var columns: [Int: [Int]] = [:]
        for cell in plan.values.keys { columns[cell.row, default: []].append(cell.column) }
        valueColumns = columns.mapValues { $0.sorted() }
        plannedRows = Set(columns.keys).union(plan.appendedRows.keys).sorted()
        heldRows = Set(plannedRows).union(plan.dissolvedArrays.map(\.row))
        super.init(output: output, partName: partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        if depth == 0 {
            mainNamespace = tag.namespace.map { String(cString: $0) } ?? ""
            return copy(tag)
        }
        guard tag.isSpreadsheetML else { return copy(tag) }
        if let sheetDataDepth, depth == sheetDataDepth + 1 {
            return tag.isNamed("row") ? startRow(tag) : copy(tag)
        }
        if depth == 1 {
            inColumns = tag.isNamed("cols")
            inMergeCells = tag.isNamed("mergeCells")
            if tag.isNamed("sheetData") {
                sheetDataDepth = depth
            } else if tag.isNamed("dimension") {
                return copy(tag, overriding: dimension(tag))
            } else if inMergeCells, !plan.newMerges.isEmpty, tag.attributes.bytes("count") != nil {
                return copy(tag, overriding: [AttributeOverride(name: "count", value: String(plan.mergeCellCount + plan.newMerges.count))])
            } else if tag.isNamed("autoFilter") {
                return copy(tag, overriding: grown(tag, attribute: "ref"))
            } else if tag.isNamed("conditionalFormatting") {
                return copy(tag, overriding: grown(tag, attribute: "sqref"))
            }
            return copy(tag)
        }
        if depth == 2 && inColumns && tag.isNamed("col") {
            if let first = tag.attributes.string("min").flatMap({ Int($0) }),
               let last = tag.attributes.string("max").flatMap({ Int($0) }),
               let style = tag.attributes.string("style").flatMap({ Int($0) }), style >= 0 {
                columnStyles.append((first, last, style))
            }
        } else if depth == 2 && tag.isNamed("dataValidation") {
            return copy(tag, overriding: grown(tag, attribute: "sqref"))
        }
        copy(tag)
    }

    override func elementEnded(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        if let sheetDataDepth, depth == sheetDataDepth + 1, XMLName.equals(localName, "sheetData") {
            writeNewRows(before: Int.max)
            self.sheetDataDepth = nil
        } else if depth == 2, inMergeCells, XMLName.equals(localName, "mergeCells") {
            let name = elementName("mergeCell", namespace: mainNamespace)
            for range in plan.newMerges { writeMarkup("<\(name.name)\(name.declaration) ref=\"\(range)\"/>") }
            inMergeCells = false
        }
        closeElement()
    }

    override func elementCaptured(_ node: XMLNode) {
        processRow(node)
    }

    // MARK: sheet-level ranges

    /// `<dimension ref>` widened to the written cells.
    private func dimension(_ tag: XMLStartTag) -> [AttributeOverride] {
        guard let bounds = plan.bounds, let text = tag.attributes.string("ref"), let declared = CellRange(text) else { return [] }
        let union = CellRange(CellReference(row: min(declared.first.row, bounds.first.row), column: min(declared.first.column, bounds.first.column)),
                              CellReference(row: max(declared.last.row, bounds.last.row), column: max(declared.last.column, bounds.last.column)))
        return union == declared ? [] : [AttributeOverride(name: "ref", value: union.description)]
    }

    /// A range attribute grown with the table, when it ends at an append's row.
    private func grown(_ tag: XMLStartTag, attribute: StaticString) -> [AttributeOverride] {
        guard !plan.growth.isEmpty, let text = tag.attributes.string(attribute), let grown = plan.growth.rangeList(text) else { return [] }
        return [AttributeOverride(name: attribute.description, value: grown)]
    }

    // MARK: rows

    /// A row with an edit (or no number, or in the span of an expanded shared formula) is held;
    /// any other row streams through.
    private func startRow(_ tag: XMLStartTag) {
        guard let text = tag.attributes.string("r") else { return capture(tag) }
        guard let number = checkedRowNumber(text) else { return }
        if heldRows.contains(number) || number <= expandedLastRow { return capture(tag) }
        writeNewRows(before: number)
        rowNumber = number
        copy(tag)
    }

    /// Edits a held row's cells, adds its missing ones, and writes it.
    private func processRow(_ row: XMLNode) {
        guard let number = heldRowNumber(row, after: rowNumber) else { return }
        rowNumber = number
        writeNewRows(before: rowNumber)
        if nextPlannedRow < plannedRows.count, plannedRows[nextPlannedRow] == rowNumber {
            nextPlannedRow += 1
        } else if writtenPlannedRows.contains(rowNumber) {
            return fail(.invalidContent(part: partName, message: "row \(rowNumber) appears twice, or rows are out of order"))
        }
        writtenPlannedRows.insert(rowNumber)
        row.setAttribute("r", String(rowNumber))
        let appended = plan.appendedRows[rowNumber] != nil
        let look = (plan.appendedRows[rowNumber] ?? nil).flatMap { plan.rowLooks[$0] }
        let rowStyle = Self.rowStyle(customFormat: row.attribute("customFormat"), style: row.attribute("s"))
        var pending = newColumns(row: rowNumber, look: look)
        var children: [XMLNode.Child] = []
        var column = 0
        var addedCells = false
        func addPending(upTo last: Int) {
            while let next = pending.first, next <= last {
                pending.removeFirst()
                children.append(.element(newCell(CellReference(row: rowNumber, column: next), prefix: row.prefix,
                                                 namespace: row.namespace, look: look, rowStyle: rowStyle)))
                addedCells = true
            }
        }
        for child in row.children {
            guard case .element(let cell) = child, cell.localName == "c" else {
                // Cells come before anything else of a row (its extLst).
                if case .element = child { addPending(upTo: Int.max) }
                children.append(child)
                continue
            }
            guard let next = cell.cellColumn(after: column, row: rowNumber) else {
                return fail(.invalidContent(part: partName, message: "row \(rowNumber) has more than \(CellReference.maximumColumn) cells"))
            }
            column = next
            addPending(upTo: column - 1)
            if pending.first == column { pending.removeFirst() }
            let reference = CellReference(row: rowNumber, column: column)
            if let value = plan.values[reference] {
                let own = cell.attribute("s").flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
                edit(cell, at: reference, to: value, style: (appended ? look?.cellStyles[column] : nil) ?? own ?? 0)
            } else {
                settleFormula(of: cell, at: reference)
            }
            children.append(child)
        }
        addPending(upTo: Int.max)
        row.children = children
        if appended { row.setAttribute("hidden", nil) }
        if addedCells, row.attribute("spans") != nil { row.setAttribute("spans", Self.spans(of: row)) }
        write(row)
    }

    /// Writes the planned rows before `row` that the sheet does not have.
    private func writeNewRows(before row: Int) {
        while nextPlannedRow < plannedRows.count, plannedRows[nextPlannedRow] < row {
            let number = plannedRows[nextPlannedRow]
            nextPlannedRow += 1
            writtenPlannedRows.insert(number)
            let look = (plan.appendedRows[number] ?? nil).flatMap { plan.rowLooks[$0] }
            let name = elementName("row", namespace: mainNamespace)
            let prefix = name.name.firstIndex(of: ":").map { String(name.name[..<$0]) }
            let node = XMLNode(prefix: prefix, localName: "row", namespace: mainNamespace,
                               declarations: name.declaration.isEmpty ? [] : [(nil, mainNamespace)])
            node.setAttribute("r", String(number))
            for (attribute, value) in look?.attributes ?? [] where !["r", "spans", "hidden", "collapsed"].contains(attribute) {
                node.setAttribute(attribute, value)
            }
            let rowStyle = Self.rowStyle(customFormat: node.attribute("customFormat"), style: node.attribute("s"))
            node.children = newColumns(row: number, look: look).map {
                .element(newCell(CellReference(row: number, column: $0), prefix: prefix, namespace: mainNamespace, look: look,
                                 rowStyle: rowStyle))
            }
            write(node)
        }
    }

    /// The columns of a row that get a new cell when missing: those with a value, and for an
    /// appended row the formatted cells of its look.
    private func newColumns(row: Int, look: SheetEditScan.RowLook?) -> [Int] {
        let values = valueColumns[row] ?? []
        guard let look, !look.cellStyles.isEmpty else { return values }
        return Set(values).union(look.cellStyles.keys).sorted()
    }

    /// A new cell: its value, if it has one, in the look's format for its column, else its row's or column's.
    private func newCell(_ reference: CellReference, prefix: String?, namespace: String?, look: SheetEditScan.RowLook?,
                         rowStyle: Int?) -> XMLNode {
        let cell = XMLNode("c", prefix: prefix, namespace: namespace, attributes: ["r": reference.description])
        let style = look?.cellStyles[reference.column] ?? rowStyle ?? columnStyle(reference.column)
        if let value = plan.values[reference] {
            edit(cell, at: reference, to: value, style: style)
        } else if style != 0 {
            cell.setAttribute("s", String(style))
        }
        return cell
    }

    // MARK: cells

    /// Replaces a cell's value (and formula) with a planned value in format `style` (for a date,
    /// a format derived from it with a built-in date format when it cannot show the date; for a
    /// number, one with General when it would show a date).
    private func edit(_ cell: XMLNode, at reference: CellReference, to value: PlannedValue, style: Int) {
        if let formula = cell.child("f") {
            removedFormulas.append(reference)
            if formula.attribute("t") == "shared", let si = formula.attribute("si"), let text = formula.attribute("ref"),
               let range = CellRange(text), !formula.text.isEmpty {
                expandedFormulas[si] = (reference, formula.text, range)
                expandedLastRow = max(expandedLastRow, range.last.row)
            }
        }
        if cell.attribute("t") == "s" { replacedSharedStrings += 1 }
        cell.children.removeAll {
            guard case .element(let node) = $0 else { return true }
            return node.localName == "f" || node.localName == "v" || node.localName == "is"
        }
        for attribute in ["t", "cm", "vm"] { cell.setAttribute(attribute, nil) }
        var format = style
        var text: String?
        switch value {
        case .number(let number):
            text = number
            // A number shows as a number: a date or time format gives way to General.
            if dateKind(style) != nil { format = styles.numberFormatted(base: style, numberFormatID: 0) }
        case .date(let serial, let display):
            text = serial
            format = dateFormat(base: style, display: display)
        case .text(let string):
            text = String(strings.index(of: string))
        case .empty:
            break
        }
        if format != 0 || cell.attribute("s") != nil { cell.setAttribute("s", String(format)) }
        if case .text = value { cell.setAttribute("t", "s") }
        if let text {
            let v = XMLNode("v", prefix: cell.prefix, namespace: cell.namespace)
            v.children = [.text(text)]
            cell.children.insert(.element(v), at: 0)
        }
        editedCells += 1
    }

    /// An unedited cell of a held row: the master of an array turned into values loses its
    /// formula; a cell of a shared formula whose master was edited gets the formula in full.
    private func settleFormula(of cell: XMLNode, at reference: CellReference) {
        guard let formula = cell.child("f") else { return }
        if plan.dissolvedArrays.contains(reference) {
            cell.children.removeAll { if case .element(let node) = $0 { return node.localName == "f" } else { return false } }
            cell.setAttribute("cm", nil)
            removedFormulas.append(reference)
            return
        }
        guard formula.attribute("t") == "shared", formula.attribute("ref") == nil, let si = formula.attribute("si"),
              let group = expandedFormulas[si], group.range.contains(reference), group.master < reference else { return }
        formula.setAttribute("t", nil)
        formula.setAttribute("si", nil)
        formula.children = [.text(FormulaShifter.shift(group.formula, rows: reference.row - group.master.row,
                                                       columns: reference.column - group.master.column))]
    }

    // MARK: helpers

    /// `base` when its format shows what the date is (a date-time format shows a date, a time or
    /// both), else a copy of it with the built-in format for the date.
    private func dateFormat(base: Int, display: DateDisplay) -> Int {
        let kind = dateKind(base)
        switch display {
        case .date where kind == .date || kind == .dateTime, .dateTime where kind == .dateTime, .time where kind == .time || kind == .dateTime:
            return base
        case .date: return styles.numberFormatted(base: base, numberFormatID: Self.shortDateFormatID)
        case .dateTime: return styles.numberFormatted(base: base, numberFormatID: Self.dateTimeFormatID)
        case .time: return styles.numberFormatted(base: base, numberFormatID: Self.timeFormatID)
        }
    }

    private func columnStyle(_ column: Int) -> Int {
        columnStyles.last { $0.first <= column && column <= $0.last }?.style ?? 0
    }

    /// A row's own format (`s` with `customFormat`), which its new cells take.
    private static func rowStyle(customFormat: String?, style: String?) -> Int? {
        guard customFormat == "1" || customFormat == "true", let style = style.flatMap({ Int($0) }), style >= 0 else { return nil }
        return style
    }

    /// `first:last` of a row's cell columns.
    private static func spans(of row: XMLNode) -> String? {
        let columns = row.elements.compactMap { $0.localName == "c" ? $0.attribute("r").flatMap { CellReference($0)?.column } : nil }
        guard let low = columns.min(), let high = columns.max() else { return nil }
        return "\(low):\(high)"
    }
}
