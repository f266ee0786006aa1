import Foundation
import XLSX

/// A zip file's entries: names in order, uncompressed bytes by name (read with unzip).
public struct ZipEntries {
    /// The entries' names, in the archive's order.
    public var names: [String]
    /// Each entry's uncompressed bytes.
    public var entries: [String: [UInt8]]

    /// The entries of the zip file at `path` (none when it cannot be listed).
    public static func read(_ path: String) -> ZipEntries {
        let listing = (try? ProcessRun.run("/usr/bin/zipinfo", ["-1", path]).output) ?? ""
        let names = listing.split(separator: "\n").map(String.init)
        var entries: [String: [UInt8]] = [:]
        for name in names {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            process.arguments = ["-p", path, name.replacingOccurrences(of: "[", with: "[[]")]
            let pipe = Pipe()
            process.standardOutput = pipe
            try? process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            entries[name] = Array(data)
        }
        return ZipEntries(names: names, entries: entries)
    }
}

extension EditingFixtures {
    /// The zip entries of `source` that differ in `edited`, or are missing from it, though an edit
    /// of 基本信息 and 直属团组织 leaves them alone: the edited sheets and the tables the edit
    /// maintains (strings, formats, the calculation chain, the names and Excel tables that grow
    /// with a table, the package's lists when a shared-strings table is made) may change, and the
    /// calculation chain may go.
    public static func unexpectedlyChangedParts(source: String, edited: String) throws -> [String] {
        let before = ZipEntries.read(source)
        let after = ZipEntries.read(edited)
        let workbook = try Workbook(path: source)
        let editedSheets = Set(["基本信息", "直属团组织"].compactMap { name in workbook.sheets.first { $0.name == name }?.partName })
        let maintained: Set<String> = ["xl/sharedStrings.xml", "xl/styles.xml", "xl/calcChain.xml", "xl/workbook.xml",
                                       "[Content_Types].xml", "xl/_rels/workbook.xml.rels"]
        return before.names.filter { name in
            guard let copy = after.entries[name] else { return name != "xl/calcChain.xml" }
            return copy != before.entries[name] && !editedSheets.contains(name) && !maintained.contains(name) && !name.hasPrefix("xl/tables/")
        }
    }
}
