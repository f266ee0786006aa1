import Testing
@testable import XLSX

@Suite("Reader: dates and number formats")
struct ReaderDateTests {
    /// A sheet with the serial `serial` in A1 formatted with cell format 1 (number format `id`).
    private func read(serial: String, formatID: Int, code: String? = nil, date1904: Bool = false) throws -> CellValue? {
        let formats = code.map { [(id: formatID, code: $0)] } ?? []
        let extras = date1904 ? "<workbookPr date1904=\"1\"/>" : ""
        let fixture = PackageFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>\(serial)</v></c></row>")],
                                              numberFormats: formats, cellFormatIDs: [0, formatID], workbookExtras: extras)
        return try fixture.open().cells(of: "S")["A1"]
    }

    private func iso(_ value: CellValue?) -> String? {
        if case .date(let date)? = value { return date.isoText }
        return nil
    }

    @Test(arguments: [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58])
    func builtInDateIDs(id: Int) throws {
        let value = try read(serial: "46310", formatID: id)
        #expect(iso(value)?.hasPrefix("2026-10-15") == true, "id \(id): \(String(describing: value))")
    }

    @Test(arguments: [18, 19, 20, 21, 32, 33, 34, 35, 45, 47, 55, 56])
    func builtInTimeIDs(id: Int) throws {
        #expect(iso(try read(serial: "0.5", formatID: id)) == "12:00:00", "id \(id)")
    }

    @Test func elapsedTimeIsADuration() throws {
        #expect(iso(try read(serial: "1.5", formatID: 46)) == "PT129600S")
        #expect(iso(try read(serial: "1.25", formatID: 170, code: "[h]:mm")) == "PT108000S")
    }

    @Test(arguments: [
        ("yyyy-mm-dd", ExcelDate.Kind.date), ("[$-804]yyyy\"年\"m\"月\"d\"日\"", .date), ("[DBNum1][$-804]yyyy年m月d日", .date),
        ("[Red]yyyy/mm/dd;@", .date), ("h:mm:ss", .time), ("mm:ss", .time), ("yyyy/m/d h:mm", .dateTime),
        ("\"Date: \"0.00", nil), ("0.00_);[Red]\\(0.00\\)", nil), ("#,##0.00 \"days\"", nil), ("General", nil), ("@", nil),
        ("0.00E+00", nil), ("[$¥-804]#,##0.00", nil), ("上午/下午h\"时\"mm\"分\"", .time), ("mmm-yy", .date), ("m/d", .date),
        ("[h]:mm:ss", .duration), ("[mm]:ss", .duration), ("h:mm AM/PM", .time), ("d\\-mmm", .date),
    ] as [(String, ExcelDate.Kind?)])
    func customFormatCodes(code: String, kind: ExcelDate.Kind?) {
        #expect(NumberFormat(id: 200, code: code).dateKind == kind, "\(code)")
    }

    @Test func customCodeOverridesBuiltInID() throws {
        #expect(try read(serial: "46310", formatID: 14, code: "0.00") == .number(46310))
    }

    @Test func the1900LeapYearBug() {
        func text(_ serial: Double) -> String { ExcelDate(serial: serial, system: .system1900, kind: .date).isoText }
        #expect(text(1) == "1900-01-01")
        #expect(text(59) == "1900-02-28")
        #expect(text(60) == "1900-02-29")
        #expect(text(61) == "1900-03-01")
        #expect(text(46310) == "2026-10-15")
        #expect(ExcelDate.serial1900(of: LocalDateTime(year: 2026, month: 10, day: 15)) == 46310)
        #expect(ExcelDate.serial1900(of: LocalDateTime(year: 1900, month: 1, day: 1)) == 1)
        #expect(ExcelDate.serial1900(of: LocalDateTime(year: 1900, month: 3, day: 1)) == 61)
    }

    @Test func the1904System() throws {
        #expect(iso(try read(serial: "0", formatID: 14, date1904: true)) == "1904-01-01")
        #expect(iso(try read(serial: "44848", formatID: 14, date1904: true)) == "2026-10-15")
        let workbook = try PackageFixture.workbook(sheets: [("S", "")], workbookExtras: "<workbookPr date1904=\"true\"/>").open()
        #expect(workbook.dateSystem == .system1904)
    }

    @Test func timesRoundToTheMillisecondAndIgnoreTheTimeZone() throws {
        // 2026-10-15 08:30:15.250
        let serial = ExcelDate.serial1900(of: LocalDateTime(year: 2026, month: 10, day: 15, hour: 8, minute: 30, second: 15, millisecond: 250))
        let date = ExcelDate(serial: serial, system: .system1900, kind: .dateTime)
        #expect(date.dateTime == LocalDateTime(year: 2026, month: 10, day: 15, hour: 8, minute: 30, second: 15, millisecond: 250))
        #expect(date.isoText == "2026-10-15T08:30:15.250")
    }

    @Test func weekdays() {
        #expect(LocalDateTime(year: 2026, month: 10, day: 2).isoWeekday == 5)   // a Friday
        #expect(LocalDateTime(year: 2026, month: 10, day: 4).isoWeekday == 7)
    }
}
