import Testing
@testable import XLSX

@Suite("Reader: cell kinds")
struct ReaderCellTests {
    @Test func everyCellKind() throws {
        let sheet = """
            <row r="1"><c r="A1"><v>42.5</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>inline</t></is></c>\
            <c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#DIV/0!</v></c><c r="F1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>\
            <c r="G1" t="d"><v>2026-10-15</v></c><c r="H1" t="d"><v>2026-10-15T08:30:00</v></c></row>
            """
        let workbook = try PackageFixture.workbook(sheets: [("S", sheet)], sharedStrings: ["共青团"]).open()
        let cells = try workbook.cells(of: "S")
        #expect(cells["A1"] == .number(42.5))
        #expect(cells["B1"] == .string("共青团"))
        #expect(cells["C1"] == .string("inline"))
        #expect(cells["D1"] == .boolean(true))
        #expect(cells["E1"] == .error(.divisionByZero))
        #expect(cells["F1"] == .string("ab"))
        guard case .date(let date)? = cells["G1"], case .date(let dateTime)? = cells["H1"] else {
            Issue.record("t=\"d\" cells should read as dates")
            return
        }
        #expect(date.isoText == "2026-10-15")
        #expect(date.kind == .date)
        #expect(dateTime.isoText == "2026-10-15T08:30:00")
        let formulaCell = try workbook.allCells(of: "S").first { $0.reference.description == "F1" }
        #expect(formulaCell?.formula == "\"a\"&\"b\"")
    }

    @Test func richTextIsFlattenedWithRunsKeptAndPhoneticsSkipped() throws {
        let rich = "<r><rPr><b/><sz val=\"11\"/><color rgb=\"FFFF0000\"/></rPr><t>湖坊</t></r><r><t xml:space=\"preserve\">镇 </t></r>"
            + "<rPh sb=\"0\" eb=\"2\"><t>フー</t></rPh><phoneticPr fontId=\"1\"/>"
        let sheet = """
            <row r="1"><c r="A1" t="s"><v>0</v></c>\
            <c r="B1" t="inlineStr"><is><r><rPr><i/></rPr><t>a</t></r><r><t>b</t></r><rPh><t>x</t></rPh></is></c></row>
            """
        let workbook = try PackageFixture.workbook(sheets: [("S", sheet)], sharedStrings: [rich]).open()
        let cells = try workbook.allCells(of: "S")
        #expect(cells[0].value == .string("湖坊镇 "))
        #expect(cells[0].runs?.map(\.text) == ["湖坊", "镇 "])
        #expect(cells[0].runs?.first?.font?.bold == true)
        #expect(cells[0].runs?.first?.font?.color == "FFFF0000")
        #expect(cells[1].value == .string("ab"))
        #expect(cells[1].runs?.first?.font?.italic == true)
    }

    @Test func escapesAreDecoded() throws {
        let strings = ["a_x000D_b", "_x005F_x0041_", "tab_x0009_", "\u{1F600}_xD83D__xDE00_"]
        let sheet = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
            <c r="D1" t="s"><v>3</v></c><c r="E1" t="inlineStr"><is><t>x_x000A_y</t></is></c></row>
            """
        let cells = try PackageFixture.workbook(sheets: [("S", sheet)], sharedStrings: strings).open().cells(of: "S")
        #expect(cells["A1"] == .string("a\rb"))
        #expect(cells["B1"] == .string("_x0041_"))
        #expect(cells["C1"] == .string("tab\t"))
        #expect(cells["D1"] == .string("\u{1F600}\u{1F600}"))
        #expect(cells["E1"] == .string("x\ny"))
    }

    @Test func sharedFormulasAreExpandedWithShiftedReferences() throws {
        let sheet = """
            <row r="2"><c r="C2"><f t="shared" ref="C2:D4" si="0">A2*$B$1+SUM(A$1:A2)+Sheet2!A2+LOG10(B2)</f><v>1</v></c>\
            <c r="D2"><f t="shared" si="0"/><v>2</v></c></row>\
            <row r="4"><c r="C4"><f t="shared" si="0"/><v>3</v></c></row>
            """
        let cells = try PackageFixture.workbook(sheets: [("S", sheet)]).open().allCells(of: "S")
        #expect(cells.map(\.formula) == [
            "A2*$B$1+SUM(A$1:A2)+Sheet2!A2+LOG10(B2)",
            "B2*$B$1+SUM(B$1:B2)+Sheet2!B2+LOG10(C2)",
            "A4*$B$1+SUM(A$1:A4)+Sheet2!A4+LOG10(B4)",
        ])
    }

    @Test func formulaShifterLeavesLiteralsAndMovesRanges() {
        #expect(FormulaShifter.shift("\"A1\"&'My A1'!A1", rows: 1, columns: 0) == "\"A1\"&'My A1'!A2")
        #expect(FormulaShifter.shift("SUM(A:A,1:1)", rows: 2, columns: 1) == "SUM(B:B,3:3)")
        #expect(FormulaShifter.shift("A1", rows: -1, columns: 0) == "#REF!")
        #expect(FormulaShifter.shift("Table1[Col]+A1", rows: 1, columns: 0) == "Table1[Col]+A2")
        #expect(FormulaShifter.shift("1.5E+3+A1", rows: 1, columns: 0) == "1.5E+3+A2")
    }

    @Test func formulaWithoutCachedValueIsReported() throws {
        let sheet = "<row r=\"1\"><c r=\"A1\"><f>1+1</f></c><c r=\"B1\"><v>5</v></c></row>"
        let workbook = try PackageFixture.workbook(sheets: [("S", sheet)]).open()
        let reader = try workbook.rows(of: try workbook.sheet(named: "S"))
        let row = try #require(try reader.next())
        #expect(row.cells.map(\.reference.description) == ["B1"])
        #expect(row.formulasWithoutValue == [FormulaWithoutValue(reference: CellReference(row: 1, column: 1), formula: "1+1")])
    }

    @Test func numbersAreExactAndTheirTextIsKept() throws {
        let texts = ["13800138000", "9007199254740993", "0.1", "1234.10", "-0.000001", "1E-7", "1.7976931348623157E308",
                     "0.30000000000000004", "123456789012345678901234567890"]
        // The exact decimal each names: the stored text when longer than a double keeps, else the shortest form.
        let decimals = ["13800138000", "9007199254740993", "0.1", "1234.1", "-1e-06", "1e-07", "1.7976931348623157E308",
                        "0.30000000000000004", "123456789012345678901234567890"]
        let sheet = "<row r=\"1\">" + texts.enumerated().map { "<c r=\"\(CellReference.columnLetters($0.offset + 1))1\"><v>\($0.element)</v></c>" }.joined() + "</row>"
        let cells = try PackageFixture.workbook(sheets: [("S", sheet)]).open().allCells(of: "S")
        for (index, cell) in cells.enumerated() {
            #expect(cell.value == .number(Double(texts[index])!), "\(texts[index])")
            #expect(cell.numberText == decimals[index])
        }
        #expect(CellTextCheck.integerText(cells[0]) == "13800138000")
    }

    @Test func numberParserAgreesWithSwiftOnRandomDoubles() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<20_000 {
            let bits = UInt64.random(in: 0...UInt64.max, using: &generator)
            let value = Double(bitPattern: bits)
            guard value.isFinite else { continue }
            let text = "\(value)"
            let parsed = Array(text.utf8).withUnsafeBufferPointer(NumberParser.parse)
            #expect(parsed == value, "\(text)")
        }
        for integer in [0, 1, 42, 9_007_199_254_740_992, 13_800_138_000, -5] {
            #expect(Array(String(integer).utf8).withUnsafeBufferPointer(NumberParser.parse) == Double(integer))
        }
        for bad in ["", "-", "1e400", "abc", "1.2.3", "0x10", "inf", "1e", " "] {
            #expect(Array(bad.utf8).withUnsafeBufferPointer(NumberParser.parse) == nil, "\(bad)")
        }
    }
}

/// Small helpers shared by the reader tests.
enum CellTextCheck {
    static func integerText(_ cell: Cell) -> String? {
        guard case .number(let number) = cell.value, number == number.rounded() else { return nil }
        return String(Int64(number))
    }
}
