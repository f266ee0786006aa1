import CLibzip
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A zip archive opened read-only through libzip, from a file or from bytes in memory.
/// Entry names are looked up exactly, then ignoring case and `\` versus `/`
/// (some writers use either).
final class ZipArchive {
    struct Entry {
        let index: UInt64
        let name: String
        let size: Int64
        let compressedSize: Int64
    }

    private let archive: OpaquePointer
    private let buffer: UnsafeMutableRawBufferPointer?
    let limits: ReadLimits
    /// Entries by exact name; of duplicates the last wins (as Python's zipfile and calamine read them).
    private var exactEntries: [String: Entry] = [:]
    /// Entries by normalised name (lower-cased, `/` separators, no leading `/`); last wins.
    private var entries: [String: Entry] = [:]
    /// Entry names in archive order.
    private(set) var names: [String] = []
    /// Bytes unpacked so far, against ``ReadLimits/maximumTotalSize``.
    private var totalUnpacked: Int64 = 0
    /// libzip's archive is not thread-safe, and a sheet may be read on a second thread
    /// (``ThreadedSAXParser``) while the caller opens other parts: every libzip call on the
    /// archive, and the accounting, holds this lock.
    fileprivate let lock = Lock()

    /// Opens a file. The file is never written to.
    convenience init(path: String, limits: ReadLimits) throws {
        var errorCode: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &errorCode) else {
            throw ZipArchive.openError(code: errorCode, path: path)
        }
        try self.init(archive: archive, buffer: nil, limits: limits)
    }

    /// Opens bytes held in memory (copied, so the caller's buffer may go).
    convenience init(bytes: UnsafeRawBufferPointer, limits: ReadLimits) throws {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        if let base = bytes.baseAddress { copy.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(copy.baseAddress, UInt64(bytes.count), 0, &error) else {
            copy.deallocate()
            throw XLSXError.corruptArchive(reason: String(cString: zip_error_strerror(&error)))
        }
        guard let archive = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)
            copy.deallocate()
            throw ZipArchive.openError(code: zip_error_code_zip(&error), path: nil)
        }
        try self.init(archive: archive, buffer: copy, limits: limits)
    }

    private init(archive: OpaquePointer, buffer: UnsafeMutableRawBufferPointer?, limits: ReadLimits) throws {
        self.archive = archive
        self.buffer = buffer
        self.limits = limits
        let count = zip_get_num_entries(archive, 0)
        guard count <= limits.maximumEntryCount else {
            throw limits.exceeded(.entryCount, part: nil, value: count)
        }
        for index in 0..<UInt64(max(count, 0)) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, index, 0, &stat) == 0, let rawName = stat.name else { continue }
            let name = String(cString: rawName)
            names.append(name)
            let entry = Entry(index: index, name: name, size: Int64(clamping: stat.size),
                              compressedSize: Int64(clamping: stat.comp_size))
            exactEntries[name] = entry
            entries[Self.normalise(name)] = entry
        }
    }

    deinit {
        zip_discard(archive)
        buffer?.deallocate()
    }

    static func normalise(_ name: String) -> String {
        var key = name.replacingBackslashes().lowercased()
        while key.hasPrefix("/") { key.removeFirst() }
        return key
    }

    /// The entry of a part name (`xl/workbook.xml`), if the archive has it.
    func entry(_ partName: String) -> Entry? {
        exactEntries[partName] ?? entries[Self.normalise(partName)]
    }

    /// Opens an entry for reading in chunks, with the limits enforced as the bytes come.
    func open(_ entry: Entry) throws -> ZipEntryStream {
        if entry.size > limits.maximumPartSize {
            throw limits.exceeded(.partSize, part: entry.name, value: entry.size)
        }
        guard let file = lock.withLock({ zip_fopen_index(archive, entry.index, 0) }) else {
            throw lock.withLock { archiveError(part: entry.name) }
        }
        return ZipEntryStream(file: file, entry: entry, archive: self)
    }

    /// Streams an entry's bytes in chunks; `body` gets each chunk and whether it is the last.
    func stream(_ entry: Entry, chunkSize: Int = 1 << 16,
                _ body: (UnsafeRawBufferPointer, _ isLast: Bool) throws -> Void) throws {
        let stream = try open(entry)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = try stream.read(into: chunk)
            try body(UnsafeRawBufferPointer(rebasing: chunk[0..<count]), count == 0)
            if count == 0 { return }
        }
    }

    /// An entry's whole content (for the small parts: relationships, content types …).
    func read(_ entry: Entry) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(max(entry.size, 0), 1 << 24)))
        try stream(entry) { chunk, _ in bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// Counts bytes unpacked from an entry and throws when a limit is passed.
    fileprivate func account(entry: Entry, read: Int64, unpacked: Int64) throws {
        totalUnpacked += read
        if unpacked > limits.maximumPartSize {
            throw limits.exceeded(.partSize, part: entry.name, value: unpacked)
        }
        if totalUnpacked > limits.maximumTotalSize {
            throw limits.exceeded(.totalSize, part: nil, value: totalUnpacked)
        }
        if unpacked > limits.compressionRatioThreshold {
            let ratio = unpacked / max(entry.compressedSize, 1)
            if ratio > limits.maximumCompressionRatio {
                throw limits.exceeded(.compressionRatio, part: entry.name, value: ratio)
            }
        }
    }

    fileprivate func archiveError(part: String) -> XLSXError {
        let error = zip_get_error(archive)!
        if zip_error_code_zip(error) == ZIP_ER_CRC { return .checksumMismatch(part: part) }
        return .corruptArchive(reason: "\(part): " + String(cString: zip_error_strerror(error)))
    }

    private static func openError(code: Int32, path: String?) -> XLSXError {
        switch code {
        case ZIP_ER_NOZIP: return .notAZipFile
        case ZIP_ER_OPEN, ZIP_ER_READ, ZIP_ER_NOENT:
            return .cannotOpen(path: path ?? "(memory)", reason: String(cString: strerror(errno)))
        default:
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            return .corruptArchive(reason: String(cString: zip_error_strerror(&error)))
        }
    }
}

extension String {
    func replacingBackslashes() -> String {
        guard contains("\\") else { return self }
        return String(map { $0 == "\\" ? "/" : $0 })
    }
}

/// An open zip entry read in chunks. Closed when released.
final class ZipEntryStream {
    private let file: OpaquePointer
    private let entry: ZipArchive.Entry
    private let archive: ZipArchive
    private var unpacked: Int64 = 0

    fileprivate init(file: OpaquePointer, entry: ZipArchive.Entry, archive: ZipArchive) {
        self.file = file
        self.entry = entry
        self.archive = archive
    }

    deinit {
        archive.lock.withLock { _ = zip_fclose(file) }
    }

    /// Reads the next bytes into `buffer`; 0 at the end of the entry.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try archive.lock.withLock { try readLocked(into: buffer) }
    }

    private func readLocked(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let read = zip_fread(file, buffer.baseAddress!, UInt64(buffer.count))
        if read < 0 {
            let code = zip_error_code_zip(zip_file_get_error(file))
            if code == ZIP_ER_CRC { throw XLSXError.checksumMismatch(part: entry.name) }
            throw XLSXError.corruptArchive(reason: "\(entry.name): " + String(cString: zip_file_strerror(file)))
        }
        unpacked += read
        try archive.account(entry: entry, read: read, unpacked: unpacked)
        return Int(read)
    }
}
