#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An Excel 97–2003 workbook (`.xls`, and WPS's `.et`, which is the same format): BIFF8 records
/// in the Workbook stream of an OLE2 compound file. Read by ``Workbook`` when a file starts with
/// the compound-file signature; it hands out the same ``SheetInfo``, ``Row`` and ``Cell`` values
/// as the XLSX reader, so callers need not know which format they read.
///
/// The workbook globals (sheets, shared strings, number formats, cell formats, date system) are
/// read at once; each sheet's records are read when its rows are asked for. Formulas are stored
/// as parsed tokens in BIFF, so a cell's ``Cell/formula`` is nil and its value is the cached result.
final class LegacyWorkbook {
    /// The sheets in tab order, with where each sheet's records start in the stream.
    private(set) var sheets: [SheetInfo] = []
    private var sheetOffsets: [Int] = []
    private(set) var dateSystem = DateSystem.system1900
    private(set) var sharedStrings: [String] = []
    /// The number format of each cell format (XF record), in order.
    private(set) var numberFormats: [NumberFormat] = []
    /// The date kind of each cell format, for the hot path.
    private(set) var dateKinds: [ExcelDate.Kind?] = []
    let stream: BIFFStream
    let limits: ReadLimits

    /// Opens the compound file and reads the workbook globals, refusing what is not BIFF8
    /// (older BIFF versions, an encrypted workbook, another kind of compound document).
    convenience init(bytes: [UInt8], limits: ReadLimits) throws {
        guard Int64(bytes.count) <= limits.maximumTotalSize else {
            throw limits.exceeded(.totalSize, part: nil, value: Int64(bytes.count))
        }
        let file = try CompoundFile(bytes: bytes, limits: limits)
        if file.stream(named: ["EncryptedPackage", "EncryptionInfo"]) != nil { throw XLSXError.encryptedWorkbook }
        guard let entry = file.stream(named: ["Workbook", "Book"]) else { throw XLSXError.compoundFileNotWorkbook }
        try self.init(stream: BIFFStream(bytes: try file.read(entry), name: "the \(entry.name) stream"), limits: limits)
    }

    /// Reads the globals of a workbook stream already taken out of its compound file
    /// (the BIFF fuzz target starts here).
    init(stream: BIFFStream, limits: ReadLimits) throws {
        self.stream = stream
        self.limits = limits
        try readGlobals()
    }

    /// The bytes of a file, refused before reading when larger than the total-size limit.
    static func readFile(path: String, limits: ReadLimits) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw XLSXError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(file) }
        guard fseeko(file, 0, SEEK_END) == 0 else { throw XLSXError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        let size = Int64(ftello(file))
        guard size <= limits.maximumTotalSize else { throw limits.exceeded(.totalSize, part: nil, value: size) }
        rewind(file)
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, Int(size), file) }
        guard count == Int(size) else { throw XLSXError.cannotOpen(path: path, reason: "the file could not be read whole") }
        return bytes
    }

    /// The BOF record that opens the stream, checked for the BIFF version, checked for the BIFF version.
    private func checkBOF(at offset: Int) throws -> BIFFRecord {
        guard let bof = try stream.record(at: offset) else {
            throw XLSXError.invalidContent(part: stream.name, message: "the stream is empty")
        }
        if let older = BIFFRecordType.olderBOFs[bof.type] { throw XLSXError.unsupportedLegacyFormat(version: older) }
        guard bof.type == BIFFRecordType.bof, bof.length >= 4 else {
            throw XLSXError.invalidContent(part: stream.name, message: "the stream does not start with a BOF record")
        }
        let version = stream.u16(bof.start)
        if version == 0x0500 { throw XLSXError.unsupportedLegacyFormat(version: "BIFF5, Excel 5.0/95") }
        guard version == 0x0600 else {
            throw XLSXError.unsupportedLegacyFormat(version: "BIFF version 0x\(String(version, radix: 16))")
        }
        return bof
    }

    private func readGlobals() throws {
        let bof = try checkBOF(at: 0)
        var customFormats: [Int: String] = [:]
        var formatIDs: [Int] = []
        var offset = bof.end
        while let record = try stream.record(at: offset) {
            offset = record.end
            let start = record.start
            switch record.type {
            case BIFFRecordType.eof:
                return finish(customFormats: customFormats, formatIDs: formatIDs)
            case BIFFRecordType.filePass:
                throw XLSXError.encryptedWorkbook
            case BIFFRecordType.dateMode where record.length >= 2:
                dateSystem = stream.u16(start) == 1 ? .system1904 : .system1900
            case BIFFRecordType.format where record.length >= 5:
                // Some writers count one character more than they store: take what is there.
                customFormats[Int(stream.u16(start))] = stream.characters(at: start + 5, count: Int(stream.u16(start + 2)),
                                                                          wide: stream.u8(start + 4) & 0x01 != 0, end: record.end)
            case BIFFRecordType.extendedFormat where record.length >= 4:
                formatIDs.append(Int(stream.u16(start + 2)))
            case BIFFRecordType.boundSheet where record.length >= 8:
                try addSheet(record)
            case BIFFRecordType.sharedStrings where record.length >= 8:
                let (segments, next) = try stream.continued(record)
                offset = next
                try readSharedStrings(segments)
            default:
                break
            }
        }
        // A stream without the globals' EOF: take what was read.
        finish(customFormats: customFormats, formatIDs: formatIDs)
    }

    private func finish(customFormats: [Int: String], formatIDs: [Int]) {
        numberFormats = NumberFormat.resolve(ids: formatIDs, customCodes: customFormats)
        dateKinds = numberFormats.map(\.dateKind)
    }

    /// BOUNDSHEET8: the offset of the sheet's BOF, its visibility and type, and its name.
    private func addSheet(_ record: BIFFRecord) throws {
        let kind: SheetKind
        switch stream.u8(record.start + 5) {
        case 0: kind = .worksheet
        case 1: kind = .macrosheet
        case 2: kind = .chartsheet
        default: return   // a VBA module: not a sheet anyone sees
        }
        let state: SheetState
        switch stream.u8(record.start + 4) & 0x03 {
        case 1: state = .hidden
        case 2: state = .veryHidden
        default: state = .visible
        }
        let name = stream.characters(at: record.start + 8, count: Int(stream.u8(record.start + 6)),
                                     wide: stream.u8(record.start + 7) & 0x01 != 0, end: record.end)
        sheets.append(SheetInfo(name: name, index: sheets.count, state: state, kind: kind, partName: nil))
        sheetOffsets.append(Int(stream.u32(record.start)))
    }

    /// The SST: a count of references, a count of unique strings (not trusted: some writers get
    /// it wrong), then the strings, read until the data ends.
    private func readSharedStrings(_ segments: [Range<Int>]) throws {
        var reader = ContinuedReader(stream: stream, segments: segments, limits: limits)
        try reader.skip(4)
        let declared = Int(try reader.u32())
        // Never trust a count to size memory: each string takes at least 3 bytes.
        let bytes = segments.reduce(0) { $0 + $1.count }
        sharedStrings.reserveCapacity(min(declared, bytes / 3))
        while !reader.isAtEnd {
            guard Int64(sharedStrings.count) < limits.maximumSharedStrings else {
                throw limits.exceeded(.sharedStringCount, part: stream.name, value: Int64(sharedStrings.count + 1))
            }
            sharedStrings.append(try reader.richExtendedString())
        }
    }

    /// Starts reading a sheet's rows.
    func rows(of sheet: SheetInfo) throws -> LegacySheetReader {
        guard sheet.index >= 0 && sheet.index < sheetOffsets.count else { throw XLSXError.noSuchSheet(sheet.name, available: sheets.map(\.name)) }
        let offset = sheetOffsets[sheet.index]
        let part = "sheet \"\(sheet.name)\" (\(stream.name))"
        guard offset >= 0 && offset < stream.bytes.count else {
            throw XLSXError.invalidContent(part: part, message: "its records are said to start at byte \(offset), past the end of the stream")
        }
        guard let bof = try stream.record(at: offset), bof.type == BIFFRecordType.bof else {
            throw XLSXError.invalidContent(part: part, message: "no BOF record at byte \(offset), where its records should start")
        }
        return try LegacySheetReader(workbook: self, bof: bof, part: part)
    }
}
