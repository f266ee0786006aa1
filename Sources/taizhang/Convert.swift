import ArgumentParser
import XLSX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `taizhang convert`: CSV to XLSX and XLSX to CSV, streaming both ways.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a UTF-8 CSV file to a workbook, or a workbook's sheet to CSV (by the files' extensions).",
        discussion: """
        CSV to XLSX: the first row is the header (text); in the other rows integers and decimals become \
        numbers, except digit strings nobody does arithmetic on (a leading zero such as 0791, or 11 digits \
        or more without a point, such as phones and ID numbers), which stay text; YYYY-MM-DD becomes a date; \
        TRUE/FALSE become booleans; everything else is text. The sheet is named after the file.
        """
    )

    @Argument(help: "The input (.csv or .xlsx).")
    var input: String

    @Argument(help: "The output (.xlsx or .csv).")
    var output: String

    @Option(help: "The sheet to convert to CSV (default: the first worksheet).")
    var sheet: String?

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let from = input.lowercased()
        let to = output.lowercased()
        if from.hasSuffix(".csv") && (to.hasSuffix(".xlsx") || to.hasSuffix(".xlsm")) {
            try CSVToWorkbook.convert(csv: input, to: output)
        } else if to.hasSuffix(".csv") {
            let workbook = try Workbook(path: input, limits: limits.limits)
            guard let chosen = try sheet.map({ try workbook.sheet(named: $0) }) ?? workbook.sheets.first(where: { $0.kind == .worksheet }) else {
                throw CommandFailure("\(input) has no worksheet")
            }
            let file = try OutputFile(path: output)
            try CSVWriter.write(workbook: workbook, sheet: chosen, to: file.buffer)
            try file.commit()
        } else {
            throw CommandFailure("convert goes from .csv to .xlsx or from a workbook to .csv")
        }
    }
}

/// Streams a CSV file into a one-sheet workbook.
enum CSVToWorkbook {
    static func convert(csv path: String, to output: String) throws {
        guard let reader = CSVReader(path: path) else {
            throw CommandFailure("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        let workbook = try WorkbookWriter(path: output)
        let sheet = try workbook.addSheet(sheetName(for: path))
        if let header = try reader.nextRecord() {
            try sheet.writeRow(header.map { WritableCell(.string($0)) })
        }
        var cells: [WritableCell?] = []
        while let record = try reader.nextRecord() {
            cells.removeAll(keepingCapacity: true)
            for field in record { cells.append(field.isEmpty ? nil : WritableCell(value(of: field))) }
            try sheet.writeRow(cells)
        }
        try workbook.close()
    }

    /// A valid sheet name from the file's name: no folder or extension, no forbidden characters, 31 at most.
    static func sheetName(for path: String) -> String {
        var name = String(path.split(separator: "/").last ?? "Sheet1")
        if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
        name = String(name.map { ":\\/?*[]".contains($0) ? "_" : $0 })
        while name.hasPrefix("'") { name.removeFirst() }
        while name.hasSuffix("'") { name.removeLast() }
        name = String(name.prefix(ExcelLimits.sheetNameLength))
        return name.isEmpty ? "Sheet1" : name
    }

    /// What a CSV field becomes.
    static func value(of field: String) -> WritableValue {
        let bytes = Array(field.utf8)
        if let number = number(bytes) { return .number(number) }
        if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
           let year = Int(field.prefix(4)), let month = Int(field.dropFirst(5).prefix(2)), let day = Int(field.suffix(2)),
           LocalDateTime.isValidDate(year: year, month: month, day: day), year >= 1900 {
            return .date(LocalDateTime(year: year, month: month, day: day))
        }
        if field == "TRUE" || field == "true" { return .boolean(true) }
        if field == "FALSE" || field == "false" { return .boolean(false) }
        return .string(field)
    }

    /// A number when the text is an integer or a decimal meant for arithmetic.
    static func number(_ bytes: [UInt8]) -> Double? {
        guard !bytes.isEmpty else { return nil }
        var index = bytes[0] == UInt8(ascii: "-") ? 1 : 0
        let digitsStart = index
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        let integerDigits = index - digitsStart
        guard integerDigits > 0 else { return nil }
        var hasPoint = false
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            hasPoint = true
            index += 1
            let fractionStart = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard index > fractionStart else { return nil }
        }
        guard index == bytes.count else { return nil }
        // Digit strings nobody adds up stay text: 0791, phones, ID numbers.
        if integerDigits > 1 && bytes[digitsStart] == UInt8(ascii: "0") { return nil }
        if !hasPoint && integerDigits >= 11 { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }
}

/// Reads RFC 4180 CSV (UTF-8, optional BOM, quoted fields with doubled quotes and line breaks).
final class CSVReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var count = 0
    private var position = 0
    private var atStart = true

    init?(path: String) {
        guard let file = fopen(path, "rb") else { return nil }
        self.file = file
    }

    deinit { fclose(file) }

    private func nextByte() -> UInt8? {
        if position == count {
            count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            position = 0
            if count == 0 { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    private func peekByte() -> UInt8? {
        guard let byte = nextByte() else { return nil }
        position -= 1
        return byte
    }

    /// The next record's fields, nil at the end.
    func nextRecord() throws -> [String]? {
        if atStart {
            atStart = false
            if peekByte() == 0xEF { _ = nextByte(); _ = nextByte(); _ = nextByte() }
        }
        guard peekByte() != nil else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while let byte = nextByte() {
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if peekByte() == UInt8(ascii: "\"") { _ = nextByte(); field.append(byte) } else { quoted = false }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): quoted = true
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\r"):
                if peekByte() == UInt8(ascii: "\n") { _ = nextByte() }
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            case UInt8(ascii: "\n"):
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            default: field.append(byte)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
