// libFuzzer entry point for the XLSX reader: every input is opened as a workbook from memory
// and every cell of every worksheet read. Any input must end in a value or a typed error;
// a crash, a hang or a sanitizer report is a bug. Built by `make fuzz` with -sanitize=fuzzer,address.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = ReadLimits()
    limits.maximumPartSize = 64 << 20
    limits.maximumTotalSize = 256 << 20
    do {
        let workbook = try Workbook(bytes: bytes, limits: limits)
        for sheet in workbook.sheets where sheet.kind == .worksheet {
            let rows = try workbook.rows(of: sheet)
            while let row = try rows.next() {
                for cell in row.cells { _ = cell.numberText }
            }
            _ = rows.mergedRanges
        }
    } catch {
        _ = "\(error)"
    }
    return 0
}
