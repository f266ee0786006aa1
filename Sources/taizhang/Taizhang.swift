import TaizhangSupport
import ArgumentParser
import Ledger
import Portal
import XLSX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `taizhang` command line: thin wrappers over the library modules.
@main
struct Taizhang: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taizhang",
        abstract: "Read, validate, merge and score town ledgers (台账) kept in Excel workbooks.",
        version: TaizhangVersion.current,
        subcommands: [Defaults.self, Template.self, Sample.self, Validate.self, Merge.self, Score.self, Evaluate.self, Dump.self, Info.self,
                      Convert.self, Access.self, Serve.self, Import.self, Bulletin.self, Worker.self]
    )

    /// Runs a command with the exit statuses of the contract: 0 done, 1 validation errors,
    /// 2 usage errors and unreadable input (one line on stderr, no stack trace).
    static func main() {
        // A size-limited output file must fail as an error (EFBIG), not kill the process.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            SystemIO.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                SystemIO.exit(0)
            }
            let message: String
            if case .limitExceeded(let limit, let part, let value, let maximum) = error as? XLSXError {
                // The option that raises the limit, not the library's property.
                message = "taizhang: " + ReadLimitOption.english(limit: limit, part: part, value: value, maximum: maximum)
            } else if error is XLSXError || error is CommandFailure || error is ConfigurationError || error is PortalError {
                message = "taizhang: \(error)"
            } else {
                message = fullMessage(for: error)
            }
            StandardError.write(message + "\n")
            SystemIO.exit(2)
        }
    }
}

/// A command's failure with a one-line message for the user (exit status 2).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum StandardError {
    static func write(_ text: String) {
        FileDescriptorOutput.writeAll(Array(text.utf8), to: 2)
    }
}
