import TaizhangSupport
import ArgumentParser
import XLSX

/// `taizhang convert`: CSV to XLSX and XLSX to CSV, streaming both ways (``CSVImport`` and
/// ``CSVExport`` of the XLSX library do the work).
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a UTF-8 CSV file to a workbook, or a workbook's sheet to CSV (by the files' extensions).",
        discussion: """
        CSV to XLSX: the first row is the header (text); in the other rows integers and decimals become \
        numbers, except digit strings nobody does arithmetic on (a leading zero such as 0791, or 11 digits \
        or more without a point, such as phones and ID numbers), which stay text; YYYY-MM-DD becomes a date; \
        TRUE/FALSE become booleans; everything else is text. The sheet is named after the file.
        """
    )

    @Argument(help: "The input (.csv or .xlsx).")
    var input: String

    @Argument(help: "The output (.xlsx or .csv).")
    var output: String

    @Option(help: "The sheet to convert to CSV (default: the first worksheet).")
    var sheet: String?

    @OptionGroup var limits: LimitOptions

    func run() throws {
        let from = input.lowercased()
        let to = output.lowercased()
        if from.hasSuffix(".csv") && (to.hasSuffix(".xlsx") || to.hasSuffix(".xlsm")) {
            try CSVImport.convert(csvAt: input, toWorkbookAt: output)
        } else if to.hasSuffix(".csv") {
            let workbook = try Workbook(path: input, limits: limits.limits)
            guard let chosen = try sheet.map({ try workbook.sheet(named: $0) }) ?? workbook.sheets.first(where: { $0.kind == .worksheet }) else {
                throw CommandFailure("\(input) has no worksheet")
            }
            let file = try AtomicFileStream(path: output)
            try CSVExport.write(sheet: chosen, of: workbook, to: file.write)
            try file.commit()
        } else {
            throw CommandFailure("convert goes from .csv to .xlsx or from a workbook to .csv")
        }
    }
}
