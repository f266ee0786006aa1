#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes of XML on their way out: kept in memory (small parts), or written to a file in
/// chunks so that a rewritten sheet of any size needs only the buffer's memory.
final class XMLOutput {
    /// Bytes gathered before a file write.
    static let chunkSize = 1 << 16

    private var buffer: [UInt8] = []
    private var fileDescriptor: Int32 = -1
    private let path: String?

    /// An output held in memory; ``bytes`` gives it.
    init() {
        path = nil
        buffer.reserveCapacity(4096)
    }

    /// An output written to a new file at `path` (created, or truncated).
    init(path: String) throws {
        self.path = path
        fileDescriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fileDescriptor < 0 { throw XLSXError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(Self.chunkSize + 1024)
    }

    deinit {
        if fileDescriptor >= 0 { close(fileDescriptor) }
    }

    /// The bytes of an in-memory output.
    var bytes: [UInt8] { buffer }

    /// The first write error met while streaming; ``finish()`` throws it.
    private var writeError: XLSXError?

    /// Writes what is buffered and closes the file (nothing to do in memory). Throws the first
    /// error met on the way.
    func finish() throws {
        guard path != nil, fileDescriptor >= 0 else { return }
        flush()
        let descriptor = fileDescriptor
        fileDescriptor = -1
        if close(descriptor) != 0, writeError == nil {
            writeError = .cannotWrite(path: path!, reason: String(cString: strerror(errno)))
        }
        if let writeError { throw writeError }
    }

    private func flush() {
        guard let path, fileDescriptor >= 0 else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard writeError == nil else { return }
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { systemWrite(fileDescriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                writeError = .cannotWrite(path: path, reason: String(cString: strerror(errno)))
                return
            }
            offset += written
        }
    }

    /// Writes a full chunk out to the file.
    @inline(__always)
    private func didAppend() {
        if path != nil && buffer.count >= Self.chunkSize { flush() }
    }

    // MARK: writing

    func write(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        didAppend()
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        didAppend()
    }

    func write(bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        didAppend()
    }

    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        didAppend()
    }

    /// A NUL-terminated name from libxml2.
    func write(name: UnsafePointer<UInt8>) {
        var index = 0
        while name[index] != 0 { buffer.append(name[index]); index += 1 }
    }

    /// Character data with `&`, `<`, `>` escaped, and carriage returns as `&#13;` (a raw one
    /// would read back as a line feed).
    func writeEscapedText(_ bytes: UnsafeBufferPointer<UInt8>) {
        writeEscaped(bytes) { byte in
            switch byte {
            case UInt8(ascii: "&"): return "&amp;"
            case UInt8(ascii: "<"): return "&lt;"
            case UInt8(ascii: ">"): return "&gt;"
            case 0x0D: return "&#13;"
            default: return nil
            }
        }
    }

    /// An attribute value (to go between double quotes): `&`, `<`, `"` escaped, and tab, line
    /// feed and carriage return as character references so that they survive normalisation.
    func writeEscapedAttribute(_ bytes: UnsafeBufferPointer<UInt8>) {
        writeEscaped(bytes) { byte in
            switch byte {
            case UInt8(ascii: "&"): return "&amp;"
            case UInt8(ascii: "<"): return "&lt;"
            case UInt8(ascii: "\""): return "&quot;"
            case 0x09: return "&#9;"
            case 0x0A: return "&#10;"
            case 0x0D: return "&#13;"
            default: return nil
            }
        }
    }

    /// Copies bytes, replacing those `replacement` names; unchanged runs are copied whole.
    @inline(__always)
    private func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, _ replacement: (UInt8) -> StaticString?) {
        var runStart = 0
        for index in 0..<bytes.count {
            guard let text = replacement(bytes[index]) else { continue }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
            runStart = index + 1
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        didAppend()
    }

    func writeEscapedText(_ text: String) {
        var copy = text
        copy.withUTF8 { writeEscapedText($0) }
    }

    func writeEscapedAttribute(_ text: String) {
        var copy = text
        copy.withUTF8 { writeEscapedAttribute($0) }
    }
}

/// The system's `write`, out of reach of ``XMLOutput``'s own `write` methods.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// Escaping for XML built as strings (small generated parts and fragments).
enum XMLEscaping {
    /// Text content: `&`, `<`, `>` and carriage returns escaped.
    static func text(_ value: String) -> String {
        let output = XMLOutput()
        output.writeEscapedText(value)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// An attribute value for double quotes.
    static func attribute(_ value: String) -> String {
        let output = XMLOutput()
        output.writeEscapedAttribute(value)
        return String(decoding: output.bytes, as: UTF8.self)
    }
}
