#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Says what a file that is not a readable zip probably is, from its first bytes, so that the
/// message can tell the user what to do ("save it as .xlsx").
enum FileSniffer {
    /// How much of a file's head is looked at.
    static let headLimit = 4096

    static func identify(_ bytes: UnsafeRawBufferPointer) -> XLSXError {
        if bytes.isEmpty { return .emptyFile }
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0x50, 0x4B]) {
            return .corruptArchive(reason: "the zip archive is truncated or its directory is damaged")
        }
        var text = Array(bytes.prefix(4096))
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        if text.starts(with: [0xFF, 0xFE]) || text.starts(with: [0xFE, 0xFF]) {
            return .textFile(kind: "a UTF-16 text file (CSV or tab-separated)")
        }
        let lowered = String(decoding: text, as: UTF8.self).lowercased()
        let trimmed = lowered.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        if trimmed.hasPrefix("<") {
            if lowered.contains("urn:schemas-microsoft-com:office:spreadsheet") {
                return .textFile(kind: "an Excel 2003 XML spreadsheet")
            }
            if lowered.contains("<html") || lowered.contains("<table") || lowered.contains("<!doctype html") {
                return .textFile(kind: "an HTML page (a web system's \"export to Excel\")")
            }
            return .textFile(kind: "an XML file")
        }
        let controlBytes = text.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }.count
        if !text.isEmpty && controlBytes == 0 {
            return .textFile(kind: "a text file (CSV or tab-separated)")
        }
        return .notAZipFile
    }

    /// Reads at most `limit` bytes from the start of a file.
    static func readHead(path: String, limit: Int) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, limit, file) }
        bytes.removeSubrange(count...)
        return bytes
    }
}
