import TaizhangSupport
import LedgerSamples
import ArgumentParser
import Ledger

/// `taizhang sample`: realistic, deterministic submissions for the default district.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write realistic, deterministic town submissions (one per town) for the default ledger.",
        discussion: "With --faults, the mistakes towns make are injected and listed in DIR/faults.json."
    )

    @Option(name: .shortAndLong, help: "The output folder (created if missing).")
    var output: String

    @Option(help: "The random seed; the same seed writes the same files.")
    var seed: UInt64 = 2026

    @Flag(help: "Inject the kinds of mistakes towns make (listed in faults.json).")
    var faults = false

    @Option(help: "Generate this many towns with invented names instead of the configured ones (load tests).")
    var towns: Int?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Write the ledgers as they stood on this day (YYYY-MM-DD): later rows left out, 填报日期 = the day.",
        valueName: "date"))
    var asOf: String?

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let configuration = try options.load()
        if let towns, towns < 1 { throw CommandFailure("--towns must be at least 1") }
        try AtomicFile.createFolders(output)
        var generator = SampleGenerator(configuration: configuration, seed: seed)
        if let asOf {
            guard let day = LedgerDate(iso: asOf) else { throw CommandFailure("--as-of \(asOf): not a date (YYYY-MM-DD)") }
            generator.asOf = day
        }
        let chosen = generator.towns(count: towns)
        let injected = try generator.write(to: output, towns: chosen, faults: faults)
        if faults {
            try AtomicFile.write(SampleGenerator.faultsJSON(injected), to: output + "/faults.json")
        }
        print("\(chosen.count) submissions written to \(output)" + (faults ? ", \(injected.count) faults listed in faults.json" : ""))
        if towns != nil {
            // Invented towns need a district file that lists them.
            var district = configuration.district
            district.towns = chosen
            try AtomicFile.write(district.yamlText, to: output + "/district.yaml")
            print("their district file: \(output)/district.yaml (pass it with --config)")
        }
    }
}
