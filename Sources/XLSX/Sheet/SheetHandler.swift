import CLibxml2

/// The SAX2 handler of a worksheet part: turns `<row>`/`<c>` events into ``Row`` values and
/// queues each completed row in ``completed``. Everything per cell works on bytes; a Swift
/// string is made only for a value that is text.
///
/// Its mutable state is `@exclusivity(unchecked)`: a handler is used by one thread at a time
/// (the one replaying the part's events), and the runtime's dynamic exclusivity checks on these
/// properties were over half of what reading a million cells cost once `-Ounchecked` went
/// (README, Performance). Bounds and overflow checks stay.
final class SheetHandler: SAXHandler {
    /// What the `t` attribute of `<c>` says.
    private enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate
    }

    /// Where character data currently goes.
    private enum Capture {
        case none, value, formula, inlineText
    }

    private let sharedStrings: [String]
    private let sharedRuns: [Int: [TextRun]]
    private let dateKinds: [ExcelDate.Kind?]
    private let dateSystem: DateSystem
    private let limits: ReadLimits
    private let partName: String

    /// Rows completed by the chunks fed so far, not yet handed out.
    @exclusivity(unchecked) var completed: [Row] = []
    /// The merged ranges (`<mergeCell>`), complete once the part has been read.
    @exclusivity(unchecked) private(set) var mergedRanges: [CellRange] = []
    /// The `<dimension>` as declared (often wrong: WPS writes `A1:A1`).
    @exclusivity(unchecked) private(set) var declaredDimension: CellRange?

    @exclusivity(unchecked) private var spreadsheetNamespace: UnsafePointer<xmlChar>?
    @exclusivity(unchecked) private var inSheetData = false
    @exclusivity(unchecked) private var rowOpen = false
    @exclusivity(unchecked) private var rowNumber = 0
    @exclusivity(unchecked) private var rowHidden = false
    @exclusivity(unchecked) private var rowHasExplicitNumber = false
    @exclusivity(unchecked) private var cells: [Cell] = []
    @exclusivity(unchecked) private var cellsInOrder = true
    @exclusivity(unchecked) private var formulasWithoutValue: [FormulaWithoutValue] = []
    @exclusivity(unchecked) private var lastColumn = 0

    @exclusivity(unchecked) private var cellOpen = false
    @exclusivity(unchecked) private var cellColumn = 0
    @exclusivity(unchecked) private var cellType = CellType.number
    @exclusivity(unchecked) private var cellStyle = 0
    @exclusivity(unchecked) private var capture = Capture.none
    @exclusivity(unchecked) private var valueBytes: [UInt8] = []
    @exclusivity(unchecked) private var hasValue = false
    /// Significant digits of the last number parsed.
    @exclusivity(unchecked) private var numberDigits = 0
    @exclusivity(unchecked) private var formulaBytes: [UInt8] = []
    @exclusivity(unchecked) private var hasFormula = false
    @exclusivity(unchecked) private var sharedFormulaIndex: Int?
    @exclusivity(unchecked) private var sharedFormulaIsMaster = false
    @exclusivity(unchecked) private var inlineBytes: [UInt8] = []
    @exclusivity(unchecked) private var hasInline = false
    @exclusivity(unchecked) private var inlineRuns: [TextRun] = []
    @exclusivity(unchecked) private var runBytes: [UInt8] = []
    @exclusivity(unchecked) private var runFont: RunFont?
    @exclusivity(unchecked) private var inRun = false
    @exclusivity(unchecked) private var inRunProperties = false
    @exclusivity(unchecked) private var phoneticDepth = 0

    /// Shared formulas by `si`: the master's text and cell.
    @exclusivity(unchecked) private var sharedFormulas: [Int: (text: String, anchor: CellReference)] = [:]
    /// Cells of the open row whose shared formula's master has not been seen yet.
    @exclusivity(unchecked) private var unresolvedSharedFormulas: [(cellIndex: Int, sharedIndex: Int)] = []

    init(sharedStrings: [String], sharedRuns: [Int: [TextRun]], dateKinds: [ExcelDate.Kind?],
         dateSystem: DateSystem, limits: ReadLimits, partName: String) {
        self.sharedStrings = sharedStrings
        self.sharedRuns = sharedRuns
        self.dateKinds = dateKinds
        self.dateSystem = dateSystem
        self.limits = limits
        self.partName = partName
        valueBytes.reserveCapacity(64)
        formulaBytes.reserveCapacity(64)
    }

    @inline(__always)
    private func isMain(_ namespace: UnsafePointer<xmlChar>?) -> Bool {
        if namespace == spreadsheetNamespace && namespace != nil { return true }
        if XMLName.isSpreadsheetNamespace(namespace) {
            spreadsheetNamespace = namespace
            return true
        }
        return false
    }

    override func startElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                               attributes: XMLAttributes) {
        switch localName[0] {
        case UInt8(ascii: "c") where localName[1] == 0:
            if inSheetData && isMain(namespace) { startCell(attributes) }
        case UInt8(ascii: "v") where localName[1] == 0:
            if cellOpen { capture = .value; hasValue = true; valueBytes.removeAll(keepingCapacity: true) }
        case UInt8(ascii: "f") where localName[1] == 0:
            if cellOpen { startFormula(attributes) }
        case UInt8(ascii: "t") where localName[1] == 0:
            if hasInline && phoneticDepth == 0 {
                capture = .inlineText
                if inRun { runBytes.removeAll(keepingCapacity: true) }
            }
        case UInt8(ascii: "r"):
            if localName[1] == 0 {
                if hasInline && phoneticDepth == 0 { inRun = true; runFont = nil; runBytes.removeAll(keepingCapacity: true) }
            } else if XMLName.equals(localName, "row") {
                if inSheetData && isMain(namespace) { startRow(attributes) }
            } else if XMLName.equals(localName, "rPh") {
                phoneticDepth += 1
            } else if XMLName.equals(localName, "rPr") {
                if inRun { inRunProperties = true; runFont = RunFont() }
            } else if inRunProperties {
                RunFont.apply(localName, attributes, to: &runFont)
            }
        case UInt8(ascii: "i") where XMLName.equals(localName, "is"):
            if cellOpen { hasInline = true; inlineBytes.removeAll(keepingCapacity: true); inlineRuns.removeAll() }
        case UInt8(ascii: "s") where XMLName.equals(localName, "sheetData"):
            if isMain(namespace) { inSheetData = true }
        case UInt8(ascii: "m") where XMLName.equals(localName, "mergeCell"):
            if let text = attributes.string("ref"), let range = CellRange(text) { mergedRanges.append(range) }
        case UInt8(ascii: "d") where XMLName.equals(localName, "dimension"):
            declaredDimension = attributes.string("ref").flatMap { CellRange($0) }
        default:
            if inRunProperties { RunFont.apply(localName, attributes, to: &runFont) }
        }
    }

    override func endElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        switch localName[0] {
        case UInt8(ascii: "c") where localName[1] == 0:
            if cellOpen && isMain(namespace) { endCell() }
        case UInt8(ascii: "v") where localName[1] == 0, UInt8(ascii: "f") where localName[1] == 0:
            capture = .none
        case UInt8(ascii: "t") where localName[1] == 0:
            if capture == .inlineText { capture = .none }
        case UInt8(ascii: "r"):
            if localName[1] == 0 {
                if inRun {
                    inlineRuns.append(TextRun(text: runBytes.withUnsafeBufferPointer { TextEscapes.decodedString($0) }, font: runFont))
                    inRun = false
                }
            } else if XMLName.equals(localName, "row") {
                if rowOpen && isMain(namespace) { endRow() }
            } else if XMLName.equals(localName, "rPh") {
                phoneticDepth -= 1
            } else if XMLName.equals(localName, "rPr") {
                inRunProperties = false
            }
        case UInt8(ascii: "s") where XMLName.equals(localName, "sheetData"):
            if isMain(namespace) {
                if rowOpen { endRow() }
                inSheetData = false
            }
        default: break
        }
    }

    override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch capture {
        case .none: return
        case .value: valueBytes.append(contentsOf: bytes)
        case .formula: formulaBytes.append(contentsOf: bytes)
        case .inlineText:
            inlineBytes.append(contentsOf: bytes)
            if inRun { runBytes.append(contentsOf: bytes) }
        }
        if Int64(valueBytes.count + inlineBytes.count) > limits.maximumStringLength {
            fail(limits.exceeded(.stringLength, part: partName,
                                     value: Int64(valueBytes.count + inlineBytes.count)))
        }
    }

    // MARK: rows

    private func startRow(_ attributes: XMLAttributes) {
        if rowOpen { endRow() }
        rowOpen = true
        cellsInOrder = true
        lastColumn = 0
        if let bytes = attributes.bytes("r") {
            guard let number = Self.parseInteger(bytes), number >= 1, number <= CellReference.maximumRow else {
                fail(.invalidContent(part: partName,
                                     message: "row number \"\(String(decoding: bytes, as: UTF8.self))\" is not between 1 and \(CellReference.maximumRow)"))
                return
            }
            rowNumber = number
            rowHasExplicitNumber = true
        } else {
            rowNumber += 1
            rowHasExplicitNumber = false
            if rowNumber > CellReference.maximumRow {
                fail(.invalidContent(part: partName, message: "more than \(CellReference.maximumRow) rows"))
            }
        }
        if let hidden = attributes.bytes("hidden") {
            rowHidden = hidden.first == UInt8(ascii: "1") || hidden.first == UInt8(ascii: "t")
        } else {
            rowHidden = false
        }
    }

    private func endRow() {
        rowOpen = false
        if !unresolvedSharedFormulas.isEmpty { resolveSharedFormulas() }
        guard !cells.isEmpty || !formulasWithoutValue.isEmpty else { return }
        if !cellsInOrder { sortCells() }
        completed.append(Row(number: rowNumber, cells: cells, formulasWithoutValue: formulasWithoutValue, isHidden: rowHidden))
        cells.removeAll(keepingCapacity: true)
        if !formulasWithoutValue.isEmpty { formulasWithoutValue.removeAll() }
    }

    /// Orders a row's cells by column; of cells given twice, the last one wins.
    private func sortCells() {
        var byColumn: [Int: Cell] = [:]
        for cell in cells { byColumn[cell.reference.column] = cell }
        cells = byColumn.keys.sorted().map { byColumn[$0]! }
    }

    // MARK: cells

    private func startCell(_ attributes: XMLAttributes) {
        if !rowOpen {
            // A cell outside any row: treat it as opening the next row.
            startRow(XMLAttributes(base: nil, count: 0))
        }
        cellOpen = true
        hasValue = false
        hasFormula = false
        hasInline = false
        sharedFormulaIndex = nil
        // One pass over the attributes: r, t and s are all a cell has in practice.
        var reference: UnsafeBufferPointer<UInt8>?
        var type: UnsafeBufferPointer<UInt8>?
        var style: UnsafeBufferPointer<UInt8>?
        attributes.forEachSingleLetter { letter, value in
            switch letter {
            case UInt8(ascii: "r"): reference = value
            case UInt8(ascii: "t"): type = value
            case UInt8(ascii: "s"): style = value
            default: break
            }
        }
        if let reference, !reference.isEmpty {
            guard let parsed = CellReference.parse(reference) else {
                fail(.invalidContent(part: partName,
                                     message: "cell reference \"\(String(decoding: reference, as: UTF8.self))\" is malformed or beyond XFD1048576"))
                return
            }
            if !rowHasExplicitNumber && cells.isEmpty && lastColumn == 0 { rowNumber = parsed.row }
            cellColumn = parsed.column
        } else {
            cellColumn = lastColumn + 1
            if cellColumn > CellReference.maximumColumn {
                fail(limits.exceeded(.cellsPerRow, part: partName, value: Int64(cellColumn)))
                return
            }
        }
        if cellColumn <= lastColumn { cellsInOrder = false }
        lastColumn = cellColumn
        cellType = .number
        if let type, !type.isEmpty {
            switch type[0] {
            case UInt8(ascii: "s"): cellType = type.count == 1 ? .sharedString : .formulaString
            case UInt8(ascii: "b"): cellType = .boolean
            case UInt8(ascii: "e"): cellType = .error
            case UInt8(ascii: "i"): cellType = .inlineString
            case UInt8(ascii: "d"): cellType = .isoDate
            default: cellType = .number
            }
        }
        cellStyle = style.flatMap(Self.parseInteger) ?? 0
    }

    private func startFormula(_ attributes: XMLAttributes) {
        capture = .formula
        hasFormula = true
        formulaBytes.removeAll(keepingCapacity: true)
        if let type = attributes.bytes("t"), type.count == 6, type[0] == UInt8(ascii: "s"),
           let index = attributes.bytes("si").flatMap(Self.parseInteger) {
            sharedFormulaIndex = index
            sharedFormulaIsMaster = attributes.bytes("ref") != nil
        }
    }

    private var currentReference: CellReference { CellReference(row: rowNumber, column: cellColumn) }

    private func endCell() {
        cellOpen = false
        capture = .none
        guard failure == nil else { return }
        let reference = currentReference
        let formula = hasFormula ? cellFormula(at: reference) : nil
        guard let value = decodeValue(at: reference) else {
            if let formula, failure == nil {
                formulasWithoutValue.append(FormulaWithoutValue(reference: reference, formula: formula))
            }
            return
        }
        var storedText: String?
        var runs: [TextRun]?
        switch cellType {
        case .number:
            if numberDigits > NumberParser.exactDigits {
                storedText = valueBytes.withUnsafeBufferPointer { Self.trimmedString($0) }
            }
        case .sharedString:
            if !sharedRuns.isEmpty, let index = valueBytes.withUnsafeBufferPointer(Self.parseInteger) { runs = sharedRuns[index] }
        case .inlineString:
            if !inlineRuns.isEmpty { runs = inlineRuns }
        default: break
        }
        let cell = Cell(reference: reference, value: value, formula: formula, styleIndex: cellStyle,
                        storedNumberText: storedText, runs: runs)
        if hasFormula && formula == nil, let sharedFormulaIndex {
            unresolvedSharedFormulas.append((cells.count, sharedFormulaIndex))
        }
        cells.append(cell)
    }

    /// The formula text of the open cell: its own, or its shared formula moved here.
    private func cellFormula(at reference: CellReference) -> String? {
        if let index = sharedFormulaIndex {
            if sharedFormulaIsMaster {
                let text = formulaBytes.withUnsafeBufferPointer { TextEscapes.decodedString($0) }
                sharedFormulas[index] = (text, reference)
                return text
            }
            guard let master = sharedFormulas[index] else { return nil }
            return FormulaShifter.shift(master.text, rows: reference.row - master.anchor.row,
                                        columns: reference.column - master.anchor.column)
        }
        return formulaBytes.withUnsafeBufferPointer { TextEscapes.decodedString($0) }
    }

    /// Shared formulas whose master came later in the same row (some writers do that).
    private func resolveSharedFormulas() {
        for (cellIndex, sharedIndex) in unresolvedSharedFormulas where cellIndex < cells.count {
            guard let master = sharedFormulas[sharedIndex] else { continue }
            let reference = cells[cellIndex].reference
            cells[cellIndex].formula = FormulaShifter.shift(master.text, rows: reference.row - master.anchor.row,
                                                            columns: reference.column - master.anchor.column)
        }
        unresolvedSharedFormulas.removeAll()
    }

    /// The cell's value; nil for a cell without one (only styled, or a formula never calculated).
    private func decodeValue(at reference: CellReference) -> CellValue? {
        switch cellType {
        case .number:
            guard hasValue, !valueBytes.isEmpty else { return nil }
            guard let number = valueBytes.withUnsafeBufferPointer({ NumberParser.parse($0, significantDigits: &numberDigits) }) else {
                if valueBytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) { return nil }
                return invalid(reference, "\"\(String(decoding: valueBytes, as: UTF8.self))\" is not a number")
            }
            if cellStyle < dateKinds.count, let kind = dateKinds[cellStyle] {
                return .date(ExcelDate(serial: number, system: dateSystem, kind: kind))
            }
            return .number(number)
        case .sharedString:
            guard hasValue, valueBytes.contains(where: { $0 > 32 }) else { return nil }
            guard let index = valueBytes.withUnsafeBufferPointer(Self.parseInteger) else {
                return invalid(reference, "shared-string index \"\(String(decoding: valueBytes, as: UTF8.self))\" is not a number")
            }
            guard index < sharedStrings.count else {
                return invalid(reference, "refers to shared string \(index), but the table holds \(sharedStrings.count)")
            }
            return .string(sharedStrings[index])
        case .inlineString:
            // Only <is> counts: a stray <v> in an inline-string cell is ignored, as openpyxl and calamine do.
            guard hasInline else { return nil }
            return .string(inlineBytes.withUnsafeBufferPointer { TextEscapes.decodedString($0) })
        case .formulaString:
            guard hasValue else { return nil }
            return .string(valueBytes.withUnsafeBufferPointer { TextEscapes.decodedString($0) })
        case .boolean:
            guard hasValue, let first = valueBytes.first(where: { $0 > 32 }) else { return nil }
            switch first {
            case UInt8(ascii: "1"), UInt8(ascii: "t"), UInt8(ascii: "T"): return .boolean(true)
            case UInt8(ascii: "0"), UInt8(ascii: "f"), UInt8(ascii: "F"): return .boolean(false)
            default: return invalid(reference, "\"\(String(decoding: valueBytes, as: UTF8.self))\" is not a boolean")
            }
        case .error:
            guard hasValue else { return nil }
            let literal = valueBytes.withUnsafeBufferPointer { Self.trimmedString($0) }
            return literal.isEmpty ? nil : .error(CellError(literal))
        case .isoDate:
            guard hasValue else { return nil }
            let text = valueBytes.withUnsafeBufferPointer { Self.trimmedString($0) }
            if text.isEmpty { return nil }
            guard let date = ISODateParser.parse(text, system: dateSystem) else {
                return invalid(reference, "\"\(text)\" is not an ISO 8601 date")
            }
            return .date(date)
        }
    }

    private func invalid(_ reference: CellReference, _ message: String) -> CellValue? {
        fail(.invalidContent(part: partName, message: "cell \(reference): \(message)"))
        return nil
    }

    // MARK: byte helpers

    @inline(__always)
    static func parseInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var sawDigit = false
        for byte in bytes {
            if byte >= 48 && byte <= 57 {
                value = value * 10 + Int(byte - 48)
                sawDigit = true
                if value > Int(Int32.max) { return nil }
            } else if byte == 32 || byte == 9 || byte == 10 || byte == 13 {
                continue
            } else {
                return nil
            }
        }
        return sawDigit ? value : nil
    }

    static func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] <= 32 { start += 1 }
        while end > start, bytes[end - 1] <= 32 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
