import Foundation

/// Runs Python scripts (openpyxl) as test oracles and fixture makers. When Python or openpyxl
/// is missing the caller is told so and skips, saying so plainly.
public enum PythonOracle {
    /// Whether python3 with openpyxl is here.
    public static let available: Bool = {
        (try? run("import openpyxl", arguments: [])) != nil
    }()

    /// Runs a script with arguments; returns stdout; throws with stderr on failure.
    @discardableResult
    public static func run(_ script: String, arguments: [String]) throws -> String {
        let run = try ProcessRun.run("/usr/bin/env", ["python3", "-c", script] + arguments)
        guard run.status == 0 else { throw OracleFailure(message: run.errors) }
        return run.output
    }

    /// A script or program that failed, with what it printed on standard error.
    public struct OracleFailure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }

        /// A failure with its message.
        public init(message: String) {
            self.message = message
        }
    }
}

/// A fresh temporary folder per test.
public func temporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("taizhang-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A finished child process: its exit status and what it printed.
public struct ProcessRun {
    /// The exit status.
    public let status: Int32
    /// What it printed on standard output.
    public let output: String
    /// What it printed on standard error.
    public let errors: String

    /// Runs a program to its end, capturing standard output and standard error.
    public static func run(_ executable: String, _ arguments: [String]) throws -> ProcessRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessRun(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                          errors: String(decoding: errorData, as: UTF8.self))
    }
}
