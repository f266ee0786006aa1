import ArgumentParser
import Ledger
import Portal

/// `taizhang bulletin`: the progress bulletin (工作进展通报) of a report day, from the portal's data.
struct Bulletin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulletin",
        abstract: "Write the progress bulletin (工作进展通报) of a report day from the portal's data folder.",
        discussion: """
            The campaign as it stood at the end of the report day: only the submissions received by then count, \
            so a past week's bulletin comes out the same whatever arrived since. The first sheet, 通报, prints on \
            one A4 page. A server may be running on the data folder.
            """
    )

    @Option(help: "The portal's data folder.")
    var data: String

    @Option(help: ArgumentHelp("The report day (YYYY-MM-DD; default: the latest report day that has begun).", valueName: "date"))
    var date: String?

    @Option(name: .shortAndLong, help: "The workbook to write (.xlsx).")
    var output: String

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let day = try date.map { text -> LedgerDate in
            guard let day = LedgerDate(iso: text) else { throw CommandFailure("--date \(text): not a date (YYYY-MM-DD)") }
            return day
        }
        let maker = try BulletinMaker(dataPath: data, configuration: try options.load())
        let output = self.output
        try BlockingRun.wait {
            do {
                let written = try await maker.write(day: day, to: output)
                print("\(output): \(written.title), 截至 \(written.day)"
                      + (written.notOnTime.isEmpty ? "" : "; 未按时交账: " + written.notOnTime.joined(separator: "、")))
            } catch let error as BulletinError {
                throw CommandFailure("bulletin: \(error)")
            }
        }.get()
    }
}
