import Foundation

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
