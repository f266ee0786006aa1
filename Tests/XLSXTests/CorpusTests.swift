import Foundation
import TestOracles
import Testing
@testable import XLSX

/// Reads every file of `../shared/corpus` that a reference reader opens and compares the cell
/// count with the expected values (`corpus_check` in `make test` compares every value).
@Suite("Reader: shared corpus")
struct CorpusTests {
    @Test(.needs(.corpus)) func everyReadableCorpusFileOpens() throws {
        let shared = try #require(SharedFolder.root)
        let corpus = shared.appendingPathComponent("corpus")
        let (header, rows) = try SharedFolder.manifest(of: corpus)
        let openpyxlColumn = try #require(header.firstIndex(of: "openpyxl"))
        var checked = 0
        for row in rows where row[openpyxlColumn] == "ok" || row[openpyxlColumn] == "ok-but-empty" {
            let path = corpus.appendingPathComponent(row[0]).path
            let stem = URL(fileURLWithPath: row[0]).deletingPathExtension().lastPathComponent
            let expected = try String(contentsOf: corpus.appendingPathComponent("expected/\(stem).jsonl"), encoding: .utf8)
                .split(separator: "\n").filter { !$0.contains("\"value\": \"\"") }.count
            let workbook = try Workbook(path: path)
            var count = 0
            for sheet in workbook.sheets where sheet.kind == .worksheet {
                try workbook.forEachRow(of: sheet) { row in
                    count += row.cells.filter { $0.value != .string("") }.count
                }
            }
            #expect(count == expected, "\(row[0])")
            checked += 1
        }
        #expect(checked > 150)
    }
}
