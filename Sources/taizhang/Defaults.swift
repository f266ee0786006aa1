import TaizhangSupport
import ArgumentParser
import Ledger
import Scoring
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `taizhang defaults`: writes editable copies of the built-in configuration files.
struct Defaults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "defaults",
        abstract: "Write editable copies of the built-in ledger.yaml, district.yaml and scoring.yaml to DIR.",
        discussion: """
        Edit the copies for your district, then point the commands at them: --schema DIR/ledger.yaml, \
        --config DIR/district.yaml, --rules DIR/scoring.yaml. An existing file is never overwritten.
        """
    )

    @Option(name: .shortAndLong, help: "The output folder (created if missing).")
    var output: String

    func run() throws {
        let files = DefaultTemplates.files + [(name: ScoringRules.defaultFile, text: ScoringRules.defaultText)]
        let paths = files.map { output + "/" + $0.name }
        if let existing = paths.first(where: { access($0, F_OK) == 0 }) {
            throw CommandFailure("\(existing) exists; it is never overwritten (move it away or choose another folder)")
        }
        try AtomicFile.createFolders(output)
        for (file, path) in zip(files, paths) {
            try AtomicFile.write(file.text, to: path)
            print(path)
        }
    }
}
