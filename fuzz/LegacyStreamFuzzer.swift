// libFuzzer entry point for the Excel 97–2003 reader's records: every input is taken as the
// Workbook stream of an .xls (BIFF8 records, past the compound file, which `reader-fuzzer`
// covers with the .xls files as seeds), its globals read and every cell of every worksheet
// decoded. Any input must end in a value or a typed error. Built by `make fuzz`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLegacyStream(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var limits = ReadLimits()
    limits.maximumStringLength = 1 << 16
    do {
        let workbook = try LegacyWorkbook(stream: BIFFStream(bytes: Array(UnsafeBufferPointer(start: data, count: size)),
                                                             name: "the Workbook stream"), limits: limits)
        for sheet in workbook.sheets where sheet.kind == .worksheet {
            let rows = try workbook.rows(of: sheet)
            while let row = try rows.next() {
                for cell in row.cells { _ = cell.value.displayText }
            }
        }
    } catch {
        _ = "\(error)"
    }
    return 0
}
