import CLibzip
import Testing
@testable import XLSX

/// Parts of a megabyte or more are read on other threads (``ThreadedSAXParser``): the rows,
/// the errors and their order must be what the single-threaded parse gives.
@Suite("Reader: large parts on other threads")
struct ReaderThreadingTests {
    /// Rows of a sheet well past the threading threshold: a number, a shared string, an inline
    /// string with an escaped character and a boolean per row.
    static func largeSheetXML(rows: Int, breakingAt broken: Int? = nil) -> String {
        var xml = ""
        xml.reserveCapacity(rows * 120)
        for row in 1...rows {
            if row == broken { xml += "<row r=\"\(row)\"><c r=\"A\(row)\"><v>1</v></x></row>"; continue }
            xml += "<row r=\"\(row)\"><c r=\"A\(row)\"><v>\(row)</v></c><c r=\"B\(row)\" t=\"s\"><v>\(row % 3)</v></c>"
                + "<c r=\"C\(row)\" t=\"inlineStr\"><is><t>第\(row)行 &amp; more</t></is></c>"
                + "<c r=\"D\(row)\" t=\"b\"><v>\(row % 2)</v></c></row>"
        }
        return xml
    }

    static let strings = ["甲", "乙", "丙"]

    @Test func aLargeSheetReadsEveryRowInOrder() throws {
        let rows = 20_000
        let xml = Self.largeSheetXML(rows: rows)
        #expect(Int64(xml.utf8.count) > PartParser.threadingThreshold)
        let workbook = try PackageFixture.workbook(sheets: [("S", xml)], sharedStrings: Self.strings).open()
        var expected = 1
        try workbook.forEachRow(of: try workbook.sheet(named: "S")) { row in
            #expect(row.number == expected)
            #expect(row.cells.map(\.value) == [.number(Double(expected)), .string(Self.strings[expected % 3]),
                                                .string("第\(expected)行 & more"), .boolean(expected % 2 == 1)])
            expected += 1
        }
        #expect(expected == rows + 1)
    }

    @Test func aLargeSharedStringsPartReads() throws {
        let strings = (0..<40_000).map { "字符串 \($0) <&>" }
        let cells = (1...40).map { "<row r=\"\($0)\"><c r=\"A\($0)\" t=\"s\"><v>\($0 * 997)</v></c></row>" }.joined()
        let workbook = try PackageFixture.workbook(sheets: [("S", cells)], sharedStrings: strings).open()
        let values = try workbook.allCells(of: "S").map(\.value)
        #expect(values == (1...40).map { .string(strings[$0 * 997]) })
    }

    @Test func rowsBeforeMalformedXMLComeFirstThenTheError() throws {
        let xml = Self.largeSheetXML(rows: 20_000, breakingAt: 15_000)
        let workbook = try PackageFixture.workbook(sheets: [("S", xml)], sharedStrings: Self.strings).open()
        var last = 0
        do {
            try workbook.forEachRow(of: try workbook.sheet(named: "S")) { last = $0.number }
            Issue.record("a mismatched end tag must be refused")
        } catch XLSXError.malformedXML(let part, let line, _) {
            #expect(part == "xl/worksheets/sheet1.xml")
            #expect(line >= 1)
        }
        // Rows of the portions parsed before the error were handed out, none past it.
        #expect(last > 10_000 && last < 15_000)
    }

    @Test func aHandlerErrorStopsTheOtherThreads() throws {
        // A bad shared-string index deep in the sheet: the handler fails on the reader's thread.
        var xml = Self.largeSheetXML(rows: 20_000)
        xml += "<row r=\"20001\"><c r=\"A20001\" t=\"s\"><v>99</v></c></row>"
        xml += Self.largeSheetXML(rows: 100).replacingOccurrences(of: "r=\"", with: "r=\"X")
        let workbook = try PackageFixture.workbook(sheets: [("S", xml)], sharedStrings: Self.strings).open()
        #expect(throws: XLSXError.self) {
            try workbook.forEachRow(of: try workbook.sheet(named: "S")) { _ in }
        }
    }

    @Test func aChecksumMismatchInALargePartIsRefused() throws {
        let fixture = PackageFixture.workbook(sheets: [("S", Self.largeSheetXML(rows: 20_000))], sharedStrings: Self.strings)
        var bytes = fixture.zipBytes(compression: ZIP_CM_STORE)
        let marker = Array("<v>12345</v>".utf8)
        let at = (0...(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker }!
        bytes[at + 3] = UInt8(ascii: "9")
        let workbook = try Workbook(bytes: bytes)
        var seen = 0
        #expect(throws: XLSXError.checksumMismatch(part: "xl/worksheets/sheet1.xml")) {
            try workbook.forEachRow(of: try workbook.sheet(named: "S")) { _ in seen += 1 }
        }
        // libzip checks the CRC at the end of the entry: the rows before it were read.
        #expect(seen > 0)
    }

    @Test func aReaderLeftEarlyEndsItsThreads() throws {
        let workbook = try PackageFixture.workbook(sheets: [("S", Self.largeSheetXML(rows: 20_000))],
                                                   sharedStrings: Self.strings).open()
        for _ in 0..<50 {
            let reader = try workbook.rows(of: try workbook.sheet(named: "S"))
            #expect(try reader.next()?.number == 1)
            // Dropped here, with the other threads waiting on full queues: deinit must not hang.
        }
        // The archive is still usable afterwards, from this thread.
        #expect(try workbook.cells(of: "S")["A20000"] == .number(20_000))
    }

    @Test func twoLargeSheetsReadInterleaved() throws {
        let workbook = try PackageFixture.workbook(sheets: [("S", Self.largeSheetXML(rows: 20_000)),
                                                            ("T", Self.largeSheetXML(rows: 20_000))],
                                                   sharedStrings: Self.strings).open()
        let first = try workbook.rows(of: try workbook.sheet(named: "S"))
        let second = try workbook.rows(of: try workbook.sheet(named: "T"))
        var count = 0
        while let a = try first.next(), let b = try second.next() {
            #expect(a.number == b.number && a.cells == b.cells)
            count += 1
        }
        #expect(count == 20_000)
    }
}
