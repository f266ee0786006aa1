@testable import XLSX

/// The parts of a workbook we wrote, read with our own zip reader (no `unzip` needed).
enum PackageParts {
    /// The text of one part.
    static func text(_ name: String, of path: String) throws -> String {
        let zip = try ZipArchive(path: path, limits: ReadLimits())
        guard let entry = zip.entry(name) else { throw XLSXError.missingPart(name) }
        return String(decoding: try zip.read(entry), as: UTF8.self)
    }
}
