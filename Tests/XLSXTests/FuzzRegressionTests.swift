import Foundation
import Testing
@testable import XLSX

/// Inputs the fuzzer (`make fuzz`) found to crash, hang or crawl, kept in fuzz/crashes/: each
/// must now be read or refused with a typed error.
@Suite("Reader: fuzzer findings")
struct FuzzRegressionTests {
    static let folder = #filePath.components(separatedBy: "/Tests/").first! + "/fuzz/crashes"

    @Test func everyKeptInputIsReadOrRefused() throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.folder))?.filter { !$0.hasPrefix(".") } ?? []
        for name in names {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + name)))
            do {
                let workbook = try Workbook(bytes: bytes)
                for sheet in workbook.sheets where sheet.kind == .worksheet {
                    let rows = try workbook.rows(of: sheet)
                    while try rows.next() != nil {}
                }
            } catch is XLSXError {
                // A clear refusal is an answer.
            }
        }
        #expect(!names.isEmpty, "fuzz/crashes holds the inputs kept as regression tests")
    }

    @Test func longMergeReferencesAreNotRanges() {
        #expect(CellRange(String(repeating: ":", count: 100_000)) == nil)
        #expect(CellRange("$XFD$1048576:$XFD$1048576") != nil)
        #expect(CellReference(String(repeating: "A", count: 1_000)) == nil)
    }
}
