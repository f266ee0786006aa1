import LedgerSamples
import Foundation
import Testing
import TestOracles
import XLSX
@testable import Ledger

@Suite("Ledger: Excel 97–2003 submissions")
struct LegacySubmissionTests {
    let configuration = TemplateValidationTests.configuration

    /// Saves a workbook as .xls with LibreOffice (its own profile, so parallel runs do not clash).
    private func saveAsXLS(_ path: String, in folder: String) throws -> String {
        let run = try ProcessRun.run("/usr/bin/soffice", ["-env:UserInstallation=file://" + folder + "/profile", "--headless",
                                                          "--convert-to", "xls", "--outdir", folder, path])
        #expect(run.status == 0, "\(run.errors)")
        return folder + "/" + ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".xls"
    }

    @Test(.needs(.libreOffice)) func aLedgerSavedAsXLSValidatesLikeItsOriginalAndIsAnnotatedAsXLSX() throws {
        let folder = temporaryFolder()
        let town = configuration.district.towns[2]
        try SampleGenerator(configuration: configuration, seed: 17).write(to: folder, towns: [town], faults: true)
        let original = folder + "/" + TemplateBuilder.fileName(town: town.name)
        let legacy = try saveAsXLS(original, in: folder + "/xls")
        let validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
        let expected = validator.validate(path: original)
        let result = validator.validate(path: legacy)
        #expect(result.readable && result.town == town.name)
        #expect(expected.findings.count > 3)
        // The same findings, plus one warning that the file is an old format, first.
        #expect(result.findings.first?.code == .legacyFormat && result.findings.first?.severity == .warning)
        #expect(Array(result.findings.dropFirst()) == expected.findings)
        #expect(!expected.findings.contains { $0.code == .legacyFormat })

        // The annotated copy is an .xlsx with the town's values, the marks and the note.
        let name = Annotator.copyName(of: result)
        #expect(name == (TemplateBuilder.fileName(town: town.name) as NSString).deletingPathExtension + ".xlsx")
        let copy = folder + "/back/" + name
        try FileManager.default.createDirectory(atPath: folder + "/back", withIntermediateDirectories: true)
        try Annotator(language: .chinese).write(result, to: copy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/back") == [name], "no temporary file left")
        let annotated = try Workbook(path: copy)
        #expect(annotated.format == .xlsx)
        let source = try Workbook(path: original)
        #expect(annotated.sheets.map(\.name) == ["校验结果"] + source.sheets.map(\.name))
        let values = AnnotationTests().values
        let report = try values(annotated, "校验结果")
        let header = AnnotationTests().headerRow(report)
        #expect(report["B\(header + 1)"]?.stringValue?.hasSuffix("(legacy-format)") == true)
        #expect(report["G\(header + 1)"]?.stringValue?.contains("转换为 .xlsx") == true)
        #expect(report["B\(header + 2)"]?.stringValue?.hasSuffix("(legacy-format)") == true)
        // (LibreOffice drops empty strings when it saves an .xls: those are left out of the comparison.)
        for sheet in source.sheets where sheet.kind == .worksheet {
            #expect(try values(annotated, sheet.name) == values(source, sheet.name).filter { $0.value != .string("") },
                    "\(sheet.name)")
        }
        // Validating the copy finds the same (it is no longer an old format).
        #expect(validator.validate(path: copy).findings == expected.findings)
    }
}
