import XLSX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that cannot be written, or a folder that cannot be made: the path and the system's reason.
package struct FileWriteError: Error, CustomStringConvertible, Equatable {
    /// The path that could not be written.
    package let path: String
    /// The system's reason (`strerror`).
    package let reason: String

    /// The error of the last failed system call on `path`.
    package init(path: String, reason: String = String(cString: strerror(errno))) {
        self.path = path
        self.reason = reason
    }

    package var description: String { "cannot write \(path): \(reason)" }
}

/// Files written atomically — a temporary file beside the destination, flushed to disk, then
/// renamed into place — so that an interrupted run leaves the old file or the new one, never
/// half of one; and the folder operations that go with it.
package enum AtomicFile {
    /// Writes `text` (UTF-8) to `path` atomically.
    package static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsynced, renamed
    /// over `path`, and the folder fsynced so that the rename itself is durable.
    package static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = temporaryPath(for: path)
        do {
            try writeInPlace(bytes, to: temporary, sync: true)
            guard rename(temporary, path) == 0 else { throw FileWriteError(path: path) }
        } catch {
            unlink(temporary)
            throw error
        }
        try? syncFolder(folder(of: path))
    }

    /// A temporary path beside `path` (same file system, so it can be renamed over it), unique to
    /// this process and call.
    package static func temporaryPath(for path: String) -> String {
        path + ".tmp-\(getpid())-\(Counter.next())"
    }

    /// Writes `bytes` to `path` in place (created or truncated), fsynced when `sync`: for temporary
    /// files, and for files inside a folder that is itself renamed into place whole.
    package static func writeInPlace(_ bytes: [UInt8], to path: String, sync: Bool) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: path) }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor, path: path)
        if sync && fsync(descriptor) != 0 { throw FileWriteError(path: path) }
    }

    /// Writes every byte to an open descriptor, retrying interrupted and partial writes.
    package static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileWriteError(path: path)
                }
                offset += written
            }
        }
    }

    /// Flushes a folder's entries (a rename into it) to disk.
    package static func syncFolder(_ folder: String) throws {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileWriteError(path: folder) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw FileWriteError(path: folder) }
    }

    /// Creates a folder with its missing parents (an existing one is fine).
    package static func createFolders(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw FileWriteError(path: current) }
        }
    }

    /// The folder part of a path (`.` for a bare name).
    package static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The names in a folder (without `.` and `..`), nil when the path is not a readable folder.
    package static func entries(of folder: String) -> [String]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        SystemIO.write(descriptor, bytes, count)
    }

    /// Distinguishes the temporary files of one process.
    private enum Counter {
        nonisolated(unsafe) private static var value = 0
        private static let lock = Lock()

        static func next() -> Int {
            lock.withLock {
                value += 1
                return value
            }
        }
    }
}

/// A file written as a stream through a buffer into a temporary file, and renamed into place by
/// ``commit()``; dropped without a commit, it leaves nothing behind.
package final class AtomicFileStream {
    /// The destination.
    package let path: String
    private let temporary: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var committed = false

    /// Opens the temporary file beside `path`.
    package init(path: String) throws {
        self.path = path
        temporary = AtomicFile.temporaryPath(for: path)
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: path) }
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        close(descriptor)
        if !committed { unlink(temporary) }
    }

    /// Appends text (UTF-8); written out in blocks of 64 KiB.
    package func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try AtomicFile.writeAll(buffer, to: descriptor, path: path)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the file into place.
    package func commit() throws {
        try flush()
        guard fsync(descriptor) == 0, rename(temporary, path) == 0 else { throw FileWriteError(path: path) }
        committed = true
    }
}

/// The C library's `read`, `write` and `exit` by a name no method shadows, on Linux (Glibc) and
/// Darwin alike.
package enum SystemIO {
    /// `write(2)`.
    package static func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
        #else
        return Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// `read(2)`.
    package static func read(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(descriptor, bytes, count)
        #else
        return Darwin.read(descriptor, bytes, count)
        #endif
    }

    /// `exit(3)`.
    package static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(status)
        #else
        Darwin.exit(status)
        #endif
    }
}
