import CLibzip
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One piece of a part's content: bytes in memory, or the whole of a temporary file.
enum PartSegment {
    case bytes([UInt8])
    case file(SpillFile)

    var byteCount: Int64 {
        switch self {
        case .bytes(let bytes): return Int64(bytes.count)
        case .file(let file): return file.length
        }
    }
}

/// A part of the package: its name in the zip and its content, in segments: either the bytes
/// themselves (libzip deflates them) or bytes already raw-deflated (libzip copies them as they are).
struct PackagePart {
    let name: String
    let segments: [PartSegment]
    /// For content already deflated: the size and CRC-32 of the uncompressed bytes.
    let deflated: (size: Int64, crc: UInt)?

    init(name: String, segments: [PartSegment]) {
        self.name = name
        self.segments = segments
        deflated = nil
    }

    init(name: String, bytes: [UInt8]) {
        self.init(name: name, segments: [.bytes(bytes)])
    }

    /// A part whose body was deflated in the background, between a header and a trailer known
    /// only at close: each is deflated on its own (the header ending byte-aligned, the trailer
    /// with the final block), so that header + body + trailer is one deflate stream, and the
    /// CRCs are combined. libzip copies the compressed bytes without recompressing them.
    static func deflated(name: String, header: [UInt8], body: DeflatedStream, trailer: [UInt8],
                         level: Int32) throws -> PackagePart {
        let (bodyFile, bodyCRC, bodyLength) = try body.finished()
        let head = try RawDeflate.compress(header, level: level, final: false)
        let tail = try RawDeflate.compress(trailer, level: level, final: true)
        var crc = head.crc
        var segments: [PartSegment] = [.bytes(head.compressed)]
        if let bodyFile {
            crc = RawDeflate.combine(crc, bodyCRC, secondLength: bodyLength)
            segments.append(.file(bodyFile))
        }
        crc = RawDeflate.combine(crc, tail.crc, secondLength: Int64(trailer.count))
        segments.append(.bytes(tail.compressed))
        return PackagePart(name: name, segments: segments,
                           deflated: (Int64(header.count) + bodyLength + Int64(trailer.count), crc))
    }

    private init(name: String, segments: [PartSegment], deflated: (size: Int64, crc: UInt)) {
        self.name = name
        self.segments = segments
        self.deflated = deflated
    }
}

/// Writes the parts into a zip archive through libzip, atomically: the archive is made in a
/// temporary file beside the destination and renamed into place only when complete; on any
/// failure the temporary file is removed and the destination is left as it was.
///
/// A part already deflated is given to libzip as a source whose stat says so (method deflate,
/// both sizes and the CRC): libzip 1.7's `add_data` (zip_close.c) then neither decompresses nor
/// recompresses it (`needs_recompress` is false when the source's method is the entry's, and
/// an entry left at `ZIP_CM_DEFAULT` takes the source's method), and copies the bytes.
enum Packager {
    static func write(_ parts: [PackagePart], to path: String, compressionLevel: Int) throws {
        let directory = WorkbookWriter.directory(of: path)
        var template = Array((directory + "/.~" + WorkbookWriter.fileName(of: path) + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw XLSXError.cannotWrite(path: path, reason: "cannot create a temporary file: " + SpillFile.systemError())
        }
        close(descriptor)
        let temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            try writeArchive(parts, to: temporaryPath, reportedPath: path, compressionLevel: compressionLevel)
            // mkstemp made the file private; give it the permissions a new file gets.
            let mask = umask(0)
            umask(mask)
            chmod(temporaryPath, 0o666 & ~mask)
            // On disk before it takes the destination's name, so that a crash leaves the old or the new file.
            try synchronize(temporaryPath, reportedPath: path)
            guard rename(temporaryPath, path) == 0 else {
                throw XLSXError.cannotWrite(path: path, reason: SpillFile.systemError())
            }
            try? synchronize(directory, reportedPath: path)
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    /// Flushes a file's or directory's data to the disk.
    private static func synchronize(_ path: String, reportedPath: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw XLSXError.cannotWrite(path: reportedPath, reason: SpillFile.systemError()) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw XLSXError.cannotWrite(path: reportedPath, reason: SpillFile.systemError()) }
    }

    private static func writeArchive(_ parts: [PackagePart], to temporaryPath: String, reportedPath: String,
                                     compressionLevel: Int) throws {
        var errorCode: Int32 = 0
        guard let archive = zip_open(temporaryPath, ZIP_TRUNCATE, &errorCode) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, errorCode)
            defer { zip_error_fini(&error) }
            throw XLSXError.cannotWrite(path: reportedPath, reason: String(cString: zip_error_strerror(&error)))
        }
        let level = UInt32(min(max(compressionLevel, 1), 9))
        let modified = time(nil)
        do {
            for part in parts {
                let content = PartSource(segments: part.segments, deflated: part.deflated, modified: modified)
                var error = zip_error_t()
                zip_error_init(&error)
                defer { zip_error_fini(&error) }
                let retained = Unmanaged.passRetained(content)
                guard let source = zip_source_function_create(partSourceCallback, retained.toOpaque(), &error) else {
                    retained.release()
                    throw XLSXError.cannotWrite(path: reportedPath, reason: String(cString: zip_error_strerror(&error)))
                }
                let index = zip_file_add(archive, part.name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
                guard index >= 0 else {
                    zip_source_free(source)
                    throw archiveError(archive, path: reportedPath)
                }
                // A deflated part keeps the default method, which takes the source's (deflate)
                // without recompressing; setting it here would make libzip deflate it again.
                guard part.deflated == nil else { continue }
                guard zip_set_file_compression(archive, UInt64(index), ZIP_CM_DEFLATE, level) == 0 else {
                    throw archiveError(archive, path: reportedPath)
                }
            }
            guard zip_close(archive) == 0 else { throw archiveError(archive, path: reportedPath) }
        } catch {
            zip_discard(archive)
            throw error
        }
    }

    private static func archiveError(_ archive: OpaquePointer, path: String) -> XLSXError {
        .cannotWrite(path: path, reason: String(cString: zip_strerror(archive)))
    }
}

/// The content of one part as libzip reads it through a source callback: the segments one
/// after the other, files read in chunks, so that a sheet of any size never sits in memory.
private final class PartSource {
    let segments: [PartSegment]
    /// The bytes the segments hold (compressed ones for a deflated part).
    let size: Int64
    let deflated: (size: Int64, crc: UInt)?
    let modified: time_t
    private var segmentIndex = 0
    private var offset: Int64 = 0
    var errorCode = ZIP_ER_OK
    var systemErrorCode: Int32 = 0

    init(segments: [PartSegment], deflated: (size: Int64, crc: UInt)?, modified: time_t) {
        self.segments = segments
        self.deflated = deflated
        self.modified = modified
        size = segments.reduce(0) { $0 + $1.byteCount }
    }

    func open() {
        segmentIndex = 0
        offset = 0
    }

    /// Fills the buffer from the current position; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count && segmentIndex < segments.count {
            let target = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
            let count: Int
            switch segments[segmentIndex] {
            case .bytes(let bytes):
                count = min(target.count, bytes.count - Int(offset))
                if count > 0 {
                    bytes.withUnsafeBytes { source in
                        target.baseAddress!.copyMemory(from: source.baseAddress! + Int(offset), byteCount: count)
                    }
                }
            case .file(let file):
                count = try file.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: target[..<Int(min(Int64(target.count), file.length - offset))]))
            }
            filled += count
            offset += Int64(count)
            if offset >= segments[segmentIndex].byteCount {
                segmentIndex += 1
                offset = 0
            } else if count == 0 {
                throw XLSXError.cannotWrite(path: "(temporary file)", reason: "the file ended early")
            }
        }
        return filled
    }
}

/// libzip's callback for a ``PartSource`` (userdata is the retained source).
private func partSourceCallback(_ userdata: UnsafeMutableRawPointer?, _ data: UnsafeMutableRawPointer?,
                                _ length: zip_uint64_t, _ command: zip_source_cmd_t) -> zip_int64_t {
    let content = Unmanaged<PartSource>.fromOpaque(userdata!).takeUnretainedValue()
    switch command {
    case ZIP_SOURCE_OPEN:
        content.open()
        return 0
    case ZIP_SOURCE_READ:
        do {
            return zip_int64_t(try content.read(into: UnsafeMutableRawBufferPointer(start: data, count: Int(length))))
        } catch {
            content.errorCode = ZIP_ER_READ
            content.systemErrorCode = errno
            return -1
        }
    case ZIP_SOURCE_CLOSE:
        return 0
    case ZIP_SOURCE_STAT:
        let stat = data!.assumingMemoryBound(to: zip_stat_t.self)
        zip_stat_init(stat)
        stat.pointee.mtime = content.modified
        if let deflated = content.deflated {
            stat.pointee.size = zip_uint64_t(deflated.size)
            stat.pointee.comp_size = zip_uint64_t(content.size)
            stat.pointee.comp_method = zip_uint16_t(ZIP_CM_DEFLATE)
            stat.pointee.crc = zip_uint32_t(truncatingIfNeeded: deflated.crc)
            stat.pointee.valid |= zip_uint64_t(ZIP_STAT_SIZE) | zip_uint64_t(ZIP_STAT_COMP_SIZE)
                | zip_uint64_t(ZIP_STAT_COMP_METHOD) | zip_uint64_t(ZIP_STAT_CRC) | zip_uint64_t(ZIP_STAT_MTIME)
        } else {
            stat.pointee.size = zip_uint64_t(content.size)
            stat.pointee.valid |= zip_uint64_t(ZIP_STAT_SIZE) | zip_uint64_t(ZIP_STAT_MTIME)
        }
        return zip_int64_t(MemoryLayout<zip_stat_t>.size)
    case ZIP_SOURCE_ERROR:
        let codes = data!.assumingMemoryBound(to: Int32.self)
        codes[0] = content.errorCode
        codes[1] = content.systemErrorCode
        return zip_int64_t(2 * MemoryLayout<Int32>.size)
    case ZIP_SOURCE_FREE:
        Unmanaged<PartSource>.fromOpaque(userdata!).release()
        return 0
    case ZIP_SOURCE_SUPPORTS:
        let commands = [ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
                        ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS]
        return commands.reduce(0) { $0 | (zip_int64_t(1) << zip_int64_t($1.rawValue)) }
    default:
        content.errorCode = ZIP_ER_OPNOTSUPP
        return -1
    }
}
