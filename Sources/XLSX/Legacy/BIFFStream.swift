/// The record types of BIFF8 that the reader looks at ([MS-XLS] 2.3).
enum BIFFRecordType {
    static let bof: UInt16 = 0x0809
    static let eof: UInt16 = 0x000A
    static let filePass: UInt16 = 0x002F
    static let boundSheet: UInt16 = 0x0085
    static let dateMode: UInt16 = 0x0022
    static let format: UInt16 = 0x041E
    static let extendedFormat: UInt16 = 0x00E0
    static let sharedStrings: UInt16 = 0x00FC
    static let continuation: UInt16 = 0x003C
    static let labelSST: UInt16 = 0x00FD
    static let label: UInt16 = 0x0204
    static let richLabel: UInt16 = 0x00D6
    static let number: UInt16 = 0x0203
    static let rk: UInt16 = 0x027E
    static let multipleRK: UInt16 = 0x00BD
    static let boolErr: UInt16 = 0x0205
    /// FORMULA as BIFF5–8 write it; 0x0206 (BIFF3) and 0x0406 (BIFF4) occur in files some programs write.
    static let formulas: Set<UInt16> = [0x0006, 0x0206, 0x0406]
    static let string: UInt16 = 0x0207
    static let row: UInt16 = 0x0208
    static let mergedCells: UInt16 = 0x00E5
    static let dimensions: UInt16 = 0x0200
    /// BOF records of BIFF2, BIFF3 and BIFF4, with the version each names.
    static let olderBOFs: [UInt16: String] = [0x0009: "BIFF2, Excel 2.x", 0x0209: "BIFF3, Excel 3.0", 0x0409: "BIFF4, Excel 4.0"]
}

/// One record of a BIFF stream: its type and where its payload lies in the stream.
struct BIFFRecord {
    var type: UInt16
    /// Offset of the payload (after the 4-byte header) in the stream.
    var start: Int
    /// Payload length.
    var length: Int
    var end: Int { start + length }
}

/// The Workbook stream of a BIFF8 file, held in memory, with little-endian readers that never
/// read past a record's end (a short record reads as zeros past its end: the caller checks lengths).
final class BIFFStream {
    let bytes: [UInt8]
    /// What messages call the stream (`the Workbook stream`).
    let name: String

    init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// The record at `offset`, nil at the end of the stream; a header cut short or a payload
    /// past the end is reported as damage.
    func record(at offset: Int) throws -> BIFFRecord? {
        if offset + 4 > bytes.count {
            if offset >= bytes.count || bytes[offset..<bytes.count].allSatisfy({ $0 == 0 }) { return nil }
            throw XLSXError.invalidContent(part: name, message: "the stream ends inside a record header at byte \(offset)")
        }
        let type = u16(offset)
        let length = Int(u16(offset + 2))
        guard offset + 4 + length <= bytes.count else {
            throw XLSXError.invalidContent(part: name, message: "record 0x\(String(type, radix: 16)) at byte \(offset) runs past the end of the stream")
        }
        return BIFFRecord(type: type, start: offset + 4, length: length)
    }

    @inline(__always) func u8(_ offset: Int) -> UInt8 { bytes[offset] }
    @inline(__always) func u16(_ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }
    @inline(__always) func u32(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
    @inline(__always) func f64(_ offset: Int) -> Double {
        Double(bitPattern: UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32)
    }

    /// Up to `count` characters at `offset`, 8-bit (Latin-1) or UTF-16LE, cut short at `end`:
    /// for the short names and codes inside one record (sheet names, number formats).
    func characters(at offset: Int, count: Int, wide: Bool, end: Int) -> String {
        let available = max(0, end - offset)
        let units = wide ? (0..<min(count, available / 2)).map { u16(offset + $0 * 2) }
            : (0..<min(count, available)).map { UInt16(u8(offset + $0)) }
        return String(decoding: units, as: UTF16.self)
    }

    /// The payload segments of a record and the CONTINUE records that follow it, and the
    /// offset of the first record after them.
    func continued(_ record: BIFFRecord) throws -> (segments: [Range<Int>], next: Int) {
        var segments = [record.start..<record.end]
        var offset = record.end
        while let next = try self.record(at: offset), next.type == BIFFRecordType.continuation {
            segments.append(next.start..<next.end)
            offset = next.end
        }
        return (segments, offset)
    }
}

/// Reads across a record and its CONTINUE records ([MS-XLS] 2.1.4): numbers and skipped bytes
/// flow over the boundaries; the characters of a string resume after a boundary with a fresh
/// option byte saying whether they are 8-bit or UTF-16.
struct ContinuedReader {
    private let stream: BIFFStream
    private let segments: [Range<Int>]
    private var segment = 0
    private var position: Int
    private let limits: ReadLimits

    init(stream: BIFFStream, segments: [Range<Int>], limits: ReadLimits) {
        self.stream = stream
        self.segments = segments
        self.limits = limits
        position = segments.first?.lowerBound ?? 0
    }

    /// Whether any byte is left.
    var isAtEnd: Bool {
        var index = segment
        var at = position
        while index < segments.count {
            if at < segments[index].upperBound { return false }
            index += 1
            if index < segments.count { at = segments[index].lowerBound }
        }
        return true
    }

    /// Moves to the next segment when the current one is used up; false at the very end.
    private mutating func settle() -> Bool {
        while position >= segments[segment].upperBound {
            guard segment + 1 < segments.count else { return false }
            segment += 1
            position = segments[segment].lowerBound
        }
        return true
    }

    mutating func byte() throws -> UInt8 {
        guard settle() else { throw truncated() }
        defer { position += 1 }
        return stream.u8(position)
    }

    mutating func u16() throws -> UInt16 {
        let low = try byte()
        return UInt16(low) | UInt16(try byte()) << 8
    }

    mutating func u32() throws -> UInt32 {
        let low = try u16()
        return UInt32(low) | UInt32(try u16()) << 16
    }

    mutating func skip(_ count: Int) throws {
        var left = count
        while left > 0 {
            guard settle() else { throw truncated() }
            let step = min(left, segments[segment].upperBound - position)
            position += step
            left -= step
        }
    }

    /// An XLUnicodeRichExtendedString ([MS-XLS] 2.5.293) as in the SST: the count, the option
    /// byte, the characters (which may cross into the next CONTINUE record), then the rich-text
    /// runs and phonetic data, which are skipped.
    mutating func richExtendedString() throws -> String {
        let count = Int(try u16())
        let options = try byte()
        let runCount = options & 0x08 != 0 ? Int(try u16()) : 0
        let phoneticSize = options & 0x04 != 0 ? Int(try u32()) : 0
        let text = try characters(count, highByte: options & 0x01 != 0)
        try skip(runCount * 4)
        try skip(phoneticSize)
        return text
    }

    /// An XLUnicodeString ([MS-XLS] 2.5.294): a 16-bit count, the option byte, the characters.
    mutating func unicodeString() throws -> String {
        let count = Int(try u16())
        let options = try byte()
        return try characters(count, highByte: options & 0x01 != 0)
    }

    /// `count` characters, 8-bit (the low bytes of UTF-16, i.e. Latin-1) or UTF-16LE; at each
    /// segment boundary inside them an option byte says which the rest are.
    private mutating func characters(_ count: Int, highByte: Bool) throws -> String {
        // Each character takes at least one UTF-8 byte: a count beyond the limit is refused before reading.
        guard Int64(count) <= limits.maximumStringLength else {
            throw limits.exceeded(.stringLength, part: stream.name, value: Int64(count))
        }
        var wide = highByte
        var units: [UInt16] = []
        var asciiOnly = true
        units.reserveCapacity(count)
        var left = count
        while left > 0 {
            if position >= segments[segment].upperBound {
                // Characters resume in the next CONTINUE record after an option byte.
                guard segment + 1 < segments.count, !segments[segment + 1].isEmpty else { throw truncated() }
                segment += 1
                position = segments[segment].lowerBound
                wide = stream.u8(position) & 0x01 != 0
                position += 1
                continue
            }
            let available = segments[segment].upperBound - position
            if wide {
                let take = min(left, available / 2)
                guard take > 0 else { throw truncated() }
                for index in 0..<take {
                    let unit = stream.u16(position + index * 2)
                    if unit >= 0x80 { asciiOnly = false }
                    units.append(unit)
                }
                position += take * 2
                left -= take
            } else {
                let take = min(left, available)
                for index in 0..<take {
                    let unit = UInt16(stream.u8(position + index))
                    if unit >= 0x80 { asciiOnly = false }
                    units.append(unit)
                }
                position += take
                left -= take
            }
        }
        let text = asciiOnly
            ? String(unsafeUninitializedCapacity: units.count) { buffer in
                for index in units.indices { buffer[index] = UInt8(truncatingIfNeeded: units[index]) }
                return units.count
            }
            : String(decoding: units, as: UTF16.self)
        guard Int64(text.utf8.count) <= limits.maximumStringLength else {
            throw limits.exceeded(.stringLength, part: stream.name, value: Int64(text.utf8.count))
        }
        return text
    }

    private func truncated() -> XLSXError {
        .invalidContent(part: stream.name, message: "a record ends in the middle of a value (at byte \(position))")
    }
}
