import Ledger
import XLSX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered output: large writes, one `write` per 64 KiB, to standard output or a file descriptor.
final class OutputBuffer {
    private var bytes: [UInt8] = []
    private let descriptor: Int32

    init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
        bytes.reserveCapacity(1 << 16)
    }

    func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !bytes.isEmpty else { return }
        FileDescriptorOutput.writeAll(bytes, to: descriptor)
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Unbuffered writes to a file descriptor, retried until everything is written.
enum FileDescriptorOutput {
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}

/// How cells are printed by `dump`.
enum CellText {
    /// The JSON line of a cell: `{"sheet": …, "ref": …, "type": …, "value": …}`.
    static func writeJSONLine(_ cell: Cell, sheet: String, to output: OutputBuffer) {
        let (type, value): (String, String)
        switch cell.value {
        case .number(let number): (type, value) = ("n", Cell.shortestText(number))
        case .string(let text): (type, value) = ("s", JSONText.string(text))
        case .boolean(let flag): (type, value) = ("b", flag ? "true" : "false")
        case .date(let date): (type, value) = ("d", JSONText.string(date.isoText))
        case .error(let error): (type, value) = ("e", JSONText.string(error.literal))
        }
        output.write("{\"sheet\": \(JSONText.string(sheet)), \"ref\": \"\(cell.reference)\", \"type\": \"\(type)\", \"value\": \(value)}\n")
    }
}

/// Output folders: created with their parents when missing.
enum OutputFolder {
    static func create(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw CommandFailure("cannot create folder \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}

/// Folder listing.
enum Folder {
    /// The names in a folder, or nil when the path is not a folder.
    static func entries(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
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
}

/// Small text files written atomically (a temporary file, then rename).
enum TextOutput {
    static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        fclose(file)
        guard written == bytes.count, flushed, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// An output file written through a temporary file and renamed into place on commit.
final class OutputFile {
    let path: String
    private let temporary: String
    private let descriptor: Int32
    let buffer: OutputBuffer

    init(path: String) throws {
        self.path = path
        temporary = path + ".tmp-\(getpid())"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
        buffer = OutputBuffer(descriptor: descriptor)
    }

    deinit {
        close(descriptor)
        unlink(temporary)
    }

    func commit() throws {
        buffer.flush()
        guard fsync(descriptor) == 0, rename(temporary, path) == 0 else {
            throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
