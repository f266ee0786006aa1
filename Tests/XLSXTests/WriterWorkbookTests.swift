import Foundation
import Testing
@testable import XLSX

@Suite("Writer: workbook rules and limits")
struct WriterWorkbookTests {
    private typealias Support = WriterTestSupport

    /// The example in ``WorkbookWriter``'s documentation, as written there (but for the path).
    @Test func documentationExampleRuns() throws {
        let path = try Support.scratchDirectory("example") + "/汇总.xlsx"
        let workbook = try WorkbookWriter(path: path)
        workbook.properties.creator = "台账"
        let bold = try workbook.register(CellStyle(font: FontStyle(bold: true)))

        let sheet = try workbook.addSheet("汇总")
        try sheet.freezePanes(rows: 1)
        try sheet.writeRow([.string("镇", style: bold), .string("户数", style: bold)])
        try sheet.writeRow(["湖坊镇", 1_204])
        try sheet.writeRow(["合计", .formula("SUM(B2:B2)", cached: .number(1_204))])
        try sheet.addComment("来自各镇台账", at: CellReference("A1")!)

        try workbook.close()
        let read = try Workbook(path: path)
        var values: [String] = []
        try read.forEachRow(of: read.sheets[0]) { row in values += row.cells.map { "\($0.reference)=\($0.value)" } }
        #expect(values == ["A1=string(\"镇\")", "B1=string(\"户数\")", "A2=string(\"湖坊镇\")", "B2=number(1204.0)",
                           "A3=string(\"合计\")", "B3=number(1204.0)"])
    }

    @Test func sheetNamesFollowExcelsRules() throws {
        let workbook = try WorkbookWriter(path: try Support.scratchDirectory("names") + "/n.xlsx")
        _ = try workbook.addSheet("基本信息")
        _ = try workbook.addSheet(String(repeating: "表", count: 31))
        _ = try workbook.addSheet("It's fine")
        #expect(throws: XLSXError.excelLimit(.sheetNameLength, detail: "\"\(String(repeating: "a", count: 32))\" has 32 characters")) {
            try workbook.addSheet(String(repeating: "a", count: 32))
        }
        for bad in ["a:b", "a\\b", "a/b", "a?b", "a*b", "[a]", "'a", "a'", "a\u{7}b"] {
            #expect(throws: XLSXError.excelLimit(.sheetNameCharacters, detail: "\"\(bad)\"")) { try workbook.addSheet(bad) }
        }
        #expect(throws: XLSXError.excelLimit(.duplicateSheetName, detail: "\"IT'S FINE\" and \"It's fine\"")) {
            try workbook.addSheet("IT'S FINE")
        }
        #expect(throws: XLSXError.excelLimit(.sheetNameReserved, detail: "\"\"")) { try workbook.addSheet("") }
        #expect(throws: XLSXError.excelLimit(.sheetNameReserved, detail: "\"history\"")) { try workbook.addSheet("history") }
    }

    @Test func definedNamesFollowExcelsRules() throws {
        let workbook = try WorkbookWriter(path: try Support.scratchDirectory("defined") + "/d.xlsx")
        let sheet = try workbook.addSheet("S")
        try workbook.defineName("目标任务", refersTo: "S!$B$7")
        try workbook.defineName("_total.2024", refersTo: "S!$C$1")
        try workbook.defineName("目标任务", refersTo: "S!$B$8", localTo: sheet)
        #expect(throws: XLSXError.excelLimit(.definedNameInvalid, detail: "\"目标任务\" is already defined in that scope")) {
            try workbook.defineName("目标任务", refersTo: "S!$B$9")
        }
        for (bad, why) in [("A1", "looks like a cell reference"), ("r1c1", "looks like a cell reference"),
                           ("R", "looks like a cell reference"), ("1abc", "starts with \"1\""), ("a b", "holds \" \""),
                           ("_xlnm.Print_Area", "is reserved for Excel's built-in names"), ("", "is empty or too long")] {
            #expect(throws: XLSXError.excelLimit(.definedNameInvalid, detail: "\"\(bad)\" \(why)")) {
                try workbook.defineName(bad, refersTo: "S!$A$1")
            }
        }
        let other = try WorkbookWriter(path: try Support.scratchDirectory("defined-other") + "/o.xlsx")
        #expect(throws: XLSXError.self) { try other.defineName("x", refersTo: "1", localTo: sheet) }
    }

    @Test func rowsMustComeInOrderWithinExcelsSize() throws {
        _ = try Support.writeWorkbook("row-limits") { _, sheet in
            try sheet.writeRow(["a"], at: 5)
            #expect(throws: XLSXError.excelLimit(.rowOrder, detail: "row 5 after row 5")) { try sheet.writeRow(["b"], at: 5) }
            #expect(throws: XLSXError.excelLimit(.rowOrder, detail: "row 2 after row 5")) { try sheet.writeRow(["b"], at: 2) }
            #expect(throws: XLSXError.excelLimit(.rowCount, detail: "row 1048577")) { try sheet.writeRow(["b"], at: 1_048_577) }
            let tooWide = [WritableCell?](repeating: nil, count: 16_385)
            #expect(throws: XLSXError.excelLimit(.columnCount, detail: "16385 cells in row 6")) { try sheet.writeRow(tooWide) }
            #expect(throws: XLSXError.excelLimit(.rowHeight, detail: "row 6 height 410.0")) { try sheet.writeRow(["b"], height: 410) }
            var widest = [WritableCell?](repeating: nil, count: 16_384)
            widest[16_383] = "XFD"
            try sheet.writeRow(widest)
            try sheet.writeRow(["last"], at: 1_048_576)
            #expect(throws: XLSXError.excelLimit(.rowCount, detail: "row 1048577")) { try sheet.writeRow(["b"]) }
        }
    }

    @Test func cellsThatBreakALimitLeaveTheirRowUnwritten() throws {
        let path = try Support.writeWorkbook("cell-limits") { _, sheet in
            let longest = String(repeating: "长", count: 32_767)
            try sheet.writeRow([.init(.string(longest))])
            #expect(throws: XLSXError.excelLimit(.cellTextLength, detail: "32768 characters in 'Sheet1'!B2")) {
                try sheet.writeRow(["kept?", .init(.string(longest + "x"))])
            }
            #expect(throws: XLSXError.excelLimit(.nonFiniteNumber, detail: "inf in 'Sheet1'!A2")) {
                try sheet.writeRow([.init(.number(.infinity))])
            }
            #expect(throws: XLSXError.excelLimit(.dateRange, detail: "1899-12-31T00:00:00")) {
                try sheet.writeRow([.init(.date(LocalDateTime(year: 1899, month: 12, day: 31)))])
            }
            #expect(throws: XLSXError.excelLimit(.dateRange, detail: "2023-02-29T00:00:00")) {
                try sheet.writeRow([.init(.date(LocalDateTime(year: 2023, month: 2, day: 29)))])
            }
            #expect(throws: XLSXError.excelLimit(.errorLiteral, detail: "\"#OOPS\" in 'Sheet1'!A2")) {
                try sheet.writeRow([.init(.error(CellError("#OOPS")))])
            }
            #expect(sheet.lastRowNumber == 1)
            // A row of every character class still fits when it is exactly at the limit.
            try sheet.writeRow([.init(.string(String(repeating: "😀", count: 16_383)))])
        }
        let data = try WriterTestSupport.sheetData(of: path)
        #expect(!data.contains("kept?"))
        // The refused row's string stays in the shared table unused, which is harmless.
        #expect(data.contains("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c></row>"))
    }

    @Test func unregisteredStylesAreRefused() throws {
        _ = try Support.writeWorkbook("foreign-style") { _, sheet in
            let other = try WorkbookWriter(path: try Support.scratchDirectory("foreign") + "/f.xlsx")
            let foreign = try other.register(CellStyle(font: FontStyle(bold: true)))
            #expect(throws: XLSXError.self) { try sheet.writeRow([.init(.string("x"), style: foreign)]) }
        }
    }

    @Test func aClosedWorkbookTakesNoMoreWrites() throws {
        let path = try Support.scratchDirectory("closed") + "/c.xlsx"
        let workbook = try WorkbookWriter(path: path)
        let sheet = try workbook.addSheet("S")
        try workbook.close()
        let closed = XLSXError.cannotWrite(path: path, reason: "the workbook is already closed")
        #expect(throws: closed) { try workbook.close() }
        #expect(throws: closed) { try workbook.addSheet("T") }
        #expect(throws: closed) { try sheet.writeRow(["x"]) }
        #expect(throws: closed) { try sheet.merge(CellRange("A1:B1")!) }
        #expect(throws: closed) { try workbook.register(CellStyle()) }
    }

    @Test func aWorkbookWithoutSheetsGetsAnEmptyOneAndHiddenSheetsNeedAVisibleOne() throws {
        let directory = try Support.scratchDirectory("sheets")
        let empty = try WorkbookWriter(path: directory + "/empty.xlsx")
        try empty.close()
        #expect(try Workbook(path: directory + "/empty.xlsx").sheets.map(\.name) == ["Sheet1"])

        let hidden = try WorkbookWriter(path: directory + "/hidden.xlsx")
        try hidden.addSheet("only").state = .hidden
        #expect(throws: XLSXError.excelLimit(.visibleSheet, detail: "all 1 sheets are hidden")) { try hidden.close() }
        #expect(!FileManager.default.fileExists(atPath: directory + "/hidden.xlsx"))
    }

    @Test func writesAtomicallyAndCleansUpOnFailure() throws {
        let directory = try Support.scratchDirectory("atomic")
        let path = directory + "/book.xlsx"
        try Data("old content".utf8).write(to: URL(fileURLWithPath: path))
        let workbook = try WorkbookWriter(path: path)
        try workbook.addSheet("S").writeRow(["new"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old content")
        try workbook.close()
        #expect(try Workbook(path: path).sheets.map(\.name) == ["S"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["book.xlsx"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o044 } == 0o044)

        // The destination is a directory: the rename fails, and nothing is left behind.
        let blocked = directory + "/blocked.xlsx"
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        let failing = try WorkbookWriter(path: blocked)
        try failing.addSheet("S").writeRow(["x"])
        #expect(throws: XLSXError.self) { try failing.close() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["blocked.xlsx", "book.xlsx"])
    }

    @Test func refusesADirectoryThatCannotBeWritten() {
        #expect(throws: XLSXError.self) { try WorkbookWriter(path: "/nonexistent-directory/book.xlsx") }
    }

    @Test func rowsStreamToDiskSoMemoryStaysFlat() throws {
        _ = try Support.writeWorkbook("streaming") { _, sheet in
            let row: [WritableCell?] = ["文本", 12_345.678, true, .init(.date(LocalDateTime(year: 2024, month: 5, day: 1)))]
            var largestBuffer = 0
            for _ in 0..<20_000 {
                try sheet.writeRow(row)
                largestBuffer = max(largestBuffer, sheet.bufferedByteCount)
            }
            #expect(largestBuffer < SheetWriter.flushThreshold + 1_024)
            #expect(sheet.spilledByteCount > 20_000 * 100)
        }
    }
}
