import Foundation
import TestOracles
import Testing

/// The command line as users and scripts see it: exit statuses, atomic outputs, untouched inputs.
/// Runs the built `taizhang` (`make test` builds it first); says so when it is not there.
@Suite("Command line: exit statuses and atomic outputs", .serialized, .needs(.builtTaizhang))
struct CommandLineTests {
    static let root = #filePath.components(separatedBy: "/Tests/").first!
    /// The `taizhang` built with these tests (beside the test bundle, whatever the scratch
    /// path), else the default debug build.
    static let binary: String = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("taizhang").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return root + "/.build/debug/taizhang"
    }()

    @discardableResult
    func run(_ arguments: [String], shell: String? = nil) throws -> ProcessRun {
        if let shell { return try ProcessRun.run("/bin/bash", ["-c", shell]) }
        return try ProcessRun.run(Self.binary, arguments)
    }

    /// A CSV big enough that converting it takes a while.
    func bigCSV(in folder: String, rows: Int) throws -> String {
        let path = folder + "/big.csv"
        var text = "序号,名称,金额,日期\n"
        for row in 1...rows { text += "\(row),名称\(row % 977),\(row * 3).25,2026-10-\(row % 28 + 1 < 10 ? "0" : "")\(row % 28 + 1)\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func exitStatusesFollowTheContract() throws {
        let folder = temporaryFolder()
        let bad = folder + "/坏文件.xlsx"
        try Data("just text,not a workbook\n".utf8).write(to: URL(fileURLWithPath: bad))
        let json = try run(["validate", bad, "--format", "json"])
        #expect(json.status == 2)
        #expect(json.output.contains("\"readable\": false"))
        let dump = try run(["dump", bad])
        #expect(dump.status == 2 && dump.errors.split(separator: "\n").count == 1 && dump.errors.contains("save it as"))
        #expect(try run(["validate"]).status == 2, "a usage error")
        #expect(try run(["template", "--town", "不存在镇", "-o", folder]).status == 2)
        #expect(try run(["sample", "-o", folder + "/s"]).status == 0)
        let clean = try run(["validate", folder + "/s/湖坊镇台账.xlsx"])
        #expect(clean.status == 0, "\(clean.output)")
    }

    @Test func aKilledRunLeavesThePreviousOutput() throws {
        let folder = temporaryFolder()
        let csv = try bigCSV(in: folder, rows: 400_000)
        let output = folder + "/out.xlsx"
        let previous = Data("the previous output".utf8)
        try previous.write(to: URL(fileURLWithPath: output))
        let killed = try run([], shell: "\(Self.binary) convert '\(csv)' '\(output)' & pid=$!; sleep 1; kill -9 $pid; wait $pid; exit 0")
        #expect(killed.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == previous)
    }

    @Test func aFullDiskFailsCleanlyAndLeavesThePreviousOutput() throws {
        let folder = temporaryFolder()
        let csv = try bigCSV(in: folder, rows: 50_000)
        let output = folder + "/out.xlsx"
        let previous = Data("the previous output".utf8)
        try previous.write(to: URL(fileURLWithPath: output))
        let full = try run([], shell: "ulimit -f 256; \(Self.binary) convert '\(csv)' '\(output)'")
        #expect(full.status != 0)
        #expect(full.errors.contains("cannot write") || full.errors.contains("File too large"), "\(full.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == previous)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 != "big.csv" && $0 != "out.xlsx" }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
