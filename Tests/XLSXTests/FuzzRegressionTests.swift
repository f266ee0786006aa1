import Foundation
import Testing
@testable import XLSX

/// Inputs the fuzzers (`make fuzz`) found to crash, hang or crawl, kept as regression inputs:
/// each is replayed through the built `taizhang` in a child process with a time limit, so that
/// a trap fails its case (instead of killing the test runner) and so does a hang or a crawl.
/// Every input must end in a clean read or a clean refusal:
/// - `fuzz/crashes/` (whole files, `reader-fuzzer`) and `fuzz/crashes-biff/` (Workbook streams
///   of an `.xls`, `biff-fuzzer`, wrapped in a compound file here): `taizhang info` reads every
///   sheet (exit 0) or refuses the file with a one-line message (exit 2);
/// - `fuzz/crashes-annotate/` (part lists, `annotate-fuzzer`): `validate --annotate` reads or
///   refuses the file, and an annotated copy it writes is readable and can be annotated again;
/// - `fuzz/crashes-merge/` (part lists of up to four workbooks, `merge-fuzzer`): `evaluate`
///   finishes the district's job (the merged ledger and the awards workbook are written,
///   whatever the towns' files hold), and `score` reads the merged ledger back.
///
/// Part lists are packed into workbooks by the fuzz targets' own code (`PartList.swift` and
/// `StoredZip.swift`, symbolic links to `fuzz/Sources/FuzzSupport/`).
@Suite("Fuzzer findings: every kept input, in a child process with a time limit", .serialized)
struct FuzzRegressionTests {
    static let root = #filePath.components(separatedBy: "/Tests/").first!
    /// The `taizhang` built with these tests, else the default debug build.
    static let binary: String = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("taizhang").path
        return FileManager.default.isExecutableFile(atPath: besideTests) ? besideTests : root + "/.build/debug/taizhang"
    }()
    static var binaryIsBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// The most one command may take on one input (a debug build on a busy machine; the fuzzers
    /// give a release build 20 s). A hang or a crawl passes it.
    static let timeLimit = 60.0

    /// Which fuzz target found an input, and so how it is replayed.
    enum Finder: String, Sendable, CaseIterable {
        case reader = "crashes"
        case biff = "crashes-biff"
        case annotate = "crashes-annotate"
        case merge = "crashes-merge"
    }

    /// One kept input.
    struct KeptInput: Sendable, CustomTestStringConvertible {
        let finder: Finder
        let name: String
        var path: String { FuzzRegressionTests.root + "/fuzz/" + finder.rawValue + "/" + name }
        var testDescription: String { finder.rawValue + "/" + name }
    }

    static let keptInputs: [KeptInput] = Finder.allCases.flatMap { finder in
        let folder = root + "/fuzz/" + finder.rawValue
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map { KeptInput(finder: finder, name: $0) }
    }

    @Test func inputsAreKept() {
        #expect(Self.keptInputs.contains { $0.finder == .reader }, "fuzz/crashes holds the reader's inputs")
        print("fuzz regressions: \(Self.keptInputs.count) kept inputs ("
              + Finder.allCases.map { finder in "\(Self.keptInputs.filter { $0.finder == finder }.count) in fuzz/\(finder.rawValue)" }
                .joined(separator: ", ") + ")")
    }

    @Test(.enabled(if: binaryIsBuilt, "taizhang is built (swift build)"), arguments: keptInputs)
    func keptInputEndsCleanlyInTime(_ input: KeptInput) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-replay-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: input.path)))
        switch input.finder {
        case .reader:
            try readOrRefuse(bytes, as: folder + "/input.xlsx")
        case .biff:
            try readOrRefuse(CompoundFileBuilder(streams: [("Workbook", bytes)]).bytes(), as: folder + "/input.xls")
        case .annotate:
            let workbook = folder + "/submission.xlsx"
            try writeWorkbook(PartList.workbooks(in: bytes, limit: 1).first ?? [], to: workbook)
            guard let copy = try validateAndAnnotate(workbook, into: folder + "/annotated") else { return }
            // A copy has the findings of its source: it is annotated again, and that copy is readable.
            let again = try validateAndAnnotate(copy, into: folder + "/annotated-again", mustBeReadable: true)
            #expect(again != nil, "an annotated copy can be annotated again")
            if let again { _ = try validateAndAnnotate(again, into: folder + "/annotated-third", mustBeReadable: true) }
        case .merge:
            let towns = folder + "/towns"
            try FileManager.default.createDirectory(atPath: towns, withIntermediateDirectories: true)
            for (index, parts) in PartList.workbooks(in: bytes, limit: 4).enumerated() {
                try writeWorkbook(parts, to: towns + "/town\(index).xlsx")
            }
            let evaluate = try Child.run(Self.binary, ["evaluate", towns, "-o", folder + "/out"], timeLimit: Self.timeLimit)
            try expectClean(evaluate, statuses: [0, 1, 2], "evaluate")
            for output in ["区汇总.xlsx", "评优评先.xlsx"] {
                #expect(FileManager.default.fileExists(atPath: folder + "/out/" + output), "one town's file stopped the district's job: no \(output)")
            }
            guard FileManager.default.fileExists(atPath: folder + "/out/区汇总.xlsx") else { return }
            let score = try Child.run(Self.binary, ["score", folder + "/out/区汇总.xlsx", "-o", folder + "/score.xlsx"], timeLimit: Self.timeLimit)
            try expectClean(score, statuses: [0], "score of the merged ledger")
        }
    }

    /// `taizhang info` on a file: every sheet read, or the file refused with a one-line message.
    private func readOrRefuse(_ bytes: [UInt8], as path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let info = try Child.run(Self.binary, ["info", path], timeLimit: Self.timeLimit)
        try expectClean(info, statuses: [0, 2], "info")
        if info.status == 2 {
            #expect(info.errors.hasPrefix("taizhang: ") && info.errors.split(separator: "\n").count == 1,
                    "a refusal is one line naming what is wrong: \(info.errors)")
        }
    }

    /// `validate --annotate` on one file; the annotated copy's path when one was written.
    private func validateAndAnnotate(_ path: String, into folder: String, mustBeReadable: Bool = false) throws -> String? {
        let run = try Child.run(Self.binary, ["validate", "--format", "json", "--annotate", folder, path], timeLimit: Self.timeLimit)
        try expectClean(run, statuses: [0, 1, 2], "validate --annotate")
        let report = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        let result = (report?["files"] as? [[String: Any]])?.first
        let readable = result?["readable"] as? Bool
        #expect(readable != nil, "validate reports the file: \(run.output.prefix(300))")
        if mustBeReadable { #expect(readable == true, "an annotated copy is readable: \(run.output.prefix(500))") }
        let copy = folder + "/" + URL(fileURLWithPath: path).lastPathComponent
        return FileManager.default.fileExists(atPath: copy) ? copy : nil
    }

    private func writeWorkbook(_ parts: [PartList.Part], to path: String) throws {
        try Data(StoredZip.archive(parts)).write(to: URL(fileURLWithPath: path))
    }

    /// The child ended in time, by itself, with one of `statuses` and without a crash report.
    private func expectClean(_ run: Child.Outcome, statuses: Set<Int32>, _ what: String) throws {
        #expect(!run.timedOut, "\(what) ran past \(Int(Self.timeLimit)) s")
        #expect(run.signal == nil, "\(what) was killed by signal \(run.signal ?? 0): \(run.errors.suffix(800))")
        #expect(run.signal != nil || statuses.contains(run.status), "\(what) exited \(run.status): \(run.errors.suffix(800))")
        #expect(!run.errors.contains("Fatal error"), "\(what): \(run.errors.suffix(800))")
    }

    @Test func longMergeReferencesAreNotRanges() {
        #expect(CellRange(String(repeating: ":", count: 100_000)) == nil)
        #expect(CellRange("$XFD$1048576:$XFD$1048576") != nil)
        #expect(CellReference(String(repeating: "A", count: 1_000)) == nil)
    }
}

/// A child process run to its end or killed at a time limit, its output collected in files (a
/// pipe could fill and stall it).
enum Child {
    struct Outcome {
        var status: Int32
        /// The signal that ended it, if one did.
        var signal: Int32?
        var timedOut: Bool
        var output: String
        var errors: String
    }

    static func run(_ executable: String, _ arguments: [String], timeLimit: Double) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("stdout")
        let errorsURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorsURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = errors
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        try process.run()
        let deadline = Date().addingTimeInterval(timeLimit)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        try output.close()
        try errors.close()
        let signalled = process.terminationReason == .uncaughtSignal
        return Outcome(status: process.terminationStatus, signal: signalled ? process.terminationStatus : nil, timedOut: timedOut,
                       output: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
                       errors: (try? String(contentsOf: errorsURL, encoding: .utf8)) ?? "")
    }
}
