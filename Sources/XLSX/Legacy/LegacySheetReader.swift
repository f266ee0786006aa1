/// Reads one sheet substream of a BIFF8 workbook (from its BOF to the matching EOF) into rows.
///
/// A first quick pass over the records collects what the rows do not carry (merged ranges, the
/// declared dimensions, hidden rows) and checks that the cells come in row order, as Excel, WPS
/// and LibreOffice write them; the rows are then decoded one at a time as they are asked for.
/// A sheet whose cells are out of row order (some generators write them by column) is decoded
/// whole and sorted instead. Embedded charts (nested BOF…EOF substreams) are skipped.
final class LegacySheetReader {
    private let stream: BIFFStream
    private let sharedStrings: [String]
    private let dateKinds: [ExcelDate.Kind?]
    private let dateSystem: DateSystem
    private let limits: ReadLimits
    private let part: String
    private let firstRecord: Int

    /// The merged ranges (MERGEDCELLS), known before the first row.
    private(set) var mergedRanges: [CellRange] = []
    /// The DIMENSIONS record as declared: a hint, never relied on.
    private(set) var declaredDimension: CellRange?
    private var hiddenRows = Set<Int>()

    private var offset: Int
    private var depth = 1
    private var finished = false
    private var rowNumber = -1
    private var rowCells: [Cell] = []
    private var ready: [Row] = []
    private var readyCursor = 0
    /// A FORMULA whose string result follows in a STRING record: its row, column and cell format.
    private var pendingString: (row: Int, column: Int, format: Int)?

    init(workbook: LegacyWorkbook, bof: BIFFRecord, part: String) throws {
        stream = workbook.stream
        sharedStrings = workbook.sharedStrings
        dateKinds = workbook.dateKinds
        dateSystem = workbook.dateSystem
        limits = workbook.limits
        self.part = part
        firstRecord = bof.end
        offset = bof.end
        if try !survey() {
            ready = try allRowsSorted()
            finished = true
        }
    }

    /// The next row holding at least one value; nil at the end of the sheet.
    func next() throws -> Row? {
        while readyCursor >= ready.count {
            if finished { return nil }
            ready.removeAll(keepingCapacity: true)
            readyCursor = 0
            try advance()
        }
        defer { readyCursor += 1 }
        return ready[readyCursor]
    }

    /// Reads records until at least one row is complete or the sheet ends.
    private func advance() throws {
        while ready.isEmpty {
            guard let record = try nextRecord() else {
                flushRow()
                finished = true
                return
            }
            try decode(record) { cell in
                if cell.reference.row != rowNumber { flushRow() }
                rowNumber = cell.reference.row
                rowCells.append(cell)
            }
        }
    }

    private func flushRow() {
        guard !rowCells.isEmpty else { return }
        ready.append(Self.row(rowNumber, cells: rowCells, hidden: hiddenRows.contains(rowNumber)))
        rowCells.removeAll(keepingCapacity: true)
    }

    /// A row from its cells: sorted by column, the last of two cells at one place kept.
    private static func row(_ number: Int, cells: [Cell], hidden: Bool) -> Row {
        var ordered = cells
        if !zip(cells, cells.dropFirst()).allSatisfy({ $0.reference.column < $1.reference.column }) {
            ordered = cells.enumerated().sorted {
                ($0.element.reference.column, $0.offset) < ($1.element.reference.column, $1.offset)
            }.map(\.element)
            var unique: [Cell] = []
            for cell in ordered {
                if unique.last?.reference.column == cell.reference.column { unique[unique.count - 1] = cell } else { unique.append(cell) }
            }
            ordered = unique
        }
        return Row(number: number, cells: ordered, isHidden: hidden)
    }

    /// The next record of this sheet at its own level (nested substreams skipped); nil after its EOF.
    private func nextRecord() throws -> BIFFRecord? {
        while depth > 0 {
            guard let record = try stream.record(at: offset) else {
                depth = 0
                return nil
            }
            offset = record.end
            if record.type == BIFFRecordType.bof {
                depth += 1
            } else if record.type == BIFFRecordType.eof {
                depth -= 1
            } else if depth == 1 {
                return record
            }
        }
        return nil
    }

    /// The first pass: merged ranges, dimensions, hidden rows; true when the cells are in row order.
    private func survey() throws -> Bool {
        var inOrder = true
        var lastRow = -1
        while let record = try nextRecord() {
            let start = record.start
            switch record.type {
            case BIFFRecordType.mergedCells where record.length >= 2:
                let count = min(Int(stream.u16(start)), (record.length - 2) / 8)
                for index in 0..<count {
                    let base = start + 2 + index * 8
                    let first = CellReference(row: Int(stream.u16(base)) + 1, column: Int(stream.u16(base + 4)) + 1)
                    let last = CellReference(row: Int(stream.u16(base + 2)) + 1, column: Int(stream.u16(base + 6)) + 1)
                    if first.isWithinExcelLimits && last.isWithinExcelLimits && first != last {
                        mergedRanges.append(CellRange(first, last))
                    }
                }
            case BIFFRecordType.dimensions where record.length >= 12:
                let rows = (Int(stream.u32(start)), Int(stream.u32(start + 4)))
                let columns = (Int(stream.u16(start + 8)), Int(stream.u16(start + 10)))
                if rows.1 > rows.0 && columns.1 > columns.0 {
                    let first = CellReference(row: rows.0 + 1, column: columns.0 + 1)
                    let last = CellReference(row: rows.1, column: columns.1)
                    if first.isWithinExcelLimits && last.isWithinExcelLimits { declaredDimension = CellRange(first, last) }
                }
            case BIFFRecordType.row where record.length >= 16:
                if stream.u32(start + 12) & 0x20 != 0 { hiddenRows.insert(Int(stream.u16(start)) + 1) }
            case BIFFRecordType.labelSST, BIFFRecordType.label, BIFFRecordType.richLabel, BIFFRecordType.number,
                 BIFFRecordType.rk, BIFFRecordType.multipleRK, BIFFRecordType.boolErr, 0x0006, 0x0206, 0x0406:
                guard record.length >= 6 else { break }
                let row = Int(stream.u16(start))
                if row < lastRow { inOrder = false }
                lastRow = row
            default:
                break
            }
        }
        offset = firstRecord
        depth = 1
        return inOrder
    }

    /// Every row of a sheet whose cells are out of row order, decoded and sorted.
    private func allRowsSorted() throws -> [Row] {
        var byRow: [Int: [Cell]] = [:]
        while let record = try nextRecord() {
            try decode(record) { byRow[$0.reference.row, default: []].append($0) }
        }
        return byRow.keys.sorted().map { Self.row($0, cells: byRow[$0]!, hidden: hiddenRows.contains($0)) }
    }

    /// Decodes one record's cells (MULRK holds several) and hands each to `sink`.
    private func decode(_ record: BIFFRecord, _ sink: (Cell) throws -> Void) throws {
        let start = record.start
        let type = record.type
        if type == BIFFRecordType.string {
            guard let pending = pendingString else { return }
            pendingString = nil
            let (segments, next) = try stream.continued(record)
            offset = next
            var reader = ContinuedReader(stream: stream, segments: segments, limits: limits)
            let text = try reader.unicodeString()
            try sink(Cell(reference: try reference(pending.row, pending.column), value: .string(text), styleIndex: pending.format))
            return
        }
        guard record.length >= 6 else { return }
        let row = Int(stream.u16(start))
        let column = Int(stream.u16(start + 2))
        let format = Int(stream.u16(start + 4))
        switch type {
        case BIFFRecordType.labelSST where record.length >= 10:
            let index = Int(stream.u32(start + 6))
            let at = try reference(row, column)
            guard index < sharedStrings.count else {
                throw XLSXError.invalidContent(part: part, message: "cell \(at) refers to shared string \(index), but the table holds \(sharedStrings.count)")
            }
            try sink(Cell(reference: at, value: .string(sharedStrings[index]), styleIndex: format))
        case BIFFRecordType.label, BIFFRecordType.richLabel:
            var reader = ContinuedReader(stream: stream, segments: [(start + 6)..<record.end], limits: limits)
            try sink(Cell(reference: try reference(row, column), value: .string(try reader.unicodeString()), styleIndex: format))
        case BIFFRecordType.number where record.length >= 14:
            let at = try reference(row, column)
            try sink(Cell(reference: at, value: try number(stream.f64(start + 6), format: format, at: at), styleIndex: format))
        case BIFFRecordType.rk where record.length >= 10:
            let at = try reference(row, column)
            try sink(Cell(reference: at, value: try number(Self.rkNumber(stream.u32(start + 6)), format: format, at: at), styleIndex: format))
        case BIFFRecordType.multipleRK:
            let count = (record.length - 6) / 6
            for index in 0..<count {
                let base = start + 4 + index * 6
                let cellFormat = Int(stream.u16(base))
                let at = try reference(row, column + index)
                try sink(Cell(reference: at, value: try number(Self.rkNumber(stream.u32(base + 2)), format: cellFormat, at: at),
                              styleIndex: cellFormat))
            }
        case BIFFRecordType.boolErr where record.length >= 8:
            let at = try reference(row, column)
            let code = stream.u8(start + 6)
            let value: CellValue = stream.u8(start + 7) != 0 ? .error(try error(code, at: at)) : .boolean(code != 0)
            try sink(Cell(reference: at, value: value, styleIndex: format))
        case 0x0006, 0x0206, 0x0406:
            guard record.length >= 14 else { return }
            let at = try reference(row, column)
            pendingString = nil
            guard stream.u16(start + 12) == 0xFFFF else {
                try sink(Cell(reference: at, value: try number(stream.f64(start + 6), format: format, at: at), styleIndex: format))
                return
            }
            switch stream.u8(start + 6) {
            case 0: pendingString = (row, column, format)
            case 1: try sink(Cell(reference: at, value: .boolean(stream.u8(start + 8) != 0), styleIndex: format))
            case 2: try sink(Cell(reference: at, value: .error(try error(stream.u8(start + 8), at: at)), styleIndex: format))
            case 3: try sink(Cell(reference: at, value: .string(""), styleIndex: format))
            default:
                throw XLSXError.invalidContent(part: part, message: "cell \(at): a formula result of unknown type \(stream.u8(start + 6))")
            }
        default:
            break
        }
    }

    private func reference(_ row: Int, _ column: Int) throws -> CellReference {
        guard column < CellReference.maximumColumn else {
            throw XLSXError.invalidContent(part: part, message: "a cell in column \(column + 1), beyond the last column XFD")
        }
        return CellReference(row: row + 1, column: column + 1)
    }

    /// A number, or a date when its cell format's number format is one.
    private func number(_ value: Double, format: Int, at: CellReference) throws -> CellValue {
        guard value.isFinite else { throw XLSXError.invalidContent(part: part, message: "cell \(at) holds a number that is not finite") }
        if format < dateKinds.count, let kind = dateKinds[format] {
            return .date(ExcelDate(serial: value, system: dateSystem, kind: kind))
        }
        return .number(value)
    }

    /// An RK number ([MS-XLS] 2.5.217): a 30-bit integer or the high 30 bits of a double,
    /// optionally divided by 100.
    static func rkNumber(_ rk: UInt32) -> Double {
        let value: Double
        if rk & 0x02 != 0 {
            value = Double(Int32(bitPattern: rk) >> 2)
        } else {
            value = Double(bitPattern: UInt64(rk & 0xFFFF_FFFC) << 32)
        }
        return rk & 0x01 != 0 ? value / 100 : value
    }

    /// The error value of a BErr code.
    private func error(_ code: UInt8, at: CellReference) throws -> CellError {
        switch code {
        case 0x00: return .null
        case 0x07: return .divisionByZero
        case 0x0F: return .value
        case 0x17: return .reference
        case 0x1D: return .name
        case 0x24: return .number
        case 0x2A: return .notAvailable
        case 0x2B: return CellError("#GETTING_DATA")
        default: throw XLSXError.invalidContent(part: part, message: "cell \(at) holds an unknown error code 0x\(String(code, radix: 16))")
        }
    }
}
