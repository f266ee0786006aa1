import Foundation

/// Other programs the portal's tests run: the built `taizhang` (`sample`, `import`, `bulletin`),
/// Python with openpyxl as an independent reader of workbooks, LibreOffice and poppler.
enum Programs {
    /// A finished program: its exit status and what it printed.
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs a program to its end.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes while the program runs, so that neither fills up and stalls it.
        let errorData = ErrorCollector(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                   errors: String(decoding: errorData.wait(), as: UTF8.self))
    }

    /// Runs the built `taizhang`; fails the caller with what it printed when it does not exit 0.
    @discardableResult
    static func taizhang(_ arguments: [String]) throws -> Run {
        let run = try run(PortalFixture.taizhang, arguments)
        guard run.status == 0 else { throw Failure(message: "taizhang \(arguments.joined(separator: " ")): \(run.errors)") }
        return run
    }

    /// Runs a Python script with arguments; its standard output.
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let run = try run("/usr/bin/env", ["python3", "-c", script] + arguments)
        guard run.status == 0 else { throw Failure(message: run.errors) }
        return run.output
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Reads a pipe to its end on another thread.
    private final class ErrorCollector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}
