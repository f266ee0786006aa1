import CLibzip
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the patched package through libzip: entries copied from the source archive keep
/// their stored bytes (libzip copies the compressed data as it is), changed and new parts are
/// added from files or memory. The archive is written to a temporary file in the
/// destination's folder and renamed over the destination only once complete.
final class PackageArchiveWriter {
    private let source: OpaquePointer
    private let archive: OpaquePointer
    private let temporaryPath: String
    private let destination: String
    private var closed = false

    /// Opens the source for copying and starts the temporary output beside `destination`.
    init(sourcePath: String, destination: String) throws {
        var code: Int32 = 0
        guard let source = zip_open(sourcePath, ZIP_RDONLY, &code) else {
            throw XLSXError.cannotOpen(path: sourcePath, reason: Self.message(code: code))
        }
        let (directory, file) = OPCPackage.split(destination)
        var template = Array(((directory.isEmpty ? "." : directory) + "/." + file + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            zip_discard(source)
            throw XLSXError.cannotWrite(path: destination, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let archive = zip_open(temporaryPath, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            unlink(temporaryPath)
            zip_discard(source)
            throw XLSXError.cannotWrite(path: destination, reason: Self.message(code: code))
        }
        self.source = source
        self.archive = archive
        self.destination = destination
    }

    deinit {
        if !closed {
            zip_discard(archive)
            unlink(temporaryPath)
        }
        zip_discard(source)
    }

    /// The source entry's compression method and modification time.
    func sourceDetails(index: UInt64) -> (compression: Int32, modified: time_t)? {
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(source, index, 0, &stat) == 0 else { return nil }
        return (Int32(stat.comp_method), stat.mtime)
    }

    /// Copies a source entry as it is.
    func copyEntry(index: UInt64, name: String) throws {
        guard let data = zip_source_zip(archive, source, index, 0, 0, -1) else { throw archiveError(name) }
        try add(name: name, data: data, like: index)
    }

    /// Adds a part from a file (read when the archive is written).
    func addFile(name: String, path: String, like index: UInt64?) throws {
        guard let data = zip_source_file(archive, path, 0, -1) else { throw archiveError(name) }
        try add(name: name, data: data, like: index)
    }

    /// Adds a part held in memory.
    func addBytes(name: String, bytes: [UInt8], like index: UInt64?) throws {
        let buffer = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { if let base = $0.baseAddress { buffer.copyMemory(from: base, byteCount: $0.count) } }
        guard let data = zip_source_buffer(archive, buffer, UInt64(bytes.count), 1) else {
            free(buffer)
            throw archiveError(name)
        }
        try add(name: name, data: data, like: index)
    }

    /// Writes the archive and renames it over the destination.
    func commit() throws {
        if zip_close(archive) != 0 {
            let error = archiveError(destination)
            throw error
        }
        closed = true
        let mask = umask(0)
        umask(mask)
        chmod(temporaryPath, 0o666 & ~mask)
        if rename(temporaryPath, destination) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw XLSXError.cannotWrite(path: destination, reason: reason)
        }
    }

    /// Adds an entry with the compression method and time of source entry `index` (deflate and now without one).
    private func add(name: String, data: OpaquePointer, like index: UInt64?) throws {
        let added = zip_file_add(archive, name, data, zip_flags_t(ZIP_FL_ENC_UTF_8))
        guard added >= 0 else {
            zip_source_free(data)
            throw archiveError(name)
        }
        let details = index.flatMap(sourceDetails)
        let method = details.map(\.compression) ?? ZIP_CM_DEFLATE
        zip_set_file_compression(archive, UInt64(added), method == ZIP_CM_STORE ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0)
        if let modified = details?.modified { zip_file_set_mtime(archive, UInt64(added), modified, 0) }
    }

    private func archiveError(_ name: String) -> XLSXError {
        .cannotWrite(path: destination, reason: "\(name): " + String(cString: zip_strerror(archive)))
    }

    private static func message(code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}
