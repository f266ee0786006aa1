import Foundation
import Testing
@testable import XLSX

@Suite("Legacy reader: Excel 97–2003 .xls (BIFF8 in OLE2)")
struct LegacyReaderTests {
    /// A compound file holding one workbook stream.
    private func file(_ stream: [UInt8], name: String = "Workbook") -> [UInt8] {
        CompoundFileBuilder(streams: [(name, stream)]).bytes()
    }

    private func refusal(_ bytes: [UInt8], limits: ReadLimits = ReadLimits()) -> XLSXError? {
        do {
            let workbook = try Workbook(bytes: bytes, limits: limits)
            for sheet in workbook.sheets where sheet.kind == .worksheet { try workbook.forEachRow(of: sheet) { _ in } }
            return nil
        } catch {
            return error as? XLSXError
        }
    }

    /// XF 0 General, XF 1 built-in 14, XF 2 custom 164, XF 3 East-Asian 31 (年月日), XF 4 `[h]:mm:ss`.
    private let styles: [[UInt8]] = [
        BIFF.format(164, "yyyy-mm-dd hh:mm"),
        BIFF.extendedFormat(0), BIFF.extendedFormat(14), BIFF.extendedFormat(164), BIFF.extendedFormat(31), BIFF.extendedFormat(46),
    ]

    @Test func everyCellKind() throws {
        let sst = BIFF.record(0x00FC, BIFF.u32(3) + BIFF.u32(3) + BIFF.unicodeString("镇名称") + BIFF.unicodeString("Ånd")
                              + BIFF.unicodeString(""))
        let records: [[UInt8]] = [
            BIFF.record(0x0200, BIFF.u32(0) + BIFF.u32(4) + BIFF.u16(0) + BIFF.u16(6) + BIFF.u16(0)),
            BIFF.labelSST(0, 0, 0), BIFF.labelSST(0, 1, 1), BIFF.labelSST(0, 2, 2), BIFF.label(0, 3, "湖坊镇"), BIFF.label(0, 4, "plain"),
            BIFF.number(1, 0, 13_800_138_000), BIFF.rk(1, 1, UInt32(961) << 2 | 0x02),
            BIFF.rk(1, 2, UInt32(bitPattern: Int32(-5) << 2) | 0x02), BIFF.rk(1, 3, (UInt32(12_345) << 2) | 0x03),   // -5, 123.45
            BIFF.rk(1, 4, UInt32((1.5).bitPattern >> 32)), BIFF.rk(1, 5, UInt32((1234.5).bitPattern >> 32) | 0x01),  // 1.5, 12.345
            BIFF.record(0x00BD, BIFF.u16(2) + BIFF.u16(0) + BIFF.u16(0) + BIFF.u32(UInt32(46_000) << 2 | 0x02)
                        + BIFF.u16(0) + BIFF.u32(7 << 2 | 0x02) + BIFF.u16(1)),
            BIFF.record(0x0201, BIFF.cellHeader(2, 2, 0)),   // BLANK: no value
            BIFF.boolErr(3, 0, 1, isError: false), BIFF.boolErr(3, 1, 0x07, isError: true),
            BIFF.formula(3, 2, result: BIFF.f64(42)), BIFF.formula(3, 3, result: BIFF.specialResult(1, 1)),
            BIFF.formula(3, 4, result: BIFF.specialResult(2, 0x2A)), BIFF.formula(3, 5, result: BIFF.specialResult(3)),
            BIFF.formula(3, 6, result: BIFF.specialResult(0)), BIFF.record(0x04BC, [0, 0]),   // SHRFMLA between FORMULA and STRING
            BIFF.record(0x0207, BIFF.unicodeString("结果")),
            BIFF.number(4, 0, 46_310, format: 1), BIFF.number(4, 1, 46_310.5, format: 2), BIFF.number(4, 2, 46_310, format: 3),
            BIFF.number(4, 3, 1.5, format: 4),
            BIFF.mergedCells([(5, 6, 0, 2)]),
        ]
        let stream = BIFF.workbook(globals: styles + [sst], sheets: [("台账", 0, 0, records)])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("legacy-\(UUID().uuidString).xlsx").path
        FileManager.default.createFile(atPath: path, contents: Data(file(stream)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Named .xlsx, read by content.
        let workbook = try Workbook(path: path)
        #expect(workbook.format == .xls)
        #expect(workbook.sheets.map(\.name) == ["台账"])
        let cells = try workbook.cells(of: "台账")
        #expect(cells["A1"] == .string("镇名称") && cells["B1"] == .string("Ånd") && cells["C1"] == .string(""))
        #expect(cells["D1"] == .string("湖坊镇") && cells["E1"] == .string("plain"))
        #expect(cells["A2"] == .number(13_800_138_000) && cells["B2"] == .number(961))
        #expect(cells["C2"] == .number(-5) && cells["D2"] == .number(123.45) && cells["E2"] == .number(1.5) && cells["F2"] == .number(12.345))
        #expect(cells["A3"] == .number(46_000) && cells["B3"] == .number(7) && cells["C3"] == nil)
        #expect(cells["A4"] == .boolean(true) && cells["B4"] == .error(.divisionByZero) && cells["C4"] == .number(42))
        #expect(cells["D4"] == .boolean(true) && cells["E4"] == .error(.notAvailable) && cells["F4"] == .string(""))
        #expect(cells["G4"] == .string("结果"))
        #expect(cells["A5"]?.displayText == "2026-10-15" && cells["B5"]?.displayText == "2026-10-15T12:00:00")
        #expect(cells["C5"]?.displayText == "2026-10-15" && cells["D5"]?.displayText == "PT129600S")
        #expect(try workbook.numberFormat(ofStyle: 3).code == "yyyy\"年\"m\"月\"d\"日\"")
        let rows = try workbook.rows(of: workbook.sheets[0])
        #expect(rows.mergedRanges == [CellRange("A6:C7")!])
        #expect(rows.declaredDimension == CellRange("A1:F4")!)
        var numbers: [Int] = []
        while let row = try rows.next() { numbers.append(row.number) }
        #expect(numbers == [1, 2, 3, 4, 5])
    }

    @Test func sharedStringsAcrossContinueRecords() throws {
        // String 0 starts 8-bit in the SST and goes on as UTF-16 in the CONTINUE (a fresh option
        // byte); string 1 is rich (2 runs) with phonetic data, its runs split over the next boundary.
        let first = Array("town:".utf8)
        let rest = "湖坊镇".utf16.flatMap { BIFF.u16(Int($0)) }
        let sst = BIFF.record(0x00FC, BIFF.u32(2) + BIFF.u32(2) + BIFF.u16(8) + [0] + first)
        let continued = BIFF.record(0x003C, [1] + rest + BIFF.u16(2) + [0x0C] + BIFF.u16(2) + BIFF.u32(3) + Array("ab".utf8) + BIFF.u32(0))
        let more = BIFF.record(0x003C, BIFF.u32(0) + [1, 2, 3])
        let stream = BIFF.workbook(globals: [sst, continued, more],
                                   sheets: [("S", 0, 0, [BIFF.labelSST(0, 0, 0), BIFF.labelSST(0, 1, 1)])])
        let cells = try Workbook(bytes: file(stream)).cells(of: "S")
        #expect(cells["A1"] == .string("town:湖坊镇"))
        #expect(cells["B1"] == .string("ab"))
    }

    @Test func formulaStringContinued() throws {
        let text = String(repeating: "甲", count: 10) + "tail"
        let wide = String(repeating: "甲", count: 10).utf16.flatMap { BIFF.u16(Int($0)) }
        let records: [[UInt8]] = [
            BIFF.formula(0, 0, result: BIFF.specialResult(0)),
            BIFF.record(0x0207, BIFF.u16(text.utf16.count) + [1] + wide),
            BIFF.record(0x003C, [0] + Array("tail".utf8)),
            BIFF.number(0, 1, 2),
        ]
        let cells = try Workbook(bytes: file(BIFF.workbook(globals: [], sheets: [("S", 0, 0, records)]))).cells(of: "S")
        #expect(cells["A1"] == .string(text) && cells["B1"] == .number(2))
    }

    @Test func sheetsVisibilityKindsAnd1904() throws {
        let stream = BIFF.workbook(globals: styles + [BIFF.record(0x0022, BIFF.u16(1))], sheets: [
            ("Shown", 0, 0, [BIFF.number(0, 0, 0, format: 1)]), ("Hidden", 1, 0, []), ("Very", 2, 0, []),
            ("Chart", 0, 2, [BIFF.number(0, 0, 1)]), ("Module", 0, 6, []),
        ])
        let workbook = try Workbook(bytes: file(stream))
        #expect(workbook.dateSystem == .system1904)
        #expect(workbook.sheets.map(\.name) == ["Shown", "Hidden", "Very", "Chart"])
        #expect(workbook.sheets.map(\.state) == [.visible, .hidden, .veryHidden, .visible])
        #expect(workbook.sheets.map(\.kind) == [.worksheet, .worksheet, .worksheet, .chartsheet])
        #expect(try workbook.cells(of: "Shown")["A1"]?.displayText == "1904-01-01")
        #expect(throws: XLSXError.notAWorksheet("Chart")) { try workbook.rows(of: workbook.sheets[3]) }
    }

    @Test func cellsOutOfOrderAndEmbeddedCharts() throws {
        let records: [[UInt8]] = [
            BIFF.number(2, 1, 3), BIFF.number(0, 0, 1),
            BIFF.bof(0x0020), BIFF.number(0, 5, 99), BIFF.eof,   // an embedded chart's substream
            BIFF.number(0, 2, 2), BIFF.number(0, 0, 4),          // A1 again: the later one wins
            BIFF.record(0x0208, BIFF.u16(2) + BIFF.u16(0) + BIFF.u16(2) + BIFF.u16(255) + BIFF.u16(0) + BIFF.u16(0) + BIFF.u32(0x20)),
        ]
        let workbook = try Workbook(bytes: file(BIFF.workbook(globals: [], sheets: [("S", 0, 0, records)])))
        var rows: [Row] = []
        try workbook.forEachRow(of: workbook.sheets[0]) { rows.append($0) }
        #expect(rows.map(\.number) == [1, 3])
        #expect(rows[0].cells.map(\.reference.description) == ["A1", "C1"])
        #expect(rows[0].cells[0].value == .number(4))
        #expect(rows[1].isHidden)
    }

    @Test func largeStreamInRegularSectors() throws {
        // Over 4,096 bytes: the stream lives in regular sectors, not the mini stream.
        let records = (0..<600).map { BIFF.number($0, 0, Double($0)) }
        let stream = BIFF.workbook(globals: [], sheets: [("S", 0, 0, records)])
        #expect(stream.count > 4096)
        let bytes = CompoundFileBuilder(streams: [("SummaryInformation", [1, 2, 3]), ("WORKBOOK", stream)]).bytes()
        let cells = try Workbook(bytes: bytes).allCells(of: "S")
        #expect(cells.count == 600 && cells.last?.value == .number(599))
    }

    @Test func refusedFormats() {
        let sheet: [(name: String, state: UInt8, type: UInt8, records: [[UInt8]])] = [("S", 0, 0, [])]
        #expect(refusal(file(BIFF.workbook(globals: [], sheets: sheet, version: 0x0500), name: "Book"))
                == .unsupportedLegacyFormat(version: "BIFF5, Excel 5.0/95"))
        #expect(refusal(file(BIFF.record(0x0409, BIFF.u16(0) + BIFF.u16(0x10)) + BIFF.eof))
                == .unsupportedLegacyFormat(version: "BIFF4, Excel 4.0"))
        #expect(refusal(file(BIFF.workbook(globals: [BIFF.record(0x002F, BIFF.u16(1) + [UInt8](repeating: 0, count: 52))], sheets: sheet)))
                == .encryptedWorkbook)
        #expect(refusal(CompoundFileBuilder(streams: [("EncryptionInfo", [1]), ("EncryptedPackage", [2])]).bytes()) == .encryptedWorkbook)
        #expect(refusal(CompoundFileBuilder(streams: [("WordDocument", [1, 2])]).bytes()) == .compoundFileNotWorkbook)
        for error in [XLSXError.unsupportedLegacyFormat(version: "BIFF5, Excel 5.0/95"), .damagedCompoundFile(reason: "x")] {
            #expect(error.description.contains("save it as .xlsx") || error.description.contains("save it as an Excel workbook (.xlsx)"))
        }
    }

    @Test func damagedCompoundFiles() {
        let stream = BIFF.workbook(globals: [], sheets: [("S", 0, 0, (0..<600).map { BIFF.number($0, 0, 1) })])
        func damaged(_ builder: CompoundFileBuilder) -> Bool {
            if case .damagedCompoundFile? = refusal(builder.bytes()) { return true }
            return false
        }
        var loop = CompoundFileBuilder(streams: [("Workbook", stream)])
        loop.spoilFAT = { fat, firsts in fat[firsts[0] + 3] = UInt32(firsts[0]) }
        #expect(damaged(loop))
        var pastEnd = CompoundFileBuilder(streams: [("Workbook", stream)])
        pastEnd.spoilFAT = { fat, firsts in fat[firsts[0] + 1] = 90_000 }
        #expect(damaged(pastEnd))
        var absurd = CompoundFileBuilder(streams: [("Workbook", stream)])
        absurd.declaredSizeOfFirstStream = 0x7FFF_FFF0
        #expect(damaged(absurd))
        var short = CompoundFileBuilder(streams: [("Workbook", stream)])
        short.declaredSizeOfFirstStream = UInt32(stream.count + 4096)
        #expect(damaged(short))
        #expect(refusal(Array(CompoundFileBuilder(streams: [("Workbook", stream)]).bytes().prefix(300))) == .damagedCompoundFile(reason: "the header is shorter than 512 bytes"))
        // A truncated file: the stream's sectors are gone.
        let whole = CompoundFileBuilder(streams: [("Workbook", stream)]).bytes()
        #expect(refusal(Array(whole.prefix(whole.count - 2048))) != nil)
    }

    @Test func limits() {
        let longText = String(repeating: "x", count: 3000)
        let stream = BIFF.workbook(globals: [BIFF.record(0x00FC, BIFF.u32(2) + BIFF.u32(2) + BIFF.unicodeString(longText) + BIFF.unicodeString("b"))],
                                   sheets: [("S", 0, 0, [BIFF.labelSST(0, 0, 0)])])
        var limits = ReadLimits()
        limits.maximumStringLength = 1000
        #expect(refusal(file(stream), limits: limits) == .limitExceeded(limit: .stringLength, part: "the Workbook stream", value: 3000, maximum: 1000))
        limits = ReadLimits()
        limits.maximumSharedStrings = 1
        #expect(refusal(file(stream), limits: limits) == .limitExceeded(limit: .sharedStringCount, part: "the Workbook stream", value: 2, maximum: 1))
        limits = ReadLimits()
        limits.maximumPartSize = 1000
        #expect(refusal(file(stream), limits: limits) == .limitExceeded(limit: .partSize, part: "Workbook", value: Int64(stream.count), maximum: 1000))
        limits = ReadLimits()
        limits.maximumTotalSize = 1000
        guard case .limitExceeded(limit: .totalSize, _, _, _)? = refusal(file(stream), limits: limits) else {
            Issue.record("a file over the total-size limit should be refused")
            return
        }
    }

    @Test func badCellsNameTheSheetAndCell() {
        let stream = BIFF.workbook(globals: [BIFF.record(0x00FC, BIFF.u32(1) + BIFF.u32(1) + BIFF.unicodeString("a"))],
                                   sheets: [("表", 0, 0, [BIFF.labelSST(1, 1, 5)])])
        #expect(refusal(file(stream)) == .invalidContent(part: "sheet \"表\" (the Workbook stream)",
                                                         message: "cell B2 refers to shared string 5, but the table holds 1"))
        let cut = BIFF.workbook(globals: [], sheets: [("S", 0, 0, [BIFF.record(0x0204, BIFF.cellHeader(0, 0, 0) + BIFF.u16(10) + [0] + Array("abc".utf8))])])
        guard case .invalidContent? = refusal(file(cut)) else {
            Issue.record("a LABEL shorter than its count should be refused as damaged")
            return
        }
    }

    @Test func copyAsXLSXKeepsValuesDatesStatesAndMerges() throws {
        let stream = BIFF.workbook(globals: styles + [BIFF.record(0x0022, BIFF.u16(1))], sheets: [
            ("Hidden", 1, 0, [BIFF.label(0, 0, "x")]),
            ("Data", 0, 0, [BIFF.number(0, 0, 44_000, format: 1), BIFF.number(0, 2, 0.5, format: 2), BIFF.label(1, 1, "文本"),
                            BIFF.boolErr(2, 0, 0x17, isError: true), BIFF.formula(2, 1, result: BIFF.f64(3.25)),
                            BIFF.mergedCells([(3, 4, 0, 1)])]),
            ("Chart", 0, 2, []),
        ])
        let source = try Workbook(bytes: file(stream))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try source.writeCopyAsXLSX(to: path)
        let copy = try Workbook(path: path)
        #expect(copy.format == .xlsx && copy.dateSystem == .system1900)
        #expect(copy.sheets.map(\.name) == ["Hidden", "Data"] && copy.sheets.map(\.state) == [.hidden, .visible])
        let before = try source.cells(of: "Data")
        let after = try copy.cells(of: "Data")
        #expect(Set(after.keys) == Set(before.keys))
        for (reference, value) in before {
            #expect(after[reference]?.displayText == value.displayText, "\(reference)")
        }
        #expect(after["A1"]?.displayText == "2024-06-19" && after["C1"]?.displayText == "12:00:00")
        let rows = try copy.rows(of: copy.sheets[1])
        while try rows.next() != nil {}
        #expect(rows.mergedRanges == [CellRange("A4:B5")!])
    }

    @Test func rkEncodings() {
        #expect(LegacySheetReader.rkNumber(UInt32(bitPattern: Int32(-1) << 2) | 0x02) == -1)
        #expect(LegacySheetReader.rkNumber(UInt32(100) << 2 | 0x03) == 1)
        #expect(LegacySheetReader.rkNumber(UInt32((0.25).bitPattern >> 32)) == 0.25)
        #expect(LegacySheetReader.rkNumber(UInt32((25.0).bitPattern >> 32) | 0x01) == 0.25)
    }
}
