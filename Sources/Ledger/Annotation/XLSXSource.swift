import Foundation
import XLSX

/// The workbook a copy of a town's file is made from: the file itself, or — for an Excel 97–2003
/// `.xls`/`.et` file, which the patcher and the editor cannot rewrite — its conversion to
/// `.xlsx` in a hidden temporary file beside the destination, removed once the copy is written.
enum XLSXSource {
    /// Runs `body` with the path of the `.xlsx` to copy from; its result.
    @discardableResult
    static func with<T>(_ result: SubmissionResult, beside destination: String, limits: ReadLimits,
                        _ body: (_ path: String) throws -> T) throws -> T {
        guard isLegacy(result) else { return try body(result.path) }
        let folder = (destination as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.converted-\(UUID().uuidString).xlsx"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try Workbook(path: result.path, limits: limits).writeCopyAsXLSX(to: temporary)
        return try body(temporary)
    }

    /// Whether the result is of an Excel 97–2003 file (its `legacy-format` finding says so).
    static func isLegacy(_ result: SubmissionResult) -> Bool {
        result.findings.contains { $0.code == .legacyFormat }
    }
}
