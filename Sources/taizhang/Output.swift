import TaizhangSupport
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
                let written = SystemIO.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
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
