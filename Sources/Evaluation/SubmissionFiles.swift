import Ledger
import TaizhangSupport

/// Which files the job takes from what a user names: a folder stands for the workbooks in it
/// (sorted by name; hidden files and Office's `~$` lock files left out), a file for itself.
public enum SubmissionFiles {
    /// The extensions of the files a folder contributes (anything else in it is left alone; a file
    /// named on its own is always taken and refused cleanly if it is no workbook).
    public static let extensions: Set<String> = ["xlsx", "xlsm", "xltx", "xltm", "xls", "et", "xlsb", "ods", "csv"]

    /// Nothing to evaluate: the inputs name no workbook.
    public struct NoWorkbooks: Error, CustomStringConvertible {
        /// The inputs as named.
        public let inputs: [String]
        /// The message shown to the user.
        public var description: String { "no workbooks found in \(inputs.joined(separator: ", "))" }
    }

    /// The submitted files that `inputs` (files and folders) name, each reported under its path
    /// and received at its modification time.
    public static func collect(_ inputs: [String]) throws -> [SubmissionFile] {
        var files: [String] = []
        for input in inputs {
            if let entries = AtomicFile.entries(of: input) {
                files += entries.filter(isWorkbookName).sorted().map { input + "/" + $0 }
            } else {
                files.append(input)
            }
        }
        guard !files.isEmpty else { throw NoWorkbooks(inputs: inputs) }
        return files.map { SubmissionFile(path: $0) }
    }

    /// Whether a name in a folder is taken as a submission.
    static func isWorkbookName(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasPrefix("~$") && extensions.contains(name.split(separator: ".").last.map { $0.lowercased() } ?? "")
    }
}
