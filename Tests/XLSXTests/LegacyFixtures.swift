/// Builders of small Excel 97–2003 files for the tests: BIFF8 records, and the OLE2 compound
/// file around them (version 3, 512-byte sectors; streams under 4,096 bytes in the mini stream).

/// Little-endian bytes of BIFF8 records.
enum BIFF {
    static func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> ($0 * 8) & 0xFF) } }
    static func f64(_ value: Double) -> [UInt8] {
        let bits = value.bitPattern
        return (0..<8).map { UInt8(bits >> ($0 * 8) & 0xFF) }
    }

    static func record(_ type: Int, _ payload: [UInt8]) -> [UInt8] { u16(type) + u16(payload.count) + payload }

    /// A BOF: version 0x0600 (BIFF8) unless told, substream type 5 (globals), 0x10 (sheet), 0x20 (chart).
    static func bof(_ kind: Int, version: Int = 0x0600) -> [UInt8] {
        record(0x0809, u16(version) + u16(kind) + u16(0x0DBB) + u16(0x07CC) + u32(0) + u32(0x0206))
    }

    static let eof = record(0x000A, [])

    /// The characters of a string: 8-bit when every one is below U+0100, else UTF-16LE; with the option byte.
    static func characters(_ text: String) -> (options: UInt8, bytes: [UInt8]) {
        let units = Array(text.utf16)
        if units.allSatisfy({ $0 < 0x100 }) { return (0, units.map { UInt8($0) }) }
        return (1, units.flatMap { u16(Int($0)) })
    }

    /// An XLUnicodeString: 16-bit count, option byte, characters.
    static func unicodeString(_ text: String) -> [UInt8] {
        let (options, bytes) = characters(text)
        return u16(text.utf16.count) + [options] + bytes
    }

    static func boundSheet(_ name: String, offset: UInt32, state: UInt8 = 0, type: UInt8 = 0) -> [UInt8] {
        let (options, bytes) = characters(name)
        return record(0x0085, u32(offset) + [state, type, UInt8(name.utf16.count), options] + bytes)
    }

    static func format(_ id: Int, _ code: String) -> [UInt8] { record(0x041E, u16(id) + unicodeString(code)) }

    /// An XF record whose number format is `formatID`.
    static func extendedFormat(_ formatID: Int) -> [UInt8] {
        record(0x00E0, u16(0) + u16(formatID) + u16(0x0001) + [UInt8](repeating: 0, count: 14))
    }

    static func cellHeader(_ row: Int, _ column: Int, _ format: Int) -> [UInt8] { u16(row) + u16(column) + u16(format) }
    static func number(_ row: Int, _ column: Int, _ value: Double, format: Int = 0) -> [UInt8] {
        record(0x0203, cellHeader(row, column, format) + f64(value))
    }
    static func rk(_ row: Int, _ column: Int, _ rk: UInt32, format: Int = 0) -> [UInt8] {
        record(0x027E, cellHeader(row, column, format) + u32(rk))
    }
    static func labelSST(_ row: Int, _ column: Int, _ index: Int, format: Int = 0) -> [UInt8] {
        record(0x00FD, cellHeader(row, column, format) + u32(UInt32(index)))
    }
    static func label(_ row: Int, _ column: Int, _ text: String) -> [UInt8] {
        record(0x0204, cellHeader(row, column, 0) + unicodeString(text))
    }
    static func boolErr(_ row: Int, _ column: Int, _ value: UInt8, isError: Bool) -> [UInt8] {
        record(0x0205, cellHeader(row, column, 0) + [value, isError ? 1 : 0])
    }
    /// A FORMULA with the 8 result bytes given, and a one-token formula (`1`).
    static func formula(_ row: Int, _ column: Int, result: [UInt8], format: Int = 0) -> [UInt8] {
        record(0x0006, cellHeader(row, column, format) + result + u16(0) + u32(0) + u16(2) + [0x1E] + u16(1))
    }
    /// The result bytes of a formula that is not a number: type 0 string, 1 boolean, 2 error, 3 empty string.
    static func specialResult(_ type: UInt8, _ value: UInt8 = 0) -> [UInt8] { [type, 0, value, 0, 0, 0, 0xFF, 0xFF] }
    static func mergedCells(_ ranges: [(Int, Int, Int, Int)]) -> [UInt8] {
        record(0x00E5, u16(ranges.count) + ranges.flatMap { u16($0.0) + u16($0.1) + u16($0.2) + u16($0.3) })
    }

    /// A workbook stream: globals (`globals` records after the BOF, then one BOUNDSHEET per
    /// sheet) and each sheet's records between its BOF and EOF, with the offsets filled in.
    static func workbook(globals: [[UInt8]], sheets: [(name: String, state: UInt8, type: UInt8, records: [[UInt8]])],
                         version: Int = 0x0600) -> [UInt8] {
        var head = bof(0x0005, version: version) + globals.flatMap { $0 }
        let boundSheetsLength = sheets.reduce(0) { $0 + boundSheet($1.name, offset: 0).count }
        var offset = head.count + boundSheetsLength + eof.count
        var bodies: [UInt8] = []
        for sheet in sheets {
            head += boundSheet(sheet.name, offset: UInt32(offset), state: sheet.state, type: sheet.type)
            let body = bof(sheet.type == 2 ? 0x0020 : 0x0010) + sheet.records.flatMap { $0 } + eof
            bodies += body
            offset += body.count
        }
        return head + eof + bodies
    }
}

/// An OLE2 compound file (version 3) holding named streams; hooks spoil it for the refusal tests.
struct CompoundFileBuilder {
    var streams: [(name: String, bytes: [UInt8])]
    /// Changes the FAT before it is written (sector loops, sectors past the end).
    var spoilFAT: ((inout [UInt32], _ firstSectorOfStream: [Int]) -> Void)?
    /// A size to declare for the first stream instead of its real one.
    var declaredSizeOfFirstStream: UInt32?

    init(streams: [(name: String, bytes: [UInt8])]) { self.streams = streams }

    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let free: UInt32 = 0xFFFF_FFFF

    func bytes() -> [UInt8] {
        let sector = 512
        func sectors(_ count: Int, of size: Int) -> Int { (count + size - 1) / size }
        // The mini stream: small streams in 64-byte sectors.
        var mini: [UInt8] = []
        var miniFAT: [UInt32] = []
        var miniStart: [Int: Int] = [:]
        for (index, stream) in streams.enumerated() where stream.bytes.count < 4096 && !stream.bytes.isEmpty {
            let first = miniFAT.count
            let count = sectors(stream.bytes.count, of: 64)
            miniStart[index] = first
            for step in 0..<count { miniFAT.append(step == count - 1 ? Self.endOfChain : UInt32(first + step + 1)) }
            mini += stream.bytes + [UInt8](repeating: 0, count: count * 64 - stream.bytes.count)
        }
        // Regular sectors: directory, mini FAT, mini stream, then each large stream.
        var chains: [[UInt8]] = []
        let entries = streams.count + 1
        chains.append([UInt8](repeating: 0, count: entries * 128))          // directory, filled below
        chains.append(miniFAT.flatMap { BIFF.u32($0) })
        chains.append(mini)
        var largeIndex: [Int: Int] = [:]
        for (index, stream) in streams.enumerated() where stream.bytes.count >= 4096 {
            largeIndex[index] = chains.count
            chains.append(stream.bytes)
        }
        let dataSectors = chains.reduce(0) { $0 + sectors($1.count, of: sector) }
        var fatSectors = 1
        while fatSectors * 128 < fatSectors + dataSectors { fatSectors += 1 }
        var fat = [UInt32](repeating: Self.free, count: fatSectors * 128)
        for index in 0..<fatSectors { fat[index] = 0xFFFF_FFFD }
        var next = fatSectors
        var starts: [Int] = []
        for chain in chains {
            let count = sectors(chain.count, of: sector)
            starts.append(count == 0 ? Int(Self.endOfChain) : next)
            for step in 0..<count { fat[next + step] = step == count - 1 ? Self.endOfChain : UInt32(next + step + 1) }
            next += count
        }
        // The directory: the root, then the streams as a chain of right siblings.
        var directory: [UInt8] = []
        func entry(_ name: String, type: UInt8, child: UInt32, right: UInt32, start: UInt32, size: UInt32) -> [UInt8] {
            var bytes: [UInt8] = name.utf16.flatMap { BIFF.u16(Int($0)) } + [0, 0]
            let nameLength = bytes.count
            bytes += [UInt8](repeating: 0, count: 64 - bytes.count)
            bytes += BIFF.u16(nameLength) + [type, 1]
            bytes += BIFF.u32(Self.free) + BIFF.u32(right) + BIFF.u32(child)
            bytes += [UInt8](repeating: 0, count: 36) + BIFF.u32(start) + BIFF.u32(size) + BIFF.u32(0)
            return bytes
        }
        directory += entry("Root Entry", type: 5, child: streams.isEmpty ? Self.free : 1, right: Self.free,
                           start: mini.isEmpty ? Self.endOfChain : UInt32(starts[2]), size: UInt32(mini.count))
        var firstSectors: [Int] = []
        for (index, stream) in streams.enumerated() {
            let start: Int
            if let chain = largeIndex[index] { start = starts[chain] } else { start = miniStart[index] ?? Int(Self.endOfChain) }
            firstSectors.append(start)
            let size = index == 0 ? declaredSizeOfFirstStream ?? UInt32(stream.bytes.count) : UInt32(stream.bytes.count)
            directory += entry(stream.name, type: 2, child: Self.free, right: index + 1 < streams.count ? UInt32(index + 2) : Self.free,
                               start: UInt32(truncatingIfNeeded: start), size: size)
        }
        chains[0] = directory
        spoilFAT?(&fat, firstSectors)
        // The header.
        var header: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 16)
        header += BIFF.u16(0x3E) + BIFF.u16(3) + BIFF.u16(0xFFFE) + BIFF.u16(9) + BIFF.u16(6) + [UInt8](repeating: 0, count: 6)
        header += BIFF.u32(0) + BIFF.u32(UInt32(fatSectors)) + BIFF.u32(UInt32(starts[0])) + BIFF.u32(0) + BIFF.u32(4096)
        header += BIFF.u32(miniFAT.isEmpty ? Self.endOfChain : UInt32(starts[1])) + BIFF.u32(UInt32(sectors(miniFAT.count * 4, of: sector)))
        header += BIFF.u32(Self.endOfChain) + BIFF.u32(0)
        for index in 0..<109 { header += BIFF.u32(index < fatSectors ? UInt32(index) : Self.free) }
        var file = header
        file += fat.flatMap { BIFF.u32($0) }
        for chain in chains {
            file += chain + [UInt8](repeating: 0, count: sectors(chain.count, of: sector) * sector - chain.count)
        }
        return file
    }
}
