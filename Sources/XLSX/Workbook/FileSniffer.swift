#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Says what a file that is not a readable zip probably is, from its first bytes, so that the
/// message can tell the user what to do ("save it as .xlsx").
enum FileSniffer {
    /// How much of a compound file is searched for its stream names.
    private static let compoundScanLimit = 32 << 20

    static func identify(_ bytes: UnsafeRawBufferPointer) -> XLSXError {
        if bytes.isEmpty { return .emptyFile }
        let head = Array(bytes.prefix(8))
        if head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
            return identifyCompoundFile(UnsafeRawBufferPointer(rebasing: bytes.prefix(compoundScanLimit)))
        }
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

    /// An OLE compound file: encrypted OOXML carries `EncryptionInfo`/`EncryptedPackage`
    /// streams; a BIFF workbook a `Workbook` or `Book` stream. Names are UTF-16LE in the directory.
    private static func identifyCompoundFile(_ bytes: UnsafeRawBufferPointer) -> XLSXError {
        func contains(_ name: String) -> Bool {
            let pattern = name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            guard bytes.count >= pattern.count else { return false }
            let first = pattern[0]
            var index = 0
            let last = bytes.count - pattern.count
            while index <= last {
                if bytes[index] == first {
                    var matched = true
                    for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
                index += 1
            }
            return false
        }
        if contains("EncryptedPackage") || contains("EncryptionInfo") { return .encryptedWorkbook }
        if contains("Workbook") || contains("Book") { return .legacyExcelWorkbook }
        return .compoundFileNotWorkbook
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

    static var headLimit: Int { compoundScanLimit }
}
