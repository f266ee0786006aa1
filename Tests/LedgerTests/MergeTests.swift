@testable import LedgerSamples
import TaizhangSupport
import Foundation
import Testing
import XLSX
@testable import Ledger

@Suite("Ledger: samples and the district merge")
struct MergeTests {
    let configuration = TemplateValidationTests.configuration

    /// The content of one town's sample, to be changed by a test and written.
    func content(town index: Int, seed: UInt64 = 7) -> (DistrictConfig.Town, TemplateContent) {
        let town = configuration.district.towns[index]
        var sample = SampleTown(index: index, townCount: configuration.district.towns.count, town: town,
                                district: configuration.district, random: SampleRandom(seed: seed &* 1_000_003 &+ UInt64(index)))
        return (town, sample.content())
    }

    func write(_ town: DistrictConfig.Town, _ content: TemplateContent, to path: String) throws {
        try TemplateBuilder(schema: configuration.schema, district: configuration.district).write(town: town, to: path, content: content)
    }

    /// The rows of a district ledger's sheet under its header (the title and dating lines above it left out).
    func cells(_ path: String, sheet: String) throws -> [[String]] {
        let workbook = try Workbook(path: path)
        var rows: [[String]] = []
        try workbook.forEachRow(of: try workbook.sheet(named: sheet)) { row in
            if row.number > DistrictLedgerWriter.headerRow { rows.append(row.cells.map { $0.value.displayText }) }
        }
        return rows
    }

    @Test func samplesValidateCleanAndMergeWithExpectedCounts() throws {
        let folder = temporaryFolder()
        let generator = SampleGenerator(configuration: configuration, seed: 11)
        try generator.write(to: folder, towns: configuration.district.towns, faults: false)
        let files = configuration.district.towns.map { folder + "/" + TemplateBuilder.fileName(town: $0.name) }
        let validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
        var expected: [String: Int] = [:]
        for file in files {
            let result = validator.validate(path: file)
            #expect(result.findings.isEmpty, "\(file): \(result.findings.map { "\($0.code) \($0.cell?.description ?? "")" })")
            for (sheet, table) in result.submission?.tables ?? [:] { expected["\(result.town!)/\(sheet)"] = table.rows.count }
        }
        let outcome = try DistrictMerger(configuration: configuration).merge(files: files.reversed(), to: folder + "/区汇总.xlsx")
        #expect(outcome.missingTowns.isEmpty)
        #expect(outcome.quarantinedRows == 0)
        for count in outcome.rowCounts where count.sheet != "基本信息" {
            #expect(count.rows == expected["\(count.town)/\(count.sheet)"], "\(count.town) \(count.sheet)")
        }
        // Rows in town order, whatever the order of the inputs.
        let towns = try cells(folder + "/区汇总.xlsx", sheet: "直属团组织").map { $0[0] }
        var order: [String] = []
        for town in towns where order.last != town { order.append(town) }
        #expect(order == configuration.district.towns.map(\.name))
        // The profiles differ: the last town stays below its target.
        let organisations = outcome.rowCounts.filter { $0.sheet == "直属团组织" }.map(\.rows)
        #expect(organisations.first! > 20 && organisations.last! < 20)
    }

    @Test func districtDuplicateIsAnErrorInBothTowns() throws {
        let folder = temporaryFolder()
        let (first, firstContent) = content(town: 0)
        var (second, secondContent) = content(town: 1)
        let shared = firstContent.tables["直属团组织"]!.rows[0]!["团组织名称"]!
        secondContent.tables["直属团组织"]!.rows[2]!["团组织名称"] = shared
        let firstPath = folder + "/a.xlsx"
        let secondPath = folder + "/b.xlsx"
        try write(first, firstContent, to: firstPath)
        try write(second, secondContent, to: secondPath)
        let outcome = try DistrictMerger(configuration: configuration).merge(files: [firstPath, secondPath], to: folder + "/区汇总.xlsx")
        let a = try #require(outcome.results[0].findings.first { $0.code == .districtDuplicate })
        let b = try #require(outcome.results[1].findings.first { $0.code == .districtDuplicate })
        #expect(a.cell?.description == "B3" && a.message.chinese.contains("罗家镇 直属团组织!B5"))
        #expect(b.cell?.description == "B5" && b.message.chinese.contains("湖坊镇 直属团组织!B3"))
        #expect(outcome.quarantinedRows == 2)
        let quarantine = try cells(folder + "/区汇总.xlsx", sheet: "待核实")
        #expect(quarantine.map { $0[0] + $0[2] } == ["湖坊镇B3", "罗家镇B5"])
        #expect(outcome.missingTowns == ["塘山镇", "京东镇", "扬子洲镇"])
    }

    @Test func laterReportDateWinsAndTheOtherIsSuperseded() throws {
        let folder = temporaryFolder()
        let (town, original) = content(town: 0)
        var corrected = original
        corrected.forms["基本信息"]!["填报日期"] = .date(LocalDateTime(year: 2026, month: 11, day: 2))
        corrected.tables["直属团组织"]!.rows.removeLast()
        try write(town, corrected, to: folder + "/湖坊镇台账(修改).xlsx")
        try write(town, original, to: folder + "/湖坊镇台账.xlsx")
        let outcome = try DistrictMerger(configuration: configuration)
            .merge(files: [folder + "/湖坊镇台账(修改).xlsx", folder + "/湖坊镇台账.xlsx"], to: folder + "/区汇总.xlsx")
        #expect(outcome.entries[0].status == .used)
        #expect(outcome.entries[1].status == .superseded(by: "湖坊镇台账(修改).xlsx"))
        let organisations = outcome.rowCounts.first { $0.town == "湖坊镇" && $0.sheet == "直属团组织" }!.rows
        #expect(organisations == original.tables["直属团组织"]!.rows.count - 1)
        let log = try cells(folder + "/区汇总.xlsx", sheet: "合并日志")
        #expect(log.map { $0.last! } == ["采用", "被替代(湖坊镇台账(修改).xlsx)"])
        #expect(log.allSatisfy { $0[1].count == 64 })
    }

    @Test func faultsAreFoundAtTheirCellsAndNothingElseIsAnError() throws {
        let folder = temporaryFolder()
        let faults = try SampleGenerator(configuration: configuration, seed: 3).write(to: folder, towns: configuration.district.towns, faults: true)
        #expect(faults.count >= 20)
        let validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
        var results: [String: SubmissionResult] = [:]
        for town in configuration.district.towns {
            let file = TemplateBuilder.fileName(town: town.name)
            results[file] = validator.validate(path: folder + "/" + file)
        }
        for fault in faults where fault.code != nil {
            let found = results[fault.file]!.findings.contains { $0.code.rawValue == fault.code && $0.sheet == fault.sheet && $0.cell?.description == fault.cell }
            #expect(found, "\(fault.file) \(fault.sheet)!\(fault.cell ?? "-") \(fault.code ?? ""): \(fault.description)")
        }
        let expected = Set(faults.map { "\($0.file) \($0.sheet) \($0.cell ?? "") \($0.code ?? "")" })
        for (file, result) in results {
            for finding in result.findings where finding.severity == .error {
                #expect(expected.contains("\(file) \(finding.sheet ?? "") \(finding.cell?.description ?? "") \(finding.code)"),
                        "unexpected \(file) \(finding.code) \(finding.cell?.description ?? "")")
            }
        }
    }
}

/// Results mapped on every core must be released with the array they end in: a district's
/// submissions held twice (once leaked in the workers' slots) doubled the merge's memory.
@Suite("Ledger: parallel map")
struct ParallelMapTests {
    final class Tracked: Sendable {
        let value: Int
        init(_ value: Int) { self.value = value }
    }

    @Test func resultsAreInOrderAndReleasedWithTheArray() {
        weak var probe: Tracked?
        do {
            let results = ParallelMap.map(Array(0..<200)) { Tracked($0) }
            #expect(results.map(\.value) == Array(0..<200))
            probe = results[123]
            #expect(probe != nil)
        }
        #expect(probe == nil, "a mapped result outlived the array holding it")
    }
}
