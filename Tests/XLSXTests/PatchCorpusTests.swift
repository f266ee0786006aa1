import Foundation
import TestOracles
import Testing
@testable import XLSX

/// The patcher over every readable file of `../shared/corpus`, with synthetic marks (an
/// existing cell, an empty cell of an existing row, a cell of a missing row) and a report.
@Suite("Patch: shared corpus", .serialized)
struct PatchCorpusTests {
    static let red = PatchSheetTests.red
    static let yellow = PatchSheetTests.yellow

    /// The corpus files openpyxl reads (`ok`, and the Strict ones it reads as empty).
    static func readableFiles() throws -> [String]? {
        guard let shared = SharedFolder.root else { return nil }
        let corpus = shared.appendingPathComponent("corpus")
        let manifest = try String(contentsOf: corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        var rows = manifest.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = rows.removeFirst()
        guard let column = header.firstIndex(of: "openpyxl") else { return nil }
        return rows.filter { $0[column] == "ok" || $0[column] == "ok-but-empty" }.map { corpus.appendingPathComponent($0[0]).path }
    }

    /// A workbook's first worksheet: its first row with a value, its last row's number, its merged ranges.
    static func firstWorksheet(_ workbook: Workbook) throws -> (sheet: SheetInfo, firstRow: Row?, lastRow: Int, merged: [CellRange])? {
        guard let sheet = workbook.sheets.first(where: { $0.kind == .worksheet }) else { return nil }
        var firstRow: Row?
        var lastRow = 0
        let reader = try workbook.rows(of: sheet)
        while let row = try reader.next() {
            if firstRow == nil { firstRow = row }
            lastRow = max(lastRow, row.number)
        }
        return (sheet, firstRow, lastRow, reader.mergedRanges)
    }

    /// Marks for a workbook: on its first worksheet, the first cell with a value, the cell after
    /// the last of that row, and column A two rows below the last row.
    static func syntheticMarks(_ workbook: Workbook) throws -> (marks: [CellMark], report: ReportSheet) {
        var marks: [CellMark] = []
        if let (sheet, firstRow, lastRow, merged) = try firstWorksheet(workbook) {
            // The patcher moves a mark inside a merged range to its top-left cell; so do these.
            func anchor(_ cell: CellReference) -> CellReference { merged.first { $0.contains(cell) }?.first ?? cell }
            if let firstRow, let first = firstRow.cells.first {
                marks.append(CellMark(sheet: sheet.name, cell: anchor(first.reference), fillARGB: red, comment: "已有单元格"))
                let after = anchor(CellReference(row: firstRow.number, column: (firstRow.cells.last?.reference.column ?? 1) + 1))
                if after.isWithinExcelLimits, !marks.contains(where: { $0.cell == after }) {
                    marks.append(CellMark(sheet: sheet.name, cell: after, fillARGB: yellow, comment: "空单元格 <&>"))
                }
            }
            let below = anchor(CellReference(row: min(lastRow + 2, CellReference.maximumRow), column: 1))
            if !marks.contains(where: { $0.cell == below }) {
                marks.append(CellMark(sheet: sheet.name, cell: below, fillARGB: red, comment: "缺少的行"))
            }
        }
        let rows = marks.map { mark in
            ReportRow(values: [mark.fillARGB == red ? "错误" : "警告", "test", mark.sheet, mark.cell.description, "", "",
                               mark.comment ?? ""],
                      link: ReportLink(column: 3, sheet: mark.sheet, cell: mark.cell))
        }
        return (marks, ReportSheet(name: "校验结果", header: ["级别", "代码", "工作表", "单元格", "列", "值", "说明"], rows: rows))
    }

    /// Every worksheet's cell values, by sheet name.
    static func values(_ workbook: Workbook, skipping skipped: String? = nil) throws -> [String: [String: CellValue]] {
        var result: [String: [String: CellValue]] = [:]
        for sheet in workbook.sheets where sheet.kind == .worksheet && sheet.name != skipped {
            result[sheet.name] = try workbook.cells(of: sheet.name)
        }
        return result
    }

    @Test(.needs(.corpus)) func everyReadableFileIsPatchedKeepingItsValuesAndParts() throws {
        let files = try #require(try Self.readableFiles())
        var patched = 0
        var refused: [String] = []
        for path in files {
            let name = URL(fileURLWithPath: path).lastPathComponent
            let source = try Workbook(path: path)
            let (marks, report) = try Self.syntheticMarks(source)
            let output = PatchSupport.outputPath(name)
            let summary: PatchSummary
            do {
                summary = try WorkbookPatcher(sourcePath: path).write(marks: marks, report: report, commentAuthor: "校验", to: output)
            } catch let error as XLSXError {
                // A typed refusal is allowed for a file that is not SpreadsheetML proper.
                print("refused \(name): \(error)")
                refused.append(name)
                continue
            }
            let copy = try Workbook(path: output)
            #expect(copy.sheets.first?.name == summary.reportSheetName, "\(name)")
            #expect(copy.sheets.count == source.sheets.count + 1, "\(name)")
            #expect(try Self.values(copy, skipping: summary.reportSheetName) == Self.values(source), "\(name)")
            #expect(summary.markedCells == marks.count, "\(name)")
            try PatchSheetTests.expectUntouchedEntriesIdentical(source: path, output: output, except: Set(summary.rewrittenParts))
            let entries = PatchSupport.entries(path)
            let copied = PatchSupport.entries(output)
            #expect(Set(entries.keys).subtracting(copied.keys).isEmpty, "\(name) lost entries")

            // A copy of the copy: same sheets, no new formats or fills.
            let again = PatchSupport.outputPath(name)
            try WorkbookPatcher(sourcePath: output).write(marks: marks, report: report, commentAuthor: "校验", to: again)
            let copyAgain = try Workbook(path: again)
            #expect(copyAgain.sheets.map(\.name) == copy.sheets.map(\.name), "\(name)")
            for part in ["xl/styles.xml", "[Content_Types].xml"] {
                #expect(copied[part] == PatchSupport.entries(again)[part], "\(name): \(part) changed on a second patch")
            }
            patched += 1
            try? FileManager.default.removeItem(atPath: (output as NSString).deletingLastPathComponent)
            try? FileManager.default.removeItem(atPath: (again as NSString).deletingLastPathComponent)
        }
        #expect(refused == ["poi_sample-beta.xlsx"])
        #expect(patched + refused.count == files.count)
        print("patched \(patched) corpus files")
    }
}
