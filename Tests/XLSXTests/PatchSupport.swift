import CLibzip
import Foundation
@testable import XLSX

/// Helpers of the patch tests: reading a zip's entries, running python and other programs.
enum PatchSupport {
    /// Every entry of a zip file, uncompressed, by name (of duplicates, the last).
    static func entries(_ path: String) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        var error: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &error) else { return [:] }
        defer { zip_discard(archive) }
        for index in 0..<UInt64(max(zip_get_num_entries(archive, 0), 0)) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, index, 0, &stat) == 0, let name = stat.name,
                  let file = zip_fopen_index(archive, index, 0) else { continue }
            var bytes = [UInt8](repeating: 0, count: Int(stat.size))
            let read = bytes.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, stat.size) }
            zip_fclose(file)
            if read == Int64(stat.size) { result[String(cString: name)] = bytes }
        }
        return result
    }

    /// Entry names in archive order.
    static func names(_ path: String) -> [String] {
        var error: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &error) else { return [] }
        defer { zip_discard(archive) }
        return (0..<UInt64(max(zip_get_num_entries(archive, 0), 0))).compactMap { index in
            zip_get_name(archive, index, 0).map { String(cString: $0) }
        }
    }

    /// An entry's text.
    static func text(_ path: String, _ name: String) -> String? {
        entries(path)[name].map { String(decoding: $0, as: UTF8.self) }
    }

    /// A path for an output in a fresh temporary folder.
    static func outputPath(_ name: String = "out.xlsx") -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("patch-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    /// Runs a program; nil when it cannot be started.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil,
                    directory: String? = nil) -> (status: Int32, output: String, error: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let error = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = inputPipe
        do { try process.run() } catch { return nil }
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inputPipe.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// Whether a program is on the PATH.
    static func has(_ program: String) -> Bool {
        run("sh", ["-c", "command -v \(program)"])?.status == 0
    }

    /// Whether python3 can import openpyxl.
    static var hasOpenpyxl: Bool {
        run("python3", ["-c", "import openpyxl"])?.status == 0
    }

    /// What openpyxl sees of a workbook: per sheet (in order) its cells' values, fill colours,
    /// fonts, borders, number formats and comments, and its hyperlinks.
    static func openpyxlView(_ path: String) throws -> [String: Any] {
        let script = """
        import json, sys, warnings
        warnings.simplefilter("ignore")
        import openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = {"sheets": [], "active": wb.active.title if wb.active is not None else None}
        for ws in wb.worksheets:
            cells = {}
            for (r, c), cell in ws._cells.items():
                fill = cell.fill
                color = None
                if fill is not None and fill.fill_type == "solid" and fill.fgColor is not None and fill.fgColor.type == "rgb":
                    color = fill.fgColor.rgb
                v = cell.value
                if v is not None and not isinstance(v, (int, float, str, bool)):
                    v = str(v)
                cells[cell.coordinate] = {
                    "value": v, "fill": color, "font": repr(cell.font), "border": repr(cell.border),
                    "format": cell.number_format, "comment": cell.comment.text if cell.comment else None,
                }
            links = [{"ref": c.coordinate, "location": c.hyperlink.location} for row in ws.iter_rows() for c in row if c.hyperlink]
            out["sheets"].append({"name": ws.title, "cells": cells, "links": links})
        print(json.dumps(out))
        """
        guard let result = run("python3", ["-c", script, path]) else { throw PatchTestError("python3 did not start") }
        guard result.status == 0 else { throw PatchTestError("openpyxl failed on \(path): \(result.error.suffix(800))") }
        guard let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any] else {
            throw PatchTestError("openpyxl printed no JSON")
        }
        return object
    }
}

struct PatchTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
