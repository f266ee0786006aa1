import LedgerSamples
import Foundation
import Testing
import TestOracles
import XLSX
@testable import Ledger

@Suite("Ledger: annotated copies to send back")
struct AnnotationTests {
    /// Every cell of a sheet, A1 → value.
    func values(_ workbook: Workbook, _ sheet: String) throws -> [String: CellValue] {
        var result: [String: CellValue] = [:]
        try workbook.forEachRow(of: try workbook.sheet(named: sheet)) { row in
            for cell in row.cells { result[cell.reference.description] = cell.value }
        }
        return result
    }

    let configuration = TemplateValidationTests.configuration

    /// The row of the report's table header (under the letter's lines).
    func headerRow(_ report: [String: CellValue]) -> Int {
        (1...40).first { report["A\($0)"] == .string("级别") || report["A\($0)"] == .string("severity") } ?? 0
    }

    @Test func everyFindingIsMarkedListedAndLinkedAndCopiesOfCopiesDoNotGrow() throws {
        let folder = temporaryFolder()
        try SampleGenerator(configuration: configuration, seed: 9).write(to: folder, towns: [configuration.district.towns[0]], faults: true)
        let path = folder + "/" + TemplateBuilder.fileName(town: configuration.district.towns[0].name)
        let validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
        let result = validator.validate(path: path)
        #expect(!result.findings.isEmpty)
        let copy = folder + "/copy.xlsx"
        var annotator = Annotator(language: .chinese)
        var configuration = configuration
        configuration.district.resubmissionDeadline = LedgerDate(year: 2026, month: 11, day: 5)
        annotator.configuration = configuration
        try annotator.write(result, to: copy)

        let original = try Workbook(path: path)
        let annotated = try Workbook(path: copy)
        #expect(annotated.sheets.first?.name == "校验结果")
        let report = try values(annotated, "校验结果")
        let header = headerRow(report)
        // A letter: the town's name, the counts, what to do by when, the legend of the two fills.
        #expect(report["A1"] == .string("湖坊镇台账校验结果"))
        let letter = (1..<header).compactMap { report["A\($0)"]?.stringValue ?? report["B\($0)"]?.stringValue }.joined(separator: "\n")
        #expect(letter.contains("填报日期:2026-10-31") && letter.contains("校验时间:"))
        #expect(letter.contains("共发现错误 \(result.errorCount) 个、警告 \(result.warningCount) 个"))
        #expect(letter.contains("截止日期为 2026年11月5日") && letter.contains("联系人:__________"))
        #expect(letter.contains("错误:须改正") && letter.contains("警告:请核实"))
        // The report prints one page wide, its header on every page, the issuer in the footer.
        #expect(annotated.definedNames.contains { $0.name == "_xlnm.Print_Titles" && $0.localSheetIndex == 0 && $0.formula.hasSuffix("!$\(header):$\(header)") })
        do {
            let part = try #require(annotated.sheets.first?.partName)
            let xml = try PackageParts.text(part, of: copy)
            #expect(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"))
            #expect(xml.contains("<pageSetup paperSize=\"9\" fitToWidth=\"1\" fitToHeight=\"0\" orientation=\"portrait\""))
            #expect(xml.contains("<oddFooter>&amp;L\(configuration.district.issuer)&amp;C第 &amp;P 页"))
            // The town's own sheets print their row numbers and column letters.
            let own = try PackageParts.text(try #require(annotated.sheets[1].partName), of: copy)
            #expect(own.contains("headings=\"1\""))
        }
        #expect(annotated.sheets.dropFirst().map(\.name) == original.sheets.map(\.name))
        // The report lists every finding, in order, with its cell.
        let listed: [String] = (0..<result.findings.count).map { index in report["D\(header + 1 + index)"]?.stringValue ?? "" }
        let expected: [String] = result.findings.map { $0.cell?.description ?? "" }
        #expect(listed == expected)
        // The town's values are untouched, and the copy validates to the same findings.
        for sheet in original.sheets where sheet.kind == .worksheet {
            #expect(try values(annotated, sheet.name) == values(original, sheet.name), "\(sheet.name)")
        }
        let again = validator.validate(path: copy)
        #expect(again.findings.map(\.code) == result.findings.map(\.code))
        // Annotating the annotated copy replaces the report instead of stacking another.
        let second = folder + "/copy2.xlsx"
        try Annotator(language: .english).write(again, to: second)
        let twice = try Workbook(path: second)
        #expect(twice.sheets.count == annotated.sheets.count)
        #expect(twice.sheets.first?.name == "Findings" || twice.sheets.first?.name == "校验结果")
    }

    @Test(.needs(.openpyxl)) func marksAreOnExactlyTheFindingCells() throws {
        let folder = temporaryFolder()
        try SampleGenerator(configuration: configuration, seed: 9).write(to: folder, towns: [configuration.district.towns[1]], faults: true)
        let path = folder + "/" + TemplateBuilder.fileName(town: configuration.district.towns[1].name)
        let result = LedgerValidator(schema: configuration.schema, district: configuration.district).validate(path: path)
        let copy = folder + "/copy.xlsx"
        try Annotator(language: .chinese).write(result, to: copy)
        let script = """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            for ws in wb.worksheets[1:]:
                for row in ws.iter_rows():
                    for c in row:
                        rgb = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else None
                        if rgb in ("FFFDB863", "FFB2ABD2") or (c.comment and "【校验】" in c.comment.text):
                            print(ws.title, c.coordinate, rgb, "comment" if c.comment else "-")
            """
        let marked = try PythonOracle.run(script, arguments: [copy]).split(separator: "\n").map(String.init)
        let expected = Set(result.findings.compactMap { finding in finding.cell.map { "\(finding.sheet!) \($0)" } })
        #expect(Set(marked.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }) == expected)
        #expect(marked.allSatisfy { $0.hasSuffix("comment") })
        for finding in result.findings where finding.severity == .error {
            #expect(marked.contains { $0.hasPrefix("\(finding.sheet!) \(finding.cell!) FFFDB863") })
        }
    }
}
