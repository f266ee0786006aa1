import Foundation
import TestOracles
import Testing
@testable import XLSX

/// The editor over every readable file of `../shared/corpus`: on the first worksheet, its first
/// cell set to text, the cell after its first row's last one to a date, a cell below the last
/// row to a number, and a row appended after that in the look of the last row.
@Suite("Edit: shared corpus", .serialized)
struct EditCorpusTests {
    static let date = LocalDateTime(year: 2026, month: 10, day: 8)

    /// The edits for a workbook (none when it has no worksheet with a value), each cell moved to
    /// the top-left of a merged range it falls in, as a caller that knows the sheet would.
    static func edits(_ workbook: Workbook) throws -> (edits: [CellEdit], appends: [RowAppend]) {
        guard let (sheet, firstRow, lastRow, merged) = try PatchCorpusTests.firstWorksheet(workbook), let firstRow,
              let first = firstRow.cells.first, lastRow + 4 <= CellReference.maximumRow else { return ([], []) }
        func anchor(_ cell: CellReference) -> CellReference { merged.first { $0.contains(cell) }?.first ?? cell }
        var edits = [CellEdit(sheet: sheet.name, cell: anchor(first.reference), value: .text("改过的 <&> 值"))]
        let after = anchor(CellReference(row: firstRow.number, column: (firstRow.cells.last?.reference.column ?? 1) + 1))
        if after.isWithinExcelLimits, !edits.contains(where: { $0.cell == after }) {
            edits.append(CellEdit(sheet: sheet.name, cell: after, value: .date(date)))
        }
        let below = CellReference(row: lastRow + 2, column: 1)
        guard !merged.contains(where: { $0.contains(below) || $0.contains(CellReference(row: lastRow + 3, column: 1)) }) else {
            return (edits, [])
        }
        edits.append(CellEdit(sheet: sheet.name, cell: below, value: .number(42)))
        return (edits, [RowAppend(sheet: sheet.name, after: lastRow + 2, styleRow: lastRow == 0 ? nil : lastRow, rows: [[1: .text("新行")]])])
    }

    @Test(.needs(.corpus)) func everyReadableFileIsEditedKeepingTheRest() throws {
        let files = try #require(try PatchCorpusTests.readableFiles())
        var edited = 0
        var refused: [String] = []
        for path in files {
            let name = URL(fileURLWithPath: path).lastPathComponent
            let source = try Workbook(path: path)
            let (edits, appends) = try Self.edits(source)
            guard !edits.isEmpty else { continue }
            let output = PatchSupport.outputPath(name)
            defer { try? FileManager.default.removeItem(atPath: (output as NSString).deletingLastPathComponent) }
            let summary: EditSummary
            do {
                summary = try WorkbookEditor(sourcePath: path).write(edits: edits, appends: appends, to: output)
            } catch let error as XLSXError {
                // A typed refusal is allowed for a file that is not SpreadsheetML proper.
                print("refused \(name): \(error)")
                refused.append(name)
                continue
            }
            let copy = try Workbook(path: output)
            #expect(copy.sheets.map(\.name) == source.sheets.map(\.name), "\(name)")
            var expected = try PatchCorpusTests.values(source)
            let sheet = edits[0].sheet
            for edit in edits {
                switch edit.value {
                case .text(let text): expected[sheet]?[edit.cell.description] = .string(text)
                case .number(let number): expected[sheet]?[edit.cell.description] = .number(number)
                default: expected[sheet]?[edit.cell.description] = nil
                }
            }
            if let append = appends.first { expected[sheet]?["A\(append.after + 1)"] = .string("新行") }
            var found = try PatchCorpusTests.values(copy)
            let dateCell = edits.first { if case .date = $0.value { return true } else { return false } }?.cell
            if let dateCell {
                let value = found[sheet]?.removeValue(forKey: dateCell.description)
                guard case .date(let date)? = value, LedgerDay(date.dateTime) == LedgerDay(Self.date) else {
                    Issue.record("\(name): \(dateCell) is \(String(describing: value))")
                    continue
                }
            }
            #expect(found == expected, "\(name)")
            #expect(summary.editedCells == edits.count + appends.count, "\(name)")
            try PatchSheetTests.expectUntouchedEntriesIdentical(source: path, output: output,
                                                                except: Set(summary.rewrittenParts).union(["xl/calcChain.xml"]))
            let lost = Set(PatchSupport.entries(path).keys).subtracting(PatchSupport.entries(output).keys)
            #expect(lost.isSubset(of: ["xl/calcChain.xml"]), "\(name) lost \(lost)")
            edited += 1
        }
        // (poi_sample-beta.xlsx, in a pre-release namespace the patcher refuses, reads as empty: it gets no edit.)
        #expect(refused.isEmpty)
        #expect(edited > 100)
        print("edited \(edited) corpus files")
    }

    @Test(.needs(.corpus, .shared("tools/xlsx_schema_check"), .program("xmllint"), .program("unzip"))) func copiesOfValidFilesStayValid() throws {
        let shared = try #require(SharedFolder.root)
        let checker = shared.appendingPathComponent("tools/xlsx_schema_check").path
        let names = ["excel/simple01.xlsx", "excel/merge_range01.xlsx", "excel/autofilter00.xlsx", "excel/format01.xlsx",
                     "excel/hyperlink01.xlsx", "excel/table01.xlsx", "excel/data_validation01.xlsx", "excel/cond_format01.xlsx"]
        var checked = 0
        for name in names {
            let path = shared.appendingPathComponent("corpus/" + name).path
            guard FileManager.default.fileExists(atPath: path), PatchSupport.run(checker, [path])?.status == 0 else { continue }
            let (edits, appends) = try Self.edits(try Workbook(path: path))
            let output = PatchSupport.outputPath(URL(fileURLWithPath: path).lastPathComponent)
            try WorkbookEditor(sourcePath: path).write(edits: edits, appends: appends, to: output)
            let result = try #require(PatchSupport.run(checker, [output]))
            #expect(result.status == 0, "\(name): \(result.output)")
            checked += 1
        }
        #expect(checked >= 3, "only \(checked) of the sampled files are in the corpus and valid")
    }
}

/// A calendar day, for comparing dates whatever their time of day.
private struct LedgerDay: Equatable {
    let year: Int, month: Int, day: Int
    init(_ value: LocalDateTime) { (year, month, day) = (value.year, value.month, value.day) }
}
