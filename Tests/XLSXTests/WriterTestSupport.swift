import Foundation
import Testing
@testable import XLSX

/// Helpers shared by the writer's tests: scratch directories, the bytes of a written part,
/// and running the external programs that read our files back.
enum WriterTestSupport {
    /// The directory of this test process's scratch files. Made once; the scratch files of
    /// earlier runs (whose processes have ended) are removed then.
    private static let processRoot: String = {
        let root = NSTemporaryDirectory() + "taizhang-writer-tests"
        let fileManager = FileManager.default
        for entry in (try? fileManager.contentsOfDirectory(atPath: root)) ?? [] {
            if let pid = Int32(entry), kill(pid, 0) != 0 { try? fileManager.removeItem(atPath: root + "/" + entry) }
        }
        let own = root + "/\(getpid())"
        try? fileManager.createDirectory(atPath: own, withIntermediateDirectories: true)
        return own
    }()

    /// A fresh empty directory for one test's files.
    static func scratchDirectory(_ label: String) throws -> String {
        let path = processRoot + "/\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The text of one part of a written workbook.
    static func part(_ name: String, of path: String) throws -> String {
        let zip = try ZipArchive(path: path, limits: ReadLimits())
        guard let entry = zip.entry(name) else { throw XLSXError.missingPart(name) }
        return String(decoding: try zip.read(entry), as: UTF8.self)
    }

    /// The names of the zip entries of a written workbook, in archive order.
    static func entries(of path: String) throws -> [String] {
        try ZipArchive(path: path, limits: ReadLimits()).names
    }

    /// Writes a one-sheet workbook built by `body` into a scratch directory and gives its path.
    static func writeWorkbook(_ label: String, options: WriterOptions = WriterOptions(),
                              _ body: (WorkbookWriter, SheetWriter) throws -> Void) throws -> String {
        let path = try scratchDirectory(label) + "/\(label).xlsx"
        let workbook = try WorkbookWriter(path: path, options: options)
        let sheet = try workbook.addSheet("Sheet1")
        try body(workbook, sheet)
        try workbook.close()
        return path
    }

    /// The text between `<sheetData>` and `</sheetData>` of the first sheet.
    static func sheetData(of path: String) throws -> String {
        let sheet = try part("xl/worksheets/sheet1.xml", of: path)
        guard let start = sheet.range(of: "<sheetData>"), let end = sheet.range(of: "</sheetData>") else { return sheet }
        return String(sheet[start.upperBound..<end.lowerBound])
    }

    /// Whether a program is on the PATH.
    static func hasProgram(_ name: String) -> Bool {
        (try? run("/bin/sh", ["-c", "command -v \(name)"]).status) == 0
    }

    /// Whether python3 can import a module.
    static func hasPythonModule(_ module: String) -> Bool {
        hasProgram("python3") && (try? run("/usr/bin/env", ["python3", "-c", "import \(module)"]).status) == 0
    }

    /// Runs a program and collects its exit status, standard output and error.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: String? = nil,
                    directory: String? = nil) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errorPath = NSTemporaryDirectory() + "taizhang-stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errorFile = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardOutput = output
        process.standardError = errorFile
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inputPipe.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorFile.close()
        let errorText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText)
    }
}
