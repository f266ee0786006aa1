import Foundation
import TestOracles
import Testing
@testable import XLSX

/// Checks what `corpus_check` does not: for every file of `../shared/corpus-xls` that must be
/// read, the date system, and every sheet's name, kind, visibility and merged ranges against
/// `expected/<stem>.sheets.json` (the cell values are `corpus_check`'s part, run by `make test`).
@Suite("Legacy reader: shared .xls corpus")
struct LegacyCorpusTests {
    private struct Expected: Decodable {
        struct Sheet: Decodable {
            var name: String
            var kind: String
            var visibility: String
            var merged: [String]?
        }
        var date1904: Bool
        var sheets: [Sheet]
    }

    @Test(.needs(.shared("corpus-xls/MANIFEST.tsv"))) func sheetsDateSystemAndMergedRanges() throws {
        let shared = try #require(SharedFolder.root)
        let corpus = shared.appendingPathComponent("corpus-xls")
        let (header, rows) = try SharedFolder.manifest(of: corpus)
        let expectColumn = try #require(header.firstIndex(of: "expect"))
        var checked = 0
        for row in rows where row[expectColumn] == "values" {
            let stem = URL(fileURLWithPath: row[0]).deletingPathExtension().lastPathComponent
            let data = try Data(contentsOf: corpus.appendingPathComponent("expected/\(stem).sheets.json"))
            let expected = try JSONDecoder().decode(Expected.self, from: data)
            let workbook = try Workbook(path: corpus.appendingPathComponent(row[0]).path)
            #expect(workbook.format == .xls, "\(row[0])")
            #expect(workbook.dateSystem == (expected.date1904 ? .system1904 : .system1900), "\(row[0])")
            #expect(workbook.sheets.map(\.name) == expected.sheets.map(\.name), "\(row[0])")
            let kinds: [SheetKind: String] = [.worksheet: "worksheet", .chartsheet: "chart", .macrosheet: "macro", .dialogsheet: "dialog"]
            #expect(workbook.sheets.map { kinds[$0.kind] } == expected.sheets.map(\.kind), "\(row[0])")
            #expect(workbook.sheets.map(\.state.rawValue) == expected.sheets.map(\.visibility), "\(row[0])")
            for (sheet, facts) in zip(workbook.sheets, expected.sheets) where sheet.kind == .worksheet {
                let reader = try workbook.rows(of: sheet)
                while try reader.next() != nil {}
                #expect(Set(reader.mergedRanges.map(\.description)) == Set(facts.merged ?? []), "\(row[0]) \(sheet.name)")
            }
            checked += 1
        }
        #expect(checked >= 57)
    }
}
