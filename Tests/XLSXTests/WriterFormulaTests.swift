import Testing
@testable import XLSX

@Suite("Writer: formulas")
struct WriterFormulaTests {
    @Test(arguments: [
        ("=SUM(A1:A3)", "SUM(A1:A3)"),
        ("RANK.EQ(B2,$B$2:$B$9)", "_xlfn.RANK.EQ(B2,$B$2:$B$9)"),
        ("=stdev.s(A:A)+VAR.S(B:B)", "_xlfn.stdev.s(A:A)+_xlfn.VAR.S(B:B)"),
        ("IFS(A1>1,\"RANK.EQ(\",TRUE,MAXIFS(B:B,C:C,\"x\"))", "_xlfn.IFS(A1>1,\"RANK.EQ(\",TRUE,_xlfn.MAXIFS(B:B,C:C,\"x\"))"),
        ("_xlfn.STDEV.S(A1:A5)", "_xlfn.STDEV.S(A1:A5)"),
        ("FILTER(A1:B9,B1:B9>0)", "_xlfn._xlws.FILTER(A1:B9,B1:B9>0)"),
        ("SORT(UNIQUE(A:A))", "_xlfn._xlws.SORT(_xlfn.UNIQUE(A:A))"),
        ("'IFS(1'!A1+CONCAT(\"a\"\"IFNA(\",\"b\")", "'IFS(1'!A1+_xlfn.CONCAT(\"a\"\"IFNA(\",\"b\")"),
        ("XLOOKUP(A1,Table1[IFS(x],B:B)", "_xlfn.XLOOKUP(A1,Table1[IFS(x],B:B)"),
        ("MYIFS(1)+IFS", "MYIFS(1)+IFS"),
        ("TEXTJOIN(\",\",TRUE,A1:A3)&DAYS(B1,B2)&ISOWEEKNUM(C1)&SWITCH(1,1,2)&IFNA(1,2)",
         "_xlfn.TEXTJOIN(\",\",TRUE,A1:A3)&_xlfn.DAYS(B1,B2)&_xlfn.ISOWEEKNUM(C1)&_xlfn.SWITCH(1,1,2)&_xlfn.IFNA(1,2)"),
        ("PERCENTILE.INC(A:A,0.9)+MINIFS(A:A,B:B,1)+SEQUENCE(3)", "_xlfn.PERCENTILE.INC(A:A,0.9)+_xlfn.MINIFS(A:A,B:B,1)+_xlfn.SEQUENCE(3)"),
        ("SUM(基本信息!A1:A3)", "SUM(基本信息!A1:A3)"),
        // A future function's name only inside a literal, a quoted sheet name or brackets: as written.
        ("=A1&\"IFS(\"\"x\"", "A1&\"IFS(\"\"x\""),
        ("'IFS(1'!A1+1", "'IFS(1'!A1+1"),
        ("Table1[IFS(x]+ROUND(1,0)", "Table1[IFS(x]+ROUND(1,0)"),
        ("1+SUMPRODUCT(($F$5:$F$9>F5)+($F$5:$F$9=F5)*($D$5:$D$9>D5))", "1+SUMPRODUCT(($F$5:$F$9>F5)+($F$5:$F$9=F5)*($D$5:$D$9>D5))"),
        ("ifs(1,2)", "_xlfn.ifs(1,2)"),
    ])
    func storesFormulasWithTheirPrefixes(formula: String, stored: String) {
        #expect(FormulaText.stored(formula) == stored)
    }

    @Test func writesCachedValuesWithTheirTypes() throws {
        let path = try WriterTestSupport.writeWorkbook("formulas") { _, sheet in
            try sheet.writeRow([
                WritableCell(.formula("=1+1", cached: .number(2))),
                WritableCell(.formula("\"a\"&\"b\"", cached: .string("ab"))),
                WritableCell(.formula("1>0", cached: .boolean(true))),
                WritableCell(.formula("1/0", cached: .error(.divisionByZero))),
                WritableCell(.formula("NOW()", cached: nil)),
                WritableCell(.formula("A1<B1", cached: .string("x<y"))),
            ])
        }
        #expect(try WriterTestSupport.sheetData(of: path) == """
            <row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>\
            <c r="C1" t="b"><f>1&gt;0</f><v>1</v></c><c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>\
            <c r="E1"><f>NOW()</f></c><c r="F1" t="str"><f>A1&lt;B1</f><v>x&lt;y</v></c></row>
            """)
    }

    @Test func dateCachedValuesGetADateFormat() throws {
        let path = try WriterTestSupport.writeWorkbook("formula-date") { _, sheet in
            let today = ExcelDate(serial: 45_413, system: .system1900, kind: .date)
            try sheet.writeRow([WritableCell(.formula("TODAY()", cached: .date(today)))])
        }
        #expect(try WriterTestSupport.sheetData(of: path) == "<row r=\"1\"><c r=\"A1\" s=\"1\"><f>TODAY()</f><v>45413</v></c></row>")
    }

    @Test func refusesFormulasExcelCannotHold() throws {
        _ = try WriterTestSupport.writeWorkbook("formula-limits") { _, sheet in
            let long = "1" + String(repeating: "+1", count: 4_096)
            #expect(throws: XLSXError.excelLimit(.formulaLength, detail: "8193 characters in 'Sheet1'!A1")) {
                try sheet.writeRow([WritableCell(.formula(long, cached: nil))])
            }
            #expect(throws: XLSXError.excelLimit(.nonFiniteNumber, detail: "nan in 'Sheet1'!A1")) {
                try sheet.writeRow([WritableCell(.formula("0/0", cached: .number(.nan)))])
            }
            #expect(throws: XLSXError.excelLimit(.errorLiteral, detail: "\"#SPILL!\" in 'Sheet1'!A1")) {
                try sheet.writeRow([WritableCell(.formula("A1:A2", cached: .error(CellError("#SPILL!"))))])
            }
        }
    }
}
