#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads RFC 4180 CSV from a file, record by record: UTF-8 with an optional byte-order mark,
/// fields separated by commas, records ended by LF, CRLF or CR; a double quote anywhere in a
/// field starts a quoted stretch, in which commas and line breaks are data and `""` is one
/// quote (so `"a,b"`, `"say ""hi"""` and `x"y,z"w` are the fields `a,b`, `say "hi"` and
/// `xy,zw`). A file that ends without a line break still ends its last record; an empty line
/// is a record of one empty field.
///
/// ```swift
/// let reader = try CSVReader(path: "户籍.csv")
/// while let fields = try reader.nextRecord() { print(fields) }
/// ```
///
/// The reader keeps one buffer of the file and one of the current record, whatever the file's
/// size; ``readRecord()`` and ``field(_:)`` give the fields' bytes without making strings.
public final class CSVReader {
    /// The file's path (for messages).
    public let path: String
    private let descriptor: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private static let bufferSize = 1 << 18
    private var count = 0
    private var position = 0
    private var atStart = true
    /// The current record's fields, unquoted, end to end.
    private var record: UnsafeMutablePointer<UInt8>
    private var recordCapacity = 4096
    private var recordCount = 0
    /// Where each field of the current record ends in `record`.
    private var fieldEnds: [Int] = []

    /// Opens a CSV file; throws ``XLSXError/cannotOpen(path:reason:)`` when it cannot be read.
    public init(path: String) throws {
        self.path = path
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else { throw XLSXError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        descriptor = opened
        buffer = .allocate(capacity: Self.bufferSize)
        record = .allocate(capacity: recordCapacity)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
        record.deallocate()
    }

    /// The next record's fields as strings (invalid UTF-8 repaired with U+FFFD), nil at the end.
    public func nextRecord() throws -> [String]? {
        guard try readRecord() else { return nil }
        return (0..<fieldCount).map { String(decoding: field($0), as: UTF8.self) }
    }

    /// The number of fields of the record read last.
    public var fieldCount: Int { fieldEnds.count }

    /// The bytes of a field of the record read last, valid until the next read.
    @inline(__always)
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return UnsafeBufferPointer(start: record + start, count: fieldEnds[index] - start)
    }

    /// Reads the next record (its fields through ``fieldCount`` and ``field(_:)``); false at
    /// the end of the file. Throws ``XLSXError/cannotOpen(path:reason:)`` on a read error.
    public func readRecord() throws -> Bool {
        if atStart {
            atStart = false
            try skipByteOrderMark()
        }
        if position == count {
            try refill()
            if count == 0 { return false }
        }
        recordCount = 0
        fieldEnds.removeAll(keepingCapacity: true)
        var quoted = false
        while true {
            if position == count {
                try refill()
                if count == 0 {
                    fieldEnds.append(recordCount)
                    return true
                }
            }
            let start = position
            if quoted {
                while position < count && buffer[position] != UInt8(ascii: "\"") { position += 1 }
                appendRun(from: start)
                guard position < count else { continue }
                position += 1
                if position == count { try refill() }
                if position < count && buffer[position] == UInt8(ascii: "\"") {
                    appendRun(from: position, to: position + 1)
                    position += 1
                } else {
                    quoted = false
                }
                continue
            }
            while position < count {
                let byte = buffer[position]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D { break }
                position += 1
            }
            appendRun(from: start)
            guard position < count else { continue }
            let byte = buffer[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                quoted = true
            case UInt8(ascii: ","):
                fieldEnds.append(recordCount)
            case 0x0D:
                fieldEnds.append(recordCount)
                if position == count { try refill() }
                if position < count && buffer[position] == 0x0A { position += 1 }
                return true
            default:
                fieldEnds.append(recordCount)
                return true
            }
        }
    }

    /// Copies `buffer[start..<end]` (by default up to `position`) into the record.
    @inline(__always)
    private func appendRun(from start: Int, to end: Int? = nil) {
        let length = (end ?? position) - start
        guard length > 0 else { return }
        if recordCount + length > recordCapacity {
            var capacity = recordCapacity * 2
            while capacity < recordCount + length { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: record, count: recordCount)
            record.deallocate()
            record = grown
            recordCapacity = capacity
        }
        (record + recordCount).update(from: buffer + start, count: length)
        recordCount += length
    }

    /// Reads the next stretch of the file into the buffer (count 0 at the end).
    private func refill() throws {
        position = 0
        count = 0
        while true {
            let got = read(descriptor, buffer, Self.bufferSize)
            if got < 0 {
                if errno == EINTR { continue }
                throw XLSXError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            count = got
            return
        }
    }

    /// Skips a UTF-8 byte-order mark (EF BB BF) at the start of the file.
    private func skipByteOrderMark() throws {
        try refill()
        // A read may stop short of three bytes (a pipe): gather them before deciding.
        while count < 3 {
            let got = read(descriptor, buffer + count, Self.bufferSize - count)
            if got < 0 {
                if errno == EINTR { continue }
                throw XLSXError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            count += got
        }
        if count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
    }
}
