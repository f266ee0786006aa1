import TaizhangSupport
import ArgumentParser
import Ledger

/// `taizhang template`: one blank ledger template per town.
struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write one blank ledger template per town (DIR/<镇名称>台账.xlsx)."
    )

    @Option(name: .customLong("town"), help: "A town (repeatable); default: all configured towns.")
    var towns: [String] = []

    @Flag(help: "Every configured town (the default when no --town is given).")
    var all = false

    @Option(name: .shortAndLong, help: "The output folder (created if missing).")
    var output: String

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let configuration = try options.load()
        let district = configuration.district
        var chosen = district.towns
        if !towns.isEmpty && !all {
            chosen = try towns.map { name in
                guard let town = district.town(named: name) else {
                    throw CommandFailure("unknown town \"\(name)\" (the towns are: \(district.towns.map(\.name).joined(separator: ", ")))")
                }
                return town
            }
        }
        try AtomicFile.createFolders(output)
        let builder = TemplateBuilder(schema: configuration.schema, district: district)
        for town in chosen {
            let path = output + "/" + TemplateBuilder.fileName(town: town.name)
            try builder.write(town: town, to: path)
            print(path)
        }
    }
}
