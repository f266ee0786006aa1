import LedgerSamples
import Foundation
import Testing
import TestOracles
import XLSX
import Ledger
@testable import Scoring

/// The awards workbook of the whole job on the sample submissions, recalculated by LibreOffice:
/// every total and rank must equal our cached values.
@Suite("Scoring: the awards workbook", .serialized)
struct AwardsWorkbookTests {
    static let root = #filePath.components(separatedBy: "/Tests/").first!

    func evaluateSamples(in folder: String) throws -> (board: ScoreBoard, awards: String) {
        let configuration = try LedgerConfiguration.load(schemaPath: Self.root + "/templates/ledger.yaml",
                                                         districtPath: Self.root + "/templates/district.yaml")
        let rules = try ScoringRules.load(path: Self.root + "/templates/scoring.yaml", schema: configuration.schema)
        try SampleGenerator(configuration: configuration, seed: 5).write(to: folder, towns: configuration.district.towns, faults: true)
        let files = configuration.district.towns.map { folder + "/" + TemplateBuilder.fileName(town: $0.name) }
        let outcome = try DistrictMerger(configuration: configuration).merge(files: files, to: folder + "/区汇总.xlsx")
        let board = Scoring.score(DistrictData(district: configuration.district, towns: outcome.towns), rules: rules)
        let awards = folder + "/评优评先.xlsx"
        try AwardsWorkbook(board: board, rules: rules, rulesFile: ("scoring.yaml", "x"), inputs: [], nominations: nil).write(to: awards)
        // The district ledger read back gives the same scores as the merge's own data.
        let reread = try DistrictLedgerReader(configuration: configuration).read(path: folder + "/区汇总.xlsx")
        let again = Scoring.score(DistrictData(district: configuration.district, towns: reread), rules: rules)
        #expect(again.json == board.json)
        return (board, awards)
    }

    @Test func cachedTotalsAndRanksAreWhatOurReaderSees() throws {
        let folder = NSTemporaryDirectory() + "awards-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (board, awards) = try evaluateSamples(in: folder)
        let workbook = try Workbook(path: awards)
        #expect(workbook.sheets.map(\.name) == ["镇排名", "干部排名", "指标明细", "干部指标明细", "指标说明"])
        var rows: [Row] = []
        try workbook.forEachRow(of: try workbook.sheet(named: "镇排名")) { rows.append($0) }
        // The table's rows (the notes, the chart's rows and the 公示 follow it).
        let data = rows.filter { $0.number > AwardsWorkbook.headerRow && $0.number <= AwardsWorkbook.headerRow + board.towns.count }
        #expect(rows.first { $0.number == AwardsWorkbook.headerRow }?[column: 4]?.value == .string("名次区间"))
        var explanation: [String] = []
        try workbook.forEachRow(of: try workbook.sheet(named: "指标说明")) { row in
            explanation += row.cells.compactMap { if case .string(let text) = $0.value { return text } else { return nil } }
        }
        // In plain Chinese: how 名次区间 is drawn, each indicator's method, the rules file's digest at the end.
        #expect(explanation.contains { $0.contains("不超过 ±20%") && $0.contains("抽样 10000 次") })
        #expect(explanation.contains("按直属团组织数与目标任务数之比计分,达到目标任务数得满分。"))
        #expect(explanation.contains("(built in) scoring.yaml\nSHA-256:x") || explanation.contains("scoring.yaml\nSHA-256:x"))
        #expect(data.count == board.towns.count)
        for (standing, row) in zip(board.towns, data) {
            #expect(row[column: 1]?.value == .number(Double(standing.rank)))
            #expect(row[column: 2]?.value == .string(standing.name))
            #expect(row[column: 3]?.value == standing.award.map { .string($0) })
            #expect(row[column: 4]?.value == .string(standing.robustness!.interval))
            #expect(row[column: 5]?.formula?.hasPrefix("ROUND(SUM(") == true)
            #expect(row[column: 5]?.value == .number(Double(standing.total.description)!))
        }
        // The raw and normalised values on 指标明细, a row per town under its two header rows
        // (the indicator over 原始值 and 标准化; the bonus labelled 加分, over 原始值 and 得分).
        var details: [Row] = []
        try workbook.forEachRow(of: try workbook.sheet(named: "指标明细")) { details.append($0) }
        let header = details.first { $0.number == 3 }
        #expect(header?[column: 3]?.value == .string("建团完成率(30分)"))
        #expect(header?.cells.contains { $0.value == .string("领域覆盖(加分)") } == true)
        #expect(details.first { $0.number == 4 }?[column: 3]?.value == .string("原始值"))
        #expect(details.filter { $0.number > 4 }.prefix(board.towns.count).map { $0[column: 2]?.value } == board.towns.map { .string($0.name) })
    }

    @Test(.needs(.libreOffice)) func libreOfficeRecalculatesTheSameTotalsAndRanks() throws {
        let folder = NSTemporaryDirectory() + "awards-lo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (board, awards) = try evaluateSamples(in: folder)
        // A profile that makes LibreOffice recalculate every formula on load, and a canary that
        // proves it does: a formula whose cached value is wrong.
        let profile = folder + "/profile"
        try FileManager.default.createDirectory(atPath: profile + "/user", withIntermediateDirectories: true)
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
            </oor:items>
            """.write(toFile: profile + "/user/registrymodifications.xcu", atomically: true, encoding: .utf8)
        let canary = folder + "/canary.xlsx"
        let writer = try WorkbookWriter(path: canary)
        try writer.addSheet("S").writeRow([WritableCell(.formula("1+1", cached: .number(5)))])
        try writer.close()
        let converted = folder + "/csv"
        func convert(_ path: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
            process.arguments = ["-env:UserInstallation=file://" + profile, "--headless", "--convert-to",
                                 "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", converted, path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        try convert(canary)
        let canaryText = try String(contentsOfFile: converted + "/canary-S.csv", encoding: .utf8)
        #expect(canaryText.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "LibreOffice did not recalculate")
        try convert(awards)
        for (sheet, standings) in [("镇排名", board.towns), ("干部排名", board.cadres)] {
            let text = try String(contentsOfFile: converted + "/评优评先-\(sheet).csv", encoding: .utf8)
            // The data rows: those that start with a rank (the title, basis and header rows do not).
            let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .filter { Int($0.first ?? "") != nil }
            #expect(lines.count == standings.count)
            let totalColumn = sheet == "镇排名" ? 4 : 5
            for (standing, fields) in zip(standings, lines) {
                #expect(Int(fields[0]) == standing.rank, "\(sheet) \(standing.name) rank")
                #expect(Double(fields[totalColumn]) == Double(standing.total.description), "\(sheet) \(standing.name) total \(fields[totalColumn])")
            }
        }
    }
}
