/// An OLE2 compound file (Microsoft's "Compound File Binary" format, the container of `.xls`,
/// `.et`, `.doc` and encrypted OOXML): a small FAT file system inside one file. Only reading is
/// supported, from bytes held in memory.
///
/// Every sector chain is followed with a visited set, so a loop in the FAT, a sector beyond the
/// end of the file, or a size no chain can hold is a ``XLSXError/damagedCompoundFile(reason:)``
/// in bounded time and memory, never a hang.
struct CompoundFile {
    /// The signature of every compound file.
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// One entry of the directory that is a stream.
    struct Stream {
        /// The stream's name as stored (UTF-16 decoded).
        var name: String
        /// The first sector of its chain (in the mini stream when ``size`` is below the cutoff).
        var startSector: UInt32
        /// The stream's size in bytes.
        var size: Int
    }

    private static let freeSector: UInt32 = 0xFFFF_FFFF
    private static let endOfChain: UInt32 = 0xFFFF_FFFE

    private let bytes: [UInt8]
    private let sectorSize: Int
    private let miniSectorSize: Int
    private let miniStreamCutoff: Int
    private let fat: [UInt32]
    private var miniFAT: [UInt32] = []
    private var miniStream: [UInt8] = []
    /// The streams of the directory, in directory order (storages and the root are left out).
    private(set) var streams: [Stream] = []

    /// Parses the header, the FAT (through the DIFAT), the directory and the mini stream.
    init(bytes: [UInt8], limits: ReadLimits) throws {
        self.bytes = bytes
        guard bytes.count >= 512, Array(bytes[0..<8]) == Self.signature else {
            throw XLSXError.damagedCompoundFile(reason: "the header is shorter than 512 bytes")
        }
        let majorVersion = Self.u16(bytes, 0x1A)
        let sectorShift = Self.u16(bytes, 0x1E)
        let miniSectorShift = Self.u16(bytes, 0x20)
        guard (majorVersion == 3 || majorVersion == 4), sectorShift == 9 || sectorShift == 12, miniSectorShift == 6 else {
            throw XLSXError.damagedCompoundFile(
                reason: "unknown version \(majorVersion) or sector sizes 2^\(sectorShift)/2^\(miniSectorShift)")
        }
        sectorSize = 1 << Int(sectorShift)
        miniSectorSize = 1 << Int(miniSectorShift)
        miniStreamCutoff = Int(Self.u32(bytes, 0x38))
        let sectorCount = max(0, (bytes.count - sectorSize + sectorSize - 1) / sectorSize)
        let fatSectorCount = Int(Self.u32(bytes, 0x2C))
        // Each FAT sector maps sectorSize/4 sectors; more FAT sectors than the file has sectors is absurd.
        guard fatSectorCount <= sectorCount else {
            throw XLSXError.damagedCompoundFile(reason: "the header claims \(fatSectorCount) FAT sectors in a file of \(sectorCount)")
        }

        // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
        var fatSectors: [UInt32] = []
        for index in 0..<109 where fatSectors.count < fatSectorCount {
            fatSectors.append(Self.u32(bytes, 0x4C + index * 4))
        }
        var difatSector = Self.u32(bytes, 0x44)
        var visitedDIFAT = Set<UInt32>()
        let perDIFAT = sectorSize / 4 - 1
        while fatSectors.count < fatSectorCount, difatSector != Self.endOfChain, difatSector != Self.freeSector {
            guard visitedDIFAT.insert(difatSector).inserted else {
                throw XLSXError.damagedCompoundFile(reason: "the DIFAT chain loops")
            }
            let offset = try Self.sectorOffset(difatSector, sectorSize: sectorSize, fileSize: bytes.count)
            for index in 0..<perDIFAT where fatSectors.count < fatSectorCount {
                fatSectors.append(Self.u32(bytes, offset + index * 4, bound: bytes.count))
            }
            difatSector = Self.u32(bytes, offset + perDIFAT * 4, bound: bytes.count)
        }
        var table: [UInt32] = []
        table.reserveCapacity(fatSectors.count * sectorSize / 4)
        for sector in fatSectors {
            let offset = try Self.sectorOffset(sector, sectorSize: sectorSize, fileSize: bytes.count)
            for index in 0..<(sectorSize / 4) { table.append(Self.u32(bytes, offset + index * 4, bound: bytes.count)) }
        }
        fat = table

        // The directory: 128-byte entries in a regular chain.
        let directory = try chain(from: Self.u32(bytes, 0x30), size: nil, what: "the directory")
        let entryCount = directory.count / 128
        guard Int64(entryCount) <= limits.maximumEntryCount else {
            throw limits.exceeded(.entryCount, part: "the compound file's directory", value: Int64(entryCount))
        }
        var rootStart: UInt32 = Self.endOfChain
        var rootSize = 0
        for index in 0..<entryCount {
            let base = index * 128
            let type = directory[base + 66]
            let nameLength = min(Int(Self.u16(directory, base + 64)), 64)
            var units: [UInt16] = []
            var position = 0
            while position + 1 < nameLength {
                let unit = Self.u16(directory, base + position)
                if unit == 0 { break }
                units.append(unit)
                position += 2
            }
            let start = Self.u32(directory, base + 116)
            // Version 3 files may leave garbage in the size's high half.
            let low = UInt64(Self.u32(directory, base + 120))
            let high = majorVersion == 3 ? 0 : UInt64(Self.u32(directory, base + 124))
            let size = high << 32 | low
            if type == 5 {
                rootStart = start
                rootSize = Int(clamping: size)
            } else if type == 2 {
                guard size <= UInt64(limits.maximumPartSize) else {
                    throw limits.exceeded(.partSize, part: String(decoding: units, as: UTF16.self),
                                                  value: Int64(clamping: size))
                }
                streams.append(Stream(name: String(decoding: units, as: UTF16.self), startSector: start, size: Int(size)))
            }
        }
        if streams.contains(where: { $0.size < miniStreamCutoff && $0.size > 0 }) {
            miniStream = try chain(from: rootStart, size: rootSize, what: "the mini stream")
            let miniFATBytes = try chain(from: Self.u32(bytes, 0x3C), size: nil, what: "the mini FAT")
            miniFAT = (0..<(miniFATBytes.count / 4)).map { Self.u32(miniFATBytes, $0 * 4) }
        }
    }

    /// The stream whose name matches one of `names` (in that order of preference), ignoring case.
    func stream(named names: [String]) -> Stream? {
        for name in names {
            if let found = streams.first(where: { $0.name.lowercased() == name.lowercased() }) { return found }
        }
        return nil
    }

    /// The bytes of a stream.
    func read(_ stream: Stream) throws -> [UInt8] {
        if stream.size == 0 { return [] }
        if stream.size < miniStreamCutoff {
            return try miniChain(from: stream.startSector, size: stream.size, what: "stream \(stream.name)")
        }
        return try chain(from: stream.startSector, size: stream.size, what: "stream \(stream.name)")
    }

    /// Follows a FAT chain, copying its sectors; `size` bounds it (nil: to the end of the chain).
    /// A last sector cut short by the end of the file is taken as far as it goes.
    private func chain(from start: UInt32, size: Int?, what: String) throws -> [UInt8] {
        var result: [UInt8] = []
        if let size {
            guard size <= bytes.count + sectorSize else {
                throw XLSXError.damagedCompoundFile(reason: "\(what) claims \(size) bytes in a file of \(bytes.count)")
            }
            result.reserveCapacity(size)
        }
        var visited = [Bool](repeating: false, count: fat.count)
        var sector = start
        while sector != Self.endOfChain {
            if let size, result.count >= size { break }
            guard Int(sector) < fat.count else {
                if sector == Self.freeSector && size == nil { break }
                throw XLSXError.damagedCompoundFile(reason: "\(what) points to sector \(sector), past the end of the file")
            }
            guard !visited[Int(sector)] else { throw XLSXError.damagedCompoundFile(reason: "the chain of \(what) loops") }
            visited[Int(sector)] = true
            let offset = (Int(sector) + 1) * sectorSize
            guard offset < bytes.count else {
                throw XLSXError.damagedCompoundFile(reason: "\(what) points to sector \(sector), past the end of the file")
            }
            result.append(contentsOf: bytes[offset..<min(offset + sectorSize, bytes.count)])
            sector = fat[Int(sector)]
        }
        if let size {
            guard result.count >= size else {
                throw XLSXError.damagedCompoundFile(reason: "\(what) is \(size) bytes but its chain holds \(result.count)")
            }
            result.removeSubrange(size...)
        }
        return result
    }

    /// Follows a mini-FAT chain through the mini stream.
    private func miniChain(from start: UInt32, size: Int, what: String) throws -> [UInt8] {
        // The cutoff that sends a stream here is the header's: a size the mini stream cannot hold is refused before any allocation.
        guard size <= miniStream.count else {
            throw XLSXError.damagedCompoundFile(reason: "\(what) claims \(size) bytes in a mini stream of \(miniStream.count)")
        }
        var result: [UInt8] = []
        result.reserveCapacity(size)
        var visited = [Bool](repeating: false, count: miniFAT.count)
        var sector = start
        while result.count < size {
            guard sector != Self.endOfChain, Int(sector) < miniFAT.count else {
                throw XLSXError.damagedCompoundFile(reason: "\(what) is \(size) bytes but its mini chain ends at \(result.count)")
            }
            guard !visited[Int(sector)] else { throw XLSXError.damagedCompoundFile(reason: "the mini chain of \(what) loops") }
            visited[Int(sector)] = true
            let offset = Int(sector) * miniSectorSize
            guard offset + miniSectorSize <= miniStream.count else {
                throw XLSXError.damagedCompoundFile(reason: "\(what) points past the end of the mini stream")
            }
            result.append(contentsOf: miniStream[offset..<(offset + miniSectorSize)])
            sector = miniFAT[Int(sector)]
        }
        result.removeSubrange(size...)
        return result
    }

    private static func sectorOffset(_ sector: UInt32, sectorSize: Int, fileSize: Int) throws -> Int {
        guard sector < 0xFFFF_FFFA else {
            throw XLSXError.damagedCompoundFile(reason: "a FAT or DIFAT sector (\(sector)) is a marker, not a sector")
        }
        let offset = (Int(sector) + 1) * sectorSize
        guard offset < fileSize else {
            throw XLSXError.damagedCompoundFile(reason: "a FAT or DIFAT sector (\(sector)) lies past the end of the file")
        }
        return offset
    }

    static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    /// A little-endian u32, or a free-sector marker when it lies past `bound` (a cut-short last sector).
    private static func u32(_ bytes: [UInt8], _ offset: Int, bound: Int) -> UInt32 {
        offset + 4 <= bound ? u32(bytes, offset) : freeSector
    }
}
