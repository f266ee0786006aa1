import Testing
@testable import XLSX

/// Random workbooks written and read back by our reader give the same values.
@Suite("Writer: round trip through the reader")
struct WriterRoundTripTests {
    /// What a written cell should read back as.
    struct Expected: Equatable {
        var value: CellValue
        var formula: String?
    }

    /// Makes random values of every kind, including the awkward ones.
    struct ValueMaker {
        var generator: SeededGenerator

        static let awkwardStrings = [
            "", " ", "  leading", "trailing  ", "\ttab\t", "line\nbreak", "cr\rlf\r\n", "_x0041_", "a_x005F_b", "_x00e9_",
            "x\u{1}y\u{1F}z", "\u{0}", "A & B <c> \"d\" 'e'", "湖坊镇基本信息台账", "😀 emoji", "=SUM(A1)", "001234",
            "\u{FFFE}", "\u{FEFF}bom", "ünïcödé", "]]>", "&amp;",
        ]
        static let awkwardNumbers: [Double] = [
            13_800_138_000, 0.1 + 0.2, 0, -0.0, 1, -1, 0.5, 1e-7, 1e16, 123_456_789.123, -9_007_199_254_740_993,
            .leastNonzeroMagnitude, .greatestFiniteMagnitude, 5e-324, 2.2250738585072014e-308, 1 / 3,
        ]

        mutating func number() -> Double {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return Self.awkwardNumbers.randomElement(using: &generator)!
            case 1: return Double(Int.random(in: -1_000_000...1_000_000, using: &generator))
            case 2: return Double(Int.random(in: -10_000_000...10_000_000, using: &generator)) / 100
            default:
                while true {
                    let value = Double(bitPattern: generator.next())
                    if value.isFinite { return value }
                }
            }
        }

        mutating func string() -> String {
            if Bool.random(using: &generator) { return Self.awkwardStrings.randomElement(using: &generator)! }
            let alphabet = Array("abcXYZ 09_-&<>\"'湖坊镇台账\u{3}\t\n😀x")
            let length = Int.random(in: 0...40, using: &generator)
            return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
        }

        mutating func date() -> LocalDateTime {
            if Int.random(in: 0..<8, using: &generator) == 0 {
                return LocalDateTime(year: 1899, month: 12, day: 30, hour: Int.random(in: 0...23, using: &generator),
                                     minute: Int.random(in: 0...59, using: &generator),
                                     second: Int.random(in: 0...59, using: &generator))
            }
            let days = Int.random(in: LocalDateTime.daysSinceUnixEpoch(year: 1900, month: 1, day: 1)...LocalDateTime.daysSinceUnixEpoch(year: 9999, month: 12, day: 31), using: &generator)
            let civil = LocalDateTime.civilDate(daysSinceUnixEpoch: days)
            let hasTime = Bool.random(using: &generator)
            return LocalDateTime(year: civil.year, month: civil.month, day: civil.day,
                                 hour: hasTime ? Int.random(in: 0...23, using: &generator) : 0,
                                 minute: hasTime ? Int.random(in: 0...59, using: &generator) : 0,
                                 second: hasTime ? Int.random(in: 0...59, using: &generator) : 0,
                                 millisecond: hasTime ? Int.random(in: 0...999, using: &generator) : 0)
        }

        static let errors: [CellError] = [.null, .divisionByZero, .value, .reference, .name, .number, .notAvailable]

        /// A cell and what it should read back as (nil for a cell that holds no value).
        mutating func cell(styles: [StyleIndex]) -> (WritableCell, Expected?) {
            let style = Bool.random(using: &generator) ? styles.randomElement(using: &generator) : nil
            switch Int.random(in: 0..<8, using: &generator) {
            case 0, 1:
                let number = number()
                return (WritableCell(.number(number), style: style), Expected(value: .number(number)))
            case 2, 3:
                let text = string()
                return (WritableCell(.string(text), style: style), Expected(value: .string(text)))
            case 4:
                let value = Bool.random(using: &generator)
                return (WritableCell(.boolean(value), style: style), Expected(value: .boolean(value)))
            case 5:
                let date = date()
                let serial = ExcelDate.serial1900(of: date)
                let kind: ExcelDate.Kind = serial < 1 ? .time : (date.isMidnight ? .date : .dateTime)
                // Dates styled without a number format get the writer's date formats (a style with a
                // number format of its own would show the serial as that format says).
                let dateStyle = style.flatMap { $0 == styles.last ? nil : $0 }
                return (WritableCell(.date(date), style: dateStyle),
                        Expected(value: .date(ExcelDate(serial: serial, system: .system1900, kind: kind))))
            case 6:
                let error = Self.errors.randomElement(using: &generator)!
                return (WritableCell(.error(error), style: style), Expected(value: .error(error)))
            default:
                let formulas = ["=SUM(A1:B2)", "RANK.EQ(A1,A:A)", "\"_x0041_\"&\"湖\"", "IFS(A1>0,\"正\",TRUE,\"负\")", "NOW()"]
                let formula = formulas.randomElement(using: &generator)!
                let cached: CellValue
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: cached = .number(number())
                case 1: cached = .string(string())
                case 2: cached = .boolean(Bool.random(using: &generator))
                default: cached = .error(Self.errors.randomElement(using: &generator)!)
                }
                return (WritableCell(.formula(formula, cached: cached), style: style),
                        Expected(value: cached, formula: FormulaText.stored(formula)))
            }
        }
    }

    /// Writes a random workbook (the last style has a number format) and gives, per sheet name, the cells it should read back as.
    static func writeRandomWorkbook(seed: UInt64, to path: String, options: WriterOptions)
        throws -> [(name: String, cells: [CellReference: Expected])] {
        var maker = ValueMaker(generator: SeededGenerator(seed: seed))
        let workbook = try WorkbookWriter(path: path, options: options)
        let styles = [
            try workbook.register(CellStyle(font: FontStyle(bold: true))),
            try workbook.register(CellStyle(fillColor: .yellow, border: .all(.thin), wrapsText: true)),
            try workbook.register(CellStyle(numberFormat: "0.00")),
        ]
        var sheets: [(name: String, cells: [CellReference: Expected])] = []
        for sheetIndex in 0..<Int.random(in: 1...3, using: &maker.generator) {
            let name = ["数据", "Sheet \(sheetIndex)", "O'Brien", "台账-\(sheetIndex)"][sheetIndex % 4] + "\(sheetIndex)"
            let sheet = try workbook.addSheet(name)
            var expected: [CellReference: Expected] = [:]
            var rowNumber = 0
            for _ in 0..<Int.random(in: 0...60, using: &maker.generator) {
                rowNumber += Int.random(in: 1...3, using: &maker.generator)
                var cells: [WritableCell?] = []
                for column in 1...Int.random(in: 1...12, using: &maker.generator) {
                    guard Int.random(in: 0..<5, using: &maker.generator) > 0 else {
                        cells.append(nil)
                        continue
                    }
                    let (cell, value) = maker.cell(styles: styles)
                    cells.append(cell)
                    expected[CellReference(row: rowNumber, column: column)] = value
                }
                let height: Double? = Int.random(in: 0..<5, using: &maker.generator) == 0 ? 30 : nil
                try sheet.writeRow(cells, at: rowNumber, height: height)
            }
            sheets.append((name, expected))
        }
        try workbook.close()
        return sheets
    }

    static func readBack(_ path: String) throws -> [(name: String, cells: [CellReference: Expected])] {
        let workbook = try Workbook(path: path)
        return try workbook.sheets.map { sheet in
            var cells: [CellReference: Expected] = [:]
            try workbook.forEachRow(of: sheet) { row in
                for cell in row.cells { cells[cell.reference] = Expected(value: cell.value, formula: cell.formula) }
            }
            return (sheet.name, cells)
        }
    }

    @Test(arguments: [(1 as UInt64, true), (2, false), (3, true), (4, false), (5, true), (6, true), (7, false), (8, true)])
    func randomWorkbooksReadBackUnchanged(seed: UInt64, sharedStrings: Bool) throws {
        let path = try WriterTestSupport.scratchDirectory("roundtrip") + "/random-\(seed).xlsx"
        let written = try Self.writeRandomWorkbook(seed: seed, to: path, options: WriterOptions(useSharedStrings: sharedStrings))
        let read = try Self.readBack(path)
        #expect(read.map(\.name) == written.map(\.name))
        for (writtenSheet, readSheet) in zip(written, read) {
            #expect(readSheet.cells.count == writtenSheet.cells.count, "sheet \(writtenSheet.name)")
            for (reference, expected) in writtenSheet.cells {
                #expect(readSheet.cells[reference] == expected, "\(writtenSheet.name)!\(reference)")
            }
        }
    }

    @Test func sheetFeaturesReadBack() throws {
        let path = try WriterTestSupport.scratchDirectory("features") + "/sample.xlsx"
        try WriterSampleWorkbook.write(to: path)
        let workbook = try Workbook(path: path)
        #expect(workbook.sheets.map(\.state) == [.visible, .hidden, .visible])
        #expect(workbook.definedNames.contains(DefinedName(name: "_xlnm.Print_Titles", formula: "'基本信息'!$1:$2",
                                                           localSheetIndex: 0, isHidden: false)))
        #expect(workbook.definedNames.contains(DefinedName(name: "镇列表", formula: "'字典'!$A$1:$A$3",
                                                           localSheetIndex: nil, isHidden: false)))
        let rows = try workbook.rows(of: workbook.sheets[0])
        var cells: [CellReference: Cell] = [:]
        while let row = try rows.next() { for cell in row.cells { cells[cell.reference] = cell } }
        #expect(rows.mergedRanges == [CellRange("A1:F1")!])
        #expect(cells[CellReference("B3")!]?.value == .number(13_800_138_000))
        #expect(cells[CellReference("B3")!]?.numberText == "13800138000")
        #expect(cells[CellReference("E5")!]?.value == .number(0.1 + 0.2))
        #expect(cells[CellReference("D3")!]?.value.numberValue == ExcelDate.serial1900(of: LocalDateTime(year: 1985, month: 3, day: 7)))
        #expect(cells[CellReference("F6")!]?.formula == "_xlfn.RANK.EQ(E3,E3:E5)")
        #expect(try workbook.numberFormat(ofStyle: cells[CellReference("E3")!]!.styleIndex).code == "#,##0.00")
    }
}
