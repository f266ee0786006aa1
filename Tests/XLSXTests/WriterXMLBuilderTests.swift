import Testing
@testable import XLSX

@Suite("Writer: XML builder and number text")
struct WriterXMLBuilderTests {
    private func text(_ build: (XMLWriter) -> Void) -> String {
        let xml = XMLWriter(capacity: 8)
        build(xml)
        return String(decoding: xml.bytes, as: UTF8.self)
    }

    @Test func escapesTextAndAttributes() {
        #expect(text { $0.element("t", [("a", "x\"<&>\t\n\r")], text: "a<b & c>\"d\"\r\n") }
                == "<t a=\"x&quot;&lt;&amp;&gt;&#9;&#10;&#13;\">a&lt;b &amp; c&gt;\"d\"&#13;\n</t>")
    }

    @Test func dropsCharactersXMLCannotHold() {
        #expect(text { $0.appendEscapedText("a\u{1}b\u{1F}c\td") } == "abc\td")
    }

    @Test func leavesOutNilAttributes() {
        #expect(text { $0.empty("c", [("r", "A1"), ("s", nil), ("t", "s")]) } == "<c r=\"A1\" t=\"s\"/>")
    }

    @Test func growsPastItsCapacity() {
        let long = String(repeating: "长", count: 10_000)
        #expect(text { $0.appendEscapedText(long) } == long)
    }

    @Test(arguments: [(0, "0"), (7, "7"), (-42, "-42"), (1_048_576, "1048576"), (Int.min, "-9223372036854775808")])
    func writesDecimals(value: Int, expected: String) {
        #expect(text { $0.appendDecimal(value) } == expected)
    }

    @Test func textElementEncodesEscapesAndMarksEdgeWhitespace() {
        #expect(text { $0.appendTextElement("a\u{1}_x0041_<", preservingEdgeWhitespace: true) }
                == "<t>a_x0001__x005F_x0041_&lt;</t>")
        #expect(text { $0.appendTextElement(" 张三 ", preservingEdgeWhitespace: true) } == "<t xml:space=\"preserve\"> 张三 </t>")
        #expect(text { $0.appendTextElement("\t", preservingEdgeWhitespace: true) } == "<t xml:space=\"preserve\">\t</t>")
        #expect(text { $0.appendTextElement(" 张三 ", preservingEdgeWhitespace: false) } == "<t> 张三 </t>")
    }

    @Test(arguments: [
        (13_800_138_000.0, "13800138000"), (0.1 + 0.2, "0.30000000000000004"), (-0.0, "0"), (88.5, "88.5"),
        (1234.01, "1234.01"), (-0.5, "-0.5"), (1e16, "1e+16"), (1e-7, "1e-07"), (0.0001, "0.0001"),
        (123_456_789.12345678, "123456789.12345678"), (-9_007_199_254_740_993.0, "-9007199254740992"),
        (2.5e-5, "2.5e-05"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    ])
    func writesShortestNumberText(value: Double, expected: String) {
        #expect(NumberText.text(value) == expected)
    }

    @Test func numberTextReadsBackExactlyAndIsNoLongerThanSwifts() {
        var generator = SeededGenerator(seed: 20_240_501)
        for round in 0..<20_000 {
            let value: Double
            switch round % 4 {
            case 0: value = Double(bitPattern: generator.next())
            case 1: value = Double(Int64.random(in: -10_000_000...10_000_000, using: &generator)) / 100
            case 2: value = Double.random(in: -1e6...1e6, using: &generator)
            default: value = Double(Int.random(in: 0...999_999, using: &generator)) / 1_000_000
            }
            guard value.isFinite else { continue }
            let written = NumberText.text(value)
            #expect(Double(written) == value, "\(value) written as \(written)")
            var swift = value.description
            if swift.hasSuffix(".0") { swift.removeLast(2) }
            #expect(written.count <= swift.count + 1, "\(written) longer than \(swift)")
        }
    }
}
