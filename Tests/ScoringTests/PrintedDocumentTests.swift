import LedgerSamples
import Foundation
import Testing
import XLSX
import Ledger
@testable import Scoring

/// The demo's documents (`make demo`), as LibreOffice prints them (converted to PDF, read back with
/// pdfinfo and pdftotext): the awards on few pages with the title, every town and the first
/// tier on page 1; a template on at most 12 pages, its instructions on at most 2. Every workbook
/// also passes the schema check (charts and drawings included). Skipped, saying so, without
/// LibreOffice or poppler.
@Suite("Scoring: printed documents", .serialized)
struct PrintedDocumentTests {
    static let root = #filePath.components(separatedBy: "/Tests/").first!

    /// Runs a program; its exit status and standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The number of pages of a PDF (pdfinfo).
    static func pageCount(_ pdf: String) throws -> Int {
        let info = try run("/usr/bin/pdfinfo", [pdf]).output
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? 0
    }

    /// The text of one page (pdftotext).
    static func text(_ pdf: String, page: Int) throws -> String {
        try run("/usr/bin/pdftotext", ["-f", String(page), "-l", String(page), "-layout", pdf, "-"]).output
    }

    @Test func awardsAndTemplatePrintTidily() throws {
        let tools = ["/usr/bin/soffice", "/usr/bin/pdfinfo", "/usr/bin/pdftotext"]
        guard tools.allSatisfy(FileManager.default.isExecutableFile(atPath:)) else {
            print("skipped: LibreOffice or poppler-utils not installed (apt-get install libreoffice-calc-nogui poppler-utils)")
            return
        }
        let folder = NSTemporaryDirectory() + "printed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let configuration = try LedgerConfiguration.load(schemaPath: Self.root + "/templates/ledger.yaml",
                                                         districtPath: Self.root + "/templates/district.yaml")
        let rules = try ScoringRules.load(path: Self.root + "/templates/scoring.yaml", schema: configuration.schema)
        let district = configuration.district
        // The demo's submissions: `taizhang sample --faults` with its default seed.
        try SampleGenerator(configuration: configuration, seed: 2026).write(to: folder, towns: district.towns, faults: true)
        let files = district.towns.map { folder + "/" + TemplateBuilder.fileName(town: $0.name) }
        let ledger = folder + "/区汇总.xlsx"
        let outcome = try DistrictMerger(configuration: configuration).merge(files: files, to: ledger)
        let board = Scoring.score(DistrictData(district: district, towns: outcome.towns), rules: rules)
        let awards = folder + "/评优评先.xlsx"
        let latest = outcome.entries.compactMap(\.reportDate).max()
        let nominations = rules.nominations.flatMap { sheet in configuration.schema.sheet(sheet).map { schema in
            (schema.columns, outcome.towns.flatMap { town in (town.tables[sheet] ?? []).map { (town.name, $0) } })
        } }
        try AwardsWorkbook(board: board, rules: rules, rulesFile: ("scoring.yaml", "x"), inputs: [], nominations: nominations,
                           district: district, latestReportDate: latest).write(to: awards)
        let template = folder + "/模板.xlsx"
        try TemplateBuilder(schema: configuration.schema, district: district).write(town: district.towns[0], to: template)

        let checker = Self.root + "/../shared/tools/xlsx_schema_check"
        if FileManager.default.isExecutableFile(atPath: checker) {
            let check = try Self.run(checker, [awards, ledger, template])
            print("xlsx_schema_check: " + (check.output.split(separator: "\n").last.map(String.init) ?? ""))
            #expect(check.status == 0, "\(check.output)")
        } else {
            print("schema check skipped: ../shared/tools/xlsx_schema_check is not here")
        }

        let pdfs = folder + "/pdf"
        try Self.run("/usr/bin/soffice", ["-env:UserInstallation=file://" + folder + "/profile", "--headless", "--convert-to", "pdf",
                                          "--outdir", pdfs, awards, template, ledger])
        let awardsPDF = pdfs + "/评优评先.pdf"
        let awardPages = try Self.pageCount(awardsPDF)
        #expect(awardPages >= 1 && awardPages <= 8, "评优评先 prints on \(awardPages) pages")
        let first = try Self.text(awardsPDF, page: 1)
        #expect(first.contains("青山湖区乡镇实体化“大团委”建设评优评先结果"), "\(first)")
        for town in district.towns { #expect(first.contains(town.name), "page 1 lacks \(town.name)") }
        #expect(first.contains("先进集体"))
        #expect(first.contains("第 1 页,共 \(awardPages) 页"))
        #expect(first.contains(district.issuer))
        // The ranking alone on page 1: the cadres start on page 2, the nominations on page 3 with their signature line.
        #expect(try Self.text(awardsPDF, page: 2).contains("评优评先结果(干部)"))
        let third = try Self.text(awardsPDF, page: 3)
        #expect(third.contains("优秀个人推荐名单") && third.contains("审核人(签字)"))

        let templatePDF = pdfs + "/模板.pdf"
        let templatePages = try Self.pageCount(templatePDF)
        #expect(templatePages >= 1 && templatePages <= 12, "the template prints on \(templatePages) pages")
        // The form 基本信息 (its labels carry " *") follows the instructions: on page 2 or 3.
        let formPage = try (1...templatePages).first { try Self.text(templatePDF, page: $0).contains("镇名称 *") }
        #expect(formPage != nil && formPage! <= 3, "the instructions print on \((formPage ?? 99) - 1) pages")

        let ledgerPDF = pdfs + "/区汇总.pdf"
        let progressPage = try (1...(try Self.pageCount(ledgerPDF))).first { try Self.text(ledgerPDF, page: $0).contains("建设进度") }
        #expect(progressPage != nil)
        if let progressPage {
            let text = try Self.text(ledgerPDF, page: progressPage)
            for town in district.towns { #expect(text.contains(town.name)) }
            #expect(text.contains("首节点") && text.contains("次节点"))
        }
    }
}
