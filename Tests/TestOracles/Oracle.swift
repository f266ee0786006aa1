import Foundation
import Testing

/// A program or folder outside the package that a test checks our output against (openpyxl,
/// LibreOffice, xmllint, the shared corpus …), and whether it is here.
///
/// A test that needs one says so with ``Testing/Trait/needs(_:)``: where the oracle is missing the
/// test is reported as skipped, naming it — never as a pass. Under CI (`CI=true`) every oracle is
/// installed (`make test-deps`), so the test runs whatever happens and a missing oracle fails it.
public enum Oracle: Sendable, CustomStringConvertible {
    /// `python3` able to import these modules.
    case python(_ modules: [String])
    /// A program on `PATH`.
    case program(String)
    /// A folder or file under `../shared` beside the checkout.
    case shared(String)
    /// The `taizhang` that `swift build` made (`.build/debug/taizhang`).
    case builtTaizhang

    /// LibreOffice (`soffice`).
    public static let libreOffice = Oracle.program("soffice")
    /// python3 with openpyxl.
    public static let openpyxl = Oracle.python(["openpyxl"])
    /// The shared corpus of real workbooks.
    public static let corpus = Oracle.shared("corpus")
    /// The shared corpus of `.xls` workbooks.
    public static let corpusXLS = Oracle.shared("corpus-xls")
    /// The shared OOXML schema check (`../shared/tools/xlsx_schema_check`, which runs xmllint).
    public static let schemaCheck = Oracle.shared("tools/xlsx_schema_check")

    /// Whether a check inside a larger test that needs these oracles runs: always under CI (where a
    /// missing one fails it), elsewhere where all are here. Where not, the test says so in its
    /// output and goes on with its other checks.
    public static func runs(_ oracles: Oracle..., check: String) -> Bool {
        if isCI || oracles.allSatisfy(\.isAvailable) { return true }
        print("skipped within the test: \(check) (needs " + oracles.map(\.description).joined(separator: ", ") + ")")
        return false
    }

    /// The package's root folder.
    public static let packageRoot = #filePath.components(separatedBy: "/Tests/").first!

    /// Where a `.shared` path is.
    public static func sharedPath(_ path: String) -> String { packageRoot + "/../shared/" + path }

    /// Whether this run is CI's (`CI=true`): every oracle must be there.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true" }

    /// Whether it is here.
    public var isAvailable: Bool {
        switch self {
        case .python(let modules):
            return Self.succeeds("/usr/bin/env", ["python3", "-c", "import " + (modules.isEmpty ? "sys" : modules.joined(separator: ", "))])
        case .program(let name):
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        case .shared(let path):
            return FileManager.default.fileExists(atPath: Self.sharedPath(path))
        case .builtTaizhang:
            return FileManager.default.isExecutableFile(atPath: Self.packageRoot + "/.build/debug/taizhang")
        }
    }

    public var description: String {
        switch self {
        case .python(let modules): return modules.isEmpty ? "python3" : "python3 with " + modules.joined(separator: ", ")
        case .program(let name): return name
        case .shared(let path): return "../shared/" + path
        case .builtTaizhang: return ".build/debug/taizhang (swift build)"
        }
    }

    private static func succeeds(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test where every oracle is here — and always under CI, where a missing one must
    /// fail it; elsewhere the test is skipped, and the skip names what is missing.
    public static func needs(_ oracles: Oracle...) -> Self {
        .enabled(if: Oracle.isCI || oracles.allSatisfy(\.isAvailable),
                 Comment(rawValue: "needs " + oracles.map(\.description).joined(separator: ", ")))
    }
}
