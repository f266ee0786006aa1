import Foundation
import TestOracles
import Testing
@testable import XLSX

/// Files we write, read by other programs: openpyxl, python-calamine, LibreOffice, and the
/// ECMA schemas through xmllint. A test whose program is missing says it was skipped.
@Suite("Writer: other programs read our files")
struct WriterInteropTests {
    private typealias Support = WriterTestSupport

    /// A cell value as every program can compare it.
    enum Portable: Equatable, CustomStringConvertible {
        case number(Double)
        case text(String)
        case boolean(Bool)
        /// ISO text: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.mmm]` or `HH:MM:SS[.mmm]`.
        case date(String)
        case error(String)

        var description: String {
            switch self {
            case .number(let value): return "number \(value)"
            case .text(let value): return "text \(value.debugDescription)"
            case .boolean(let value): return "boolean \(value)"
            case .date(let value): return "date \(value)"
            case .error(let value): return "error \(value)"
            }
        }
    }

    /// A workbook of values every program reads alike: numbers, text (CJK, XML specials, spaces
    /// at the edges, a literal `_x0041_`, line breaks), booleans, dates, date-times, times,
    /// errors, and formulas with correct cached values. Gives the expected values by sheet and cell.
    static func writePortableWorkbook(to path: String, seed: UInt64, options: WriterOptions = WriterOptions())
        throws -> [String: [String: Portable]] {
        var generator = SeededGenerator(seed: seed)
        let workbook = try WorkbookWriter(path: path, options: options)
        let money = try workbook.register(CellStyle(numberFormat: "#,##0.00"))
        var expected: [String: [String: Portable]] = [:]
        let texts = ["湖坊镇", "A & B <c> \"d\" 'e'", "  两端空格  ", "_x0041_ literal", "第一行\n第二行", "tab\there",
                     "13800138000", "=not a formula", "😀", "Ünïcödé", "x_x005F_y"]
        let numbers: [Double] = [13_800_138_000, 0.1 + 0.2, -0.0, 1e-7, 1e16, 123_456_789.123, -42, 5e-324,
                                 1.7976931348623157e308, 1.0 / 3]
        for sheetName in ["数据 一", "Data's 2"] {
            let sheet = try workbook.addSheet(sheetName)
            var cells: [String: Portable] = [:]
            for rowNumber in 1...40 {
                var row: [WritableCell?] = []
                for column in 1...8 {
                    let reference = CellReference(row: rowNumber, column: column).description
                    switch Int.random(in: 0..<9, using: &generator) {
                    case 0:
                        row.append(nil)
                    case 1, 2:
                        let number = Bool.random(using: &generator) ? numbers.randomElement(using: &generator)!
                            : Double(Int.random(in: -99_999_999...99_999_999, using: &generator)) / 100
                        row.append(WritableCell(.number(number), style: Bool.random(using: &generator) ? money : nil))
                        cells[reference] = .number(number == 0 ? 0 : number)
                    case 3, 4:
                        let text = texts.randomElement(using: &generator)!
                        row.append(WritableCell(.string(text)))
                        cells[reference] = .text(text)
                    case 5:
                        let value = Bool.random(using: &generator)
                        row.append(WritableCell(.boolean(value)))
                        cells[reference] = .boolean(value)
                    case 6:
                        let choice = Int.random(in: 0..<3, using: &generator)
                        let date = LocalDateTime(year: Int.random(in: 1901...2099, using: &generator),
                                                 month: Int.random(in: 1...12, using: &generator),
                                                 day: Int.random(in: 1...28, using: &generator))
                        var value = date
                        if choice > 0 {
                            value.hour = Int.random(in: 0...23, using: &generator)
                            value.minute = Int.random(in: 0...59, using: &generator)
                            value.second = Int.random(in: 1...59, using: &generator)
                        }
                        if choice == 2 { (value.year, value.month, value.day) = (1899, 12, 30) }
                        row.append(WritableCell(.date(value)))
                        cells[reference] = .date(choice == 0 ? value.isoDate : (choice == 2 ? value.isoTime : value.description))
                    case 7:
                        let error = [CellError.notAvailable, .divisionByZero, .value, .reference].randomElement(using: &generator)!
                        row.append(WritableCell(.error(error)))
                        cells[reference] = .error(error.literal)
                    default:
                        let formulas: [(String, CellValue, Portable)] = [
                            ("=1+2", .number(3), .number(3)),
                            ("=LEN(\"湖坊镇\")", .number(3), .number(3)),
                            ("=\"a\"&\"b\"", .string("ab"), .text("ab")),
                            ("=1>0", .boolean(true), .boolean(true)),
                            ("=RANK.EQ(3,{1,3,5})", .number(2), .number(2)),
                            ("=IFS(1>2,\"x\",TRUE,\"y\")", .string("y"), .text("y")),
                        ]
                        let (formula, cached, portable) = formulas.randomElement(using: &generator)!
                        row.append(WritableCell(.formula(formula, cached: cached)))
                        cells[reference] = portable
                    }
                }
                try sheet.writeRow(row)
            }
            expected[sheetName] = cells
        }
        try workbook.close()
        return expected
    }

    /// Compares what a program read with what was written; `adjust` says what that program is
    /// known to show differently (nil: not comparable there).
    private static func compare(_ read: [String: [String: Portable]], _ expected: [String: [String: Portable]],
                                program: String, tolerance: Double = 0,
                                adjust: (Portable) -> Portable? = { $0 }) {
        #expect(Set(read.keys) == Set(expected.keys), "\(program): sheets")
        for (sheet, cells) in expected {
            let readCells = read[sheet] ?? [:]
            for (reference, value) in cells {
                guard let wanted = adjust(value) else { continue }
                let got = readCells[reference]
                if case .number(let a) = wanted, case .number(let b)? = got, tolerance > 0 {
                    #expect(a == b || abs(a - b) <= tolerance * max(abs(a), abs(b)),
                            "\(program): \(sheet)!\(reference) \(b) instead of \(a)")
                } else {
                    #expect(got == wanted, "\(program): \(sheet)!\(reference) \(got.map(String.init(describing:)) ?? "nothing") instead of \(wanted)")
                }
            }
            let extra = Set(readCells.keys).subtracting(cells.keys).filter { readCells[$0] != .text("") }
            #expect(extra.isEmpty, "\(program): \(sheet) has unexpected cells \(extra.sorted())")
        }
    }

    /// Parses the JSON `[[sheet, ref, kind, value], …]` that the Python readers print (numbers
    /// as Python's shortest text, since Foundation's JSON parser does not round them exactly).
    private static func parsePythonCells(_ output: String) throws -> [String: [String: Portable]] {
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[Any]])
        var result: [String: [String: Portable]] = [:]
        for row in rows {
            let sheet = row[0] as! String, reference = row[1] as! String, kind = row[2] as! String
            let value: Portable
            switch kind {
            case "n": value = .number(Double(row[3] as! String)!)
            case "b": value = .boolean(row[3] as! Bool)
            case "d": value = .date(row[3] as! String)
            default: value = .text(row[3] as! String)
            }
            result[sheet, default: [:]][reference] = value
        }
        return result
    }

    /// Python that turns a value into `[kind, value]`, dates in the portable ISO text.
    private static let pythonValueHelper = """
        import datetime, json, sys
        def iso_time(t):
            ms = round(t.microsecond / 1000)
            text = '%02d:%02d:%02d' % (t.hour, t.minute, t.second)
            return text + ('.%03d' % ms if ms else '')
        def portable(v):
            if isinstance(v, bool): return ['b', v]
            if isinstance(v, (int, float)): return ['n', repr(float(v))]
            if isinstance(v, datetime.datetime):
                if v.hour == v.minute == v.second == v.microsecond == 0: return ['d', v.date().isoformat()]
                if v.date() == datetime.date(1899, 12, 30): return ['d', iso_time(v)]
                return ['d', v.date().isoformat() + 'T' + iso_time(v)]
            if isinstance(v, datetime.date): return ['d', v.isoformat()]
            if isinstance(v, datetime.time): return ['d', iso_time(v)]
            return ['s', str(v)]

        """

    @Test(.needs(.openpyxl)) func openpyxlReadsTheSameValues() throws {
        let path = try Support.scratchDirectory("openpyxl") + "/portable.xlsx"
        let expected = try Self.writePortableWorkbook(to: path, seed: 11)
        let script = Self.pythonValueHelper + """
            import openpyxl
            from openpyxl.utils import get_column_letter
            wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
            out = []
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if c.value is not None: out.append([ws.title, c.coordinate] + portable(c.value))
            print(json.dumps(out))
            """
        let result = try Support.run("/usr/bin/env", ["python3", "-c", script, path])
        #expect(result.status == 0, "\(result.error)")
        // openpyxl gives an error value as its literal text, and decodes `_x005F_` by deleting
        // `x005F_` wherever it appears, which mangles a literal `_x005F_` (a literal `_x0041_` is fine).
        Self.compare(try Self.parsePythonCells(result.output), expected, program: "openpyxl") { value in
            if case .error(let literal) = value { return .text(literal) }
            if case .text(let text) = value, text.contains("_x005F_") { return nil }
            return value
        }
    }

    @Test(.needs(.python(["python_calamine"]))) func calamineReadsTheSameValues() throws {
        let path = try Support.scratchDirectory("calamine") + "/portable.xlsx"
        let expected = try Self.writePortableWorkbook(to: path, seed: 12)
        let script = Self.pythonValueHelper + """
            import python_calamine
            wb = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
            def column(n):
                s = ''
                while n: n, r = divmod(n - 1, 26); s = chr(65 + r) + s
                return s
            out = []
            for name in wb.sheet_names:
                for r, row in enumerate(wb.get_sheet_by_name(name).to_python(skip_empty_area=False)):
                    for c, v in enumerate(row):
                        if v != '': out.append([name, column(c + 1) + str(r + 1)] + portable(v))
            print(json.dumps(out))
            """
        let result = try Support.run("/usr/bin/env", ["python3", "-c", script, path])
        #expect(result.status == 0, "\(result.error)")
        // python-calamine turns error values into empty strings: not comparable there.
        Self.compare(try Self.parsePythonCells(result.output), expected, program: "calamine") { value in
            if case .error = value { return nil }
            return value
        }
    }

    @Test(.needs(.libreOffice)) func libreOfficeShowsTheSameValues() throws {
        let directory = try Support.scratchDirectory("soffice")
        let path = directory + "/portable.xlsx"
        let expected = try Self.writePortableWorkbook(to: path, seed: 13)
        // UTF-8, values rather than formatted text, every sheet to its own file.
        let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
        let result = try Support.run("/usr/bin/env", [
            "soffice", "-env:UserInstallation=file://\(directory)/profile", "--headless", "--convert-to", filter,
            "--outdir", directory + "/csv", path,
        ])
        #expect(result.status == 0, "\(result.error)")
        var read: [String: [String: Portable]] = [:]
        for sheet in expected.keys {
            let csv = try String(contentsOfFile: "\(directory)/csv/portable-\(sheet).csv", encoding: .utf8)
            for (rowIndex, fields) in Self.parseCSV(csv).enumerated() {
                for (columnIndex, field) in fields.enumerated() where !field.isEmpty {
                    let reference = CellReference(row: rowIndex + 1, column: columnIndex + 1).description
                    read[sheet, default: [:]][reference] = .text(field)
                }
            }
        }
        // LibreOffice's CSV is text: numbers to 15 significant digits, dates and times in the
        // cells' formats (to the second), booleans as TRUE/FALSE.
        for (sheet, cells) in expected {
            for (reference, value) in cells {
                guard case .text(let shown)? = read[sheet]?[reference] else { continue }
                switch value {
                case .number: read[sheet]?[reference] = Double(shown).map(Portable.number) ?? .text(shown)
                case .boolean: read[sheet]?[reference] = shown == "TRUE" ? .boolean(true) : (shown == "FALSE" ? .boolean(false) : .text(shown))
                case .date: read[sheet]?[reference] = .date(Self.isoText(ofLibreOfficeDate: shown))
                case .error: read[sheet]?[reference] = .error(shown)
                case .text: break
                }
            }
        }
        Self.compare(read, expected, program: "LibreOffice", tolerance: 1e-14) { value in
            // Denormal numbers show as 0 at 15 digits; anything else compares.
            if case .number(let number) = value, number != 0, abs(number) < 1e-300 { return nil }
            return value
        }
    }

    /// LibreOffice's CSV date text in the portable ISO form: `2024-05-01 14:30:00` becomes
    /// `2024-05-01T14:30:00`, and a time alone, which it shows as `01:14:12 PM`, `13:14:12`.
    static func isoText(ofLibreOfficeDate shown: String) -> String {
        var parts = shown.split(separator: " ").map(String.init)
        if parts.count == 2, parts[1] == "AM" || parts[1] == "PM", let hour = Int(parts[0].prefix(2)) {
            let hour24 = hour % 12 + (parts[1] == "PM" ? 12 : 0)
            parts = [(hour24 < 10 ? "0" : "") + String(hour24) + parts[0].dropFirst(2)]
        }
        return parts.joined(separator: "T")
    }

    /// A CSV parser for LibreOffice's output: commas, double quotes, quoted line breaks.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text).makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { field.append("\"") } else {
                            quoted = false
                            if next == "," { row.append(field); field = "" }
                            else if next == "\n" { row.append(field); rows.append(row); row = []; field = "" }
                            else { field.append(next) }
                        }
                    } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == "," {
                row.append(field); field = ""
            } else if character == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    @Test(.needs(.openpyxl)) func openpyxlSeesTheSheetFeatures() throws {
        let path = try Support.scratchDirectory("features") + "/sample.xlsx"
        try WriterSampleWorkbook.write(to: path)
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb['基本信息']
            dv = ws.data_validations.dataValidation[0]
            print(json.dumps({
                'comment': ws['A2'].comment.text, 'author': ws['A2'].comment.author,
                'list': dv.formula1, 'listType': dv.type, 'listRange': str(dv.sqref), 'prompt': dv.prompt,
                'promptTitle': dv.promptTitle, 'errorTitle': dv.errorTitle,
                'link': ws['A7'].hyperlink.location, 'freeze': ws.freeze_panes,
                'merged': [str(r) for r in ws.merged_cells.ranges], 'title': ws['A1'].value,
                'titleBold': ws['A1'].font.b, 'titleCentered': ws['A1'].alignment.horizontal,
                'filter': ws.auto_filter.ref, 'printRows': ws.print_title_rows, 'protected': ws.protection.sheet,
                'unlocked': ws['F3'].protection.locked, 'dictionary': wb['字典'].sheet_state,
                'tab': ws.sheet_properties.tabColor.rgb, 'width': ws.column_dimensions['A'].width,
                'height': ws.row_dimensions[1].height, 'names': list(wb.defined_names.keys()),
                'creator': wb.properties.creator, 'dateFormat': ws['D3'].number_format,
            }, ensure_ascii=False))
            """
        let result = try Support.run("/usr/bin/env", ["python3", "-c", script, path])
        #expect(result.status == 0, "\(result.error)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(seen["comment"] as? String == "请填写身份证上的姓名")
        #expect(seen["author"] as? String == "区民政局")
        #expect(seen["list"] as? String == "\"湖坊镇,洪门镇,新丰镇\"")
        #expect(seen["listType"] as? String == "list")
        #expect(seen["listRange"] as? String == "C3:C500")
        #expect(seen["prompt"] as? String == "请从列表中选择")
        #expect(seen["promptTitle"] as? String == "镇")
        #expect(seen["errorTitle"] as? String == "输入有误")
        #expect(seen["link"] as? String == "'字典'!A1")
        #expect(seen["freeze"] as? String == "B3")
        #expect(seen["merged"] as? [String] == ["A1:F1"])
        #expect(seen["title"] as? String == "湖坊镇基本信息台账")
        #expect(seen["titleBold"] as? Bool == true)
        #expect(seen["titleCentered"] as? String == "center")
        #expect(seen["filter"] as? String == "A2:F5")
        #expect(seen["printRows"] as? String == "$1:$2")
        #expect(seen["protected"] as? Bool == true)
        #expect(seen["unlocked"] as? Bool == false)
        #expect(seen["dictionary"] as? String == "hidden")
        #expect(seen["tab"] as? String == "FF00B050")
        #expect(seen["width"] as? Double == 14)
        #expect(seen["height"] as? Double == 30)
        #expect(seen["names"] as? [String] == ["镇列表"])
        #expect(seen["creator"] as? String == "台账程序")
        #expect(seen["dateFormat"] as? String == "yyyy-mm-dd")
    }

    /// The project's schema checker path (`../shared/tools/xlsx_schema_check` from the package root).
    private static var schemaChecker: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/tools/xlsx_schema_check").path
    }

    @Test(.needs(.shared("tools/xlsx_schema_check"), .program("xmllint"), .program("unzip"))) func everyPartValidatesAgainstTheSchemas() throws {
        let directory = try Support.scratchDirectory("schema")
        var files = [directory + "/sample.xlsx", directory + "/inline.xlsx", directory + "/portable.xlsx"]
        try WriterSampleWorkbook.write(to: files[0])
        try WriterSampleWorkbook.write(to: files[1], options: WriterOptions(useSharedStrings: false))
        _ = try Self.writePortableWorkbook(to: files[2], seed: 14, options: WriterOptions(preservesEdgeWhitespace: false))
        for seed in 1...4 as ClosedRange<UInt64> {
            let path = directory + "/random-\(seed).xlsx"
            _ = try WriterRoundTripTests.writeRandomWorkbook(seed: seed, to: path, options: WriterOptions(
                useSharedStrings: seed % 2 == 0, preservesEdgeWhitespace: false))
            files.append(path)
        }
        let result = try Support.run(Self.schemaChecker, files)
        let summary = result.output.split(separator: "\n").last.map(String.init) ?? ""
        print("xlsx_schema_check: \(summary)")
        #expect(result.status == 0, "\(result.output)")
        #expect(summary.hasPrefix("schema: ") && summary.hasSuffix(" parts valid"))
    }

    @Test(.needs(.shared("tools/xlsx_schema_check"), .program("xmllint"), .program("unzip"))) func edgeWhitespaceIsTheOnlyDepartureFromTheSchema() throws {
        let path = try Support.scratchDirectory("schema-space") + "/edges.xlsx"
        try WriterSampleWorkbook.write(to: path, edgeWhitespace: true)
        let result = try Support.run(Self.schemaChecker, [path])
        let complaints = result.output.split(separator: "\n").filter { $0.hasPrefix("INVALID") }
        #expect(complaints.count == 1)
        #expect(complaints.allSatisfy { $0.contains("sharedStrings.xml") && $0.contains("XML/1998/namespace}space") })
    }
}
