import Foundation
import Testing
@testable import Evaluation
@testable import Ledger
@testable import Portal

/// What the portal stores of each submission for the district-wide check and the progress
/// (`StoredLines`): read back as written, whatever the values hold, and rows stored before as
/// JSON still read.
@Suite("Portal: district values and founding rows as stored")
struct StoredLinesTests {
    static let values = [
        DistrictValue(sheet: "直属团组织", sheetName: "直属团组织", column: "团组织名称", value: "湖坊镇商业街团支部", cell: "B3", typed: " 湖坊镇商业街团支部"),
        DistrictValue(sheet: "s", sheetName: "tab\there", column: "back\\slash", value: "line\nfeed\r\nand\\t literal", cell: "C4",
                      typed: "\\"),
        DistrictValue(sheet: "", sheetName: "", column: "", value: "", cell: "", typed: ""),
        DistrictValue(sheet: "#1", sheetName: "[", column: "{", value: "\"引号\"", cell: "D5", typed: "\t"),
    ]
    static let founding = SubmissionIntake.Founding(sheetName: "直属\t团组织\\", rows: [
        FoundingRow(row: 3, date: LedgerDate(year: 2026, month: 10, day: 3)!),
        FoundingRow(row: 1_048_576, date: LedgerDate(year: 2026, month: 10, day: 31)!),
    ])

    @Test func readBackAsWritten() throws {
        #expect(try StoredLines.values(from: StoredLines.text(of: Self.values)) == Self.values)
        #expect(try StoredLines.values(from: StoredLines.text(of: [])).isEmpty)
        #expect(try StoredLines.founding(from: StoredLines.text(of: Self.founding)) == Self.founding)
        let none = SubmissionIntake.Founding(sheetName: "", rows: [])
        #expect(try StoredLines.founding(from: StoredLines.text(of: none)) == none)
    }

    @Test func jsonStoredBeforeIsStillRead() throws {
        let values = String(decoding: try JSONEncoder().encode(Self.values), as: UTF8.self)
        #expect(try StoredLines.values(from: values) == Self.values)
        #expect(try StoredLines.values(from: "[]").isEmpty)
        let founding = String(decoding: try JSONEncoder().encode(Self.founding), as: UTF8.self)
        #expect(try StoredLines.founding(from: founding) == Self.founding)
    }

    @Test func whatThePortalDidNotWriteIsAnError() {
        #expect(throws: (any Error).self) { try StoredLines.values(from: "#1\na\tb") }
        #expect(throws: (any Error).self) { try StoredLines.values(from: "#1\na\tb\tc\td\te\tf\\") }
        #expect(throws: (any Error).self) { try StoredLines.values(from: "#1\na\tb\tc\td\te\tf\\x") }
        #expect(throws: (any Error).self) { try StoredLines.founding(from: "#1\nsheet\nthree\t2026-10-03") }
        #expect(throws: (any Error).self) { try StoredLines.founding(from: "#1\nsheet\n3\t2026-13-03") }
        #expect(throws: (any Error).self) { try StoredLines.founding(from: "#1") }
        #expect(throws: (any Error).self) { try StoredLines.values(from: "not json") }
    }
}
