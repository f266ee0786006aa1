import Foundation
import Testing
@testable import XLSX

/// The CSV side of `taizhang convert`: reading records, typing fields, writing workbooks.
@Suite("CSV: reader, typing and import")
struct CSVTests {
    typealias Support = WriterTestSupport

    static func file(_ bytes: [UInt8], _ label: String = "in") throws -> String {
        let path = try Support.scratchDirectory("csv") + "/\(label).csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func records(_ text: String) throws -> [[String]] {
        try records(Array(text.utf8))
    }

    static func records(_ bytes: [UInt8]) throws -> [[String]] {
        let reader = try CSVReader(path: try file(bytes))
        var all: [[String]] = []
        while let record = try reader.nextRecord() { all.append(record) }
        return all
    }

    // MARK: reader

    @Test func readsRecordsAndLineEnds() throws {
        #expect(try Self.records("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(try Self.records("a,b\r\nc,d\re,f\ng,h") == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(try Self.records("a,\n\n,b,\n") == [["a", ""], [""], ["", "b", ""]])
        #expect(try Self.records("") == [])
        #expect(try Self.records("\n") == [[""]])
        #expect(try Self.records("x") == [["x"]])
    }

    @Test func readsQuotedFields() throws {
        #expect(try Self.records("\"a,b\",\"say \"\"hi\"\"\",x\"y,z\"w\n") == [["a,b", "say \"hi\"", "xy,zw"]])
        #expect(try Self.records("\"line\nbreak\",\"cr\r\nlf\"\r\nnext") == [["line\nbreak", "cr\r\nlf"], ["next"]])
        #expect(try Self.records("\"\"\n\"\"\"\"\n\"unterminated,\n") == [[""], ["\""], ["unterminated,\n"]])
    }

    @Test func skipsOnlyARealByteOrderMark() throws {
        #expect(try Self.records([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8)) == [["a", "b"]])
        #expect(try Self.records([0xEF, 0xBB, 0xBF]) == [])
        // U+FF08 (a full-width parenthesis) also starts with EF: it is text, not a mark.
        #expect(try Self.records(Array("（注）,b\n".utf8)) == [["（注）", "b"]])
    }

    @Test func repairsInvalidUTF8AndRefusesAMissingFile() throws {
        #expect(try Self.records([0x61, 0xFF, 0x2C, 0xC3]) == [["a\u{FFFD}", "\u{FFFD}"]])
        #expect(throws: XLSXError.cannotOpen(path: "/nonexistent/x.csv", reason: String(cString: strerror(ENOENT)))) {
            try CSVReader(path: "/nonexistent/x.csv")
        }
    }

    /// Random records, some with quotes, commas and line breaks and some longer than the read
    /// buffer, written as CSV and read back: every buffer boundary falls somewhere different.
    @Test func readsBackRandomRecordsAcrossBufferBoundaries() throws {
        var generator = SeededGenerator(seed: 17)
        let alphabet = Array("ab,\"\r\n湖x ")
        var records: [[String]] = []
        var text = ""
        var size = 0
        while size < 3 << 20 {
            let count = Int.random(in: 1...6, using: &generator)
            var record: [String] = []
            for _ in 0..<count {
                let length = Int.random(in: 0..<100, using: &generator) == 0
                    ? Int.random(in: 1...400_000, using: &generator) : Int.random(in: 0...12, using: &generator)
                record.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
            }
            // A record of one empty field is an empty line, which reads back the same.
            records.append(record)
            let line = record.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
            let end = ["\n", "\r\n", "\r"].randomElement(using: &generator)!
            text += line + end
            size += line.utf8.count + 2
        }
        let read = try Self.records(text)
        #expect(read.count == records.count)
        for (index, (got, want)) in zip(read, records).enumerated() where got != want {
            Issue.record("record \(index) differs")
            break
        }
    }

    // MARK: typing

    @Test func typesFieldsByTheConvertRules() {
        let cases: [(String, WritableValue?)] = [
            ("", nil), ("0", .number(0)), ("42", .number(42)), ("-17", .number(-17)), ("3.25", .number(3.25)),
            ("-0.5", .number(-0.5)), ("0.5", .number(0.5)), ("1.50", .number(1.5)), ("1234567890", .number(1_234_567_890)),
            ("12345678901.5", .number(12_345_678_901.5)),
            ("0791", .string("0791")), ("00.5", .string("00.5")), ("-01", .string("-01")),
            ("13800138000", .string("13800138000")), ("12345678901", .string("12345678901")),
            ("1.", .string("1.")), (".5", .string(".5")), ("-", .string("-")), ("+1", .string("+1")), ("1e5", .string("1e5")),
            (" 1", .string(" 1")), ("1,000", .string("1,000")), ("１２", .string("１２")),
            ("2024-02-29", .date(LocalDateTime(year: 2024, month: 2, day: 29))),
            ("1900-01-01", .date(LocalDateTime(year: 1900, month: 1, day: 1))),
            ("2023-02-29", .string("2023-02-29")), ("1899-12-31", .string("1899-12-31")), ("2024-13-01", .string("2024-13-01")),
            ("2024/01/05", .string("2024/01/05")), ("2024-1-5", .string("2024-1-5")),
            // Digits only: a sign where a digit should be is text.
            ("2024-+1-05", .string("2024-+1-05")), ("-024-01-05", .string("-024-01-05")),
            ("TRUE", .boolean(true)), ("true", .boolean(true)), ("FALSE", .boolean(false)), ("false", .boolean(false)),
            ("True", .string("True")), ("yes", .string("yes")), ("湖坊镇", .string("湖坊镇")),
        ]
        for (field, expected) in cases {
            #expect(CSVTyping.value(of: field) == expected, "\(field)")
        }
        if case .number(let zero)? = CSVTyping.value(of: "-0") {
            #expect(zero == 0 && zero.sign == .minus)
        } else {
            Issue.record("-0 is not a number")
        }
    }

    /// Random numeric texts: the value is the double `Double(String)` gives, and a text the
    /// import copies as it is (``CSVTyping/Kind/numberText``) is exactly what NumberText writes.
    @Test func numberTextsMatchWhatNumberTextWrites() {
        var generator = SeededGenerator(seed: 5)
        func digits(_ count: Int, leadingNonZero: Bool) -> String {
            String((0..<count).map { index -> Character in
                let low = index == 0 && leadingNonZero ? 1 : 0
                return Character(String(Int.random(in: low...9, using: &generator)))
            })
        }
        var copied = 0
        for round in 0..<200_000 {
            let negative = Bool.random(using: &generator)
            let integerDigits = Int.random(in: 1...12, using: &generator)
            var text = integerDigits == 1 || Int.random(in: 0..<4, using: &generator) == 0
                ? digits(1, leadingNonZero: false) : digits(integerDigits, leadingNonZero: true)
            if round % 3 != 0 {
                var fraction = digits(Int.random(in: 1...18, using: &generator), leadingNonZero: false)
                if Bool.random(using: &generator) { fraction = String(repeating: "0", count: Int.random(in: 1...6, using: &generator)) + fraction }
                if Int.random(in: 0..<5, using: &generator) == 0 { fraction += "0" }
                text += "." + fraction
            }
            if negative { text = "-" + text }
            let kind = text.utf8.withContiguousStorageIfAvailable { CSVTyping.classify($0) }!
            let reference = Double(text)!
            switch kind {
            case .numberText:
                copied += 1
                #expect(NumberText.text(reference) == text, "\(text)")
                #expect(text.utf8.withContiguousStorageIfAvailable { CSVTyping.parseNumber($0) }!.bitPattern == reference.bitPattern)
            case .number(let value):
                #expect(value.bitPattern == reference.bitPattern, "\(text)")
            case .text:
                #expect(text.hasPrefix("0") && !text.hasPrefix("0.") || text.hasPrefix("-0") && !text.hasPrefix("-0.")
                            || !text.contains(".") && text.filter(\.isNumber).count >= 11, "\(text)")
            default:
                Issue.record("\(text) is \(kind)")
            }
        }
        #expect(copied > 20_000)
    }

    // MARK: escaping

    /// The one-pass escaping of cell text equals the two steps it replaces.
    @Test func cellTextEscapingMatchesEncodeThenEscape() {
        var generator = SeededGenerator(seed: 11)
        let pieces = ["_x0041_", "_x00e9_", "_xZZZZ_", "_x12", "_", "x", "\u{1}", "\u{0}", "\u{1F}", "\t", "\n", "\r", "\r\n",
                      "\u{FFFE}", "\u{FFFF}", "\u{FEFF}", "\u{FFFD}", "&", "<", ">", "\"", "'", "]]>", "湖", "😀", "é", "e\u{301}", "a", " "]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let old = XMLWriter()
            old.appendEscapedText(TextEscapes.encode(text))
            let new = XMLWriter()
            var copy = text
            copy.withUTF8 { new.appendEncodedText($0) }
            #expect(new.array == old.array, "\(text.debugDescription)")
        }
    }

    // MARK: shared strings

    @Test func sharedStringsKeepOneIndexPerDistinctByteString() throws {
        let directory = try Support.scratchDirectory("sst")
        let table = SharedStringsTable(preservesEdgeWhitespace: true, deflater: BackgroundDeflater(level: 1),
                                       temporaryDirectory: directory, path: directory + "/x.xlsx")
        var indexes: [String: Int] = [:]
        var generator = SeededGenerator(seed: 1)
        for round in 0..<300_000 {
            let text = round % 3 == 0 ? "" : "s\(generator.next() % 100_000)-" + String(repeating: "湖", count: round % 7)
            let index = table.index(of: text)
            if let known = indexes[text] { #expect(index == known) } else {
                #expect(index == indexes.count)
                indexes[text] = index
            }
        }
        #expect(table.count == indexes.count && table.referenceCount == 300_000)
        // Byte for byte: the precomposed and the decomposed é are two entries.
        #expect(table.index(of: "\u{E9}") != table.index(of: "e\u{301}"))
    }

    // MARK: import

    @Test func importsAFileIntoTypedCells() throws {
        let lines = ["名称,数量,,日期,备注\r\n", "湖坊镇,12,0791,2024-05-01,TRUE\r\n", "\r\n",
                     "\"a,\"\"b\"\"\",-0.50,13800138000,2023-02-29,false\r\n", ",,,,\n", "x"]
        let csv = try Self.file(Array(lines.joined().utf8), "样本:1")
        let output = (csv as NSString).deletingLastPathComponent + "/out.xlsx"
        try CSVImport.convert(csvAt: csv, toWorkbookAt: output)
        let book = try Workbook(path: output)
        #expect(book.sheets.map(\.name) == ["样本_1"])
        var rows: [Int: [String: CellValue]] = [:]
        try book.forEachRow(of: book.sheets[0]) { row in
            var cells: [String: CellValue] = [:]
            for cell in row.cells { cells[cell.reference.description] = cell.value }
            rows[row.number] = cells
        }
        #expect(rows[1] == ["A1": .string("名称"), "B1": .string("数量"), "C1": .string(""), "D1": .string("日期"), "E1": .string("备注")])
        #expect(rows[2]?["A2"] == .string("湖坊镇") && rows[2]?["B2"] == .number(12) && rows[2]?["C2"] == .string("0791"))
        #expect(rows[2]?["D2"]?.displayText == "2024-05-01" && rows[2]?["E2"] == .boolean(true))
        #expect(rows[3] == nil, "an empty line is an empty row")
        #expect(rows[4] == ["A4": .string("a,\"b\""), "B4": .number(-0.5), "C4": .string("13800138000"),
                            "D4": .string("2023-02-29"), "E4": .boolean(false)])
        #expect(rows[5] == nil)
        #expect(rows[6] == ["A6": .string("x")])
    }

    @Test func importRefusesWhatExcelCannotHoldAndLeavesTheDestination() throws {
        let csv = try Self.file(Array(("a\n" + String(repeating: "1,", count: ExcelLimits.columnCount) + "1\n").utf8))
        let output = (csv as NSString).deletingLastPathComponent + "/out.xlsx"
        try Data("previous".utf8).write(to: URL(fileURLWithPath: output))
        #expect(throws: XLSXError.excelLimit(.columnCount, detail: "\(ExcelLimits.columnCount + 1) cells in row 2")) {
            try CSVImport.convert(csvAt: csv, toWorkbookAt: output)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data("previous".utf8))
        let long = try Self.file(Array(("h\n" + String(repeating: "长", count: ExcelLimits.cellTextLength + 1) + "\n").utf8))
        #expect(throws: XLSXError.excelLimit(.cellTextLength, detail: "\(ExcelLimits.cellTextLength + 1) characters in 'in'!A2")) {
            try CSVImport.convert(csvAt: long, toWorkbookAt: output)
        }
    }

    @Test func sheetNamesComeFromTheFileName() {
        #expect(CSVImport.sheetName(forFile: "/data/2024年/户籍.csv") == "户籍")
        #expect(CSVImport.sheetName(forFile: "a:b[c].csv") == "a_b_c_")
        #expect(CSVImport.sheetName(forFile: "'quoted'.csv") == "quoted")
        #expect(CSVImport.sheetName(forFile: ".csv") == "Sheet1")
        #expect(CSVImport.sheetName(forFile: String(repeating: "x", count: 40) + ".csv").count == 31)
    }
}
