import Foundation
import Testing
import XLSX
@testable import Ledger

/// Findings as the portal stores them: `Finding.json` (written directly) must say what
/// `JSONEncoder` says through `Finding`'s `Codable`, and read back to the same findings.
@Suite("Ledger: findings as stored JSON")
struct FindingJSONTests {
    static let findings = [
        Finding(severity: .error, code: .required, sheet: "直属团组织", cell: CellReference("B3"), column: "团组织名称", value: nil,
                message: LocalizedText(chinese: "团组织名称必填", english: "团组织名称 is required")),
        Finding(severity: .warning, code: .districtDuplicate, sheet: nil, cell: nil, column: nil, value: "a\"b\\c\nd\te\r\u{1}f",
                message: LocalizedText(chinese: "“引号”\u{3000}与\u{1F}控制符", english: "quote \" backslash \\ tab\t")),
        Finding(severity: .error, code: RuleCode("custom-rule"), sheet: "基本信息", cell: CellReference("XFD1048576"), column: "镇名称",
                value: "湖坊镇 ", message: LocalizedText(chinese: "", english: "")),
    ]

    @Test func readsBackToTheSameFindings() throws {
        #expect(try JSONDecoder().decode([Finding].self, from: Data(Finding.json(Self.findings).utf8)) == Self.findings)
        #expect(try JSONDecoder().decode([Finding].self, from: Data(Finding.json([]).utf8)).isEmpty)
    }

    @Test func saysWhatJSONEncoderSays() throws {
        let direct = try JSONSerialization.jsonObject(with: Data(Finding.json(Self.findings).utf8)) as? NSArray
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.findings)) as? NSArray
        #expect(direct != nil && direct == encoded)
    }
}
