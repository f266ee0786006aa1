#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// An anonymous temporary file that a part's deflated bytes (a sheet's rows, the shared strings)
/// wait in until the workbook is closed: created and at once unlinked, so that it leaves nothing
/// behind however the process ends.
final class SpillFile: @unchecked Sendable {
    private let descriptor: Int32
    /// Bytes written so far.
    private(set) var length: Int64 = 0

    /// Creates the file in a directory.
    init(directory: String) throws {
        var template = Array((directory + "/.taizhang-rows-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard created >= 0 else {
            throw XLSXError.cannotWrite(path: directory, reason: "cannot create a temporary file: " + Self.systemError())
        }
        descriptor = created
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    /// Adopts an open descriptor (closed with the file): for tests that need a file whose
    /// writes fail, such as `/dev/full`.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw XLSXError.cannotWrite(path: "(temporary file)", reason: Self.systemError())
            }
            remaining -= written
            next += written
            length += Int64(written)
        }
    }

    /// Reads up to `buffer.count` bytes at an offset; fewer only at the end of the file.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        while total < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + total, buffer.count - total, off_t(offset) + off_t(total))
            if count < 0 {
                if errno == EINTR { continue }
                throw XLSXError.cannotWrite(path: "(temporary file)", reason: Self.systemError())
            }
            if count == 0 { break }
            total += count
        }
        return total
    }

    static func systemError() -> String { String(cString: strerror(errno)) }
}
