/// What carrying out edits did, for ``EditSummary``.
struct EditOutcome {
    var editedCells = 0
    var removedFormulas: [SheetCell] = []
    var appendedRows: [AppendedRows] = []
}

/// Cell edits and appended rows planned on a ``PatchSession``: values checked and grouped by
/// sheet, each edited sheet checked against its merged ranges and existing cells, then streamed
/// through ``SheetEditRewriter``; the shared strings, styles, tables, defined names and the
/// calculation chain follow.
extension PatchSession {
    func planEdits(_ edits: [CellEdit], appends: [RowAppend]) throws -> EditOutcome {
        var plans: [Int: SheetEditPlan] = [:]
        var appendedCells: [Int: Set<CellReference>] = [:]
        var outcome = EditOutcome()
        for append in appends {
            let sheet = try worksheet(named: append.sheet)
            guard !append.rows.isEmpty else { continue }
            guard append.after >= 0, append.after <= ExcelLimits.rowCount - append.rows.count else {
                throw XLSXError.excelLimit(.rowCount, detail: "\(append.rows.count) rows after row \(append.after) of sheet \"\(sheet.name)\"")
            }
            if let styleRow = append.styleRow, styleRow < 1 || styleRow > append.after {
                throw WorkbookEditError.styleRowBelowAppend(sheet: sheet.name, styleRow: styleRow, after: append.after)
            }
            var plan = plans[sheet.index] ?? SheetEditPlan()
            let lastRow = append.after + append.rows.count
            for (offset, values) in append.rows.enumerated() {
                let row = append.after + 1 + offset
                guard plan.appendedRows[row] == nil else {
                    throw WorkbookEditError.overlappingEdits(sheet: sheet.name, cell: CellReference(row: row, column: 1))
                }
                plan.appendedRows[row] = append.styleRow
                for (column, value) in values {
                    let cell = CellReference(row: row, column: column)
                    try check(cell, of: sheet)
                    plan.values[cell] = try planned(value, at: cell, of: sheet)
                    appendedCells[sheet.index, default: []].insert(cell)
                }
            }
            if append.styleRow != nil {
                var lastRows = plan.growth.lastRows
                lastRows[append.after] = max(lastRows[append.after] ?? 0, lastRow)
                plan.growth = RangeGrowth(lastRows: lastRows)
            }
            plans[sheet.index] = plan
            outcome.appendedRows.append(AppendedRows(sheet: sheet.name, rows: (append.after + 1)...lastRow))
        }
        for edit in edits {
            let sheet = try worksheet(named: edit.sheet)
            try check(edit.cell, of: sheet)
            if appendedCells[sheet.index]?.contains(edit.cell) == true {
                throw WorkbookEditError.overlappingEdits(sheet: sheet.name, cell: edit.cell)
            }
            plans[sheet.index, default: SheetEditPlan()].values[edit.cell] = try planned(edit.value, at: edit.cell, of: sheet)
        }

        let styles = try stylesPatch()
        let strings = try SharedStringsPatch(zip: zip, entry: sharedStringsEntry, limits: limits)
        var replacedStrings = 0
        var removedFormulas: [Int: Set<CellReference>] = [:]
        for (index, plan) in plans.sorted(by: { $0.key < $1.key }) {
            let sheet = workbook.sheets[index]
            guard let part = sheet.partName, let entry = zip.entry(part) else {
                throw XLSXError.missingPart(sheet.partName ?? "the part of sheet \"\(sheet.name)\"")
            }
            let checked = try checkedPlan(plan, of: sheet, entry: entry, appendedCells: appendedCells[index] ?? [])
            let path = try temporaryPath()
            let workbook = self.workbook
            let rewriter = SheetEditRewriter(output: try XMLOutput(path: path), partName: entry.name, plan: checked, styles: styles,
                                             strings: strings, dateKind: { (try? workbook.numberFormat(ofStyle: $0))?.dateKind })
            try rewriter.rewrite(entry, in: zip)
            replaced[entry.name] = .file(path)
            outcome.editedCells += rewriter.editedCells
            replacedStrings += rewriter.replacedSharedStrings
            removedFormulas[index] = Set(rewriter.removedFormulas)
            outcome.removedFormulas += rewriter.removedFormulas.map { SheetCell(sheet: sheet.name, cell: $0) }
            if !checked.growth.isEmpty { try growTables(of: entry, growth: checked.growth) }
        }
        if styles.hasAdditions { try writeStyles(styles) }
        if strings.hasAdditions || (replacedStrings > 0 && sharedStringsEntry != nil) {
            strings.discountReferences(replacedStrings)
            try writeSharedStrings(strings)
        }
        try growDefinedNames(plans)
        try dropFromCalculationChain(removedFormulas.filter { !$0.value.isEmpty })
        try patchWorkbookRelationshipsAndContentTypes()
        return outcome
    }

    // MARK: checks

    private func worksheet(named name: String) throws -> SheetInfo {
        let sheet = try sheet(named: name, excluding: nil)
        guard sheet.kind == .worksheet else { throw XLSXError.notAWorksheet(sheet.name) }
        return sheet
    }

    private func check(_ cell: CellReference, of sheet: SheetInfo) throws {
        guard cell.isWithinExcelLimits else {
            throw XLSXError.excelLimit(cell.row > ExcelLimits.rowCount || cell.row < 1 ? .rowCount : .columnCount,
                                       detail: "cell \(cell) of sheet \"\(sheet.name)\"")
        }
    }

    /// A value checked against Excel's limits, numbers and dates as the text of `<v>`.
    private func planned(_ value: CellEditValue, at cell: CellReference, of sheet: SheetInfo) throws -> PlannedValue {
        let place = "cell \(cell) of sheet \"\(sheet.name)\""
        switch value {
        case .number(let number):
            guard number.isFinite else { throw XLSXError.excelLimit(.nonFiniteNumber, detail: place) }
            return .number(NumberText.text(number))
        case .date(let date):
            var (serial, display) = try ExcelSerial.of(date)
            // The 1904 system counts from 1904-01-01, 1,462 days after the 1900 system's origin; a
            // time of day alone is the same fraction in both.
            if workbook.dateSystem == .system1904 && display != .time {
                serial -= 1462
                guard serial >= 0 else { throw XLSXError.excelLimit(.dateRange, detail: "\(date) in the 1904 date system of this workbook (\(place))") }
            }
            return .date(NumberText.text(serial), display: display)
        case .text(let text):
            guard text.utf16.count <= ExcelLimits.cellTextLength else {
                throw XLSXError.excelLimit(.cellTextLength, detail: "\(text.utf16.count) characters for \(place)")
            }
            return .text(text)
        case .empty:
            return .empty
        }
    }

    /// A sheet's plan checked against the sheet: no value hidden in a merged range, no appended
    /// value over an existing one; with the arrays to turn into values, the style rows' looks and
    /// merges, and the bounds of the new cells.
    private func checkedPlan(_ plan: SheetEditPlan, of sheet: SheetInfo, entry: ZipArchive.Entry,
                             appendedCells: Set<CellReference>) throws -> SheetEditPlan {
        var plan = plan
        let styleRows = Set(plan.appendedRows.values.compactMap { $0 })
        let scan = try SheetEditScan.scan(entry, in: zip, styleRows: styleRows)
        guard scan.hasSheetData else { throw WorkbookEditError.noSheetData(sheet: sheet.name) }
        plan.rowLooks = scan.rowLooks
        plan.mergeCellCount = scan.mergeCellCount
        // The style rows' merged ranges within one row, on each new row, where they clash with nothing.
        for (row, styleRow) in plan.appendedRows.sorted(by: { $0.key < $1.key }) {
            guard let styleRow else { continue }
            for range in scan.mergedRanges where range.first.row == styleRow && range.last.row == styleRow {
                let copy = CellRange(CellReference(row: row, column: range.first.column), CellReference(row: row, column: range.last.column))
                if !(scan.mergedRanges + plan.newMerges).contains(where: { $0.intersects(copy) }) { plan.newMerges.append(copy) }
            }
        }
        for cell in plan.values.keys.sorted() {
            if let range = (scan.mergedRanges + plan.newMerges).first(where: { $0.contains(cell) && $0.first != cell }) {
                throw WorkbookEditError.insideMergedRange(sheet: sheet.name, cell: cell, range: range)
            }
            for array in scan.arrayFormulas where array.range.contains(cell) { plan.dissolvedArrays.insert(array.master) }
        }
        if !appendedCells.isEmpty { try checkEmpty(appendedCells, of: sheet) }
        var cells = Array(plan.values.keys)
        for (row, styleRow) in plan.appendedRows {
            let columns = styleRow.flatMap { plan.rowLooks[$0] }?.cellStyles.keys.sorted() ?? []
            cells += columns.map { CellReference(row: row, column: $0) }
        }
        if let first = cells.first {
            plan.bounds = cells.reduce(CellRange(first, first)) { bounds, cell in
                CellRange(CellReference(row: min(bounds.first.row, cell.row), column: min(bounds.first.column, cell.column)),
                          CellReference(row: max(bounds.last.row, cell.row), column: max(bounds.last.column, cell.column)))
            }
        }
        return plan
    }

    /// Throws when a cell an append writes holds a value (an empty string aside) or a formula.
    private func checkEmpty(_ cells: Set<CellReference>, of sheet: SheetInfo) throws {
        let rows = Set(cells.map(\.row))
        let reader = try workbook.rows(of: sheet)
        while let row = try reader.next() {
            guard rows.contains(row.number) else { continue }
            for cell in row.cells where cells.contains(cell.reference) && cell.value != .string("") {
                throw WorkbookEditError.cellNotEmpty(sheet: sheet.name, cell: cell.reference)
            }
            if let formula = row.formulasWithoutValue.first(where: { cells.contains($0.reference) }) {
                throw WorkbookEditError.cellNotEmpty(sheet: sheet.name, cell: formula.reference)
            }
        }
    }

    // MARK: other parts

    /// Grows the Excel tables of a sheet that end at an append's row.
    private func growTables(of sheetEntry: ZipArchive.Entry, growth: RangeGrowth) throws {
        for relationship in try package.relationships(of: sheetEntry.name) where relationship.isType("table") && !relationship.isExternal {
            guard let entry = zip.entry(relationship.target), replaced[entry.name] == nil,
                  let grown = try TablePartPatch.grown(try zip.read(entry), partName: entry.name, growth: growth) else { continue }
            replaced[entry.name] = .bytes(grown)
        }
    }

    /// Grows the sheets' filter ranges and print areas that end at an append's row.
    private func growDefinedNames(_ plans: [Int: SheetEditPlan]) throws {
        let sheets = plans.filter { !$0.value.growth.isEmpty }.reduce(into: [Int: (name: String, growth: RangeGrowth)]()) {
            $0[$1.key] = (workbook.sheets[$1.key].name, $1.value.growth)
        }
        guard !sheets.isEmpty, let grown = try DefinedNamesPatch.grown(try zip.read(workbookEntry), partName: workbookEntry.name,
                                                                        sheets: sheets) else { return }
        replaced[workbookEntry.name] = .bytes(grown)
    }

    /// Takes the cells that lost their formula out of the calculation chain (the part goes when
    /// no cell is left in it).
    private func dropFromCalculationChain(_ removedFormulas: [Int: Set<CellReference>]) throws {
        guard !removedFormulas.isEmpty,
              let relationship = workbookRelationships.first(where: { $0.isType("calcChain") && !$0.isExternal }),
              let entry = zip.entry(relationship.target) else { return }
        var bySheetID: [Int: Set<CellReference>] = [:]
        for (index, cells) in removedFormulas {
            bySheetID[sheetEntries.indices.contains(index) ? sheetEntries[index].sheetID ?? index + 1 : index + 1, default: []].formUnion(cells)
        }
        if let patched = try CalcChainPatch.patched(try zip.read(entry), partName: entry.name, removing: bySheetID) {
            replaced[entry.name] = .bytes(patched)
        } else {
            removed.insert(entry.name)
            removedWorkbookRelationships.insert(relationship.id)
        }
    }
}

extension CellRange {
    /// Whether the two ranges share a cell.
    func intersects(_ other: CellRange) -> Bool {
        first.row <= other.last.row && other.first.row <= last.row && first.column <= other.last.column && other.first.column <= last.column
    }
}
